"""Messages to participants: the log, compose and edit a draft, preview, send or schedule, cancel,
and the automatic reminder's switch. Organizers of the event only."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from .. import edits
from ..accounts.permissions import can_manage_event, event_route
from ..events.models import Event
from ..extensions import db
from ..i18n import country_name, in_zone
from ..mail import failure_reason
from ..registration.forms import INSTITUTION_TYPES
from ..registration.models import InstitutionType
from ..uow import work
from . import message_reminders, messages
from .message_audience import GROUPS, clean_audience, recipients
from .message_forms import (
    EventReminderForm,
    ScheduleMessageForm,
    SendMessageForm,
    message_form,
    message_values,
)
from .models import MessageRecipient, MessageState, ParticipantMessage
from .settings import get_settings
from .views import bp

STATE_NAMES = {
    MessageState.DRAFT: _l("Draft"),
    MessageState.SCHEDULED: _l("Scheduled"),
    MessageState.SENDING: _l("Sending"),
    MessageState.SENT: _l("Sent"),
    MessageState.CANCELLED: _l("Not sent (cancelled)"),
}
DELIVERY_NAMES = {
    "pending": _l("Waiting"),
    "sending": _l("Sending"),
    "sent": _l("Delivered"),
    "failed": _l("Not delivered"),
}


@bp.app_template_global()
def audience_summary(audience: dict[str, Any]) -> str:
    """The filter in words, for the log: 'Confirmed participants · Bolivia · Government'."""
    if audience.get("automatic"):
        return _("Confirmed participants (automatic reminder)")
    audience = clean_audience(audience)
    parts = [str(GROUPS[audience["group"]])]
    if audience["country"]:
        parts.append(country_name(audience["country"]))
    if audience["institution_type"]:
        parts.append(str(INSTITUTION_TYPES[InstitutionType(audience["institution_type"])]))
    return " · ".join(parts)


def _message(event: Event, message_id: int) -> ParticipantMessage:
    message = db.get_or_404(ParticipantMessage, message_id)
    if message.event_id != event.id:
        abort(404)
    return message


def _to_message(message: ParticipantMessage) -> Response:
    return redirect(
        url_for("outreach.show_message", slug=message.event.slug, message_id=message.id)
    )


@bp.get("/manage/<slug>/messages")
@event_route(can_manage_event)
def messages_log(event: Event) -> str:
    found = messages.event_messages(event)
    settings = get_settings(event)
    db.session.commit()  # the default settings, created on first visit
    return render_template(
        "outreach/messages/log.html",
        event=event,
        messages=found,
        counts=messages.delivery_counts(found),
        state_names=STATE_NAMES,
        reminder_form=EventReminderForm(obj=settings),
    )


def _compose(
    event: Event, form: Any, message: ParticipantMessage | None, conflict: Any = None
) -> tuple[str, int]:
    html = render_template(
        "outreach/messages/compose.html", event=event, form=form, message=message, conflict=conflict
    )
    return html, edits.status(form, conflict)


@bp.route("/manage/<slug>/messages/new", methods=["GET", "POST"])
@event_route(can_manage_event)
def compose_message(event: Event) -> Response | tuple[str, int]:
    form = message_form(event)
    if form.validate_on_submit():
        with work(form) as done:
            message = messages.save_draft(event, form.data_for_service(), by=current_user)
        if done:
            return _to_message(message)
    return _compose(event, form, None)


@bp.route("/manage/<slug>/messages/<int:message_id>/edit", methods=["GET", "POST"])
@event_route(can_manage_event)
def edit_message(event: Event, message_id: int) -> Response | tuple[str, int]:
    message = _message(event, message_id)
    if not message.is_editable:
        flash(_("This message has been sent or scheduled; it cannot be changed."), "error")
        return _to_message(message)
    form = message_form(event, data=message_values(message))
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            messages.save_draft(
                event,
                form.data_for_service(),
                by=current_user,
                message=message,
                expected_version=edits.expected_version(form),
            )
        if done:
            return _to_message(message)
        if done.conflict:
            saved = message_form(
                event, formdata=None, data=message_values(_message(event, message_id))
            )
            conflict = edits.conflict_for(done.conflict, form, saved)
    return _compose(event, form, message, conflict)


@bp.get("/manage/<slug>/messages/<int:message_id>")
@event_route(can_manage_event)
def show_message(event: Event, message_id: int) -> tuple[str, int]:
    item = _message(event, message_id)
    return _message_page(event, item)


def _message_page(
    event: Event, item: ParticipantMessage, schedule_form: ScheduleMessageForm | None = None
) -> Any:
    previews = (
        [messages.render(item, lang) for lang in event.language_list if item.subjects.get(lang)]
        if not item.is_automatic
        else []
    )
    rows: list[Any]
    if item.state in (MessageState.DRAFT, MessageState.SCHEDULED):
        rows = recipients(event, item.audience)
    else:
        rows = list(
            db.session.scalars(
                db.select(MessageRecipient)
                .where(MessageRecipient.message_id == item.id)
                .options(selectinload(MessageRecipient.outbox))
                .order_by(MessageRecipient.id)
            )
        )
    version_form = SendMessageForm(formdata=None, version=item.version)
    schedule_form = schedule_form or ScheduleMessageForm(formdata=None, version=item.version)
    html = render_template(
        "outreach/messages/message.html",
        event=event,
        message=item,
        previews=previews,
        rows=rows,
        counts=messages.delivery_counts([item])[item.id],
        state_names=STATE_NAMES,
        delivery_names=DELIVERY_NAMES,
        failure_reason=failure_reason,
        version_form=version_form,
        schedule_form=schedule_form,
        scheduled_local=in_zone(item.scheduled_at, event.timezone) if item.scheduled_at else None,
    )
    return html, 400 if schedule_form.errors else 200


@bp.post("/manage/<slug>/messages/<int:message_id>/send")
@event_route(can_manage_event)
def send_message(event: Event, message_id: int) -> Response:
    item = _message(event, message_id)
    form = SendMessageForm()
    if not form.validate_on_submit():
        abort(400)
    with work() as done:
        count = messages.send_now(
            item, by=current_user, expected_version=edits.expected_version(form)
        )
    if done:
        flash(
            ngettext(
                "The message is on its way to %(num)d recipient.",
                "The message is on its way to %(num)d recipients.",
                count,
            ),
            "success",
        )
    return _to_message(item)


@bp.post("/manage/<slug>/messages/<int:message_id>/schedule")
@event_route(can_manage_event)
def schedule_message(event: Event, message_id: int) -> Response | tuple[str, int]:
    item = _message(event, message_id)
    form = ScheduleMessageForm()
    if form.validate_on_submit():
        with work(form) as done:
            messages.schedule(
                item,
                form.send_at_utc(event),
                by=current_user,
                expected_version=edits.expected_version(form),
            )
        if done:
            flash(_("The message is scheduled."), "success")
            return _to_message(item)
        if done.conflict:
            flash(done.conflict.message, "error")
            return _to_message(item)
    return _message_page(event, _message(event, message_id), form)


@bp.post("/manage/<slug>/messages/<int:message_id>/cancel")
@event_route(can_manage_event)
def cancel_message(event: Event, message_id: int) -> Response:
    item = _message(event, message_id)
    if not SendMessageForm().validate_on_submit():
        abort(400)
    was_scheduled = item.state == MessageState.SCHEDULED
    with work() as done:
        messages.cancel(item, by=current_user)
    if done:
        flash(
            _("The scheduled message was cancelled.")
            if was_scheduled
            else _("The draft was discarded."),
            "success",
        )
        return redirect(url_for("outreach.messages_log", slug=event.slug))
    return _to_message(item)


@bp.post("/manage/<slug>/messages/reminder")
@event_route(can_manage_event)
def message_reminder(event: Event) -> Response:
    form = EventReminderForm()
    if form.validate_on_submit():
        with work(flash_errors=True) as done:
            message_reminders.update_reminder_settings(
                event,
                is_on=form.is_event_reminder_on.data,
                days=form.event_reminder_days.data or 0,
                expected_version=edits.expected_version(form),
                by=current_user,
            )
        if done:
            flash(
                _("The automatic reminder is on.")
                if form.is_event_reminder_on.data
                else _("The automatic reminder is off."),
                "success",
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
    return redirect(url_for("outreach.messages_log", slug=event.slug))
