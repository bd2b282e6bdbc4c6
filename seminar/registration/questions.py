"""Custom registration questions an event's organizers add to the form, and the answers to them.

A question's label, hint and choice labels are stored per language (``{"es": ..., "en": ...}``),
the event's main language required. Its ``audience`` lists the institution types it is asked of
(empty: everybody). Once a question has answers its meaning is frozen: its kind and the keys of its
choices never change (labels may still be corrected, each change recorded in the activity log); it
can be hidden, which keeps its answers.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..events.models import Event
    from .models import Registration


class QuestionKind(enum.StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    ONE_CHOICE = "one_choice"
    SEVERAL_CHOICES = "several_choices"
    YES_NO = "yes_no"
    DATE = "date"

    @property
    def has_choices(self) -> bool:
        return self in (QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES)


def in_language(texts: dict[str, str] | None, language: str, fallback: str) -> tuple[str, str]:
    """The text in ``language``, else in ``fallback`` (the event's main language): (text, lang)."""
    texts = texts or {}
    if texts.get(language):
        return texts[language], language
    if texts.get(fallback):
        return texts[fallback], fallback
    for lang, text in texts.items():
        if text:
            return text, lang
    return "", language


class RegistrationQuestion(db.Model):  # type: ignore[name-defined]
    """A question of an event's registration form, asked after the built-in fields."""

    __tablename__ = "registration_question"
    __table_args__ = (Index("ix_registration_question_event_position", "event_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[QuestionKind] = mapped_column(Enum(QuestionKind, native_enum=False, length=20))
    label: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    help: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    is_required: Mapped[bool] = mapped_column(default=False)
    # Institution types the question is asked of; empty: every participant.
    audience: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    choices: Mapped[list[QuestionChoice]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="QuestionChoice.position"
    )
    answers: Mapped[list[RegistrationAnswer]] = relationship(
        back_populates="question", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def field_name(self) -> str:
        """The name of the question's field in the registration forms."""
        return f"q_{self.id}"

    def text(self, language: str) -> tuple[str, str]:
        return in_language(self.label, language, self.event.default_language)

    def help_text(self, language: str) -> tuple[str, str]:
        return in_language(self.help, language, self.event.default_language)

    def asks(self, institution_type: str | None) -> bool:
        """Whether a participant of this institution type is asked the question."""
        return not self.audience or (institution_type or "") in self.audience

    @property
    def visible_choices(self) -> list[QuestionChoice]:
        return [choice for choice in self.choices if not choice.is_hidden]


class QuestionChoice(db.Model):  # type: ignore[name-defined]
    """One choice of a one-choice or several-choices question; ``key`` never changes once answered."""

    __tablename__ = "question_choice"
    __table_args__ = (UniqueConstraint("question_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("registration_question.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    is_hidden: Mapped[bool] = mapped_column(default=False)

    question: Mapped[RegistrationQuestion] = relationship(back_populates="choices")

    def text(self, language: str) -> tuple[str, str]:
        return in_language(self.label, language, self.question.event.default_language)


class RegistrationAnswer(db.Model):  # type: ignore[name-defined]
    """A participant's answer: text, a choice key, a list of keys, a boolean or an ISO date."""

    __tablename__ = "registration_answer"
    __table_args__ = (UniqueConstraint("registration_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("registration_question.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    registration: Mapped[Registration] = relationship()
    question: Mapped[RegistrationQuestion] = relationship(back_populates="answers")
