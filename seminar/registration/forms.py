"""Forms of registration: the public form, self-service edit, the organizers' desk and settings."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from ..events.models import Event
from ..forms import choices, strip
from ..i18n import LANGUAGE_NAMES, country_choices
from ..validation import InRange
from .exports import SEX_LABELS
from .hints import phone_hint
from .models import (
    InstitutionType,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    Sex,
)

INSTITUTION_TYPES = {
    InstitutionType.GOVERNMENT: _l("Government"),
    InstitutionType.INTERNATIONAL: _l("International organization"),
    InstitutionType.CIVIL_SOCIETY: _l("Civil society"),
    InstitutionType.ACADEMIA: _l("Academia"),
    InstitutionType.OTHER: _l("Other"),
}
STATUS_NAMES = {
    RegistrationStatus.PENDING: _l("Awaiting approval"),
    RegistrationStatus.CONFIRMED: _l("Confirmed"),
    RegistrationStatus.WAITLISTED: _l("Waiting list"),
    RegistrationStatus.DECLINED: _l("Declined"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
}
# Bulk actions of the desk: (value, label, target status).
BULK_ACTIONS = {
    "confirm": (_l("Approve / confirm"), RegistrationStatus.CONFIRMED),
    "waitlist": (_l("Move to the waiting list"), RegistrationStatus.WAITLISTED),
    "pending": (_l("Back to awaiting approval"), RegistrationStatus.PENDING),
    "decline": (_l("Decline"), RegistrationStatus.DECLINED),
    "cancel": (_l("Cancel"), RegistrationStatus.CANCELLED),
}
DATETIME_LOCAL = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
HONORIFICS = {
    "es": ("Sr.", "Sra.", "Dr.", "Dra.", "Lic.", "Ing.", "Mg.", "Embajador", "Embajadora"),
    "en": ("Mr", "Ms", "Mrs", "Dr", "Prof.", "Ambassador", "H.E."),
}
PERSON_FIELDS = (
    "honorific", "given_name", "family_name", "position", "institution", "institution_type",
    "country", "email", "phone", "preferred_language", "days", "dietary_needs",
    "accessibility_needs", "needs_interpretation", "consents_to_list", "sex",
)  # fmt: skip


@lru_cache(maxsize=8)
def _country_choices(locale: str) -> list[Any]:
    """Country choices are built once per language (about 250 names, sorted for that language)."""
    return choices([("", _l("Choose a country…")), *country_choices(locale)])


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class RegistrationForm(FlaskForm):
    """Everything the participant gives about themselves (public form and self-service edit)."""

    honorific = StringField(
        _l("Title or honorific"),
        filters=[strip],
        validators=[Optional(), Length(max=40)],
        render_kw={"list": "honorific-options", "autocomplete": "honorific-prefix"},
    )
    given_name = StringField(
        _l("Given name(s)"),
        filters=[strip],
        validators=[DataRequired(_l("Enter your given name.")), Length(max=120)],
        render_kw={"autocomplete": "given-name"},
    )
    family_name = StringField(
        _l("Family name(s)"),
        filters=[strip],
        validators=[DataRequired(_l("Enter your family name.")), Length(max=120)],
        render_kw={"autocomplete": "family-name"},
    )
    email = EmailField(
        _l("E-mail"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address, for example name@example.org.")),
            Length(max=254),
        ],
        description=_l("We send the confirmation and your personal link here."),
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    phone = TelField(
        _l("Phone (with country code)"),
        filters=[strip],
        validators=[Optional(), Length(max=40)],
        render_kw={"autocomplete": "tel"},
    )
    preferred_language = RadioField(_l("Language for our e-mails"), validators=[DataRequired()])
    position = StringField(
        _l("Position"),
        filters=[strip],
        validators=[Optional(), Length(max=200)],
        description=_l("For example: Director General of Migration."),
        render_kw={"autocomplete": "organization-title"},
    )
    institution = StringField(
        _l("Institution"),
        filters=[strip],
        validators=[DataRequired(_l("Enter your institution.")), Length(max=200)],
        description=_l("Ministry, agency or organization, without abbreviations."),
        render_kw={"autocomplete": "organization"},
    )
    institution_type = RadioField(
        _l("Type of institution"),
        choices=choices((t.value, label) for t, label in INSTITUTION_TYPES.items()),
        default=InstitutionType.GOVERNMENT.value,
        validators=[DataRequired(_l("Choose a type of institution."))],
    )
    sex = SelectField(
        _l("Sex"),
        choices=choices((s.value, SEX_LABELS[s.value]) for s in Sex),
        default=Sex.NOT_STATED.value,
        description=_l(
            "Optional. Asked only for the participant statistics of the seminar report, which "
            "never name anyone."
        ),
    )
    country = SelectField(
        _l("Country"),
        validators=[DataRequired(_l("Choose your country."))],
        render_kw={"autocomplete": "country"},
    )
    days = MultiCheckboxField(
        _l("Days you will attend"),
        validators=[DataRequired(_l("Choose at least one day you will attend."))],
    )
    needs_interpretation = BooleanField(
        _l("I need simultaneous interpretation (Spanish / English)")
    )
    dietary_needs = StringField(
        _l("Dietary needs"),
        filters=[strip],
        validators=[Optional(), Length(max=500)],
        description=_l("Optional. For example: vegetarian, no gluten, a food allergy."),
    )
    accessibility_needs = TextAreaField(
        _l("Accessibility needs"),
        filters=[strip],
        validators=[Optional(), Length(max=500)],
        description=_l(
            "Optional. Anything that helps you take part fully: access, seating, sign language…"
        ),
    )
    consents_to_list = BooleanField(
        _l(
            "Include my name, position, institution and country in the published list of participants"
        ),
        description=_l("Optional. Your e-mail and phone are never published."),
    )

    def __init__(self, event: Event, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _country_choices(str(get_locale()))
        self.phone.description = phone_hint(event.country)
        self.days.choices = choices(
            (day.isoformat(), format_date(day, "full")) for day in event.days
        )
        languages = current_app.config["LANGUAGES"]
        self.preferred_language.choices = choices(
            (code, LANGUAGE_NAMES.get(code, code)) for code in languages
        )

    def person_data(self) -> dict[str, Any]:
        return {name: getattr(self, name).data for name in PERSON_FIELDS if name in self}

    def fill_from(self, registration: Registration) -> None:
        for name in PERSON_FIELDS:
            if name in self:
                getattr(self, name).data = getattr(registration, name)
        self.institution_type.data = registration.institution_type.value
        self.sex.data = registration.sex.value
        self.days.data = list(registration.days or [])


class PublicRegistrationForm(RegistrationForm):
    privacy_accepted = BooleanField(
        _l("I have read the privacy notice and agree that my data is used to organize the seminar"),
        validators=[DataRequired(_l("Please accept the privacy notice to register."))],
    )


class SelfServiceForm(RegistrationForm):
    version = HiddenField()


class DeskRegistrationForm(RegistrationForm):
    organizer_notes = TextAreaField(
        _l("Organizer notes"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Seen only by the organizers."),
    )
    version = HiddenField()

    def person_data(self) -> dict[str, Any]:
        return {**super().person_data(), "organizer_notes": self.organizer_notes.data or ""}

    def fill_from(self, registration: Registration) -> None:
        super().fill_from(registration)
        self.organizer_notes.data = registration.organizer_notes
        self.version.data = str(registration.version)


class ResendLinkForm(FlaskForm):
    email = EmailField(
        _l("E-mail you registered with"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address, for example name@example.org.")),
        ],
        render_kw={"autocomplete": "email"},
    )


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (optional)"),
        filters=[strip],
        validators=[Optional(), Length(max=500)],
        description=_l("It helps the organizers plan; it is not required."),
    )


class StatusForm(FlaskForm):
    """One or many registrations to another state, with an optional message for the e-mail."""

    action = SelectField(
        _l("Action"), choices=choices((key, label) for key, (label, _s) in BULK_ACTIONS.items())
    )
    message = TextAreaField(
        _l("Message to include in the e-mail (optional)"),
        filters=[strip],
        validators=[Optional(), Length(max=500)],
    )
    notify = BooleanField(_l("Tell them by e-mail"), default=True)


class SettingsForm(FlaskForm):
    opens_at = DateTimeLocalField(
        _l("Registration opens"),
        format=DATETIME_LOCAL,
        validators=[Optional(), InRange()],
        description=_l("In the event's time zone. Empty: open now."),
    )
    closes_at = DateTimeLocalField(
        _l("Registration closes"),
        format=DATETIME_LOCAL,
        validators=[Optional(), InRange()],
        description=_l("In the event's time zone. Empty: open until the event ends."),
    )
    capacity = IntegerField(
        _l("Number of seats"),
        validators=[Optional(), NumberRange(min=1, max=100000)],
        description=_l(
            "Empty: no limit. When the seats are taken, new registrations join the waiting list."
        ),
        render_kw={"inputmode": "numeric"},
    )
    requires_approval = BooleanField(
        _l("Each registration needs the organizers' approval"),
        description=_l("Registrants are told that their registration is awaiting approval."),
    )
    privacy_notice = TextAreaField(
        _l("Privacy notice"),
        validators=[Optional(), Length(max=20000)],
        description=_l(
            "Markdown. Who processes the data, why, for how long, and whom to contact. Shown on "
            "the form next to the consent box."
        ),
    )
    version = HiddenField()

    def fill_from(self, settings: RegistrationSettings, zone: str) -> None:
        tz = ZoneInfo(zone)
        for name in ("opens_at", "closes_at"):
            value = getattr(settings, name)
            getattr(self, name).data = value.astimezone(tz).replace(tzinfo=None) if value else None
        self.capacity.data = settings.capacity
        self.requires_approval.data = settings.requires_approval
        self.privacy_notice.data = settings.privacy_notice
        self.version.data = str(settings.version)

    def settings_data(self, zone: str) -> dict[str, Any]:
        tz = ZoneInfo(zone)

        def aware(value: datetime | None) -> datetime | None:
            return value.replace(tzinfo=tz).astimezone(UTC) if value else None

        return {
            "opens_at": aware(self.opens_at.data),
            "closes_at": aware(self.closes_at.data),
            "capacity": self.capacity.data,
            "requires_approval": bool(self.requires_approval.data),
            "privacy_notice": (self.privacy_notice.data or "").strip(),
        }
