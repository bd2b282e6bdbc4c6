"""“Copy this event”: next year's edition as a draft (routes on the events blueprint)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can_manage_event, event_route
from ..uow import work
from . import copying
from .forms_copy import CopyEventForm
from .models import Event
from .views import bp


def _copied_notice(counts: dict[str, int]) -> str:
    parts = [
        ngettext("%(num)d agenda item", "%(num)d agenda items", counts.get("agenda_item", 0)),
        ngettext("%(num)d room", "%(num)d rooms", counts.get("room", 0)),
        ngettext("%(num)d theme", "%(num)d themes", counts.get("theme", 0)),
        ngettext("%(num)d person", "%(num)d people", counts.get("person", 0)),
        ngettext("%(num)d host", "%(num)d hosts", counts.get("host", 0)),
        ngettext("%(num)d signatory", "%(num)d signatories", counts.get("signatory", 0)),
        ngettext("%(num)d team member", "%(num)d team members", counts.get("membership", 0)),
        ngettext(
            "%(num)d registration question",
            "%(num)d registration questions",
            counts.get("question", 0),
        ),
        ngettext("%(num)d acronym", "%(num)d acronyms", counts.get("acronym", 0)),
        ngettext("%(num)d translation", "%(num)d translations", counts.get("translation", 0)),
    ]
    return _(
        "Copied: %(list)s, the registration settings and the invitation and letter settings.",
        list=", ".join(parts),
    )


@bp.route("/manage/<slug>/copy", methods=["GET", "POST"])
@event_route(can_manage_event)
def copy_event(event: Event) -> Any:
    form = CopyEventForm()
    if request.method == "GET":
        form.fill_defaults(event)
    if form.validate_on_submit():
        with work(form) as done:
            result = copying.copy_event(
                event,
                form.title.data or "",
                form.slug.data or "",
                form.starts_on.data,
                current_user,
            )
        if done:
            flash(
                _(
                    "“%(title)s” has been created as a draft, from %(date)s.",
                    title=result.event.title,
                    date=format_date(result.event.starts_on, "long"),
                ),
                "success",
            )
            flash(_copied_notice(result.counts), "info")
            flash(
                _(
                    "Not copied: registrations and their answers, check-ins, invitations, "
                    "letters, messages and e-mails, session notes, recommendations, the report "
                    "(except its list of acronyms) and published agenda versions. Publish the "
                    "agenda and the event when they are ready."
                ),
                "info",
            )
            return redirect(url_for("events.settings", slug=result.event.slug))
    return render_template("events/copy.html", event=event, form=form), 400 if form.errors else 200
