"""Translations out to a translator and back, as gettext PO files (read and written by Babel).

One file per target language; each text is one entry whose context is ``owner/id/field``, whose
msgid is the source text and whose msgstr is the translation (outdated ones are marked fuzzy).
An import is refused whole, with the list of reasons, when any source text no longer matches:
a translation of a text that has changed since the export would be saved as up to date.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from flask_babel import gettext as _

from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from . import services


@dataclass(frozen=True)
class Mismatch:
    """One entry of an imported file that does not fit the event as it is now."""

    context: str
    reason: str


class StaleTranslationFile(DomainError):
    """The file was exported from texts that have changed since: nothing was imported."""

    def __init__(self, mismatches: list[Mismatch]) -> None:
        super().__init__(
            _(
                "Nothing was imported: %(count)d source texts in the file no longer match the "
                "event. Export a new file and translate the changed texts.",
                count=len(mismatches),
            )
        )
        self.mismatches = mismatches


@dataclass
class ImportResult:
    lang: str
    saved: int = 0
    unchanged: int = 0
    skipped_fuzzy: list[str] = field(default_factory=list)


def _context(entry: services.Owner, obj: Any, name: str) -> str:
    return f"{entry.kind}/{obj.id}/{name}"


def export_po(event: Event, lang: str, *, allowed: Callable[[str], bool]) -> bytes:
    """Every text to translate into ``lang`` (of the kinds ``allowed``), as a PO file."""
    catalog = Catalog(
        locale=lang,
        project=event.slug,
        version=str(event.version),
        msgid_bugs_address=event.contact_email or None,
        creation_date=utcnow(),
        revision_date=utcnow(),
        header_comment=f"# {event.title}\n# Translation into {lang}.",
        fuzzy=False,
    )
    for entry in services.owners():
        if not allowed(entry.kind):
            continue
        for obj, name, state in services.owner_texts(event, entry, lang):
            row = services.translation(obj, name, lang)
            catalog.add(
                getattr(obj, name),
                row.value if row is not None else "",
                context=_context(entry, obj, name),
                auto_comments=[f"{entry.label} · {name}"],
                flags=["fuzzy"] if state == services.Status.OUTDATED else [],
            )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=False)
    return buffer.getvalue()


def _parse(data: bytes) -> Catalog:
    try:
        return read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise DomainError(_("This is not a readable PO file."), field="file") from exc


def import_po(
    event: Event, data: bytes, *, user: Any, allowed: Callable[[str], bool]
) -> ImportResult:
    """Save the translations of a PO file exported by ``export_po``: all of them, or none.

    Flushes, never commits; raises ``StaleTranslationFile`` listing every entry whose source
    text, object or language does not match the event now.
    """
    catalog = _parse(data)
    lang = str(catalog.locale.language) if catalog.locale else ""
    if lang not in event.language_list:
        raise DomainError(
            _("The file's language is not one of this event's languages."), field="file"
        )
    mismatches: list[Mismatch] = []
    todo: list[tuple[Any, str, str, bool]] = []
    for message in catalog:
        if not message.id:
            continue
        context = str(message.context or "")
        found = _resolve(event, context, allowed)
        if found is None:
            mismatches.append(Mismatch(context, _("This text is not part of the event.")))
            continue
        obj, name = found
        if services.source_language(obj, name) == lang:
            mismatches.append(Mismatch(context, _("This text is written in the file's language.")))
        elif (getattr(obj, name) or "") != message.id:
            mismatches.append(Mismatch(context, _("The source text has changed since the export.")))
        else:
            todo.append((obj, name, str(message.string or ""), message.fuzzy))
    if mismatches:
        raise StaleTranslationFile(mismatches)
    result = ImportResult(lang=lang)
    for obj, name, value, fuzzy in todo:
        if fuzzy or not value.strip():
            if fuzzy:
                result.skipped_fuzzy.append(_context(services.owner_of(obj), obj, name))
            continue
        row = services.translation(obj, name, lang)
        current = services.status(obj, name, lang) == services.Status.CURRENT
        if row is not None and row.value == value.strip() and current:
            result.unchanged += 1
            continue
        services.save(obj, name, lang, value, version=None, user=user)
        result.saved += 1
    db.session.flush()
    return result


def _resolve(event: Event, context: str, allowed: Callable[[str], bool]) -> tuple[Any, str] | None:
    kind, _sep, rest = context.partition("/")
    raw_id, _sep, name = rest.partition("/")
    if not raw_id.isdigit() or not allowed(kind):
        return None
    try:
        entry = services.owner(kind)
    except LookupError:
        return None
    obj = db.session.get(entry.model, int(raw_id))
    if obj is None or name not in entry.fields or entry.event_id(obj) != event.id:
        return None
    return obj, name
