"""Examples in the registration form's hints, taken from the event's country rather than fixed."""

from __future__ import annotations

import phonenumbers
from flask_babel import gettext as _


def example_phone(country: str | None) -> str | None:
    """A landline number of the country in the international format people should type
    (libphonenumber's example numbers are not real), or None for an unknown country."""
    if not country:
        return None
    example = phonenumbers.example_number_for_type(
        country.upper(), phonenumbers.PhoneNumberType.FIXED_LINE
    )
    if example is None:
        return None
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_hint(country: str | None) -> str:
    """The phone field's hint, with a number of the event's country: +34 810 12 34 56 for ES."""
    number = example_phone(country)
    if number is None:
        return _("Optional. Start with + and the country code.")
    return _("Optional. For example %(number)s.", number=number)
