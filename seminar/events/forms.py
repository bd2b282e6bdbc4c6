"""Forms of the events area."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from ..forms import choices
from ..i18n import LANGUAGE_NAMES, country_choices
from ..validation import InRange
from .models import EventStatus
from .timezones import country_for, timezone_choices

STATUS_NAMES = {
    EventStatus.DRAFT: _l("Draft"),
    EventStatus.PUBLISHED: _l("Published"),
    EventStatus.ARCHIVED: _l("Archived"),
}
STATUS_LABELS = {
    EventStatus.DRAFT: _l("Draft: visible to the team only"),
    EventStatus.PUBLISHED: _l("Published: visible to everyone"),
    EventStatus.ARCHIVED: _l("Archived: visible, closed for changes"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    slug = StringField(
        _l("Web address"),
        validators=[Optional(), Length(max=80)],
        description=_l(
            "Lowercase letters, digits and hyphens, as in /events/lapaz-2026/. "
            "Leave it empty to make it from the title."
        ),
    )
    subtitle = StringField(_l("Subtitle"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Markdown: **bold**, *italic*, lists, links."),
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    country = SelectField(_l("Country"), validators=[Optional()])
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()])
    starts_on = DateField(_l("First day"), validators=[DataRequired(), InRange()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(), InRange()])
    main_language = SelectField(
        _l("Main language"), choices=choices(LANGUAGE_NAMES.items()), validators=[DataRequired()]
    )
    languages = MultiCheckboxField(
        _l("Languages of the event"), choices=choices(LANGUAGE_NAMES.items())
    )
    hosts = TextAreaField(
        _l("Host organizations"),
        validators=[Optional(), Length(max=3000)],
        description=_l("One per line."),
    )
    contact_email = EmailField(
        _l("Contact e-mail"), validators=[Optional(), Email(), Length(max=254)]
    )
    status = SelectField(
        _l("Status"),
        choices=choices((status.value, label) for status, label in STATUS_LABELS.items()),
    )
    version = HiddenField()

    def __init__(self, *args: Any, saved_timezone: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.saved_timezone = saved_timezone
        self.country.choices = choices([("", "—"), *country_choices()])
        self.offer_timezones()

    def offer_timezones(self) -> None:
        """The event country's zones first (or those of the chosen zone's country)."""
        country = self.country.data or country_for(self.timezone.data)
        self.timezone.choices = timezone_choices(country, current=self.saved_timezone)

    def event_data(self) -> dict[str, Any]:
        main = self.main_language.data or "es"
        others = [code for code in (self.languages.data or []) if code != main]
        return {
            "title": (self.title.data or "").strip(),
            "slug": (self.slug.data or "").strip().lower(),
            "subtitle": (self.subtitle.data or "").strip(),
            "description": self.description.data or "",
            "venue": (self.venue.data or "").strip(),
            "city": (self.city.data or "").strip(),
            "country": self.country.data or "",
            "timezone": self.timezone.data,
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "languages": ",".join([main, *others]),
            "hosts": "\n".join(
                line.strip() for line in (self.hosts.data or "").splitlines() if line.strip()
            ),
            "contact_email": (self.contact_email.data or "").strip(),
            "status": EventStatus(self.status.data),
        }

    def fill_from(self, event: Any) -> None:
        for name in ("title", "slug", "subtitle", "description", "venue", "city", "country",
                     "timezone", "starts_on", "ends_on", "hosts", "contact_email"):  # fmt: skip
            getattr(self, name).data = getattr(event, name)
        self.status.data = event.status.value
        self.main_language.data = event.default_language
        self.languages.data = event.language_list
        self.version.data = str(event.version)
        self.saved_timezone = event.timezone
        self.offer_timezones()
