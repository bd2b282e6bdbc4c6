"""Forms of messages to participants: compose (one subject and body per event language, and the
filter), send or schedule, and the automatic reminder's switch."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..events.models import Event
from ..forms import choices, strip
from ..i18n import LANGUAGE_NAMES, country_choices
from ..registration.forms import INSTITUTION_TYPES
from .message_audience import GROUPS


class MessageForm(FlaskForm):
    """The per-language fields are added by ``message_form`` for the event's languages."""

    group = SelectField(_l("Send to"), choices=choices(GROUPS.items()), default="confirmed")
    country = SelectField(_l("Only from this country"), validators=[Optional()])
    institution_type = SelectField(_l("Only this type of institution"), validators=[Optional()])
    version = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = choices(
            [("", _l("Any country")), *country_choices(str(get_locale()))]
        )
        self.institution_type.choices = [
            ("", _l("Any type")),
            *choices((t.value, label) for t, label in INSTITUTION_TYPES.items()),
        ]

    def language_fields(self) -> list[tuple[str, Any, Any]]:
        """(language, subject field, body field) in the event's order."""
        return [
            (name.removeprefix("subject_"), field, self[f"body_{name.removeprefix('subject_')}"])
            for name, field in self._fields.items()
            if name.startswith("subject_")
        ]

    def data_for_service(self) -> dict[str, Any]:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


def message_form(event: Event, *args: Any, **kwargs: Any) -> MessageForm:
    """A compose form with a subject and a body for each of the event's languages."""

    class EventMessageForm(MessageForm):
        pass

    for lang in event.language_list:
        name = LANGUAGE_NAMES.get(lang, lang)
        setattr(
            EventMessageForm,
            f"subject_{lang}",
            StringField(
                _l("Subject (%(language)s)", language=name),
                filters=[strip],
                validators=[Optional(), Length(max=250)],
            ),
        )
        setattr(
            EventMessageForm,
            f"body_{lang}",
            TextAreaField(
                _l("Message (%(language)s)", language=name),
                validators=[Optional(), Length(max=20000)],
                description=_l(
                    "Markdown: **bold**, *italic*, lists with -, links. {name} becomes the "
                    "recipient's name."
                ),
                render_kw={"rows": 10},
            ),
        )
    return EventMessageForm(*args, **kwargs)


def message_values(message: Any) -> dict[str, Any]:
    """A saved message as the compose form's values."""
    values: dict[str, Any] = dict(message.audience or {})
    for lang, text in (message.subjects or {}).items():
        values[f"subject_{lang}"] = text
    for lang, text in (message.bodies or {}).items():
        values[f"body_{lang}"] = text
    values["version"] = message.version
    return values


class SendMessageForm(FlaskForm):
    version = HiddenField()


class ScheduleMessageForm(FlaskForm):
    send_at = DateTimeLocalField(
        _l("Send on"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[InputRequired(_l("Choose the day and time to send the message."))],
        description=_l("In the event's time zone."),
    )
    version = HiddenField()

    def send_at_utc(self, event: Event) -> datetime:
        local: datetime = self.send_at.data
        return local.replace(tzinfo=ZoneInfo(event.timezone)).astimezone(UTC)


class EventReminderForm(FlaskForm):
    is_event_reminder_on = BooleanField(_l("Send an automatic reminder before the event"))
    event_reminder_days = IntegerField(
        _l("Days before the first day"),
        validators=[NumberRange(min=1, max=30)],
        description=_l(
            "Each confirmed participant gets it once, in their language, with the venue and "
            "the published agenda."
        ),
    )
    version = HiddenField()
