"""Forms of the accounts area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..forms import choices, strip
from ..i18n import LANGUAGE_NAMES
from .models import Role
from .services import MIN_PASSWORD_LENGTH

ROLE_LABELS = {
    Role.ORGANIZER: _l("Organizer"),
    Role.RAPPORTEUR: _l("Rapporteur"),
    Role.CHECKIN: _l("Check-in staff"),
}


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[strip],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=500)])
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[strip],
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=500)],
        description=_l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class AddMemberForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[strip],
    )
    name = StringField(
        _l("Name"), validators=[Length(max=200)], description=_l("For new accounts.")
    )
    role = SelectField(
        _l("Role"), choices=choices((role.value, label) for role, label in ROLE_LABELS.items())
    )
    language = SelectField(
        _l("Language of the invitation"),
        choices=choices(LANGUAGE_NAMES.items()),
        description=_l("The e-mail and, for new accounts, the pages are in this language."),
        validate_choice=False,  # missing or unknown: the event's language (see add_member)
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=500)]
    )
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=500)],
        description=_l(
            "At least %(n)d characters. You stay signed in only on this device.",
            n=MIN_PASSWORD_LENGTH,
        ),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class ConfirmForm(FlaskForm):
    """A button and its CSRF token (signing in by link, signing out everywhere)."""
