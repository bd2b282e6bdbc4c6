"""Forms of the "Hosts and signatories" page: one per host organization or signatory."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import strip
from .hosts import Upload

IMAGE_HINT = _l("PNG or SVG (JPEG and WebP also work), at most 5 MB.")


def _upload(field: Any) -> Upload | None:
    data = field.data
    if not data or not getattr(data, "filename", ""):
        return None
    return Upload(stream=data.stream, filename=data.filename)


class HostForm(FlaskForm):
    version = HiddenField()
    name = StringField(
        _l("Organization"), filters=[strip], validators=[DataRequired(), Length(max=300)]
    )
    short_name = StringField(
        _l("Short name"),
        description=_l("Optional, for example its acronym."),
        filters=[strip],
        validators=[Length(max=80)],
    )
    logo = FileField(_l("Logo"), description=IMAGE_HINT)
    logo_alt = StringField(
        _l("Text alternative of the logo"),
        description=_l("Required with a logo: what a screen reader says, usually its name."),
        filters=[strip],
        validators=[Length(max=300)],
    )
    remove_logo = BooleanField(_l("Remove the current logo"))

    def values(self) -> dict[str, Any]:
        return {key: getattr(self, key).data or "" for key in ("name", "short_name", "logo_alt")}

    def upload(self) -> Upload | None:
        return _upload(self.logo)

    def fill_from(self, host: Any) -> None:
        for key in ("name", "short_name", "logo_alt"):
            getattr(self, key).data = getattr(host, key)
        self.version.data = str(host.version)


class SignatoryForm(FlaskForm):
    version = HiddenField()
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    title = StringField(
        _l("Title"),
        description=_l("For example: Chief of Mission."),
        filters=[strip],
        validators=[Length(max=200)],
    )
    organization = StringField(_l("Organization"), filters=[strip], validators=[Length(max=300)])
    signature = FileField(
        _l("Signature image"),
        description=_l("Optional. A scan of the signature on white, PNG or SVG, at most 5 MB."),
    )
    remove_signature = BooleanField(_l("Remove the current signature image"))

    def values(self) -> dict[str, Any]:
        return {key: getattr(self, key).data or "" for key in ("name", "title", "organization")}

    def upload(self) -> Upload | None:
        return _upload(self.signature)

    def fill_from(self, signatory: Any) -> None:
        for key in ("name", "title", "organization"):
            getattr(self, key).data = getattr(signatory, key)
        self.version.data = str(signatory.version)
