"""Recommendations: list by theme, add, edit, reorder (buttons without JavaScript, drag and drop
and keyboard with it)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import edits
from ..accounts.permissions import can_edit_report, event_route
from ..errors import problem
from ..events.models import Event
from ..uow import work
from . import recommendations as rec_rules
from . import services, sessions
from .forms import CommentForm, RecommendationForm
from .models import Recommendation
from .views import bp


def _groups(event: Event) -> list[dict[str, Any]]:
    recs = rec_rules.recommendations_of(event)
    groups: list[dict[str, Any]] = []
    for theme in services.themes_of(event):
        groups.append({"theme": theme, "title": theme.name, "recs": []})
    groups.append({"theme": None, "title": _("General (no theme)"), "recs": []})
    index = {g["theme"].id if g["theme"] else None: g for g in groups}
    for rec in recs:
        index.get(rec.theme_id, groups[-1])["recs"].append(rec)
    return [g for g in groups if g["theme"] is not None or g["recs"]]


@bp.get("/manage/<slug>/report/recommendations")
@event_route(can_edit_report)
def recommendations(event: Event) -> str:
    report = services.get_report(event)
    recs = rec_rules.recommendations_of(event)
    open_by_rec: dict[int, int] = {}
    for comment in services.comments_of(report, open_only=True):
        if comment.recommendation_id:
            open_by_rec[comment.recommendation_id] = (
                open_by_rec.get(comment.recommendation_id, 0) + 1
            )
    return render_template(
        "reports/recommendations.html",
        event=event,
        report=report,
        groups=_groups(event),
        numbers=rec_rules.numbers_for(recs),
        state_labels=services.STATE_LABELS,
        priority_labels=services.PRIORITY_LABELS,
        timeframe_labels=services.TIMEFRAME_LABELS,
        open_by_rec=open_by_rec,
        has_fixed_numbers=any(r.number is not None for r in recs),
    )


def _form(event: Event, rec: Any = None) -> RecommendationForm:
    form = RecommendationForm(obj=rec)
    form.set_choices(services.themes_of(event), sessions.session_rows(event))
    if request.method == "GET":
        if rec is not None:
            _fill(form, rec)
        else:
            form.theme_id.data = request.args.get("theme", "")
    return form


@bp.route("/manage/<slug>/report/recommendations/new", methods=["GET", "POST"])
@event_route(can_edit_report)
def new_recommendation(event: Event) -> Any:
    form = _form(event)
    if form.validate_on_submit():
        with work(form) as done:
            rec_rules.create_recommendation(event, form.data_dict(), by=current_user)
        if done:
            flash(_("The recommendation has been added."), "success")
            return redirect(url_for("reports.recommendations", slug=event.slug))
    return render_template(
        "reports/recommendation.html", event=event, form=form, rec=None
    ), edits.status(form, None)


def _saved_form(event: Event, rec: Recommendation) -> RecommendationForm:
    saved = RecommendationForm(formdata=None, obj=rec)
    saved.set_choices(services.themes_of(event), sessions.session_rows(event))
    _fill(saved, rec)
    return saved


def _fill(form: RecommendationForm, rec: Recommendation) -> None:
    form.theme_id.data = str(rec.theme_id or "")
    form.item_ids.data = [str(i.id) for i in rec.items]
    form.priority.data, form.timeframe.data = rec.priority.value, rec.timeframe.value
    form.state.data, form.version.data = rec.state.value, str(rec.version)


@bp.route("/manage/<slug>/report/recommendations/<int:rec_id>", methods=["GET", "POST"])
@event_route(can_edit_report)
def edit_recommendation(event: Event, rec_id: int) -> Any:
    rec = rec_rules.get_recommendation(event, rec_id)
    if rec is None:
        abort(404)
    form = _form(event, rec)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            rec_rules.update_recommendation(
                event, rec, form.data_dict(),
                expected_version=edits.expected_version(form), by=current_user,
            )  # fmt: skip
        if done:
            flash(_("The recommendation has been saved."), "success")
            return redirect(url_for("reports.recommendations", slug=event.slug) + f"#rec-{rec.id}")
        if done.conflict:
            saved_at = rec.updated_at
            conflict = edits.conflict_for(
                done.conflict, form, _saved_form(event, rec), saved_at=saved_at
            )
    report = services.get_report(event)
    comments = [c for c in services.comments_of(report) if c.recommendation_id == rec_id]
    return render_template(
        "reports/recommendation.html", event=event, form=form, rec=rec, report=report,
        conflict=conflict, comments=comments,
        comment_form=CommentForm(prefix="comment", target=f"recommendation:{rec_id}"),
    ), edits.status(form, conflict)  # fmt: skip


@bp.post("/manage/<slug>/report/recommendations/<int:rec_id>/move")
@event_route(can_edit_report)
def move_recommendation(event: Event, rec_id: int) -> Response:
    rec = rec_rules.get_recommendation(event, rec_id)
    if rec is None:
        abort(404)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    with work():
        rec_rules.move_recommendation(event, rec, direction, by=current_user)
    return redirect(url_for("reports.recommendations", slug=event.slug) + f"#rec-{rec.id}")


@bp.post("/manage/<slug>/report/recommendations/order")
@event_route(can_edit_report)
def reorder_recommendations(event: Event) -> Response:
    """JSON ``{"ids": [...]}``: the new order of one theme's recommendations."""
    payload = request.get_json(silent=True)
    ids = payload.get("ids") if isinstance(payload, dict) else None
    if not isinstance(ids, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**31 for i in ids
    ):
        return problem(400, _("The list has changed. Reload the page and try again."))
    with work(flash_errors=False) as done:
        rec_rules.reorder_recommendations(event, ids, by=current_user)
    failure = done.conflict or done.error
    if failure is not None:
        return problem(failure.status, failure.message)
    numbers = rec_rules.numbers_for(rec_rules.recommendations_of(event))
    return jsonify(ids=ids, numbers={str(k): v for k, v in numbers.items()})
