"""The event's identity on paper: its host organizations (names and logos, the first is the main
host) and the people who sign its certificates. Logos and signatures are stored files
(``seminar.storage``), public like speaker photos, so pages and PDFs link them under ``/media/``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from .models import Event


class HostOrganization(db.Model):  # type: ignore[name-defined]
    """An organization that hosts the event; printed on the cover, certificates and badges."""

    __tablename__ = "host_organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)  # the first is the main host
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(80), default="")
    logo: Mapped[str | None] = mapped_column(String(200), info={"stored_file": True})
    logo_alt: Mapped[str] = mapped_column(String(300), default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="host_organizations")

    __mapper_args__ = {"version_id_col": version}

    @property
    def logo_url(self) -> str | None:
        """The logo's address for pages and PDFs alike (the renderer serves ``/media/``)."""
        return f"/media/{self.logo}" if self.logo else None


class Signatory(db.Model):  # type: ignore[name-defined]
    """A person who signs the certificates of attendance, with an optional signature image."""

    __tablename__ = "signatory"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    organization: Mapped[str] = mapped_column(String(300), default="")
    signature: Mapped[str | None] = mapped_column(String(200), info={"stored_file": True})
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="signatories")

    __mapper_args__ = {"version_id_col": version}

    @property
    def signature_url(self) -> str | None:
        return f"/media/{self.signature}" if self.signature else None
