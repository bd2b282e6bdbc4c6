"""Forms of the organizer's agenda pages: items, rooms, themes, people, merging."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    ColorField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from ..forms import choices, strip
from ..i18n import LANGUAGE_NAMES, country_choices, format_day
from .labels import KIND_LABELS, ROLE_LABELS
from .models import AgendaItem, ItemKind, Person, PersonRole, Room, Theme

ITEM_LANGUAGES = {**LANGUAGE_NAMES, "pt": "Português", "fr": "Français"}
EMPTY_PARTICIPANT_ROWS = 3


class ParticipantForm(Form):
    """One row of an item's people: who, in which role (the rows' order is the order shown)."""

    person = SelectField(_l("Person"), validators=[Optional()])
    role = SelectField(
        _l("Role"),
        choices=choices((role.value, label) for role, label in ROLE_LABELS.items()),
        default=PersonRole.SPEAKER.value,
    )


# The longest texts of an agenda item, for this form and the timetable editor's JSON alike.
ITEM_TEXT_LIMITS = {"title": 300, "description": 20000}


class ItemForm(FlaskForm):
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[DataRequired(), Length(max=ITEM_TEXT_LIMITS["title"])],
    )
    kind = SelectField(
        _l("Kind"),
        choices=choices((kind.value, label) for kind, label in KIND_LABELS.items()),
        default=ItemKind.PRESENTATION.value,
    )
    day = SelectField(_l("Day"), validators=[DataRequired()])
    starts = TimeField(
        _l("Starts"),
        validators=[DataRequired()],
        description=_l("In the event's time zone; times snap to 5 minutes."),
        render_kw={"step": 300},
    )
    ends = TimeField(_l("Ends"), validators=[DataRequired()], render_kw={"step": 300})
    room = SelectField(_l("Room"), validators=[Optional()])
    theme = SelectField(_l("Theme"), validators=[Optional()])
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=ITEM_TEXT_LIMITS["description"])],
        description=_l("Markdown: **bold**, *italic*, lists, links."),
    )
    language = SelectField(_l("Language"), choices=choices(ITEM_LANGUAGES.items()))
    has_interpretation = BooleanField(_l("Simultaneous interpretation is provided"))
    is_public = BooleanField(
        _l("Public"),
        default=True,
        description=_l("Internal items (team briefings, set-up) never appear on public pages."),
    )
    participants = FieldList(FormField(ParticipantForm), min_entries=EMPTY_PARTICIPANT_ROWS)
    add_row = SubmitField(_l("Add a row"))
    version = HiddenField()

    def setup(
        self, event: Any, rooms: list[Room], themes: list[Theme], people: list[Person]
    ) -> None:
        self.day.choices = choices((d.isoformat(), format_day(d)) for d in event.days)
        self.room.choices = choices([("", _l("No room")), *((r.id, r.name) for r in rooms)])
        self.theme.choices = choices([("", _l("No theme")), *((t.id, t.name) for t in themes)])
        people_choices = choices([("", "—"), *((p.id, person_label(p)) for p in people)])
        for row in self.participants:
            row.person.choices = people_choices

    def fill_from(self, item: AgendaItem) -> None:
        zone = ZoneInfo(item.event.timezone)
        start, end = item.starts_at.astimezone(zone), item.ends_at.astimezone(zone)
        self.title.data, self.kind.data = item.title, item.kind.value
        self.day.data = start.date().isoformat()
        self.starts.data, self.ends.data = start.time(), end.time()
        self.room.data = str(item.room_id or "")
        self.theme.data = str(item.theme_id or "")
        self.description.data, self.language.data = item.description, item.language
        self.has_interpretation.data, self.is_public.data = item.has_interpretation, item.is_public
        self.version.data = str(item.version)
        while len(self.participants):
            self.participants.pop_entry()
        for link in item.participants:
            self.participants.append_entry({"person": str(link.person_id), "role": link.role.value})
        for _ in range(EMPTY_PARTICIPANT_ROWS):
            self.participants.append_entry()

    def item_values(self, rooms: dict[int, Room], themes: dict[int, Theme]) -> dict[str, Any]:
        """Values for ``services.create_item``/``update_item`` (times still local, naive)."""
        day = datetime.fromisoformat(self.day.data).date()
        ends_day = day
        if self.ends.data.hour == 0 and self.ends.data.minute == 0:
            ends_day = day + timedelta(days=1)  # "00:00" as an end means midnight
        return {
            "title": self.title.data,
            "kind": self.kind.data,
            "starts_at": datetime.combine(day, self.starts.data),
            "ends_at": datetime.combine(ends_day, self.ends.data),
            "room": rooms.get(int(self.room.data)) if self.room.data else None,
            "theme": themes.get(int(self.theme.data)) if self.theme.data else None,
            "description": self.description.data or "",
            "language": self.language.data,
            "has_interpretation": bool(self.has_interpretation.data),
            "is_public": bool(self.is_public.data),
        }

    @property
    def adds_row(self) -> bool:
        """The "Add a row" button (the form without JavaScript): one more empty row, no save."""
        return bool(self.add_row.data)

    def participant_rows(self) -> list[tuple[int, str]]:
        return [
            (int(row.person.data), row.role.data)
            for row in self.participants
            if row.person.data and str(row.person.data).isdigit()
        ]


def person_label(person: Person) -> str:
    """A person as a list shows them, with position and organization to tell namesakes apart."""
    extra = ", ".join(x for x in (person.position, person.organization) if x)
    return f"{person.display_name} ({extra})" if extra else person.display_name


class DeleteForm(FlaskForm):
    version = HiddenField()


class RoomForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=120)])
    capacity = IntegerField(
        _l("Seats"),
        validators=[Optional(), NumberRange(min=1, max=100000)],
        description=_l("Leave empty if it does not matter."),
    )


class ThemeForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=160)])
    color = ColorField(
        _l("Colour"),
        filters=[strip],
        validators=[DataRequired(), Length(max=7)],
        description=_l("Items of this theme are drawn in this colour with white text."),
    )


class PersonForm(FlaskForm):
    honorific = StringField(
        _l("Honorific"),
        filters=[strip],
        validators=[Optional(), Length(max=40)],
        description=_l("For example Sr., Sra., Dr., Embajadora."),
    )
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    position = StringField(
        _l("Position"),
        filters=[strip],
        validators=[Optional(), Length(max=200)],
        description=_l("For example Chief of Mission."),
    )
    organization = StringField(
        _l("Organization"),
        filters=[strip],
        validators=[Optional(), Length(max=200)],
        description=_l("For example IOM Ecuador."),
    )
    country = SelectField(_l("Country"), validators=[Optional()])
    bio = TextAreaField(
        _l("Short biography"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Shown on the public speakers page. Markdown allowed."),
    )
    email = EmailField(
        _l("E-mail"),
        filters=[strip],
        validators=[Optional(), Email(), Length(max=254)],
        description=_l("Private: only the team sees it."),
    )
    photo = FileField(
        _l("Photo"), description=_l("JPEG, PNG or WebP, at most 5 MB. Square photos look best.")
    )
    create_anyway = SubmitField(_l("Add as a new person anyway"))
    version = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = choices([("", "—"), *country_choices()])

    def person_values(self) -> dict[str, Any]:
        return {
            key: getattr(self, key).data or ""
            for key in ("honorific", "name", "position", "organization", "country", "bio", "email")
        }

    def fill_from(self, person: Person) -> None:
        for key in ("honorific", "name", "position", "organization", "country", "bio", "email"):
            getattr(self, key).data = getattr(person, key)
        self.version.data = str(person.version)


class MergeForm(FlaskForm):
    keep = SelectField(_l("Keep this person"), validators=[DataRequired()])
    duplicate = SelectField(
        _l("Merge this duplicate into them"),
        validators=[DataRequired()],
        description=_l(
            "The duplicate's roles move over, empty details are filled from it, then it is deleted."
        ),
    )

    def setup(self, people: list[Person]) -> None:
        options = choices([("", "—"), *((p.id, person_label(p)) for p in people)])
        self.keep.choices = options
        self.duplicate.choices = options
