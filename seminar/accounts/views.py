"""Sign-in, sign-out, sign-in links, the account page, password reset and the event team page."""

from __future__ import annotations

import hmac
import time
from typing import NamedTuple

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from ..events.models import Event
from ..extensions import db, login_manager
from ..i18n import LANGUAGE_NAMES
from ..ratelimit import mail_form
from ..uow import work
from ..web import safe_next
from . import invitations, services, signin
from .forms import (
    ROLE_LABELS,
    AddMemberForm,
    ChangePasswordForm,
    ConfirmForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
)
from .models import Membership, Role, User
from .permissions import can_manage_event, event_route

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session or remember-me cookie, if it is still valid: its stamp is the user's
    current one (not ended by signing out, a new password or disabling) and it is not too old."""
    user_id, _sep, rest = session_id.partition(":")
    stamp, _sep, signed_in_at = rest.partition(":")
    if not (user_id.isdigit() and signed_in_at.isdigit()):
        return None  # a session from before stamps existed, or a forged value
    lifetime = current_app.config["REMEMBER_COOKIE_DURATION"].total_seconds()
    if int(signed_in_at) + lifetime < time.time():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active:
        return None
    return user if hmac.compare_digest(user.session_stamp, stamp) else None


class LinkRefusal(NamedTuple):
    """What the page of an e-mailed link that cannot be used says besides why: its title, a hint,
    and the way to a new link."""

    title: str
    hint: str | None
    action_endpoint: str
    action_label: str


SIGN_IN_AGAIN = LinkRefusal(_l("Link not valid"), None, "accounts.login", _l("Sign in"))
LINK_REFUSALS = {
    "accounts.reset_password": LinkRefusal(
        _l("Link not valid"), None, "accounts.forgot_password", _l("Ask for a new link")
    ),
    "accounts.accept_invitation": LinkRefusal(
        _l("Invitation not valid"),
        _l("The organizers of the event can send you a new invitation from their team page."),
        "accounts.login",
        _l("Sign in"),
    ),
}


@bp.errorhandler(services.InvalidLinkError)
def invalid_link(error: services.InvalidLinkError) -> tuple[str, int]:
    """A reset, sign-in or invitation link that cannot be used: say why, and how to get a new
    one."""
    refusal = LINK_REFUSALS.get(request.endpoint or "", SIGN_IN_AGAIN)
    html = render_template("accounts/link_invalid.html", message=error.message, refusal=refusal)
    return html, error.status


@login_manager.unauthorized_handler
def unauthorized() -> Response:
    flash(_("Please sign in to see this page."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def _home() -> str:
    return url_for("events.home")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int]:
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data, _home()))
    status = 400 if request.method == "POST" else 200
    retry_after = None
    if form.validate_on_submit():
        with work(form) as done:
            outcome = signin.authenticate(
                form.email.data or "", form.password.data or "", address=request.remote_addr or ""
            )
        if done and isinstance(outcome, User):
            login_user(outcome, remember=bool(form.remember.data))
            flash(_("Welcome, %(name)s.", name=outcome.display_name), "success")
            return redirect(safe_next(form.next.data, _home()))
        if done and isinstance(outcome, signin.SignInError):
            form.form_errors.append(outcome.message)
            status = outcome.status
            retry_after = getattr(outcome, "retry_after", None)
    response = make_response(render_template("accounts/login.html", form=form), status)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@bp.route("/login/link/<token>", methods=["GET", "POST"])
def sign_in_by_link(token: str) -> Response | tuple[str, int]:
    """The e-mailed sign-in link: the page asks for a click (mail scanners only open links)."""
    user = signin.user_from_sign_in_token(token)
    form = ConfirmForm()
    if form.validate_on_submit():
        with work(form) as done:
            signin.complete_sign_in(user, address=request.remote_addr or "")
        if done:
            login_user(user)
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(_home())
    return render_template("accounts/sign_in_link.html", form=form, user=user), 200


@bp.post("/logout")
def logout() -> Response:
    """Sign out; every other session and remember-me cookie of the user ends too."""
    if current_user.is_authenticated:
        with work():
            current_user.end_sessions()
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(_home())


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> Response | tuple[str, int]:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        with work(form) as done:
            services.change_password(
                current_user, current=form.current_password.data or "", new=form.password.data or ""
            )
        if done:
            # This device stays signed in (with the new stamp), remembered if it was before.
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            login_user(current_user._get_current_object(), remember=remembered in request.cookies)
            flash(
                _("Your password has been changed. Other devices have been signed out."), "success"
            )
            return redirect(url_for("accounts.account"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("accounts/account.html", form=form), status


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere() -> Response:
    form = ConfirmForm()
    if form.validate_on_submit():
        with work() as done:
            services.end_all_sessions(current_user)
        if done:
            logout_user()
            flash(_("You have been signed out on every device, this one included."), "info")
            return redirect(url_for("accounts.login"))
    return redirect(url_for("accounts.account"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@mail_form
def forgot_password() -> Response | str:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        with work(form) as done:
            services.send_password_reset(form.email.data or "")
        if done:
            flash(
                _(
                    "If an account exists for that address, we have sent it a link to set a new "
                    "password."
                ),
                "info",
            )
            return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Response | tuple[str, int]:
    user = services.user_from_reset_token(token)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with work(form) as done:
            services.reset_password(user, form.password.data or "")
        if done:
            logout_user()
            flash(_("Your password has been set. You can sign in now."), "success")
            return redirect(url_for("accounts.login"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("accounts/reset_password.html", form=form, user=user), status


@bp.route("/manage/<slug>/team", methods=["GET", "POST"])
@mail_form
@event_route(can_manage_event)
def team(event: Event) -> Response | tuple[str, int]:
    form = AddMemberForm()
    if request.method == "GET":
        form.language.data = event.default_language
    if form.validate_on_submit():
        with work(form) as done:
            invitations.add_member(
                event,
                email=form.email.data or "",
                role=Role(form.role.data),
                name=form.name.data or "",
                language=form.language.data,
                by=current_user,
            )
        if done:
            # The e-mail leaves after this commit: the team page shows whether it was delivered.
            flash(
                _(
                    "%(email)s has been added to the team. The invitation e-mail is queued; its "
                    "status is shown in the list.",
                    email=form.email.data,
                ),
                "success",
            )
            return redirect(url_for("accounts.team", slug=event.slug))
    status = 400 if form.errors or form.form_errors else 200
    members = services.team(event)
    return render_template(
        "accounts/team.html",
        event=event,
        form=form,
        members=members,
        invitations=invitations.invitations(members),
        invitation_link=invitations.invitation_link,
        invitation_days=invitations.max_age().days,
        role_labels=ROLE_LABELS,
        language_names=LANGUAGE_NAMES,
    ), status


def _membership(event: Event, membership_id: int) -> Membership:
    membership = db.get_or_404(Membership, membership_id)
    if membership.event_id != event.id:
        abort(404)
    return membership


@bp.post("/manage/<slug>/team/<int:membership_id>/resend")
@mail_form
@event_route(can_manage_event)
def resend_invitation(event: Event, membership_id: int) -> Response:
    membership = _membership(event, membership_id)
    with work() as done:
        invitations.resend_invitation(membership, by=current_user)
    if done:
        flash(
            _("The invitation to %(email)s is queued again.", email=membership.user.email),
            "success",
        )
    return redirect(url_for("accounts.team", slug=event.slug))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> Response | tuple[str, int]:
    """An invitee's link: they choose a password and are signed in."""
    user = invitations.user_from_invitation_token(token)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with work(form) as done:
            invitations.accept_invitation(user, form.password.data or "")
        if done:
            login_user(user)
            flash(_("Welcome, %(name)s. Your password is set.", name=user.display_name), "success")
            return redirect(_home())
    status = 400 if form.errors or form.form_errors else 200
    return render_template("accounts/accept_invitation.html", form=form, user=user), status


@bp.post("/manage/<slug>/team/<int:membership_id>/remove")
@event_route(can_manage_event)
def remove_member(event: Event, membership_id: int) -> Response:
    membership = _membership(event, membership_id)
    email = membership.user.email
    with work() as done:
        services.remove_member(membership, by=current_user)
    if done:
        flash(_("%(email)s no longer has that role.", email=email), "success")
    return redirect(url_for("accounts.team", slug=event.slug))
