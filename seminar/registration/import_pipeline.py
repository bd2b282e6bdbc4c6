"""One pipeline for importing lists (CSV or XLSX), shared by every kind of list: participants to
register, institutions and people to invite.

Upload -> ``read_rows`` (UTF-8 with or without BOM, Windows-1252/Latin-1, ';' or ',' separators,
the first sheet of an .xlsx workbook; files from outside are hostile until ``safe_files`` checked
them: a workbook is inspected as a zip and its XML prologs before openpyxl opens it, and every cell
has a length limit) -> ``map_headings`` (headings in English or Spanish) -> ``check_rows`` (the
kind's ``RowHandler`` checks each row; every problem of every row is listed, nothing is written)
-> the preview -> the file waits in the database store (``keep_upload``) -> the confirmation
checks it again and ``import_rows`` creates every row in the caller's transaction, or none.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, ClassVar, TypeVar

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .. import storage
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from .checkin import fold
from .safe_files import MAX_COLUMNS, check_cell, check_workbook

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
UPLOAD_SALT = "seminar.registration.import"
UPLOAD_MAX_AGE = 2 * 60 * 60  # the preview stays confirmable for two hours
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

T = TypeVar("T")
V = TypeVar("V")


def key(text: Any) -> str:
    """A heading or a value folded for matching: lower case, no accents, letters and digits."""
    return re.sub(r"[^a-z0-9]", "", fold(str(text or "")))


def lookup(
    row: ImportRow, value: str, table: Mapping[str, V], unknown: str, default: V | None = None
) -> V | None:
    """The entry of ``table`` that a cell names (folded), or ``default`` for an empty cell; a value
    the table does not know is one of the row's problems (``unknown``) and gives ``default``."""
    if not value:
        return default
    found = table.get(key(value))
    if found is None:
        row.problems.append(unknown)
        return default
    return found


@dataclass
class ImportRow:
    line: int  # as the spreadsheet shows it (the heading is line 1)
    values: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return " ".join(
            v for v in (self.values.get("given_name", ""), self.values.get("family_name", "")) if v
        )


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    columns: list[str]  # our field names found in the file, in file order
    ignored_columns: list[str]

    @property
    def problem_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.problems]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.problem_rows


class RowHandler(ABC):
    """One kind of list: the columns it understands and the check of one row. An instance serves
    one file (the constructor loads what every row is checked against)."""

    headings: ClassVar[dict[str, tuple[str, ...]]]  # field -> folded headings that name it

    def __init__(self, event: Event) -> None:
        self.event = event

    @abstractmethod
    def check_columns(self, found: Collection[str]) -> None:
        """Raise DomainError(field="file") when a column the rows need is missing."""

    @abstractmethod
    def check(self, row: ImportRow) -> None:
        """Fill ``row.data`` (the values for the service) and ``row.problems``."""

    def known_problem(self, email: str) -> str | None:
        """Why this address cannot be imported whatever else the list holds (``None``: it can)."""
        return None


# --- Reading files ---------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")  # Excel on Windows: Latin-1 plus curly quotes and dashes
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _read_csv(raw: bytes) -> list[list[str]]:
    unreadable = _("This file is not a CSV list we can read. Save it as CSV (UTF-8) or .xlsx.")
    text = _decode(raw)
    if "\x00" in text:  # binary content, or UTF-16 that Excel calls "Unicode text"
        raise DomainError(unreadable, field="file")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            for column, value in enumerate(row):
                check_cell(value, line=len(rows) + 1, column=column)
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as exc:  # stray carriage returns, a field beyond the csv module's limit
        raise DomainError(unreadable, field="file") from exc
    return rows


def _read_xlsx(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    unreadable = _("This file is not a spreadsheet we can read.")
    check_workbook(raw)  # sizes, compression and XML declarations, before openpyxl parses anything
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
        raise DomainError(unreadable, field="file") from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise DomainError(unreadable, field="file")
        rows: list[list[str]] = []
        for row in sheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            cells = ["" if v is None else str(v).strip() for v in row]
            for column, value in enumerate(cells):
                check_cell(value, line=len(rows) + 1, column=column)
            rows.append(cells)
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError, TypeError) as exc:
        raise DomainError(unreadable, field="file") from exc
    finally:
        workbook.close()


def read_rows(filename: str, raw: bytes) -> tuple[list[str], list[list[str]]]:
    """(headings, rows) of a CSV or XLSX file; DomainError(field="file") for anything unreadable."""
    if not raw:
        raise DomainError(_("The file is empty."), field="file")
    if len(raw) > MAX_BYTES:
        raise DomainError(_("The file is larger than 2 MB."), field="file")
    if raw.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(raw)
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        raise DomainError(_("This file is not a spreadsheet we can read."), field="file")
    elif filename.lower().endswith((".xls", ".ods")):
        raise DomainError(_("Save the list as .xlsx or .csv first (File › Save as)."), field="file")
    else:
        rows = _read_csv(raw)
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        raise DomainError(_("The file is empty."), field="file")
    if len(rows) - 1 > MAX_ROWS:
        raise DomainError(
            _("The list has more than %(n)d rows; split it into smaller files.", n=MAX_ROWS),
            field="file",
        )
    headings, body = rows[0], rows[1:]
    return [str(h).strip() for h in headings], body


def map_headings(
    known: dict[str, tuple[str, ...]], headings: list[str]
) -> tuple[dict[int, str], list[str]]:
    """Which column holds which field; and the headings we do not use."""
    lookup = {alias: name for name, aliases in known.items() for alias in aliases}
    mapping: dict[int, str] = {}
    ignored = []
    for index, heading in enumerate(headings):
        name = lookup.get(key(heading))
        if name and name not in mapping.values():
            mapping[index] = name
        elif heading:
            ignored.append(heading)
    return mapping, ignored


# --- Checking and importing ------------------------------------------------------------------


def check_rows(handler: RowHandler, filename: str, raw: bytes) -> ImportPreview:
    """Read the file and list every row's problems; writes nothing."""
    headings, body = read_rows(filename, raw)
    mapping, ignored = map_headings(handler.headings, headings)
    handler.check_columns(mapping.values())
    seen: dict[str, int] = {}
    rows = []
    for offset, cells in enumerate(body):
        values = {
            name: str(cells[i]).strip() if i < len(cells) else "" for i, name in mapping.items()
        }
        row = ImportRow(line=offset + 2, values=values)
        handler.check(row)
        email = row.data.get("email")
        if email:
            problem = handler.known_problem(email)
            if problem:
                row.problems.append(problem)
            elif email in seen:
                row.problems.append(
                    _("The same e-mail address is on line %(line)d.", line=seen[email])
                )
            else:
                seen[email] = row.line
        rows.append(row)
    return ImportPreview(
        rows=rows, columns=[mapping[i] for i in sorted(mapping)], ignored_columns=ignored
    )


def import_rows(preview: ImportPreview, create: Callable[[dict[str, Any]], T]) -> list[T]:
    """``create`` every row of a clean preview (the caller commits once: all or nothing)."""
    if not preview.is_valid:
        raise DomainError(_("Correct the rows with problems first; nothing was imported."))
    created = []
    for row in preview.rows:
        try:
            created.append(create(dict(row.data)))
        except DomainError as error:
            raise DomainError(
                _("Line %(line)d: %(problem)s Nothing was imported.", line=row.line,
                  problem=error.message)
            ) from error  # fmt: skip
    return created


# --- The uploaded file between preview and confirmation --------------------------------------
#
# The file waits in the database store (any web node can confirm it), never under a URL, for two
# hours at most. The page carries a signed ticket naming it, valid for this event and this user.


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UPLOAD_SALT)


def _user_id(by: Any) -> int | None:
    return getattr(by, "id", None)


def keep_upload(event: Event, filename: str, raw: bytes, *, by: Any = None) -> str:
    """Store the file until it is confirmed (two hours at most); returns the signed ticket."""
    name = storage.put(
        raw,
        media_type=XLSX_TYPE if raw.startswith(b"PK\x03\x04") else "text/csv",
        kind="imports",
        expires_at=utcnow() + timedelta(seconds=UPLOAD_MAX_AGE),
    )
    payload = {"e": event.id, "u": _user_id(by), "n": name, "f": filename[:200]}
    return str(_signer().dumps(payload))


def _ticket(event: Event, ticket: str, by: Any) -> dict[str, Any]:
    try:
        payload = _signer().loads(ticket, max_age=UPLOAD_MAX_AGE)
    except SignatureExpired as exc:
        raise DomainError(
            _("The uploaded file has expired. Please upload it again."), field="file"
        ) from exc
    except BadSignature as exc:
        raise DomainError(_("Please upload the file again."), field="file") from exc
    if (
        not isinstance(payload, dict)
        or payload.get("e") != event.id
        or payload.get("u") != _user_id(by)
        or not isinstance(payload.get("n"), str)
    ):
        raise DomainError(_("Please upload the file again."), field="file")
    return payload


def load_upload(event: Event, ticket: str, *, by: Any = None) -> tuple[str, str, bytes]:
    """(stored name, original file name, bytes) of a ticket from this event's and user's preview."""
    payload = _ticket(event, ticket, by)
    raw = storage.read(payload["n"])
    if raw is None:
        raise DomainError(_("The uploaded file has expired. Please upload it again."), field="file")
    return payload["n"], str(payload.get("f", "")), raw


def discard_upload(name: str) -> None:
    """The list is imported: delete the stored file once the import commits."""
    storage.delete_later(name)


def preview_upload(
    handler: RowHandler, filename: str, raw: bytes, *, by: Any = None
) -> tuple[ImportPreview, str | None]:
    """Check an uploaded list; a clean one is kept for the confirmation: (preview, its ticket)."""
    preview = check_rows(handler, filename, raw)
    ticket = keep_upload(handler.event, filename, raw, by=by) if preview.is_valid else None
    return preview, ticket


def confirm_upload(
    handler: RowHandler,
    ticket: str,
    import_all: Callable[[ImportPreview], list[T]],
    *,
    by: Any = None,
) -> tuple[ImportPreview, str, list[T]]:
    """Check the kept list again (the event may have changed since the preview) and import it
    with ``import_all`` while it is still clean; the stored file goes once the import commits.
    Returns (preview, original file name, what was created: nothing when a row has a problem)."""
    name, filename, raw = load_upload(handler.event, ticket, by=by)
    preview = check_rows(handler, filename, raw)
    created: list[T] = []
    if preview.is_valid:
        created = import_all(preview)
        discard_upload(name)
    return preview, filename, created
