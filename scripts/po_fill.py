"""Fill a gettext catalog from a JSON object {msgid: msgstr} (plural: {msgid: [one, other]}).

Usage: python scripts/po_fill.py CATALOG.po TRANSLATIONS.json
       python scripts/po_fill.py CATALOG.po --missing     # list untranslated msgids as JSON
"""

from __future__ import annotations

import json
import sys

from babel.messages.pofile import read_po, write_po


def main() -> int:
    path = sys.argv[1]
    with open(path, "rb") as fh:
        catalog = read_po(fh)
    if sys.argv[2] == "--missing":
        missing = {}
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            done = message.string if isinstance(message.string, str) else all(message.string)
            if not done or message.fuzzy:
                missing[key] = "" if isinstance(message.id, str) else ["", ""]
        print(json.dumps(missing, ensure_ascii=False, indent=1))
        return 0
    with open(sys.argv[2], encoding="utf-8") as fh:
        translations = json.load(fh)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key not in translations:
            continue
        value = translations[key]
        if isinstance(message.id, str):
            message.string = value
        else:
            one, other = value
            # Spanish has three plural forms in CLDR (one, many, other): many == other.
            message.string = (one, other, other)[: catalog.num_plurals]
        message.flags.discard("fuzzy")
        filled += 1
    with open(path, "wb") as fh:
        write_po(fh, catalog, width=100)
    print(f"{filled} messages filled in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
