"""The organizers' custom registration questions: list and order, add and edit, preview, counts."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import edits
from ..accounts.permissions import can_manage_event, event_route
from ..events.models import Event
from ..extensions import db
from ..uow import work
from . import question_counts, question_services
from .forms import HONORIFICS, PublicRegistrationForm
from .question_forms import (
    KIND_NAMES,
    fill_question_form,
    question_data,
    question_form_class,
    registration_form,
)
from .questions import RegistrationQuestion
from .views import bp


def _question(event: Event, question_id: int) -> RegistrationQuestion:
    question = db.session.get(RegistrationQuestion, question_id)
    if question is None or question.event_id != event.id:
        abort(404)
    return question


def _list_url(event: Event) -> str:
    return url_for("registration.questions", slug=event.slug)


@bp.get("/manage/<slug>/registrations/questions")
@event_route(can_manage_event)
def questions(event: Event) -> str:
    items = question_services.questions_for(event, include_hidden=True)
    return render_template(
        "registration/questions/list.html",
        event=event,
        questions=items,
        counts={q.id: question_services.answer_count(q) for q in items},
        kind_names=KIND_NAMES,
        language=str(get_locale()),
    )


def _edit(event: Event, question: RegistrationQuestion | None) -> Any:
    form = question_form_class(event)()
    if request.method == "GET":
        fill_question_form(form, question)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            saved = question_services.save_question(
                event,
                question,
                question_data(form),
                expected_version=edits.expected_version(form) if question else None,
                by=current_user,
            )
        if done:
            label = saved.text(event.default_language)[0]
            flash(_("The question “%(label)s” has been saved.", label=label), "success")
            return redirect(_list_url(event))
        if done.conflict and question is not None:
            db.session.refresh(question)
            theirs = question_form_class(event)(formdata=None)
            fill_question_form(theirs, question)
            conflict = edits.conflict_for(done.conflict, form, theirs, saved_at=question.updated_at)
            # The choice rows stay in the form as typed; the table compares the single fields.
            choices_label = form.choices.label.text
            conflict.differences = [d for d in conflict.differences if d.label != choices_label]
    return render_template(
        "registration/questions/edit.html",
        event=event,
        form=form,
        question=question,
        answered=question_services.answer_count(question) if question else 0,
        conflict=conflict,
        kind_names=KIND_NAMES,
    ), edits.status(form, conflict)


@bp.route("/manage/<slug>/registrations/questions/new", methods=["GET", "POST"])
@event_route(can_manage_event)
def add_question(event: Event) -> Any:
    return _edit(event, None)


@bp.route("/manage/<slug>/registrations/questions/<int:question_id>", methods=["GET", "POST"])
@event_route(can_manage_event)
def edit_question(event: Event, question_id: int) -> Any:
    return _edit(event, _question(event, question_id))


@bp.post("/manage/<slug>/registrations/questions/<int:question_id>/move")
@event_route(can_manage_event)
def move_question(event: Event, question_id: int) -> Response:
    question = _question(event, question_id)
    with work():
        question_services.move_question(
            question, -1 if request.form.get("direction") == "up" else 1, by=current_user
        )
    return redirect(_list_url(event) + f"#question-{question_id}")


@bp.post("/manage/<slug>/registrations/questions/<int:question_id>/delete")
@event_route(can_manage_event)
def delete_question(event: Event, question_id: int) -> Response:
    question = _question(event, question_id)
    label = question.text(event.default_language)[0]
    with work() as done:
        question_services.delete_question(question, by=current_user)
    if done:
        flash(_("The question “%(label)s” has been removed.", label=label), "success")
    return redirect(_list_url(event))


@bp.get("/manage/<slug>/registrations/questions/preview")
@event_route(can_manage_event)
def preview_questions(event: Event) -> str:
    form = registration_form(PublicRegistrationForm, event)
    return render_template(
        "registration/questions/preview.html",
        event=event,
        form=form,
        honorifics=HONORIFICS.get(str(get_locale()), HONORIFICS["en"]),
    )


@bp.get("/manage/<slug>/registrations/answers")
@event_route(can_manage_event)
def answers_summary(event: Event) -> str:
    return render_template(
        "registration/questions/answers.html",
        event=event,
        summaries=question_counts.summaries(event, str(get_locale())),
        kind_names=KIND_NAMES,
        language=str(get_locale()),
    )
