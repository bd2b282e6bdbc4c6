"""The agenda's working copy (rooms, themes, items, people) and its published versions."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..events.models import Event


class ItemKind(enum.StrEnum):
    OPENING = "opening"
    KEYNOTE = "keynote"
    PANEL = "panel"
    PRESENTATION = "presentation"
    WORKING_GROUP = "working_group"
    PLENARY = "plenary"
    BREAK = "break"
    MEAL = "meal"
    CLOSING = "closing"


class PersonRole(enum.StrEnum):
    SPEAKER = "speaker"
    MODERATOR = "moderator"
    DISCUSSANT = "discussant"
    RAPPORTEUR = "rapporteur"


def _uid() -> str:
    return str(uuid.uuid4())


class Room(db.Model):  # type: ignore[name-defined]
    __tablename__ = "room"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int | None] = mapped_column()
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(back_populates="room")


class Theme(db.Model):  # type: ignore[name-defined]
    """A theme or track; its colour must keep AA contrast against the text drawn on it."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    color: Mapped[str] = mapped_column(String(7), default="#0b5cab")
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(back_populates="theme")


class AgendaItem(db.Model):  # type: ignore[name-defined]
    """One entry of the working agenda. ``version`` guards against silent overwrites."""

    __tablename__ = "agenda_item"
    __table_args__ = (Index("ix_agenda_item_event_start", "event_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=_uid)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[ItemKind] = mapped_column(
        Enum(ItemKind, native_enum=False, length=20), default=ItemKind.PRESENTATION
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="SET NULL"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="es")
    has_interpretation: Mapped[bool] = mapped_column(default=False)
    is_public: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    room: Mapped[Room | None] = relationship(back_populates="items")
    theme: Mapped[Theme | None] = relationship(back_populates="items")
    participants: Mapped[list[ItemPerson]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ItemPerson.position"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Person(db.Model):  # type: ignore[name-defined]
    """A speaker, moderator, discussant or rapporteur of the event's programme."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    honorific: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    organization: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[str | None] = mapped_column(String(200), info={"stored_file": True})
    email: Mapped[str] = mapped_column(String(254), default="")  # private: never on public pages
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    roles: Mapped[list[ItemPerson]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()


class ItemPerson(db.Model):  # type: ignore[name-defined]
    """A person's role in an agenda item, in order."""

    __tablename__ = "item_person"
    __table_args__ = (UniqueConstraint("item_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[PersonRole] = mapped_column(
        Enum(PersonRole, native_enum=False, length=20), default=PersonRole.SPEAKER
    )
    position: Mapped[int] = mapped_column(default=0)

    item: Mapped[AgendaItem] = relationship(back_populates="participants")
    person: Mapped[Person] = relationship(back_populates="roles")


class AgendaPublication(db.Model):  # type: ignore[name-defined]
    """A published, numbered, frozen version of the agenda. Public pages and exports read only these.

    ``snapshot`` holds everything the public pages need (items, rooms, themes, people, times in
    UTC ISO 8601); ``changes`` lists what changed since the previous version.
    """

    __tablename__ = "agenda_publication"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(500), default="")
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    event: Mapped[Event] = relationship()
    published_by: Mapped[User | None] = relationship()
