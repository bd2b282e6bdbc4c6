"""Registrations of participants, their history, check-ins, and the event's registration settings."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..events.models import Event


class RegistrationStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class InstitutionType(enum.StrEnum):
    GOVERNMENT = "government"
    INTERNATIONAL = "international"
    CIVIL_SOCIETY = "civil_society"
    ACADEMIA = "academia"
    OTHER = "other"


class Sex(enum.StrEnum):
    """Asked (optionally) for the participant statistics of the report."""

    NOT_STATED = "not_stated"
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"  # "prefer not to say"


class RegistrationSettings(db.Model):  # type: ignore[name-defined]
    """How an event takes registrations: when, how many, and whether each needs approval."""

    __tablename__ = "registration_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    capacity: Mapped[int | None] = mapped_column()  # None: unlimited
    requires_approval: Mapped[bool] = mapped_column(default=False)
    privacy_notice: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Registration(db.Model):  # type: ignore[name-defined]
    __tablename__ = "registration"
    __table_args__ = (
        UniqueConstraint("event_id", "email"),
        Index("ix_registration_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    honorific: Mapped[str] = mapped_column(String(40), default="")
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    position: Mapped[str] = mapped_column(String(200), default="")
    institution: Mapped[str] = mapped_column(String(200), default="")
    institution_type: Mapped[InstitutionType] = mapped_column(
        Enum(InstitutionType, native_enum=False, length=20), default=InstitutionType.GOVERNMENT
    )
    country: Mapped[str] = mapped_column(String(2), default="")
    sex: Mapped[Sex] = mapped_column(
        Enum(Sex, native_enum=False, length=20), default=Sex.NOT_STATED
    )
    email: Mapped[str] = mapped_column(String(254))  # stored lower-case
    phone: Mapped[str] = mapped_column(String(40), default="")
    preferred_language: Mapped[str] = mapped_column(String(8), default="es")
    days: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO dates attended
    dietary_needs: Mapped[str] = mapped_column(String(500), default="")
    accessibility_needs: Mapped[str] = mapped_column(String(500), default="")
    needs_interpretation: Mapped[bool] = mapped_column(default=False)
    consents_to_list: Mapped[bool] = mapped_column(default=False)  # appear in the published list
    privacy_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[RegistrationStatus] = mapped_column(
        Enum(RegistrationStatus, native_enum=False, length=20), default=RegistrationStatus.PENDING
    )
    # When the registration joined the waiting list: the list is served in this order.
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(20), default="form")  # form / import / desk
    organizer_notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="StatusChange.id"
    )
    checkins: Mapped[list[CheckIn]] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.full_name}".strip()

    @property
    def day_dates(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.days or []]


class StatusChange(db.Model):  # type: ignore[name-defined]
    """Every state change of a registration: who, when and why."""

    __tablename__ = "registration_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(500), default="")
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    by_participant: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    registration: Mapped[Registration] = relationship(back_populates="history")
    by_user: Mapped[User | None] = relationship()


class CheckIn(db.Model):  # type: ignore[name-defined]
    """A participant's arrival on one day of the event."""

    __tablename__ = "checkin"
    __table_args__ = (UniqueConstraint("registration_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Why someone was checked in for a day other than the day it was done (empty on the day).
    reason: Mapped[str] = mapped_column(String(300), default="")

    registration: Mapped[Registration] = relationship(back_populates="checkins")
    by_user: Mapped[User | None] = relationship()


# Custom registration questions live in their own module; importing it here registers the models.
from .questions import QuestionChoice, RegistrationAnswer, RegistrationQuestion  # noqa: E402

__all__ = [
    "CheckIn",
    "InstitutionType",
    "QuestionChoice",
    "Registration",
    "RegistrationAnswer",
    "RegistrationQuestion",
    "RegistrationSettings",
    "RegistrationStatus",
    "StatusChange",
]
