"""Counts of the answers to an event's registration questions, for the organizers' summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..events.models import Event
from ..extensions import db
from .models import Registration, RegistrationStatus
from .question_services import questions_for
from .questions import QuestionKind, RegistrationAnswer, RegistrationQuestion


@dataclass
class QuestionSummary:
    """The answers to one question: how many answered and, for choices and yes/no, per option."""

    question: RegistrationQuestion
    asked: int = 0
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)


def summaries(event: Event, language: str) -> list[QuestionSummary]:
    """Counts per question over the registrations that are not cancelled or declined."""
    active = (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED)
    registrations = db.session.execute(
        select(Registration.id, Registration.institution_type).where(
            Registration.event_id == event.id, Registration.status.not_in(active)
        )
    ).all()
    types = {rid: kind.value for rid, kind in registrations}
    answers = db.session.execute(
        select(
            RegistrationAnswer.question_id,
            RegistrationAnswer.registration_id,
            RegistrationAnswer.value,
        )
        .join(RegistrationQuestion)
        .where(RegistrationQuestion.event_id == event.id)
    ).all()
    by_question: dict[int, list[Any]] = {}
    for question_id, registration_id, value in answers:
        if registration_id in types:
            by_question.setdefault(question_id, []).append(value)
    result = []
    for question in questions_for(event, include_hidden=True):
        values = by_question.get(question.id, [])
        summary = QuestionSummary(
            question,
            asked=sum(1 for kind in types.values() if question.asks(kind)),
            answered=len(values),
        )
        tally: Counter[Any] = Counter()
        for value in values:
            tally.update(value if isinstance(value, list) else [value])
        if question.kind == QuestionKind.YES_NO:
            summary.counts = [(_("Yes"), tally[True]), (_("No"), tally[False])]
        elif question.kind.has_choices:
            summary.counts = [(c.text(language)[0], tally[c.key]) for c in question.choices]
        result.append(summary)
    return result
