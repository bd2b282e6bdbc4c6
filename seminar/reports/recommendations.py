"""Recommendations: grouped by theme, reordered by people, numbered in printed order."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..agenda.models import AgendaItem
from ..audit import record
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from .models import Priority, Recommendation, RecommendationState, Timeframe
from .services import check_length, check_version, find_report, reopen_if_final, themes_of


def recommendations_of(event: Event) -> list[Recommendation]:
    """All recommendations in document order: by theme (agenda order), then position."""
    themes = {t.id: t.position for t in themes_of(event)}
    recs = list(
        db.session.scalars(
            select(Recommendation)
            .options(selectinload(Recommendation.theme), selectinload(Recommendation.items))
            .where(Recommendation.event_id == event.id)
        )
    )
    recs.sort(key=lambda r: (_theme_rank(r, themes), r.position, r.id))
    return recs


def _theme_rank(rec: Recommendation, themes: dict[int, int]) -> tuple[int, int]:
    if rec.theme_id is None or rec.theme_id not in themes:
        return (1, 0)
    return (0, themes[rec.theme_id])


def numbers_for(recs: list[Recommendation]) -> dict[int, int]:
    """Numbers of adopted recommendations: 1, 2, 3 ... in the order the report prints them.

    ``recs`` must be in document order (``recommendations_of``). Numbers follow the document in
    every version, so a recommendation added or moved later renumbers the ones after it; each
    finalized version keeps its own numbers in its snapshot, and the versions comparison shows a
    recommendation's old and new number."""
    adopted = [r for r in recs if r.state == RecommendationState.ADOPTED]
    return {rec.id: number for number, rec in enumerate(adopted, start=1)}


def fix_numbers(event: Event) -> None:
    """Record on each recommendation its number in the version being finalized (None if it is
    not printed), so the editor can tell that numbers have been published."""
    recs = recommendations_of(event)
    numbers = numbers_for(recs)
    for rec in recs:
        rec.number = numbers.get(rec.id)
    db.session.flush()


def get_recommendation(event: Event, rec_id: int) -> Recommendation | None:
    rec = db.session.get(Recommendation, rec_id)
    return rec if rec is not None and rec.event_id == event.id else None


def _apply_recommendation(event: Event, rec: Recommendation, data: dict[str, Any]) -> None:
    text = (data.get("text") or "").strip()
    if not text:
        raise DomainError(_("Write the recommendation."), field="text")
    check_length(text, "text")
    theme_id = data.get("theme_id")
    if theme_id is not None and theme_id not in {t.id for t in themes_of(event)}:
        raise DomainError(_("Choose one of the seminar's themes."), field="theme_id")
    item_ids = set(data.get("item_ids") or [])
    items = (
        list(
            db.session.scalars(
                select(AgendaItem).where(
                    AgendaItem.event_id == event.id, AgendaItem.id.in_(item_ids)
                )
            )
        )
        if item_ids
        else []
    )
    if rec.theme_id != theme_id:
        rec.position = _next_position(event)
    rec.text = text
    rec.addressee = (data.get("addressee") or "").strip()
    rec.priority = Priority(data.get("priority") or Priority.MEDIUM)
    rec.timeframe = Timeframe(data.get("timeframe") or Timeframe.SHORT)
    rec.state = RecommendationState(data.get("state") or RecommendationState.DRAFT)
    rec.theme_id = theme_id
    rec.items = items


def _next_position(event: Event) -> int:
    current = db.session.scalar(
        select(func.max(Recommendation.position)).where(Recommendation.event_id == event.id)
    )
    return (current or 0) + 1


def create_recommendation(event: Event, data: dict[str, Any], *, by: User) -> Recommendation:
    rec = Recommendation(event_id=event.id, position=_next_position(event), text="")
    _apply_recommendation(event, rec, data)
    db.session.add(rec)
    reopen_if_final(find_report(event))
    db.session.flush()
    record("report.recommendation_created", event=event, obj=rec, summary=rec.text[:200], by=by)
    return rec


def update_recommendation(
    event: Event,
    rec: Recommendation,
    data: dict[str, Any],
    *,
    expected_version: int | None,
    by: User,
) -> Recommendation:
    check_version(rec, expected_version)
    _apply_recommendation(event, rec, data)
    reopen_if_final(find_report(event))
    record("report.recommendation_updated", event=event, obj=rec, summary=rec.text[:200], by=by)
    db.session.flush()
    return rec


def _group(recs: list[Recommendation], rec: Recommendation) -> list[Recommendation]:
    return [r for r in recs if r.theme_id == rec.theme_id]


def move_recommendation(event: Event, rec: Recommendation, direction: str, *, by: User) -> None:
    """Swap with the neighbour above or below within the same theme."""
    group = _group(recommendations_of(event), rec)
    index = group.index(rec)
    other_index = index - 1 if direction == "up" else index + 1
    if other_index < 0 or other_index >= len(group):
        return
    order = [r.id for r in group]
    order[index], order[other_index] = order[other_index], order[index]
    reorder_recommendations(event, order, by=by)


def reorder_recommendations(event: Event, ids: list[int], *, by: User) -> None:
    """Put the recommendations of one theme in the given order (positions are reused)."""
    recs = {r.id: r for r in recommendations_of(event)}
    if not ids or any(i not in recs for i in ids) or len(set(ids)) != len(ids):
        raise DomainError(_("The list has changed. Reload the page and try again."))
    group = _group(list(recs.values()), recs[ids[0]])
    if {r.id for r in group} != set(ids):
        raise DomainError(_("The list has changed. Reload the page and try again."))
    positions = sorted(r.position for r in group)
    if len(set(positions)) != len(positions):
        positions = list(range(positions[0], positions[0] + len(positions)))
    changed = False
    for rec_id, position in zip(ids, positions, strict=True):
        if recs[rec_id].position != position:
            recs[rec_id].position = position
            changed = True
    if changed:
        reopen_if_final(find_report(event))
        record("report.recommendations_reordered", event=event, by=by)
    db.session.flush()
