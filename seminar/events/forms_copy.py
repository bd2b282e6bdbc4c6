"""The form that copies an event into next year's edition."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import strip
from ..validation import InRange
from .copying import next_year_slug, next_year_start, next_year_title
from .models import Event


class CopyEventForm(FlaskForm):
    title = StringField(
        _l("Title of the new edition"),
        filters=[strip],
        validators=[DataRequired(_l("Enter a title.")), Length(max=300)],
    )
    slug = StringField(
        _l("Web address"),
        filters=[strip],
        validators=[DataRequired(_l("Enter a web address.")), Length(max=80)],
        description=_l("Lowercase letters, digits and hyphens, for example lapaz-2027."),
        render_kw={"spellcheck": "false", "autocapitalize": "none"},
    )
    starts_on = DateField(
        _l("First day"),
        validators=[DataRequired(_l("Enter the first day of the new edition.")), InRange()],
        description=_l("The agenda moves by the same number of days, at the same local times."),
    )

    def fill_defaults(self, event: Event) -> None:
        """Next year: the title's year moved on, the same weekday 52 weeks later."""
        self.starts_on.data = next_year_start(event.starts_on)
        self.title.data = next_year_title(event.title)
        self.slug.data = next_year_slug(event.slug, self.starts_on.data)
