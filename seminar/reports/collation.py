"""Names as a document in a given language prints them: sorted with that language's collation
(ICU: in Spanish "Álvarez" comes before "Benítez" and "ñ" is a letter of its own after "n") and
with the honorific in that language ("Mr." becomes "Sr." in a Spanish report)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import icu


@lru_cache(maxsize=8)
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(language or "en"))


def sort_key(text: str, language: str) -> bytes:
    """The key that sorts ``text`` as a reader of ``language`` expects (ICU/CLDR collation)."""
    return bytes(_collator(language).getSortKey(text))


def person_sort_key(family_name: str, given_name: str, language: str) -> bytes:
    """By family name, then given name ("Pérez, Ana" before "Pérez Gómez, Luis")."""
    return sort_key(f"{family_name}\u0001{given_name}", language)


# Each known honorific in its female and male form, per language; the first of a language's
# spellings is the one printed. Keys: the honorific written without dots, spaces or case.
_FORMS: dict[str, dict[str, tuple[str, str]]] = {
    "mr": {"en": ("Ms.", "Mr."), "es": ("Sra.", "Sr.")},
    "dr": {"en": ("Dr.", "Dr."), "es": ("Dra.", "Dr.")},
    "prof": {"en": ("Prof.", "Prof."), "es": ("Prof.", "Prof.")},
    "he": {"en": ("H.E.", "H.E."), "es": ("Excma.", "Excmo.")},
    "ambassador": {"en": ("Ambassador", "Ambassador"), "es": ("Embajadora", "Embajador")},
    "lic": {"en": ("", ""), "es": ("Lic.", "Lic.")},
    "ing": {"en": ("", ""), "es": ("Ing.", "Ing.")},
}
# Every spelling people type, in either language: (key, is female, or None if it does not say).
_KNOWN: dict[str, tuple[str, bool | None]] = {
    "mr": ("mr", False),
    "ms": ("mr", True),
    "mrs": ("mr", True),
    "miss": ("mr", True),
    "sr": ("mr", False),
    "señor": ("mr", False),
    "sra": ("mr", True),
    "srta": ("mr", True),
    "señora": ("mr", True),
    "dr": ("dr", None),
    "dra": ("dr", True),
    "doctor": ("dr", False),
    "doctora": ("dr", True),
    "prof": ("prof", None),
    "profa": ("prof", True),
    "he": ("he", None),
    "excmo": ("he", False),
    "excma": ("he", True),
    "ambassador": ("ambassador", None),
    "embajador": ("ambassador", False),
    "embajadora": ("ambassador", True),
    "lic": ("lic", None),
    "lcda": ("lic", True),
    "licda": ("lic", True),
    "ing": ("ing", None),
}


def _normalized(honorific: str) -> str:
    text = unicodedata.normalize("NFC", honorific.casefold())
    return "".join(c for c in text if c.isalnum())


def translate_honorific(honorific: str, language: str, *, is_female: bool | None = None) -> str:
    """``honorific`` in ``language``: known ones in either language are mapped ("Ms." -> "Sra.",
    "Dr." of a woman -> "Dra.", "H.E." -> "Excmo."/"Excma."); unknown ones stay as typed.

    ``is_female`` comes from the registration's optional sex field; when nobody said, the gender
    of the typed honorific is kept ("Sra." stays female), and the male form is the neutral default
    of titles that do not say ("Dr.").
    """
    known = _KNOWN.get(_normalized(honorific))
    if known is None:
        return honorific.strip()
    key, typed_female = known
    forms = _FORMS[key].get(language)
    if forms is None:
        return honorific.strip()
    female = typed_female if typed_female is not None else bool(is_female)
    # A title with no equivalent in the language (Lic. in English) is left out rather than
    # printed in the wrong language.
    return forms[0] if female else forms[1]
