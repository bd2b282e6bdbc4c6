"""The organizers' registration desk: counts, the filtered table, bulk actions, edits, settings."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import edits
from ..accounts.permissions import can_manage_event, event_route
from ..events.models import Event
from ..extensions import db
from ..uow import work
from ..validation import db_ints
from ..web import safe_next
from . import capacity, listing, question_services, services, states
from .forms import (
    BULK_ACTIONS,
    HONORIFICS,
    INSTITUTION_TYPES,
    STATUS_NAMES,
    DeskRegistrationForm,
    SettingsForm,
    StatusForm,
)
from .models import Registration
from .question_forms import answers_data, fill_answers, registration_form
from .settings import update_settings
from .views import bp

# Links to the registration operations (import, export, badges, list) appear once they exist.
OPERATIONS = (
    ("registration.import_list", "import"),
    ("registration.export_list", "export"),
    ("registration.badges_pdf", "badges"),
    ("registration.participants_pdf", "participants"),
)


def _desk_url(event: Event) -> str:
    return url_for("registration.desk", slug=event.slug)


@bp.get("/manage/<slug>/registrations")
@event_route(can_manage_event)
def desk(event: Event) -> str:
    filters = listing.Filters.from_args(request.args)
    # A huge page number would overflow the database's OFFSET: keep it in a range it accepts.
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), 100_000)
    registrations = db.paginate(
        listing.filtered_query(event, filters),
        page=page,
        per_page=listing.PER_PAGE,
        error_out=False,
    )
    views = current_app.view_functions
    return render_template(
        "registration/desk/desk.html",
        event=event,
        filters=filters,
        registrations=registrations,
        summary=listing.summary(event),
        settings=capacity.get_settings(event),
        state=capacity.window_state(event),
        undelivered=listing.undelivered_mail(event),
        status_form=StatusForm(formdata=None),
        status_names=STATUS_NAMES,
        institution_types=INSTITUTION_TYPES,
        operations={name: endpoint for endpoint, name in OPERATIONS if endpoint in views},
    )


@bp.post("/manage/<slug>/registrations/status")
@event_route(can_manage_event)
def change_status(event: Event) -> Response:
    form = StatusForm()
    back = safe_next(request.form.get("next"), _desk_url(event))
    ids = db_ints(request.form.getlist("ids"), field="ids")
    if not form.validate_on_submit():
        flash(_("Choose an action."), "error")
        return redirect(back)
    label, status = BULK_ACTIONS[form.action.data]
    with work() as done:
        changed = states.bulk_change_status(
            event,
            ids,
            status,
            by=current_user,
            reason=form.message.data or "",
            notify=bool(form.notify.data),
        )
    if not done:
        return redirect(back)
    flash(
        ngettext(
            "%(num)d registration changed: %(status)s.",
            "%(num)d registrations changed: %(status)s.",
            len(changed),
            status=STATUS_NAMES[status],
        ),
        "success",
    )
    return redirect(back)


@bp.route("/manage/<slug>/registrations/<int:registration_id>", methods=["GET", "POST"])
@event_route(can_manage_event)
def edit_registration(event: Event, registration_id: int) -> Any:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    answers = question_services.answers_of(registration)
    form = registration_form(DeskRegistrationForm, event, previous=answers)
    if request.method == "GET":
        form.fill_from(registration)
        fill_answers(form, answers)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            services.update_registration(
                registration,
                form.person_data(),
                expected_version=edits.expected_version(form),
                by=current_user,
            )
            question_services.save_answers(registration, answers_data(form), by=current_user)
        if done:
            flash(
                _("The registration of %(name)s has been saved.", name=registration.full_name),
                "success",
            )
            return redirect(
                url_for(
                    "registration.edit_registration",
                    slug=event.slug,
                    registration_id=registration.id,
                )
            )
        if done.conflict:
            saved = DeskRegistrationForm(event, formdata=None)
            saved.fill_from(registration)
            conflict = edits.conflict_for(
                done.conflict, form, saved, saved_at=registration.updated_at
            )
    status_code = edits.status(form, conflict)
    return render_template(
        "registration/desk/edit.html",
        event=event,
        registration=registration,
        form=form,
        conflict=conflict,
        status_form=StatusForm(formdata=None),
        mails=listing.mail_for(registration),
        honorifics=HONORIFICS.get(registration.preferred_language, HONORIFICS["en"]),
        has_badge="registration.badge_pdf" in current_app.view_functions,
        answers=question_services.answer_list(registration, answers),
    ), status_code


@bp.post("/manage/<slug>/registrations/mail/<int:message_id>/retry")
@event_route(can_manage_event)
def retry_mail(event: Event, message_id: int) -> Response:
    with work() as done:
        message = services.retry_mail(event, message_id, by=current_user)
    if done:
        flash(
            _("The e-mail to %(email)s is being sent again.", email=message.to_address), "success"
        )
    return redirect(safe_next(request.form.get("next"), _desk_url(event) + "#undelivered"))


@bp.route("/manage/<slug>/registrations/settings", methods=["GET", "POST"])
@event_route(can_manage_event)
def settings(event: Event) -> Any:
    current = capacity.get_settings(event)
    form = SettingsForm()
    if request.method == "GET":
        form.fill_from(current, event.timezone)
    conflict = None
    if form.validate_on_submit():
        before = states.waiting_list(event)
        with work(form) as done:
            update_settings(
                event,
                form.settings_data(event.timezone),
                expected_version=edits.expected_version(form),
                by=current_user,
            )
            promoted = len(before) - len(states.waiting_list(event))
        if done:
            flash(_("The registration settings have been saved."), "success")
            if promoted > 0:
                flash(
                    ngettext(
                        "%(num)d person was promoted from the waiting list and told by e-mail.",
                        "%(num)d people were promoted from the waiting list and told by e-mail.",
                        promoted,
                    ),
                    "success",
                )
            return redirect(_desk_url(event))
        if done.conflict:
            conflict = done.conflict.message
            form.version.data = str(capacity.get_settings(event).version)
    status_code = edits.status(form, None) if conflict is None else 409
    return render_template(
        "registration/desk/settings.html",
        event=event,
        form=form,
        conflict=conflict,
        confirmed=capacity.confirmed_count(event),
    ), status_code
