"""Files every node needs (uploaded images, import lists waiting for confirmation) kept in the
database, so that any web node or worker behind the load balancer can serve or read them.

Files are content-addressed: the name is ``<kind>/<sha256>.<ext>``, so two uploads of the same bytes
share one row, a name never changes meaning and its responses can be cached forever. Writing a file
is part of the caller's transaction (a rolled-back upload leaves nothing behind). Removing one waits
for the commit of the transaction that stopped referring to it (``delete_later``), and skips files
that another row still refers to: a column that holds stored-file names says so with
``info={"stored_file": True}``. Temporary files carry ``expires_at``; ``purge_expired`` (a periodic
job, and ``flask --app seminar purge-files``) removes them.
"""

from __future__ import annotations

import hashlib
import mimetypes
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import (
    Boolean,
    Index,
    Integer,
    LargeBinary,
    String,
    and_,
    delete,
    exists,
    select,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from .dbtypes import UTCDateTime, utcnow
from .errors import DomainError
from .extensions import db
from .uow import after_commit

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "text/csv": "csv",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


class StorageError(DomainError):
    """The database refused to store a file (full disk, quota): nothing was saved."""


class StoredFile(db.Model):  # type: ignore[name-defined]
    """One file's bytes and what they are; ``name`` is what pages and other rows refer to."""

    __tablename__ = "stored_file"
    __table_args__ = (Index("ix_stored_file_expires_at", "expires_at"),)

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))  # photos, report-logos, imports ...
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)  # served at /media/<name>
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()


def _name_for(kind: str, digest: str, media_type: str) -> str:
    extension = EXTENSIONS.get(media_type) or (mimetypes.guess_extension(media_type) or "")
    return f"{kind}/{digest}.{extension.lstrip('.')}" if extension else f"{kind}/{digest}"


def _store(
    name: str,
    data: bytes,
    *,
    media_type: str,
    kind: str,
    public: bool,
    expires_at: datetime | None,
) -> str:
    existing = db.session.get(StoredFile, name)
    if existing is not None:
        # The same bytes again: the file lives as long as its longest-lived user needs it.
        if existing.expires_at is not None:
            existing.expires_at = (
                None if expires_at is None else max(existing.expires_at, expires_at)
            )
        existing.is_public = existing.is_public or public
        db.session.flush()
        return name
    row = StoredFile(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        kind=kind,
        media_type=media_type,
        size=len(data),
        is_public=public,
        data=data,
        created_at=utcnow(),
        expires_at=expires_at,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError as exc:
        # Another request stored the same bytes at the same moment: theirs is ours.
        if db.session.get(StoredFile, name) is None:
            raise StorageError(_("The file could not be stored. Please try again later.")) from exc
    except OperationalError as exc:  # a full disk or quota must not look like success
        raise StorageError(_("The file could not be stored. Please try again later.")) from exc
    return name


def put(
    data: bytes,
    *,
    media_type: str,
    kind: str,
    public: bool = False,
    expires_at: datetime | None = None,
) -> str:
    """Store ``data`` in the caller's transaction and return its name (``<kind>/<sha256>.<ext>``).

    ``public`` files are served to anyone at ``/media/<name>``; others are only read by the app.
    Raises ``StorageError`` when the database refuses the write.
    """
    digest = hashlib.sha256(data).hexdigest()
    return _store(
        _name_for(kind, digest, media_type),
        data,
        media_type=media_type,
        kind=kind,
        public=public,
        expires_at=expires_at,
    )


def get(name: str) -> StoredFile | None:
    """The stored file (its bytes load on first access), or None if unknown or expired."""
    if not name or len(name) > 200 or not name.isprintable():  # PostgreSQL refuses NUL in text
        return None
    row = db.session.get(StoredFile, name)
    if row is None or row.is_expired:
        return None
    return row


def read(name: str, *, public_only: bool = False) -> bytes | None:
    """The bytes of a stored file, or None (unknown, expired, or not public when asked)."""
    row = get(name)
    if row is None or (public_only and not row.is_public):
        return None
    return row.data


def reference_columns() -> list[tuple[str, str]]:
    """(table, column) of every column that holds stored-file names."""
    return [
        (table.name, column.name)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if column.info.get("stored_file")
    ]


def _delete_unreferenced(name: str) -> None:
    """Runs after the commit, outside the finished transaction, in one statement of its own."""
    tables = {t.name: t for t in db.metadata.sorted_tables}
    conditions = [
        ~exists().where(tables[table].c[column] == name) for table, column in reference_columns()
    ]
    with db.engine.begin() as connection:
        connection.execute(delete(StoredFile).where(and_(StoredFile.name == name, *conditions)))


def delete_later(name: str | None) -> None:
    """Remove the file once the current transaction commits (never if it rolls back), unless
    another row still refers to it (two uploads of the same bytes share one file)."""
    if name:
        after_commit(_delete_unreferenced, name)


def purge_expired() -> int:
    """Delete temporary files past their ``expires_at`` (caller commits); returns how many."""
    result = db.session.execute(
        delete(StoredFile).where(StoredFile.expires_at <= utcnow()),
        execution_options={"synchronize_session": False},
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- Commands ----------------------------------------------------------------------------------


@click.command("purge-files")
def purge_files_command() -> None:
    """Delete temporary files (import lists) whose time is up."""
    count = purge_expired()
    db.session.commit()
    click.echo(f"{count} expired file(s) deleted.")


@click.command("import-uploads")
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The old upload folder (default: UPLOAD_FOLDER, instance/uploads).",
)
def import_uploads_command(folder: Path | None) -> None:
    """Copy images uploaded by earlier versions (photos, report logos) from the upload folder into
    the database, under their old names so existing pages keep working. Safe to run twice."""
    root = (folder or Path(current_app.config["UPLOAD_FOLDER"])).resolve()
    copied = skipped = 0
    for kind in ("photos", "report-logos"):
        for path in sorted((root / kind).glob("*")) if (root / kind).is_dir() else []:
            media_type = mimetypes.guess_type(path.name)[0] or ""
            if not path.is_file() or not media_type.startswith("image/"):
                continue
            name = f"{kind}/{path.name}"
            if db.session.scalar(select(StoredFile.name).where(StoredFile.name == name)):
                skipped += 1
                continue
            data = path.read_bytes()
            _store(name, data, media_type=media_type, kind=kind, public=True, expires_at=None)
            copied += 1
    db.session.commit()
    click.echo(f"{copied} file(s) copied into the database, {skipped} already there.")
