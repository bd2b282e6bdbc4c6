"""Sign-in, sign-out, password reset and the event team page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from ..errors import DomainError
from ..events.models import Event
from ..extensions import db, login_manager
from ..forms import attach_error
from ..web import safe_next
from . import services
from .forms import ROLE_LABELS, AddMemberForm, ForgotPasswordForm, LoginForm, ResetPasswordForm
from .models import Membership, Role, User
from .permissions import can_manage_event, event_route

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


@login_manager.unauthorized_handler
def unauthorized() -> Response:
    flash(_("Please sign in to see this page."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data, url_for("events.home")))
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data or "", form.password.data or "", address=request.remote_addr or ""
            )
        except DomainError as error:
            db.session.commit()  # keep the failed attempt on record for throttling
            form.form_errors.append(error.message)
            status = error.status
        else:
            db.session.commit()
            login_user(user, remember=bool(form.remember.data))
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(safe_next(form.next.data, url_for("events.home")))
    elif request.method == "POST":
        status = 400
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("events.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> Response | str:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data or "")
        db.session.commit()
        flash(
            _(
                "If an account exists for that address, we have sent it a link to set a new password."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Response | str | tuple[str, int]:
    try:
        user = services.user_from_reset_token(token)
    except DomainError as error:
        return render_template("accounts/reset_invalid.html", message=error.message), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(user, form.password.data or "")
        db.session.commit()
        flash(_("Your password has been set. You can sign in now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form, user=user)


@bp.route("/manage/<slug>/team", methods=["GET", "POST"])
@event_route(can_manage_event)
def team(event: Event) -> Response | str | tuple[str, int]:
    form = AddMemberForm()
    if form.validate_on_submit():
        try:
            services.add_member(
                event,
                email=form.email.data or "",
                role=Role(form.role.data),
                name=form.name.data or "",
            )
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(
                _("%(email)s has been added to the team and notified.", email=form.email.data),
                "success",
            )
            return redirect(url_for("accounts.team", slug=event.slug))
    status = 400 if form.errors else 200
    members = services.team(event)
    return render_template(
        "accounts/team.html", event=event, form=form, members=members, role_labels=ROLE_LABELS
    ), status


@bp.post("/manage/<slug>/team/<int:membership_id>/remove")
@event_route(can_manage_event)
def remove_member(event: Event, membership_id: int) -> Response:
    membership = db.get_or_404(Membership, membership_id)
    if membership.event_id != event.id:
        abort(404)
    email = membership.user.email
    services.remove_member(membership)
    db.session.commit()
    flash(_("%(email)s no longer has that role.", email=email), "success")
    return redirect(url_for("accounts.team", slug=event.slug))
