"""Translations of the texts visitors and readers see, one row per text and language.

The text a user typed into an existing column (``event.title``, ``agenda_item.title`` ...) stays
where it is: it is the text in that text's source language, which is the event's first language
unless a ``ContentSource`` row says otherwise. Every other language of the event lives here.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..accounts.models import User


class ContentTranslation(db.Model):  # type: ignore[name-defined]
    """One text of one owner (``owner``/``owner_id``/``field``) in one language.

    ``source_digest`` and ``source_text`` remember the source text the translation was made from:
    when the source changes, the translation is outdated and the change can be shown.
    """

    __tablename__ = "content_translation"
    __table_args__ = (
        UniqueConstraint("owner", "owner_id", "field", "lang"),
        Index("ix_content_translation_event_lang", "event_id", "lang"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    owner: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[int] = mapped_column()
    field: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(Text, default="")
    source_digest: Mapped[str] = mapped_column(String(64), default="")
    source_text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ContentSource(db.Model):  # type: ignore[name-defined]
    """The language a text's column holds, kept only when it is not the event's first language
    (someone drafted that text in another language and chose it as the source)."""

    __tablename__ = "content_source"
    __table_args__ = (UniqueConstraint("owner", "owner_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    owner: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[int] = mapped_column()
    field: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(8))
