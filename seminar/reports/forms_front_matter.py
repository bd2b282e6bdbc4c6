"""Forms of the report's front and back matter: parts, imprint, acronyms, suggested acronyms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from ..forms import choices, strip
from .forms import MARKDOWN_HINT
from .front_matter import IMPRINT_FIELDS, LICENCE_LABELS


class PartsForm(FlaskForm):
    version = HiddenField()
    include_imprint = BooleanField(_l("Imprint page (on the back of the cover)"))
    include_acknowledgements = BooleanField(_l("Acknowledgements"))
    include_acronyms = BooleanField(_l("List of acronyms"))
    include_statistics = BooleanField(_l("Participants in figures (annex)"))

    def included(self) -> dict[str, bool]:
        return {
            part: bool(getattr(self, f"include_{part}").data)
            for part in ("imprint", "acknowledgements", "acronyms", "statistics")
        }


class ImprintForm(FlaskForm):
    version = HiddenField()
    publisher = StringField(
        _l("Publisher"),
        description=_l("Leave empty for the main host organization."),
        filters=[strip],
        validators=[Length(max=300)],
    )
    place = StringField(
        _l("Place of publication"),
        description=_l("Leave empty for the event's city."),
        filters=[strip],
        validators=[Length(max=200)],
    )
    year = IntegerField(
        _l("Year of publication"),
        description=_l("Leave empty for the year of the event."),
        validators=[Optional(), NumberRange(min=1900, max=2200)],
    )
    citation = TextAreaField(
        _l("Suggested citation"),
        description=_l("Leave empty to print the citation suggested on this page."),
        filters=[strip],
        validators=[Length(max=1000)],
    )
    licence = SelectField(
        _l("Licence"), choices=choices((k.value, label) for k, label in LICENCE_LABELS.items())
    )
    licence_other = StringField(
        _l("Other licence"),
        description=_l("Only when “Other” is chosen above."),
        filters=[strip],
        validators=[Length(max=500)],
    )
    disclaimer = TextAreaField(
        _l("Disclaimer"), description=MARKDOWN_HINT, validators=[Length(max=5000)]
    )
    isbn = StringField(
        _l("ISBN"),
        description=_l("Optional. 13 digits (or 10), hyphens allowed: 978-92-9068-000-0."),
        filters=[strip],
        validators=[Length(max=20)],
    )
    issn = StringField(
        _l("ISSN"),
        description=_l("Optional, for a report in a series: 2075-8839."),
        filters=[strip],
        validators=[Length(max=9)],
    )

    def data_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key).data for key in IMPRINT_FIELDS}


class AcronymRow(Form):
    acronym = StringField(_l("Acronym"), filters=[strip], validators=[Length(max=20)])
    expansion = StringField(_l("Meaning"), filters=[strip], validators=[Length(max=300)])


class AcronymsForm(FlaskForm):
    version = HiddenField()
    rows = FieldList(FormField(AcronymRow), min_entries=0, max_entries=210)

    def pairs(self) -> list[tuple[str, str]]:
        return [(row.acronym.data or "", row.expansion.data or "") for row in self.rows]


class SuggestionRow(Form):
    acronym = HiddenField()
    confirmed = BooleanField(_l("Add to the list"))
    expansion = StringField(_l("Meaning"), filters=[strip], validators=[Length(max=300)])


class SuggestionsForm(FlaskForm):
    version = HiddenField()
    rows = FieldList(FormField(SuggestionRow), min_entries=0, max_entries=500)

    def confirmed(self) -> list[tuple[str, str]]:
        return [
            (row.acronym.data or "", row.expansion.data or "")
            for row in self.rows
            if row.confirmed.data
        ]
