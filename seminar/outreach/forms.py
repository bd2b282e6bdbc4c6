"""Forms of outreach: inviting, answering an invitation, letters and the settings."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from ..forms import choices, strip
from ..i18n import LANGUAGE_NAMES
from ..registration.forms import INSTITUTION_TYPES, MultiCheckboxField, _country_choices
from .letters import COVERAGE_LABELS, KIND_LABELS
from .models import InvitationKind

KIND_NAMES = {
    InvitationKind.INSTITUTION: _l("An institution (its focal point nominates delegates)"),
    InvitationKind.PERSON: _l("A named person (registers directly)"),
}
EMAIL_MESSAGE = _l("Enter a valid e-mail address, for example name@ministry.gob.bo.")


def _languages() -> list[Any]:
    return choices(
        (code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]
    )


class InviteForm(FlaskForm):
    kind = RadioField(
        _l("Who do you invite?"),
        choices=choices((k.value, label) for k, label in KIND_NAMES.items()),
        default=InvitationKind.INSTITUTION.value,
    )
    institution = StringField(
        _l("Institution"),
        filters=[strip],
        validators=[Optional(), Length(max=200)],
        description=_l("For example: Ministerio de Relaciones Exteriores del Perú."),
    )
    institution_type = SelectField(
        _l("Type of institution"),
        choices=choices((t.value, label) for t, label in INSTITUTION_TYPES.items()),
    )
    country = SelectField(_l("Country"), validators=[Optional()])
    contact_name = StringField(
        _l("Name of the focal point or invitee"),
        filters=[strip],
        validators=[Optional(), Length(max=200)],
        description=_l("Required when you invite a named person."),
    )
    email = EmailField(
        _l("E-mail"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the e-mail address.")), Email(EMAIL_MESSAGE)],
        render_kw={"spellcheck": "false"},
    )
    language = SelectField(_l("Language of the e-mails"))
    quota = IntegerField(
        _l("Delegates the institution may nominate"),
        default=2,
        validators=[Optional(), NumberRange(min=1, max=50, message=_l("Between 1 and 50."))],
    )
    seat_reserved_until = DateField(
        _l("Hold a seat until"),
        validators=[Optional()],
        description=_l(
            "Named person only, optional. Until this date the seat counts as taken; then the "
            "reservation lapses if there is no answer."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _country_choices(str(get_locale()))
        self.language.choices = _languages()

    def data_for_service(self) -> dict[str, Any]:
        return {
            name: getattr(self, name).data
            for name in (
                "kind", "institution", "institution_type", "country", "contact_name", "email",
                "language", "quota", "seat_reserved_until",
            )
        }  # fmt: skip


class NominateForm(FlaskForm):
    given_name = StringField(
        _l("Given name(s)"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the delegate's given name.")), Length(max=120)],
    )
    family_name = StringField(
        _l("Family name(s)"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the delegate's family name.")), Length(max=120)],
    )
    email = EmailField(
        _l("E-mail"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the e-mail address.")), Email(EMAIL_MESSAGE)],
        description=_l("The delegate receives a personal link here to complete the registration."),
        render_kw={"spellcheck": "false"},
    )
    position = StringField(
        _l("Position"), filters=[strip], validators=[Optional(), Length(max=200)]
    )
    language = SelectField(_l("Language of the e-mails"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = _languages()

    def data_for_service(self) -> dict[str, Any]:
        return {
            name: getattr(self, name).data
            for name in ("given_name", "family_name", "email", "position", "language")
        }


class ConfirmForm(FlaskForm):
    """A button that changes something (decline, resend): the CSRF token only."""


class OutreachSettingsForm(FlaskForm):
    reminder_max = IntegerField(
        _l("Reminders at most"),
        validators=[NumberRange(min=0, max=10)],
        description=_l("To each invitee who has not answered. 0 sends none."),
    )
    reminder_days = IntegerField(
        _l("Days between reminders, at least"), validators=[NumberRange(min=1, max=60)]
    )
    passport_retention_days = IntegerField(
        _l("Erase passport details this many days after the event"),
        validators=[NumberRange(min=1, max=365)],
    )
    reference_prefix = StringField(
        _l("Prefix of letter references"),
        filters=[strip],
        validators=[Optional(), Length(max=8)],
        description=_l(
            "Letters and digits, for example LPZ. Empty: the first letters of the city."
        ),
    )
    signatory_name = StringField(
        _l("Letters are signed by"), filters=[strip], validators=[Optional(), Length(max=200)]
    )
    signatory_title = StringField(
        _l("Title of the signatory"), filters=[strip], validators=[Optional(), Length(max=200)]
    )
    version = HiddenField()


class LetterRequestForm(FlaskForm):
    kind = RadioField(
        _l("What is the letter for?"),
        choices=choices((k.value, label) for k, label in KIND_LABELS.items()),
        validators=[DataRequired(_l("Choose what the letter is for."))],
    )
    passport_number = StringField(
        _l("Passport number"), filters=[strip], validators=[Optional(), Length(max=40)]
    )
    nationality = SelectField(_l("Nationality"), validators=[Optional()])
    passport_expires_on = DateField(_l("Passport valid until"), validators=[Optional()])
    birth_date = DateField(_l("Date of birth"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nationality.choices = _country_choices(str(get_locale()))

    def data_for_service(self) -> dict[str, Any]:
        return {
            name: getattr(self, name).data
            for name in ("passport_number", "nationality", "passport_expires_on", "birth_date")
        }


class IssueLetterForm(FlaskForm):
    coverage = MultiCheckboxField(
        _l("The organizers fund"),
        choices=choices((key, label) for key, label in COVERAGE_LABELS.items()),
    )
    version = HiddenField()


class ImportUploadForm(FlaskForm):
    file = FileField(
        _l("List of invitations (CSV or Excel .xlsx)"),
        validators=[FileRequired(_l("Choose the file to import."))],
        description=_l("At most 2 MB and 2,000 rows. The first row names the columns."),
    )


class ImportConfirmForm(FlaskForm):
    ticket = HiddenField()
    send = BooleanField(_l("Send the invitations by e-mail now"), default=True)
