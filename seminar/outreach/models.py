"""Invitations to institutions and people, their nominees, invitation letters and the passport
details a visa letter needs, and each event's outreach settings."""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db
from ..registration.models import InstitutionType

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..events.models import Event
    from ..mail import OutboxMessage
    from ..registration.models import Registration


def _salt() -> str:
    return secrets.token_urlsafe(12)


class InvitationKind(enum.StrEnum):
    INSTITUTION = "institution"  # a focal point nominates delegates, up to the quota
    PERSON = "person"  # a named person registers directly, with a reserved seat


class InvitationStatus(enum.StrEnum):
    PENDING = "pending"  # no answer yet
    NOMINATED = "nominated"
    REGISTERED = "registered"
    DECLINED = "declined"
    EXPIRED = "expired"  # a named invitee's reserved seat lapsed without an answer


class OutreachSettings(db.Model):  # type: ignore[name-defined]
    """How an event reminds its invitees, keeps passport details, and signs its letters."""

    __tablename__ = "outreach_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    reminder_max: Mapped[int] = mapped_column(default=2)
    reminder_days: Mapped[int] = mapped_column(default=7)  # at least this many days apart
    passport_retention_days: Mapped[int] = mapped_column(default=30)  # after the event's end
    reference_prefix: Mapped[str] = mapped_column(String(8), default="")
    # Used on letters while the event has no signatories of its own.
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="")
    # The automatic reminder to confirmed participants before the event (with agenda and venue).
    is_event_reminder_on: Mapped[bool] = mapped_column(default=False)
    event_reminder_days: Mapped[int] = mapped_column(default=2)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Invitation(db.Model):  # type: ignore[name-defined]
    """An invitation to an institution (its focal point nominates) or to a named person."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[InvitationKind] = mapped_column(
        Enum(InvitationKind, native_enum=False, length=20), default=InvitationKind.INSTITUTION
    )
    institution: Mapped[str] = mapped_column(String(200), default="")
    institution_type: Mapped[InstitutionType] = mapped_column(
        Enum(InstitutionType, native_enum=False, length=20), default=InstitutionType.GOVERNMENT
    )
    country: Mapped[str] = mapped_column(String(2), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8), default="es")
    quota: Mapped[int] = mapped_column(default=1)
    seat_reserved_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[InvitationStatus] = mapped_column(
        Enum(InvitationStatus, native_enum=False, length=20), default=InvitationStatus.PENDING
    )
    # Part of every link's signature: a new salt makes the old links invalid.
    token_salt: Mapped[str] = mapped_column(String(24), default=_salt)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL")
    )
    sent_count: Mapped[int] = mapped_column(default=0)
    reminder_count: Mapped[int] = mapped_column(default=0)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship()
    registration: Mapped[Registration | None] = relationship()
    nominations: Mapped[list[Nomination]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", order_by="Nomination.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_institution(self) -> bool:
        return self.kind == InvitationKind.INSTITUTION

    @property
    def name(self) -> str:
        """Who is invited, as the desk and the e-mails name them."""
        if self.is_institution:
            return self.institution
        return self.contact_name or self.email

    @property
    def active_nominations(self) -> list[Nomination]:
        return [n for n in self.nominations if n.status != NominationStatus.WITHDRAWN]

    @property
    def places_left(self) -> int:
        return max(self.quota - len(self.active_nominations), 0)


class NominationStatus(enum.StrEnum):
    NOMINATED = "nominated"  # the nominee has not completed the registration yet
    REGISTERED = "registered"
    WITHDRAWN = "withdrawn"


class Nomination(db.Model):  # type: ignore[name-defined]
    """A delegate named by an institution's focal point; they complete their own registration."""

    __tablename__ = "nomination"
    __table_args__ = (UniqueConstraint("invitation_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), index=True
    )
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    position: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8), default="es")
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL")
    )
    status: Mapped[NominationStatus] = mapped_column(
        Enum(NominationStatus, native_enum=False, length=20), default=NominationStatus.NOMINATED
    )
    token_salt: Mapped[str] = mapped_column(String(24), default=_salt)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    invitation: Mapped[Invitation] = relationship(back_populates="nominations")
    registration: Mapped[Registration | None] = relationship()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class LetterKind(enum.StrEnum):
    VISA = "visa"
    TRAVEL = "travel"  # for the participant's travel approval at their institution


class LetterStatus(enum.StrEnum):
    REQUESTED = "requested"
    ISSUED = "issued"


COVERAGE_ITEMS = ("travel", "accommodation", "per_diem")


class Letter(db.Model):  # type: ignore[name-defined]
    """An invitation letter a participant asked for; issued by the organizers with a reference."""

    __tablename__ = "invitation_letter"
    __table_args__ = (UniqueConstraint("registration_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[LetterKind] = mapped_column(Enum(LetterKind, native_enum=False, length=20))
    status: Mapped[LetterStatus] = mapped_column(
        Enum(LetterStatus, native_enum=False, length=20), default=LetterStatus.REQUESTED
    )
    # e.g. "LPZ-2026-0007-K4QX": a running number and a keyed check suffix nobody can guess.
    reference: Mapped[str | None] = mapped_column(String(40), unique=True)
    sequence: Mapped[int | None] = mapped_column()
    coverage: Mapped[list[str]] = mapped_column(JSON, default=list)  # of COVERAGE_ITEMS
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    registration: Mapped[Registration] = relationship()
    event: Mapped[Event] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_issued(self) -> bool:
        return self.status == LetterStatus.ISSUED


class PassportDetails(db.Model):  # type: ignore[name-defined]
    """Passport details for a visa letter: seen by organizers only, erased after the event."""

    __tablename__ = "passport_details"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), unique=True
    )
    number: Mapped[str] = mapped_column(String(40), default="")
    nationality: Mapped[str] = mapped_column(String(2), default="")
    expires_on: Mapped[date | None] = mapped_column(Date)
    birth_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration] = relationship()

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "nationality": self.nationality,
            "expires_on": self.expires_on,
            "birth_date": self.birth_date,
        }


class MessageState(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"  # claimed by one worker; its recipients are being written
    SENT = "sent"
    CANCELLED = "cancelled"


class ParticipantMessage(db.Model):  # type: ignore[name-defined]
    """A message from the organizers to a filtered group, written in each event language.

    ``automatic`` names the automatic reminder before the event ("reminder"), one per event;
    organizers' own messages have none."""

    __tablename__ = "participant_message"
    __table_args__ = (UniqueConstraint("event_id", "automatic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    automatic: Mapped[str | None] = mapped_column(String(20))
    subjects: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # language -> text
    bodies: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # language -> Markdown
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the filter
    state: Mapped[MessageState] = mapped_column(
        Enum(MessageState, native_enum=False, length=20), default=MessageState.DRAFT
    )
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship()
    created_by: Mapped[User | None] = relationship()
    recipients: Mapped[list[MessageRecipient]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="MessageRecipient.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_automatic(self) -> bool:
        return self.automatic is not None

    @property
    def is_editable(self) -> bool:
        return self.state == MessageState.DRAFT


class MessageRecipient(db.Model):  # type: ignore[name-defined]
    """One address a message went to, with the outbox row that shows its delivery status."""

    __tablename__ = "message_recipient"
    __table_args__ = (UniqueConstraint("message_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("participant_message.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL")
    )
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL")
    )
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8), default="es")
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="SET NULL")
    )

    message: Mapped[ParticipantMessage] = relationship(back_populates="recipients")
    outbox: Mapped[OutboxMessage | None] = relationship()
