"""Users, their per-event roles and the sign-in attempts that drive throttling."""

from __future__ import annotations

import enum
import secrets
import time
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..events.models import Event


def new_session_stamp() -> str:
    return secrets.token_hex(16)


class Role(enum.StrEnum):
    ORGANIZER = "organizer"
    RAPPORTEUR = "rapporteur"
    CHECKIN = "checkin"


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    """A person who signs in: a site admin or a member of one or more events' teams."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Changes whenever the password changes, so reset links already used or older stop working.
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of every session and remember-me cookie: a new stamp signs the user out everywhere.
    session_stamp: Mapped[str] = mapped_column(String(32), default=new_session_stamp)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def get_id(self) -> str:  # Flask-Login: what the session and the remember-me cookie hold
        """``<id>:<session stamp>:<sign-in time>``: the stamp ends every session at once when it
        changes; the time bounds how long one sign-in lasts, remember-me cookie included."""
        return f"{self.id}:{self.session_stamp}:{int(time.time())}"

    def end_sessions(self) -> None:
        """Sign out everywhere: every session and remember-me cookie of the user stops working."""
        self.session_stamp = new_session_stamp()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.password_changed_at = utcnow()
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash or "", password)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class Membership(db.Model):  # type: ignore[name-defined]
    """A user's role in one event's team."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "event_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    event: Mapped[Event] = relationship(back_populates="memberships")


class LoginAttempt(db.Model):  # type: ignore[name-defined]
    """A failed sign-in: recent ones per (account, address) and per address slow sign-in down.

    Kept in the database so every web process sees them; ``purge_login_attempts`` drops old ones.
    """

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_email_address_at", "email", "address", "attempted_at"),
        Index("ix_login_attempt_address_at", "address", "attempted_at"),
        Index("ix_login_attempt_attempted_at", "attempted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
