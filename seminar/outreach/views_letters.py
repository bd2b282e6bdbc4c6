"""Invitation letters: the participant's request, the organizers' list, the PDF, verification."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from .. import documents, edits
from ..accounts.permissions import can_manage_event, event_route, public_event_route
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db, limiter
from ..registration.documents import safe_filename
from ..registration.links import registration_from_token
from ..registration.models import Registration
from ..uow import work
from . import letters
from .forms import IssueLetterForm, LetterRequestForm
from .models import Letter, LetterKind, PassportDetails
from .settings import get_settings
from .views import bp

VERIFY_LIMIT = "30 per minute; 300 per day"


def _private(body: str, status: int = 200) -> Response:
    response = current_app.make_response((body, status))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _pdf(letter: Letter) -> Response:
    return documents.respond(
        "letter",
        html=letters.letter_html(letter),
        filename=safe_filename("letter", letter.reference or "") + ".pdf",
        event_id=letter.event_id,
    )


@bp.app_template_global()
def invitation_letters(registration: Registration) -> list[Letter]:
    """The participant's letters, for their self-service page."""
    return letters.letters_for(registration)


# --- The participant -------------------------------------------------------------------------


@bp.route("/events/<slug>/registration/<token>/letter", methods=["GET", "POST"])
@public_event_route
def request_letter(event: Event, token: str) -> Response:
    registration = registration_from_token(event, token)
    form = LetterRequestForm()
    if request.method == "GET":
        form.nationality.data = registration.country
    if form.validate_on_submit():
        with work(form) as done:
            letters.request_letter(registration, form.kind.data or "", form.data_for_service())
        if done:
            flash(
                _("Your request has been sent. We will write to you when the letter is ready."),
                "success",
            )
            return redirect(url_for("registration.self_service", slug=event.slug, token=token))
    html = render_template(
        "outreach/letter_request.html",
        event=event,
        registration=registration,
        form=form,
        token=token,
        requested=letters.letters_for(registration),
        kind_labels=letters.KIND_LABELS,
    )
    return _private(html, 400 if form.errors or form.form_errors else 200)


@bp.get("/events/<slug>/registration/<token>/letter-<kind>.pdf")
@public_event_route
def my_letter(event: Event, token: str, kind: str) -> Response:
    registration = registration_from_token(event, token)
    letter = db.session.scalar(
        select(Letter).where(Letter.registration_id == registration.id, Letter.kind == _kind(kind))
    )
    if letter is None or not letter.is_issued:
        raise DomainError(_("This letter has not been issued yet."))
    return _pdf(letter)


def _kind(value: str) -> LetterKind:
    try:
        return LetterKind(value)
    except ValueError:
        abort(404)


# --- The organizers --------------------------------------------------------------------------


def _letter(event: Event, letter_id: int) -> Letter:
    letter = db.get_or_404(Letter, letter_id)
    if letter.event_id != event.id:
        abort(404)
    return letter


def _letters_page(event: Event, forms: dict[int, IssueLetterForm], status: int = 200) -> Response:
    rows = list(
        db.session.scalars(
            select(Letter)
            .where(Letter.event_id == event.id)
            .options(selectinload(Letter.registration))
            .order_by(Letter.status.desc(), Letter.requested_at)
        )
    )
    passports = {
        p.registration_id: p
        for p in db.session.scalars(
            select(PassportDetails)
            .join(Registration, Registration.id == PassportDetails.registration_id)
            .where(Registration.event_id == event.id)
        )
    }
    for letter in rows:
        if letter.id not in forms:
            forms[letter.id] = IssueLetterForm(
                formdata=None, prefix=f"l{letter.id}", version=letter.version
            )
    html = render_template(
        "outreach/letters.html",
        event=event,
        letters=rows,
        forms=forms,
        passports=passports,
        kind_labels=letters.KIND_LABELS,
        coverage_labels=letters.COVERAGE_LABELS,
        settings=get_settings(event),
    )
    return _private(html, status)


@bp.get("/manage/<slug>/letters")
@event_route(can_manage_event)
def letters_desk(event: Event) -> Response:
    return _letters_page(event, {})


@bp.post("/manage/<slug>/letters/<int:letter_id>/issue")
@event_route(can_manage_event)
def issue_letter(event: Event, letter_id: int) -> Response:
    letter = _letter(event, letter_id)
    form = IssueLetterForm(prefix=f"l{letter.id}")
    if form.validate_on_submit():
        with work(form) as done:
            issued = letters.issue(
                letter,
                list(form.coverage.data or []),
                expected_version=edits.expected_version(form),
                by=current_user,
            )
            reference = issued.reference
        if done:
            flash(_("Letter %(reference)s issued.", reference=reference), "success")
            return redirect(url_for("outreach.letters_desk", slug=event.slug))
        if done.conflict:
            form.form_errors.append(done.conflict.message)
            return _letters_page(event, {letter.id: form}, 409)
    return _letters_page(event, {letter.id: form}, 400)


@bp.get("/manage/<slug>/letters/<int:letter_id>.pdf")
@event_route(can_manage_event)
def letter_pdf(event: Event, letter_id: int) -> Response:
    letter = _letter(event, letter_id)
    if not letter.is_issued:
        raise DomainError(_("Issue the letter first; then its PDF carries the reference."))
    return _pdf(letter)


# --- Anyone ----------------------------------------------------------------------------------


@bp.get("/letters/verify")
@limiter.limit(VERIFY_LIMIT)
def verify_letter() -> Response:
    """Is a letter genuine? Only "genuine, issued on <date> for <event>", never who or why."""
    reference = request.args.get("reference", "").strip()[:60]
    letter = letters.verify(reference) if reference else None
    html = render_template(
        "outreach/verify.html", reference=reference, letter=letter, checked=bool(reference)
    )
    response = current_app.make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response
