"""The report's front and back matter: imprint, the parts' switches, and the list of acronyms.

The acknowledgements are a written section (``ReportSection`` with key ``acknowledgements``); the
participant statistics are computed from registrations and check-ins, and frozen with a version's
snapshot when it is finalized.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..accounts.models import User
    from .models import Report


class Licence(enum.StrEnum):
    CC_BY = "cc-by-4.0"
    CC_BY_NC_SA = "cc-by-nc-sa-4.0"
    ALL_RIGHTS_RESERVED = "all-rights-reserved"
    OTHER = "other"


class ReportFrontMatter(db.Model):  # type: ignore[name-defined]
    """The imprint page's fields and which optional parts the report includes (one per report).

    Empty imprint fields fall back to generated defaults when the report is put together (the
    publisher: the first host; the year: the event's; the citation: from title, place and year).
    """

    __tablename__ = "report_front_matter"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), unique=True)
    include_imprint: Mapped[bool] = mapped_column(default=True)
    include_acknowledgements: Mapped[bool] = mapped_column(default=True)
    include_acronyms: Mapped[bool] = mapped_column(default=True)
    include_statistics: Mapped[bool] = mapped_column(default=True)
    publisher: Mapped[str] = mapped_column(String(300), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    year: Mapped[int | None] = mapped_column()
    citation: Mapped[str] = mapped_column(Text, default="")
    licence: Mapped[Licence] = mapped_column(
        Enum(Licence, native_enum=False, length=30), default=Licence.CC_BY_NC_SA
    )
    licence_other: Mapped[str] = mapped_column(String(500), default="")
    disclaimer: Mapped[str] = mapped_column(Text, default="")
    isbn: Mapped[str] = mapped_column(String(20), default="")
    issn: Mapped[str] = mapped_column(String(9), default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    report: Mapped[Report] = relationship()
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ReportAcronym(db.Model):  # type: ignore[name-defined]
    """One line of the list of acronyms, in the rapporteur's order."""

    __tablename__ = "report_acronym"
    __table_args__ = (UniqueConstraint("report_id", "acronym"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    acronym: Mapped[str] = mapped_column(String(20))
    expansion: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)
