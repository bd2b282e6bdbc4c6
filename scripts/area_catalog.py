"""Keep one area's Spanish catalog in step with its code.

Usage: python scripts/area_catalog.py PART PATH_PREFIX [PATH_PREFIX ...]
Extracts the messages used in files whose path starts with one of the prefixes (for example
seminar/agenda/views_editor.py templates/agenda/editor), drops those the core catalog already
translates, and updates seminar/translations/parts/PART/es/LC_MESSAGES/messages.po, keeping existing
translations. Then list what is missing with: python scripts/po_fill.py <that file> --missing
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2), "_n": (1, 2)}  # fmt: skip
METHODS = [
    ("seminar/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]


def main() -> int:
    part = sys.argv[1]
    prefixes = sys.argv[2:]
    core_path = ROOT / "seminar/translations/es/LC_MESSAGES/messages.po"
    with core_path.open("rb") as fh:
        core = {
            m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id and m.string
        }
    fresh = Catalog(locale="es", project="seminar", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        if not any(filename.startswith(p) for p in prefixes):
            continue
        key = message if isinstance(message, str) else message[0]
        if key in core:
            continue
        fresh.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    target = ROOT / f"seminar/translations/parts/{part}/es/LC_MESSAGES/messages.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        with target.open("rb") as fh:
            existing = read_po(fh, locale="es")
        existing.update(fresh, no_fuzzy_matching=True)
        catalog = existing
        catalog.obsolete.clear()
        catalog.fuzzy = False  # a fuzzy header makes pybabel compile skip the whole catalog
    else:
        catalog = fresh
    with target.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    total = sum(1 for m in catalog if m.id)
    print(f"{target.relative_to(ROOT)}: {total} messages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
