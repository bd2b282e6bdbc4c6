"""Is this person already in the event's people list? Names are written many ways: "Carmen
Villanueva" on one programme is "Carmen Rosa Villanueva Ñáñez" on another (a middle name and a
second family name left out, accents dropped). A likely duplicate is only offered, never merged:
the organizer decides (use the existing person, merge, or create anyway).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from ..i18n import _sort_key
from .models import Person

# Particles of Spanish, Portuguese and other family names: not a name one can match on alone.
PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "e", "da", "das", "do", "dos",
                       "di", "du", "van", "von", "der", "den", "le", "mc"})  # fmt: skip


class Who(NamedTuple):
    name: str
    email: str = ""
    position: str = ""
    country: str = ""

    @classmethod
    def of(cls, person: Person | Mapping[str, Any]) -> Who:
        get = person.get if isinstance(person, Mapping) else lambda key: getattr(person, key)
        return cls(*(str(get(key) or "") for key in cls._fields))


def _words(text: str) -> list[str]:
    """Case-, accent- and spacing-insensitive form of a text, word by word."""
    return _sort_key(text).split()


def name_tokens(name: str) -> list[str]:
    """Folded words of a name without particles and initials: "Dra. María de los Ángeles Paz"
    gives ["dra", "maria", "angeles", "paz"] (honorifics live in their own field)."""
    words = re.findall(r"[a-z0-9]+", _sort_key(name))
    return [t for t in words if len(t) > 1 and t not in PARTICLES]


def names_may_match(a: str, b: str) -> bool:
    """The same first given name and at least one more name in common, in any position."""
    x, y = name_tokens(a), name_tokens(b)
    if len(x) < 2 or len(y) < 2:
        return x == y and bool(x)
    return x[0] == y[0] and bool(set(x[1:]) & set(y[1:]))


def _agree(a: str, b: str) -> bool:
    """Two details agree when they are the same or one of them is unknown."""
    return not a or not b or _words(a) == _words(b)


def may_be_same(a: Who, b: Who) -> bool:
    """Same e-mail address; the same name (ignoring case and accents); or names that may match
    (see ``names_may_match``) with a position and country that do not disagree."""
    if a.email and a.email.lower() == b.email.lower():
        return True
    if _words(a.name) == _words(b.name):
        return True
    return (
        names_may_match(a.name, b.name)
        and _agree(a.position, b.position)
        and _agree(a.country, b.country)
    )
