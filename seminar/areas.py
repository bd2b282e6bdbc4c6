"""The domain areas, in dependency order, and their optional modules (views, demo, cli, models)."""

from __future__ import annotations

import importlib
from types import ModuleType

# The content area comes before the reports: the demo's English report is made from the English
# agenda, themes and people that the content demo translates.
AREAS = ("accounts", "events", "agenda", "registration", "outreach", "content", "reports")


def area_modules(name: str) -> list[ModuleType]:
    """``seminar.<area>.<name>`` for every area that has such a module, in area order."""
    found = []
    for area in AREAS:
        package = f"seminar.{area}"
        try:
            found.append(importlib.import_module(f"{package}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name not in (package, f"{package}.{name}"):
                raise
    return found
