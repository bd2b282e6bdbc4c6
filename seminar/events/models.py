"""The event: what every other area hangs from."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Date, Enum, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..accounts.models import Membership


def language_codes(languages: str) -> list[str]:
    """The codes of an event's ``languages`` column, its main language first."""
    return [code.strip() for code in languages.split(",") if code.strip()]


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Event(db.Model):  # type: ignore[name-defined]
    """A seminar: one or more consecutive days in one place and one time zone."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    subtitle: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    venue: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # Comma-separated language codes, the first is the event's main language.
    languages: Mapped[str] = mapped_column(String(40), default="es,en")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[EventStatus] = mapped_column(
        Enum(EventStatus, native_enum=False, length=20), default=EventStatus.DRAFT
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    host_organizations: Mapped[list[HostOrganization]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="HostOrganization.position, HostOrganization.id",
    )
    signatories: Mapped[list[Signatory]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="Signatory.position, Signatory.id",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def language_list(self) -> list[str]:
        return language_codes(self.languages)

    @property
    def default_language(self) -> str:
        langs = self.language_list
        return langs[0] if langs else "es"

    @property
    def host_list(self) -> list[str]:
        """The host organizations' names, the main host first."""
        return [host.name for host in self.host_organizations]

    @property
    def main_host(self) -> HostOrganization | None:
        return self.host_organizations[0] if self.host_organizations else None

    @property
    def hosts(self) -> str:
        """The hosts' names, one per line: what the event settings form edits as text."""
        return "\n".join(self.host_list)

    @hosts.setter
    def hosts(self, text: str) -> None:
        # Names typed as lines: a host whose name stays keeps its logo; the lines give the order.
        existing = {host.name: host for host in self.host_organizations}
        names = list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
        rows = [existing.get(name) or HostOrganization(name=name) for name in names]
        for position, host in enumerate(rows):
            if host.position != position:
                host.position = position
        if rows != self.host_organizations:
            self.host_organizations = rows
            self.touch()

    def touch(self) -> None:
        """Mark the event changed (a new version): its pages and documents show its hosts and
        signatories, and their cache keys hold the event's version."""
        self.updated_at = utcnow()

    @property
    def days(self) -> list[date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + timedelta(days=i) for i in range(max(count, 0))]

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


from .identity import HostOrganization, Signatory  # noqa: E402  (they refer to Event by name)
