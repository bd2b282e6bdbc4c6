"""Forms of the translation pages: one small form per text, so each row saves on its own."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import Length

from ..forms import strip


class TranslationForm(FlaskForm):
    value = TextAreaField(_l("Translation"), filters=[strip], validators=[Length(max=20000)])
    version = HiddenField(default="0")


class SourceLanguageForm(FlaskForm):
    lang = SelectField(_l("Source language"), choices=[])


class ImportForm(FlaskForm):
    file = FileField(
        _l("Translated file (.po)"),
        validators=[FileRequired(), FileAllowed(["po"], _l("Please choose a .po file."))],
    )
