"""The outreach blueprint: the organizers' invitations desk and settings (this module), the
invitees' public pages (``views_public``), letters (``views_letters``) and imports."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import edits
from ..accounts.permissions import can_manage_event, event_route
from ..events.models import Event
from ..extensions import db
from ..uow import work
from . import desk, invitations, tokens
from . import settings as outreach_settings
from .forms import ConfirmForm, InviteForm, OutreachSettingsForm
from .models import Invitation, InvitationKind, InvitationStatus

bp = Blueprint("outreach", __name__)

STATUS_NAMES = {
    InvitationStatus.PENDING: _l("No answer yet"),
    InvitationStatus.NOMINATED: _l("Nominated"),
    InvitationStatus.REGISTERED: _l("Invitee registered"),
    InvitationStatus.DECLINED: _l("Declined"),
    InvitationStatus.EXPIRED: _l("Reservation lapsed"),
}


@bp.app_template_global()
def invitation_status_label(status: InvitationStatus | str) -> str:
    return str(STATUS_NAMES[InvitationStatus(status)])


@bp.app_template_filter("coverage_label")
def coverage_label(item: str) -> str:
    from .letters import COVERAGE_LABELS

    return str(COVERAGE_LABELS.get(item, item))


def _invitation(event: Event, invitation_id: int) -> Invitation:
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.event_id != event.id:
        abort(404)
    return invitation


def _desk(event: Event, form: InviteForm, status: int = 200) -> tuple[str, int]:
    filters = {key: request.args.get(key, "").strip() for key in ("status", "kind", "q")}
    rows, totals = desk.desk_rows(event, **filters)
    links = {row.invitation.id: tokens.invitation_url(row.invitation) for row in rows}
    return render_template(
        "outreach/invitations.html",
        event=event,
        form=form,
        rows=rows,
        totals=totals,
        links=links,
        filters=filters,
        status_names=STATUS_NAMES,
        kinds=InvitationKind,
    ), status


@bp.get("/manage/<slug>/invitations")
@event_route(can_manage_event)
def invitations_desk(event: Event) -> tuple[str, int]:
    form = InviteForm(formdata=None, language=event.default_language)
    return _desk(event, form)


@bp.post("/manage/<slug>/invitations")
@event_route(can_manage_event)
def invite(event: Event) -> Response | tuple[str, int]:
    form = InviteForm()
    if form.validate_on_submit():
        with work(form) as done:
            invitation = invitations.invite(event, form.data_for_service(), by=current_user)
            name = invitation.name
        if done:
            flash(_("Invitation sent to %(name)s.", name=name), "success")
            return redirect(url_for("outreach.invitations_desk", slug=event.slug))
    return _desk(event, form, 400)


@bp.post("/manage/<slug>/invitations/<int:invitation_id>/resend")
@event_route(can_manage_event)
def resend(event: Event, invitation_id: int) -> Response:
    invitation = _invitation(event, invitation_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with work() as done:
        invitations.resend(invitation, by=current_user)
    if done:
        flash(
            _("The invitation has been sent again to %(email)s.", email=invitation.email), "success"
        )
    return redirect(url_for("outreach.invitations_desk", slug=event.slug))


@bp.route("/manage/<slug>/invitations/settings", methods=["GET", "POST"])
@event_route(can_manage_event)
def settings(event: Event) -> Response | tuple[str, int]:
    current = outreach_settings.get_settings(event)
    db.session.commit()  # the defaults, created on first visit
    form = OutreachSettingsForm(obj=current)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            outreach_settings.update_settings(
                event, form.data, expected_version=edits.expected_version(form), by=current_user
            )
        if done:
            flash(_("Settings saved."), "success")
            return redirect(url_for("outreach.invitations_desk", slug=event.slug))
        if done.conflict:
            saved = OutreachSettingsForm(formdata=None, obj=outreach_settings.get_settings(event))
            conflict = edits.conflict_for(done.conflict, form, saved)
    html = render_template("outreach/settings.html", event=event, form=form, conflict=conflict)
    return html, edits.status(form, conflict)


from . import views_imports, views_letters, views_messages, views_public  # noqa: E402,F401
