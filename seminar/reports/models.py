"""The final report: session notes, recommendations, report sections, review comments and the
frozen, numbered versions whose PDF never changes once finalized."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Column,
    Enum,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..agenda.models import AgendaItem, Theme
    from ..documents import RenderedDocument
    from ..events.models import Event


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    FINAL = "final"


class RecommendationState(enum.StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    ADOPTED = "adopted"
    WITHDRAWN = "withdrawn"


class Priority(enum.StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Timeframe(enum.StrEnum):
    IMMEDIATE = "immediate"
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


class Report(db.Model):  # type: ignore[name-defined]
    """One report per event: its cover, language and review state."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    language: Mapped[str] = mapped_column(String(8), default="es")
    title: Mapped[str] = mapped_column(String(300), default="")
    subtitle: Mapped[str] = mapped_column(String(300), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    dates_label: Mapped[str] = mapped_column(String(120), default="")  # empty: the event's dates
    status: Mapped[ReportStatus] = mapped_column(
        Enum(ReportStatus, native_enum=False, length=20), default=ReportStatus.DRAFT
    )
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    sections: Mapped[list[ReportSection]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )
    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportVersion.number"
    )

    __mapper_args__ = {"version_id_col": version}


class ReportSection(db.Model):  # type: ignore[name-defined]
    """A written chapter of the report (foreword, summary, context, one analysis per theme)."""

    __tablename__ = "report_section"
    __table_args__ = (UniqueConstraint("report_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))  # "foreword", ..., "analysis-<theme id>"
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    report: Mapped[Report] = relationship(back_populates="sections")
    theme: Mapped[Theme | None] = relationship()
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class SessionNote(db.Model):  # type: ignore[name-defined]
    """The rapporteur's notes on one agenda item (joined on the working copy's item id)."""

    __tablename__ = "session_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), unique=True
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    key_points: Mapped[str] = mapped_column(Text, default="")
    statements: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    item: Mapped[AgendaItem] = relationship()
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_empty(self) -> bool:
        return not (self.summary.strip() or self.key_points.strip() or self.statements.strip())


recommendation_item = Table(
    "recommendation_item",
    db.metadata,
    Column(
        "recommendation_id",
        ForeignKey("recommendation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("agenda_item_id", ForeignKey("agenda_item.id", ondelete="CASCADE"), primary_key=True),
)


class Recommendation(db.Model):  # type: ignore[name-defined]
    """A recommendation of the seminar. Adopted ones appear in the report, numbered in order.

    ``number`` is its number in the latest finalized version (None if not printed there): numbers
    follow the printed order in every version, and each version's snapshot keeps its own.
    """

    __tablename__ = "recommendation"
    __table_args__ = (Index("ix_recommendation_event_position", "event_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    addressee: Mapped[str] = mapped_column(String(200), default="")
    priority: Mapped[Priority] = mapped_column(
        Enum(Priority, native_enum=False, length=20), default=Priority.MEDIUM
    )
    timeframe: Mapped[Timeframe] = mapped_column(
        Enum(Timeframe, native_enum=False, length=20), default=Timeframe.SHORT
    )
    state: Mapped[RecommendationState] = mapped_column(
        Enum(RecommendationState, native_enum=False, length=20), default=RecommendationState.DRAFT
    )
    position: Mapped[int] = mapped_column(default=0)
    number: Mapped[int | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    theme: Mapped[Theme | None] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(secondary=recommendation_item)

    __mapper_args__ = {"version_id_col": version}


class ReviewComment(db.Model):  # type: ignore[name-defined]
    """A reviewer's comment on a section or a recommendation, open until someone resolves it."""

    __tablename__ = "review_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    section_key: Mapped[str | None] = mapped_column(String(40))
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    recommendation: Mapped[Recommendation | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ReportVersion(db.Model):  # type: ignore[name-defined]
    """A finalized, numbered version: the PDF bytes, their SHA-256 and the inputs it was made from.

    Rows are written once and never updated, except for the publication flag.
    """

    __tablename__ = "report_version"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    language: Mapped[str] = mapped_column(String(8))
    finalized_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finalized_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    is_published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    report: Mapped[Report] = relationship(back_populates="versions")
    files: Mapped[list[ReportVersionFile]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="ReportVersionFile.id"
    )
    finalized_by: Mapped[User | None] = relationship(foreign_keys=[finalized_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])

    @property
    def is_ready(self) -> bool:
        """Every language's PDF is stored (else some are still being prepared)."""
        return bool(self.files) and all(f.is_ready for f in self.files)

    def file(self, lang: str) -> ReportVersionFile | None:
        """This version's PDF in ``lang``, or None if the version was not made in that language."""
        return next((f for f in self.files if f.lang == lang), None)


class ReportVersionFile(db.Model):  # type: ignore[name-defined]
    """One language's PDF of a finalized version: all of a version's files are frozen together.

    Written once; the render job fills in the bytes and their fingerprint when they are ready.
    """

    __tablename__ = "report_version_file"
    __table_args__ = (UniqueConstraint("version_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("report_version.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str] = mapped_column(String(8))
    # Empty until the render job has stored the PDF (the versions page shows its progress).
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pdf_size: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    page_count: Mapped[int] = mapped_column(default=0)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("rendered_document.id", ondelete="SET NULL")
    )

    version: Mapped[ReportVersion] = relationship(back_populates="files")
    document: Mapped[RenderedDocument | None] = relationship()

    @property
    def is_ready(self) -> bool:
        """The PDF is stored (else it is still being prepared)."""
        return bool(self.sha256)


# The front and back matter live in their own module; importing it here registers the models.
from .front_models import Licence, ReportAcronym, ReportFrontMatter  # noqa: E402, F401
