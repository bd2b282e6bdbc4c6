"""Role x route security matrix.

Every route of the app's URL map must be listed in ROUTES with the policy that guards it; each policy
says, once, what each kind of visitor gets. The test fails on any difference and on any route that
is not in the table, so a new route cannot escape it. Every state-changing route must also refuse a
request without a CSRF token.

GET cells are all exercised. For state-changing routes the refusals are exercised (anonymous ->
sign-in, others -> 403, wrong token -> refused); permitted visitors are not sent through them here,
since that would change the demo under the other visitors' feet: each area's own tests cover them.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import current_app, url_for
from markupsafe import escape
from sqlalchemy import select

from seminar.accounts.models import Membership, Role, User
from seminar.events.models import Event
from tests.factories import make_event, make_membership, make_user
from tests.quality.crawl import DEMO_SLUG, sample

VISITORS = (
    "anonymous",
    "participant",
    "checkin",
    "rapporteur",
    "other_organizer",
    "organizer",
    "admin",
)

OK, LOGIN, FORBIDDEN, NOT_FOUND, REDIRECT = "200", "login", "403", "404", "redirect"

# What each visitor gets from a route guarded by each policy.
POLICIES: dict[str, dict[str, str]] = {
    # Anyone (public pages of a published event, sign-in pages, health).
    "public": dict.fromkeys(VISITORS, OK),
    # A link that sets a preference (a cookie, nothing stored) and sends anyone back.
    "public_redirect": dict.fromkeys(VISITORS, REDIRECT),
    # The sign-in page: signed-in users are sent on to where they were going.
    "sign_in_page": {
        "anonymous": OK, "participant": OK, "checkin": REDIRECT, "rapporteur": REDIRECT,
        "other_organizer": REDIRECT, "organizer": REDIRECT, "admin": REDIRECT,
    },
    # A participant's, an invitee's or a nominee's signed link: the link is the key, whoever holds
    # it (tampered links: own tests).
    "participant_link": dict.fromkeys(VISITORS, OK),
    # The certificate through the participant's link exists only after the event (the demo's is ahead).
    "participant_link_after_event": dict.fromkeys(VISITORS, "422"),
    # Organizers of this event and site admins.
    "organizer": {
        "anonymous": LOGIN, "participant": LOGIN, "checkin": FORBIDDEN, "rapporteur": FORBIDDEN,
        "other_organizer": FORBIDDEN, "organizer": OK, "admin": OK,
    },
    # Rapporteurs, organizers and admins: the report workspace.
    "report": {
        "anonymous": LOGIN, "participant": LOGIN, "checkin": FORBIDDEN, "rapporteur": OK,
        "other_organizer": FORBIDDEN, "organizer": OK, "admin": OK,
    },
    # Check-in staff, organizers and admins.
    "checkin": {
        "anonymous": LOGIN, "participant": LOGIN, "checkin": OK, "rapporteur": FORBIDDEN,
        "other_organizer": FORBIDDEN, "organizer": OK, "admin": OK,
    },
    # Any signed-in user: their own account page.
    "signed_in": {
        "anonymous": LOGIN, "participant": LOGIN, "checkin": OK, "rapporteur": OK,
        "other_organizer": OK, "organizer": OK, "admin": OK,
    },
    # Whoever may create events: organizers of any event and admins.
    "creator": {
        "anonymous": LOGIN, "participant": LOGIN, "checkin": FORBIDDEN, "rapporteur": FORBIDDEN,
        "other_organizer": OK, "organizer": OK, "admin": OK,
    },
}  # fmt: skip

# endpoint -> policy. Written down once; the test fails for any endpoint missing here.
ROUTES: dict[str, str] = {
    # Site-wide
    "static": "public",
    "web.healthz": "public",
    "web.media": "public",
    "web.switch_language": "public",
    "web.language_link": "public_redirect",
    "accounts.login": "sign_in_page",
    "accounts.logout": "public",
    "accounts.forgot_password": "public",
    "accounts.reset_password": "public",
    "accounts.sign_in_by_link": "public",
    "accounts.accept_invitation": "public",
    "accounts.account": "signed_in",
    "accounts.sign_out_everywhere": "signed_in",
    "events.home": "public",
    "events.create": "creator",
    # Public pages of a published event
    "events.show": "public",
    "agenda.public_agenda": "public",
    "agenda.public_speakers": "public",
    "agenda.agenda_pdf": "public",
    "agenda.agenda_ics": "public",
    "agenda.item_ics": "public",
    "agenda.schedule_json": "public",
    "agenda.schedule_xml": "public",
    "agenda.themes_css": "public",
    "registration.register": "public",
    "registration.resend_link": "public",
    "reports.public_report": "public",
    "reports.published_report": "public",
    "outreach.verify_letter": "public",
    # A participant's signed link
    "registration.confirmation": "participant_link",
    "registration.self_service": "participant_link",
    "registration.self_service_edit": "participant_link",
    "registration.self_service_cancel": "participant_link",
    "registration.my_calendar": "participant_link",
    "registration.my_badge": "participant_link",
    "registration.my_certificate": "participant_link_after_event",
    "outreach.request_letter": "participant_link",
    "outreach.my_letter": "participant_link",
    "outreach.invitation": "participant_link",
    "outreach.nominate": "participant_link",
    "outreach.decline": "participant_link",
    "outreach.invitee_register": "participant_link",
    "outreach.nominee_register": "participant_link",
    # Organizers
    "events.settings": "organizer",
    "events.activity": "organizer",
    "events.identity": "organizer",
    "events.save_host": "organizer",
    "events.change_host": "organizer",
    "events.save_signatory": "organizer",
    "events.change_signatory": "organizer",
    "accounts.team": "organizer",
    "accounts.remove_member": "organizer",
    "accounts.resend_invitation": "organizer",
    "events.copy_event": "organizer",
    "agenda.editor": "organizer",
    "agenda.editor_state_json": "organizer",
    "agenda.item_list": "organizer",
    "agenda.create_item": "organizer",
    "agenda.new_item": "organizer",
    "agenda.edit_item": "organizer",
    "agenda.update_item": "organizer",
    "agenda.delete_item": "organizer",
    "agenda.remove_item": "organizer",
    "agenda.rooms": "organizer",
    "agenda.change_room": "organizer",
    "agenda.themes": "organizer",
    "agenda.delete_theme": "organizer",
    "agenda.people": "organizer",
    "agenda.new_person": "organizer",
    "agenda.edit_person": "organizer",
    "agenda.delete_person": "organizer",
    "agenda.remove_photo": "organizer",
    "agenda.merge_people": "organizer",
    "agenda.publish": "organizer",
    "registration.desk": "organizer",
    "registration.settings": "organizer",
    "registration.change_status": "organizer",
    "registration.edit_registration": "organizer",
    "registration.retry_mail": "organizer",
    "registration.import_list": "organizer",
    "registration.import_template": "organizer",
    "registration.export_list": "organizer",
    "registration.participants_pdf": "organizer",
    "registration.badges_pdf": "organizer",
    "registration.certificates_pdf": "organizer",
    "registration.certificate_pdf": "organizer",
    "reports.finalize": "organizer",
    "reports.publish_version": "organizer",
    "registration.questions": "organizer",
    "registration.add_question": "organizer",
    "registration.edit_question": "organizer",
    "registration.move_question": "organizer",
    "registration.delete_question": "organizer",
    "registration.preview_questions": "organizer",
    "registration.answers_summary": "organizer",
    "outreach.invitations_desk": "organizer",
    "outreach.invite": "organizer",
    "outreach.resend": "organizer",
    "outreach.settings": "organizer",
    "outreach.import_invitations": "organizer",
    "outreach.letters_desk": "organizer",
    "outreach.issue_letter": "organizer",
    "outreach.letter_pdf": "organizer",
    "outreach.messages_log": "organizer",
    "outreach.compose_message": "organizer",
    "outreach.edit_message": "organizer",
    "outreach.show_message": "organizer",
    "outreach.send_message": "organizer",
    "outreach.schedule_message": "organizer",
    "outreach.cancel_message": "organizer",
    "outreach.message_reminder": "organizer",
    # The event's own texts (agenda, people, form: the samples' kind) are the organizers' to
    # translate; rapporteurs reach these pages only for the report's texts.
    "content.translate": "organizer",
    "content.save_translation": "organizer",
    "content.choose_source": "organizer",
    # Check-in staff (and organizers)
    "registration.checkin": "checkin",
    "registration.checkin_search": "checkin",
    "registration.checkin_register": "checkin",
    "registration.checkin_undo": "checkin",
    "registration.checkin_scan": "checkin",
    "registration.badge_pdf": "checkin",
    # Rapporteurs (and organizers)
    "reports.workspace": "report",
    "reports.preview": "report",
    "reports.draft_pdf": "report",
    "reports.edit_cover": "report",
    "reports.edit_section": "report",
    "reports.edit_note": "report",
    "reports.markdown_preview": "report",
    "reports.recommendations": "report",
    "reports.new_recommendation": "report",
    "reports.edit_recommendation": "report",
    "reports.move_recommendation": "report",
    "reports.reorder_recommendations": "report",
    "reports.add_comment": "report",
    "reports.resolve_comment": "report",
    "reports.change_status": "report",
    "reports.versions_page": "report",
    "reports.version_pdf": "report",
    "reports.translations_page": "report",
    "reports.translate_text": "report",
    "reports.set_text_source": "report",
    "reports.render_version": "report",
    "reports.front_matter_page": "report",
    "reports.edit_imprint": "report",
    "reports.edit_acronyms": "report",
    "reports.suggest_acronyms": "report",
    "reports.statistics_page": "report",
    "content.overview": "report",
    "content.transfer": "report",
    "content.export_po": "report",
    "content.import_po": "report",
}

# What the CSRF error handler says (seminar/errors.py), as an HTML page or problem+json detail,
# in the visitor's language.
CSRF_REFUSAL = (
    "Your form expired or was sent without its security token. Reload the page and try again."
)


def _is_csrf_refusal(app: Any, response: Any) -> bool:
    from flask_babel import force_locale, gettext

    if response.status_code != 400:
        return False
    body = response.get_data(as_text=True)
    with app.test_request_context():
        for lang in ("en", "es"):
            with force_locale(lang):
                if escape(gettext(CSRF_REFUSAL)) in body or gettext(CSRF_REFUSAL) in body:
                    return True
    return False


# Routes whose GET is not a page a visitor can open with sample values (files, tokens, redirects).
GET_EXEMPT = {"static", "web.media", "accounts.reset_password", "accounts.sign_in_by_link"}


@pytest.fixture
def visitors(db: Any, demo: list[str]) -> dict[str, User | None]:
    event = db.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    by_email = {u.email: u for u in db.scalars(select(User))}
    other = make_user(email="other-organizer@example.org")
    make_membership(other, make_event(title="Another seminar"), Role.ORGANIZER)
    assert db.scalar(
        select(Membership.id).where(
            Membership.event_id == event.id,
            Membership.user_id == by_email["organizer@example.org"].id,
        )
    )
    # Rows some routes act on, which the demo has no reason to contain.
    from seminar import mail
    from seminar.reports import services as report_services
    from seminar.reports.models import ReviewComment

    mail.queue(to="undelivered@example.org", subject="Undelivered", text="-", event_id=event.id)
    report = report_services.get_report(event)
    db.add(
        ReviewComment(report_id=report.id, section_key="foreword", body="Please cite the source.")
    )
    db.commit()
    return {
        "anonymous": None,
        "participant": None,
        "checkin": by_email["checkin@example.org"],
        "rapporteur": by_email["rapporteur@example.org"],
        "other_organizer": other,
        "organizer": by_email["organizer@example.org"],
        "admin": by_email["admin@example.org"],
    }


def _url(rule: Any) -> str | None:
    values: dict[str, Any] = {}
    for argument in rule.arguments:
        if argument == "slug":
            values[argument] = DEMO_SLUG
        else:
            try:
                values[argument] = sample(rule.endpoint, argument)
            except (KeyError, LookupError):
                return None
    with current_app.test_request_context():
        return url_for(rule.endpoint, **values)


def _outcome(response: Any) -> str:
    if response.status_code in (301, 302, 303) and "/login" in response.headers.get("Location", ""):
        return LOGIN
    if response.status_code in (301, 302, 303):
        return REDIRECT
    if response.status_code in (200, 304):
        return OK
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 404:
        return NOT_FOUND
    return str(response.status_code)


def _as(client: Any, user: User | None) -> None:
    with client.session_transaction() as session:
        for key in ("_user_id", "_fresh", "_id", "lang"):
            session.pop(key, None)
        if user is not None:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True


def test_every_route_is_in_the_matrix(app):
    missing = sorted({rule.endpoint for rule in app.url_map.iter_rules()} - set(ROUTES))
    assert missing == [], f"routes without a security policy: {missing}"
    unknown = sorted(set(ROUTES.values()) - set(POLICIES))
    assert unknown == []


def test_each_visitor_gets_what_the_matrix_says(app, client, visitors):
    differences = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        policy = POLICIES[ROUTES[rule.endpoint]]
        url = _url(rule)
        if url is None:
            differences.append(f"{rule.endpoint}: no sample value for {sorted(rule.arguments)}")
            continue
        for visitor, user in visitors.items():
            expected = policy[visitor]
            _as(client, user)
            if "GET" in (rule.methods or ()) and rule.endpoint not in GET_EXEMPT:
                got = _outcome(client.get(url))
                if got != expected:
                    differences.append(f"GET {url} as {visitor}: expected {expected}, got {got}")
            writes = (rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}
            if writes and expected in (LOGIN, FORBIDDEN, NOT_FOUND):
                for method in sorted(writes):
                    got = _outcome(client.open(url, method=method, data={}))
                    if got != expected:
                        differences.append(
                            f"{method} {url} as {visitor}: expected {expected}, got {got}"
                        )
    assert differences == [], "\n".join(differences)


def test_every_state_changing_route_refuses_a_request_without_csrf_token(
    app, csrf_client, visitors
):
    unprotected = []
    for rule in app.url_map.iter_rules():
        writes = (rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}
        if not writes:
            continue
        url = _url(rule)
        assert url is not None, rule.endpoint
        for visitor in ("anonymous", "admin"):
            _as(csrf_client, visitors[visitor])
            for method in writes:
                response = csrf_client.open(url, method=method, data={"x": "1"})
                # The CSRF refusal itself (its own message), not any 400 a form or a parser gives.
                if not _is_csrf_refusal(app, response):
                    unprotected.append(f"{method} {url} as {visitor}: {response.status_code}")
    assert unprotected == [], "\n".join(unprotected)


def test_each_permitted_write_happens_once(app, client, db, visitors):
    """Every state-changing route, sent once by a visitor it allows, changes what it should."""
    from tests.quality.writes import Writes, run_every_write

    writes = Writes(client, db, lambda user: _as(client, user))
    try:
        run_every_write(writes, visitors, DEMO_SLUG)
    except Exception as error:  # a write that failed left the next one nothing to act on
        raise AssertionError("\n".join([*writes.problems, repr(error)])) from error
    not_performed = sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if (rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}
        and rule.endpoint not in writes.done
    )
    assert writes.problems == [], "\n".join(writes.problems)
    assert not_performed == [], f"writes never performed here: {not_performed}"
