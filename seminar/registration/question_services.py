"""Custom registration questions: editing them, checking and saving answers, counting them.

The rule that keeps answers meaningful: once a question has answers, its kind and the keys of its
answered choices are frozen. Labels, hints and choice labels may still be corrected (each change
is recorded in the activity log), choices may be added or hidden, and the question itself may be
hidden (its answers stay). Removing an answered choice or question, or changing the kind of an
answered question, is refused with a message saying what to do instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from babel.dates import parse_date
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from .. import audit
from ..accounts.models import User
from ..errors import ConflictError, DomainError
from ..events.models import Event
from ..extensions import db
from .models import InstitutionType, Registration
from .questions import QuestionChoice, QuestionKind, RegistrationAnswer, RegistrationQuestion

audit.ACTION_LABELS.update(
    {
        "registration.question_added": _l("Registration question added"),
        "registration.question_changed": _l("Registration question changed"),
        "registration.question_removed": _l("Registration question removed"),
        "registration.answers_updated": _l("Answers to registration questions changed"),
    }
)

TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 500, QuestionKind.LONG_TEXT: 5000}
LABEL_LIMIT = 500
HELP_LIMIT = 1000


# --- Reading -----------------------------------------------------------------------------------


def questions_for(event: Event, *, include_hidden: bool = False) -> list[RegistrationQuestion]:
    """The event's questions in the order of the form."""
    query = select(RegistrationQuestion).where(RegistrationQuestion.event_id == event.id)
    if not include_hidden:
        query = query.where(RegistrationQuestion.is_hidden.is_(False))
    return list(
        db.session.scalars(query.order_by(RegistrationQuestion.position, RegistrationQuestion.id))
    )


def answer_count(question: RegistrationQuestion) -> int:
    return int(
        db.session.scalar(
            select(func.count(RegistrationAnswer.id)).where(
                RegistrationAnswer.question_id == question.id
            )
        )
        or 0
    )


def _answered_keys(question: RegistrationQuestion) -> set[str]:
    keys: set[str] = set()
    for value in db.session.scalars(
        select(RegistrationAnswer.value).where(RegistrationAnswer.question_id == question.id)
    ):
        keys.update(value if isinstance(value, list) else [value])
    return {str(key) for key in keys}


def answers_of(registration: Registration) -> dict[int, Any]:
    """{question id: value} of one registration."""
    rows = db.session.execute(
        select(RegistrationAnswer.question_id, RegistrationAnswer.value).where(
            RegistrationAnswer.registration_id == registration.id
        )
    )
    return {question_id: value for question_id, value in rows}


def answers_for(registrations: Sequence[Registration]) -> dict[int, dict[int, Any]]:
    """{registration id: {question id: value}} for many registrations, in one query."""
    found: dict[int, dict[int, Any]] = {}
    ids = [r.id for r in registrations]
    if not ids:
        return found
    rows = db.session.execute(
        select(
            RegistrationAnswer.registration_id,
            RegistrationAnswer.question_id,
            RegistrationAnswer.value,
        ).where(RegistrationAnswer.registration_id.in_(ids))
    )
    for registration_id, question_id, value in rows:
        found.setdefault(registration_id, {})[question_id] = value
    return found


def answer_list(registration: Registration, answers: dict[int, Any]) -> list[tuple[str, str]]:
    """(question, answer) as text in the reader's language, for every question of the event
    that has an answer, hidden ones included, in the form's order."""
    language = str(get_locale())
    return [
        (question.text(language)[0], display(question, answers[question.id], language))
        for question in questions_for(registration.event, include_hidden=True)
        if question.id in answers
    ]


def display(question: RegistrationQuestion, value: Any, language: str) -> str:
    """An answer as text for people: choice labels, Yes/No, a date in the reader's language."""
    if value is None or value == "" or value == []:
        return ""
    if question.kind == QuestionKind.YES_NO:
        return _("Yes") if value else _("No")
    if question.kind == QuestionKind.DATE:
        return format_date(date.fromisoformat(str(value)), "medium")
    if question.kind.has_choices:
        labels = {choice.key: choice.text(language)[0] for choice in question.choices}
        keys = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(key), str(key)) for key in keys)
    return str(value)


# --- Answers -----------------------------------------------------------------------------------


def _parse_date(raw: str) -> str:
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        pass
    try:
        return parse_date(raw, locale=str(get_locale())).isoformat()
    except (ValueError, IndexError) as exc:
        example = format_date(date(2027, 3, 15), "short")
        raise DomainError(_("Enter a date such as %(example)s.", example=example)) from exc


def clean_answer(
    question: RegistrationQuestion, raw: Any, *, previous: Any = None
) -> str | list[str] | bool | None:
    """Check one answer and return the value to store (None: no answer).

    ``previous`` is the saved answer: a choice hidden since then stays acceptable for whoever
    had chosen it. Raises ``DomainError`` with a message for the participant.
    """
    kind = question.kind
    if kind.has_choices:
        allowed = {choice.key for choice in question.visible_choices}
        allowed.update(previous if isinstance(previous, list) else [previous] if previous else [])
        picked = [str(k) for k in (raw if isinstance(raw, list | tuple) else [raw]) if k]
        if any(key not in allowed for key in picked):
            raise DomainError(_("Choose from the list."))
        value: Any = (picked[0] if picked else None) if kind == QuestionKind.ONE_CHOICE else None
        if kind == QuestionKind.SEVERAL_CHOICES:
            order = [choice.key for choice in question.choices]
            value = sorted(set(picked), key=order.index) or None
    elif kind == QuestionKind.YES_NO:
        text = str(raw).strip().lower() if raw is not None else ""
        if isinstance(raw, bool):
            value = raw
        elif text in ("yes", "no"):
            value = text == "yes"
        elif text:
            raise DomainError(_("Answer yes or no."))
        else:
            value = None
    elif kind == QuestionKind.DATE:
        if isinstance(raw, date):
            value = raw.isoformat()
        else:
            text = str(raw or "").strip()
            value = _parse_date(text) if text else None
    else:
        text = str(raw or "").strip()
        if kind == QuestionKind.SHORT_TEXT:
            text = " ".join(text.split())
        if len(text) > TEXT_LIMITS[kind]:
            raise DomainError(_("Use at most %(n)d characters.", n=TEXT_LIMITS[kind]))
        value = text or None
    if value is None and question.is_required:
        raise DomainError(
            _("Choose an answer.")
            if kind.has_choices or kind == QuestionKind.YES_NO
            else _("Answer this question.")
        )
    return value


def save_answers(
    registration: Registration,
    raw: dict[int, Any],
    *,
    by: User | None = None,
    is_new: bool = False,
    by_participant: bool = False,
) -> dict[int, Any]:
    """Check and save a registration's answers (in the caller's unit of work).

    Every visible question that the participant's institution type is asked gets the answer in
    ``raw`` (missing: no answer); an answer to a question that no longer applies to that type is
    removed. Hidden questions keep their answers. Changes are recorded in the activity log,
    except for a registration that is ``is_new`` (its answers are part of it); ``by_participant``:
    the participant saved them through their personal link. Returns the saved {question id: value}.
    """
    event = registration.event
    saved = {a.question_id: a for a in _answer_rows(registration)}
    kind_of = registration.institution_type
    values: dict[int, Any] = {}
    changes: dict[str, list[Any]] = {}
    for question in questions_for(event):
        row = saved.get(question.id)
        old = row.value if row is not None else None
        value = None
        if question.asks(kind_of.value if kind_of else None):
            try:
                value = clean_answer(question, raw.get(question.id), previous=old)
            except DomainError as error:
                raise DomainError(error.message, field=question.field_name) from error
            values[question.id] = value
        if value == old:
            continue
        changes[question.text(event.default_language)[0][:60]] = [old, value]
        if value is None:
            db.session.delete(row)
        elif row is None:
            db.session.add(
                RegistrationAnswer(registration=registration, question=question, value=value)
            )
        else:
            row.value = value
    if changes and not is_new:
        audit.record(
            "registration.answers_updated",
            event=event,
            obj=registration,
            summary=registration.full_name,
            changes=changes,
            by=by,
            by_participant=by_participant,
        )
    db.session.flush()
    return values


def _answer_rows(registration: Registration) -> list[RegistrationAnswer]:
    if registration.id is None:
        return []
    return list(
        db.session.scalars(
            select(RegistrationAnswer).where(RegistrationAnswer.registration_id == registration.id)
        )
    )


# --- Editing questions -------------------------------------------------------------------------


def choice_key(text: str, taken: Iterable[str]) -> str:
    """A stable key for a new choice from its label: 'Protección consular' -> 'proteccion-consular'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:50] or "choice"
    taken = set(taken)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _texts(event: Event, texts: dict[str, str] | None, limit: int) -> dict[str, str]:
    languages = event.language_list
    return {
        lang: " ".join(str(text).split())[:limit]
        for lang, text in (texts or {}).items()
        if lang in languages and str(text or "").strip()
    }


def _check_audience(audience: Iterable[str]) -> list[str]:
    valid = [t.value for t in InstitutionType]
    chosen = {str(a) for a in audience or []}
    if chosen - set(valid):
        raise DomainError(_("Choose types of institution from the list."), field="audience")
    return [kind for kind in valid if kind in chosen and len(chosen) < len(valid)]


def save_question(
    event: Event,
    question: RegistrationQuestion | None,
    data: dict[str, Any],
    *,
    expected_version: int | None = None,
    by: User | None = None,
) -> RegistrationQuestion:
    """Add a question (``question`` None) or change one, keeping answered meaning intact.

    ``data``: kind, label and help ({language: text}), is_required, audience (institution
    types; empty or all of them: everybody), is_hidden, and choices: a list of
    {"key": existing key or None, "label": {language: text}, "is_hidden": bool, "remove": bool}.
    """
    main = event.default_language
    if question is not None and expected_version != question.version:
        raise ConflictError(
            _(
                "Someone else changed this question while you were editing it. Their version is "
                "shown now; your changes were not saved."
            )
        )
    label = _texts(event, data.get("label"), LABEL_LIMIT)
    if not label.get(main):
        raise DomainError(
            _("Write the question in the event's main language."), field=f"label_{main}"
        )
    try:
        kind = QuestionKind(str(data.get("kind") or ""))
    except ValueError as exc:
        raise DomainError(_("Choose a kind of question."), field="kind") from exc
    answered = question is not None and answer_count(question) > 0
    if question is not None and answered and kind != question.kind:
        raise DomainError(
            _(
                "This question already has answers, so its kind cannot change. Hide it and add "
                "a new question instead."
            ),
            field="kind",
        )
    values: dict[str, Any] = {
        "kind": kind,
        "label": label,
        "help": _texts(event, data.get("help"), HELP_LIMIT),
        "is_required": bool(data.get("is_required")),
        "audience": _check_audience(data.get("audience") or []),
        "is_hidden": bool(data.get("is_hidden")),
    }
    is_new = question is None
    if question is None:
        position = db.session.scalar(
            select(func.coalesce(func.max(RegistrationQuestion.position), 0)).where(
                RegistrationQuestion.event_id == event.id
            )
        )
        question = RegistrationQuestion(event=event, position=int(position or 0) + 1, **values)
        db.session.add(question)
        changes = {}
    else:
        changes = audit.diff(question, values)
        for key, value in values.items():
            setattr(question, key, value)
    changes.update(_save_choices(event, question, data.get("choices") or [], kind, answered))
    db.session.flush()
    if is_new or changes:
        audit.record(
            "registration.question_added" if is_new else "registration.question_changed",
            event=event,
            obj=question,
            summary=label[main],
            changes=None if is_new else changes,
            by=by,
        )
    return question


def _save_choices(
    event: Event,
    question: RegistrationQuestion,
    rows: list[dict[str, Any]],
    kind: QuestionKind,
    answered: bool,
) -> dict[str, list[Any]]:
    """Apply the edited choice rows; returns the recorded changes {choice key: [old, new]}."""
    main = event.default_language
    existing = {choice.key: choice for choice in question.choices}
    used = _answered_keys(question) if answered else set()
    changes: dict[str, list[Any]] = {}
    kept: list[QuestionChoice] = []
    for row in rows:
        key = row.get("key") or None
        label = _texts(event, row.get("label"), LABEL_LIMIT)
        choice = existing.get(key) if key else None
        if key and choice is None:
            raise DomainError(
                _("A choice was removed meanwhile; reload the page."), field="choices"
            )
        if choice is not None and row.get("remove"):
            if choice.key in used:
                raise DomainError(
                    _(
                        "The choice “%(choice)s” has already been chosen by participants: hide it "
                        "instead of removing it.",
                        choice=choice.text(main)[0],
                    ),
                    field="choices",
                )
            changes[f"choice:{choice.key}"] = [choice.label, None]
            question.choices.remove(choice)
            continue
        if choice is None and not label:
            continue  # an empty row for a new choice
        if not label.get(main):
            raise DomainError(
                _("Write every choice in the event's main language."), field="choices"
            )
        if choice is None:
            taken = set(existing) | {c.key for c in kept}
            choice = QuestionChoice(key=choice_key(label[main], taken), label=label)
            question.choices.append(choice)
            changes[f"choice:{choice.key}"] = [None, label]
        elif choice.label != label or choice.is_hidden != bool(row.get("is_hidden")):
            changes[f"choice:{choice.key}"] = [choice.label, label]
        choice.label = label
        choice.is_hidden = bool(row.get("is_hidden"))
        kept.append(choice)
    for position, choice in enumerate(kept, start=1):
        choice.position = position
    if kind.has_choices and len([c for c in kept if not c.is_hidden]) < 2:
        raise DomainError(_("Give at least two choices that are shown."), field="choices")
    if not kind.has_choices and kept:
        if used:
            raise DomainError(_("This question's choices have answers."), field="choices")
        for choice in kept:
            question.choices.remove(choice)
    return changes


def move_question(question: RegistrationQuestion, step: int, *, by: User | None = None) -> None:
    """Move a question one place up (step -1) or down (+1) in the form."""
    ordered = questions_for(question.event, include_hidden=True)
    index = ordered.index(question)
    target = index + (1 if step > 0 else -1)
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
    db.session.flush()


def delete_question(question: RegistrationQuestion, *, by: User | None = None) -> None:
    """Remove a question that nobody has answered yet (answered ones can only be hidden)."""
    has_answers = db.session.scalar(
        select(exists().where(RegistrationAnswer.question_id == question.id))
    )
    if has_answers:
        raise DomainError(_("This question already has answers: hide it instead of removing it."))
    event = question.event
    audit.record(
        "registration.question_removed",
        event=event,
        obj=question,
        summary=question.text(event.default_language)[0],
        by=by,
    )
    db.session.delete(question)
    db.session.flush()
