"""Checks on uploaded spreadsheets before anything parses them in earnest.

An .xlsx file is a zip of XML parts. A few hundred kilobytes can inflate to gigabytes (a zip bomb,
or shared strings repeated a million times), and XML can declare entities that expand
exponentially ("billion laughs") or point at local files and URLs (external entities). So before
openpyxl opens a workbook we read the zip directory (the declared sizes bound what Python's zipfile
will ever inflate: a member that inflates beyond its declared size fails its CRC check), refuse
absurd sizes and compression ratios, and parse the prolog of every XML part with defusedxml, which
refuses any document type declaration. Every cell, in CSV and XLSX alike, has a length limit.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, XMLParser
from flask_babel import format_number
from flask_babel import gettext as _
from openpyxl.utils import get_column_letter

from ..errors import DomainError

MAX_MEMBERS = 100  # a workbook of one sheet has about a dozen parts
MAX_MEMBER_BYTES = 10 * 1024 * 1024  # one part, unpacked (a 2,000-row list needs well under 1 MB)
MAX_TOTAL_BYTES = 25 * 1024 * 1024  # all parts, unpacked
MAX_RATIO = 100  # unpacked / packed, for parts above RATIO_FLOOR (XML compresses about 10:1)
RATIO_FLOOR = 1024 * 1024
MAX_CELL_CHARS = 1000
MAX_COLUMNS = 200
_CHUNK = 64 * 1024


def _too_large() -> DomainError:
    return DomainError(
        _(
            "This spreadsheet unpacks to far more data than a list of participants needs, so we "
            "did not open it. Copy the list into a new workbook and save it again."
        ),
        field="file",
    )


def _unsafe_xml() -> DomainError:
    return DomainError(
        _(
            "This spreadsheet contains XML declarations (a DTD or entities) that we refuse for "
            "safety. Open it in Excel or LibreOffice and save it again as .xlsx, or save it as CSV."
        ),
        field="file",
    )


class _PrologRead(Exception):
    """The root element has started: the prolog, the only place for declarations, was clean."""


class _StopAtRoot:
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _PrologRead

    def end(self, tag: str) -> None:
        return None

    def data(self, data: str) -> None:
        return None

    def close(self) -> None:
        return None


def _check_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Parse the part up to its root element; a DOCTYPE or ENTITY declaration is refused."""
    parser: Any = XMLParser(target=_StopAtRoot(), forbid_dtd=True)
    with archive.open(info) as member:
        try:
            while chunk := member.read(_CHUNK):
                parser.feed(chunk)
            parser.close()
        except _PrologRead:
            return
        except DefusedXmlException as exc:
            raise _unsafe_xml() from exc
        except ParseError as exc:
            raise DomainError(
                _("This file is not a spreadsheet we can read."), field="file"
            ) from exc


def check_workbook(raw: bytes) -> None:
    """Refuse a workbook whose unpacked size, compression or XML declarations are hostile."""
    unreadable = DomainError(_("This file is not a spreadsheet we can read."), field="file")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise unreadable from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _too_large()
        total = 0
        for info in members:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (
                info.file_size > MAX_MEMBER_BYTES
                or total > MAX_TOTAL_BYTES
                or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO)
            ):
                raise _too_large()
        try:
            for info in members:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _check_xml(archive, info)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise unreadable from exc


def check_cell(value: str, *, line: int, column: int) -> None:
    """A cell longer than any real name, position or institution, or a filled cell past the last
    column a list can have; ``column`` counts from 0."""
    if column >= MAX_COLUMNS and value:
        raise DomainError(
            _("Line %(line)d has more than %(n)d columns.", line=line, n=MAX_COLUMNS),
            field="file",
        )
    if len(value) > MAX_CELL_CHARS:
        raise DomainError(
            _(
                "Line %(line)d, column %(column)s has more than %(n)s characters. Shorten it and "
                "upload the file again.",
                line=line,
                column=get_column_letter(column + 1),
                n=format_number(MAX_CELL_CHARS),
            ),
            field="file",
        )
