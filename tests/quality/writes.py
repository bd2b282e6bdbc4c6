"""Each state-changing route, performed once by a visitor it allows, and its effect checked.

The matrix (test_security_matrix.py) proves who is refused; this proves the permitted write really
happens: the tables it is meant to change did change. Forms are sent as a browser would send them:
read from the page that shows them (hidden fields, current values), with the few fields a person
would change. Objects that a write destroys (a person, a theme, a membership...) are made for it.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from seminar.extensions import db as _db

# --- forms as the browser sends them -----------------------------------------------------------


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: list[str] | None = None
        self._select: str | None = None
        self._first_option: tuple[str, str] | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get"), "f": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields = self._form["f"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("file", "submit", "button", "image", "reset"):
                fields.append([name, a.get("value", "y" if kind == "checkbox" else "")])
        elif tag == "button" and name and not self._form.get("button"):
            self._form["button"] = [name, a.get("value", "")]
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            fields.append(self._textarea)
        elif tag == "select" and name:
            self._select, self._first_option, self._selected = name, None, False
            self._form.setdefault("multiple", set())
            if "multiple" in a:
                self._form["multiple"].add(name)
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = (self._select, value)
            if "selected" in a:
                fields.append([self._select, value])
                self._selected = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            self._textarea[1] = self._textarea[1].removeprefix("\r").removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._form is not None and self._select:
            multiple = self._select in self._form.get("multiple", set())
            if not self._selected and self._first_option and not multiple:
                self._form["f"].append(list(self._first_option))  # a browser sends the first
            self._select = None
        elif tag == "form":
            self._form = None


def form_on(page_html: str, page_url: str, action: str) -> dict[str, Any]:
    """The values of the POST form that sends to ``action`` (a path) on a page."""
    parser = _Forms()
    parser.feed(page_html)
    for form in parser.forms:
        target = urlsplit(urljoin("http://localhost" + page_url, form["action"])).path
        if form["method"].lower() == "post" and target == action:
            values: dict[str, Any] = {}
            pairs = form["f"] + ([form["button"]] if form.get("button") else [])
            for name, value in pairs:
                if name in values:
                    old = values[name]
                    values[name] = [*(old if isinstance(old, list) else [old]), value]
                else:
                    values[name] = value
            return values
    raise AssertionError(f"no form sending to {action} on {page_url}")


# --- what changed ------------------------------------------------------------------------------


def fingerprint() -> dict[str, str]:
    """A digest of every table's rows: comparing two tells which tables a request changed."""
    digests = {}
    for table in _db.metadata.sorted_tables:
        rows = _db.session.execute(select(table)).all()
        text = "\n".join(sorted(repr(tuple(row)) for row in rows))
        digests[table.name] = hashlib.sha256(text.encode()).hexdigest()
    return digests


@dataclass
class Writes:
    """Runs the writes, one per endpoint, and keeps what went wrong."""

    client: Any
    db: Any
    sign_in: Callable[[Any], None]
    done: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def page(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, f"GET {url}: {response.status_code}"
        return str(response.get_data(as_text=True))

    def form(self, page: str, action: str, **changes: Any) -> dict[str, Any]:
        return {**form_on(self.page(page), page, action), **changes}

    def perform(
        self,
        endpoint: str,
        url: str,
        *,
        changes: set[str],
        method: str = "POST",
        data: dict[str, Any] | None = None,
        json: Any = None,
        check: Callable[[Any], str | None] | None = None,
    ) -> Any:
        """Send one write; its answer must not be a refusal, and ``changes`` (table names) must
        have changed -- or, for writes that change the visitor's session, ``check`` must pass."""
        self.db.expire_all()
        self.db.commit()
        before = fingerprint()
        kwargs: dict[str, Any] = {"json": json} if json is not None else {"data": data or {}}
        if data is not None and any(isinstance(v, tuple) for v in data.values()):
            kwargs["content_type"] = "multipart/form-data"
        response = self.client.open(url, method=method, **kwargs)
        self.db.expire_all()
        self.db.commit()
        after = fingerprint()
        changed = {name for name in after if after[name] != before.get(name)}
        body = response.get_data(as_text=True)
        where = f"{endpoint} ({method} {url})"
        if response.status_code >= 400:
            self.problems.append(f"{where}: refused with {response.status_code}: {_text(body)}")
        elif not changes <= changed:
            self.problems.append(
                f"{where}: answered {response.status_code} but did not change "
                f"{sorted(changes - changed)} (changed: {sorted(changed)}) {_text(body)}"
            )
        elif check is not None and (problem := check(response)):
            self.problems.append(f"{where}: {problem}")
        self.done.add(endpoint)
        return response


def _text(html: str) -> str:
    alerts = re.findall(r'class="(?:alert[^"]*|error)"[^>]*>(.*?)</', html, re.S)
    return " | ".join(re.sub(r"<[^>]+>|\s+", " ", a).strip() for a in alerts)[:300]


def question_answers(event: Any) -> dict[str, str]:
    """An answer to each of the event's registration questions, as a participant would choose."""
    from seminar.registration.question_services import questions_for

    values = {"yes_no": "yes", "date": event.starts_on.isoformat()}
    return {
        question.field_name: (
            question.visible_choices[0].key
            if question.kind.has_choices
            else values.get(question.kind.value, "Respuesta")
        )
        for question in questions_for(event)
    }


def csv_file(text: str) -> tuple[io.BytesIO, str, str]:
    return (io.BytesIO(text.encode("utf-8")), "list.csv", "text/csv")


# --- every write of the app, in an order that leaves each one something to act on ----------------


def run_every_write(w: Writes, visitors: dict[str, Any], slug: str) -> None:
    """Perform each state-changing route once, as a visitor the matrix allows."""
    from seminar.accounts.models import Membership, Role
    from seminar.agenda.models import AgendaItem, Person, Room, Theme
    from seminar.events.models import Event
    from seminar.mail import OutboxMessage
    from seminar.registration import checkin, links
    from seminar.registration.models import Registration, RegistrationStatus
    from seminar.reports.models import Recommendation, ReviewComment
    from tests.factories import make_user
    from tests.quality.writes_features import run_feature_writes

    db = w.db
    event = db.scalar(select(Event).where(Event.slug == slug))
    base = f"/manage/{slug}"

    def first(model: Any, *where: Any) -> Any:
        return db.scalar(select(model).where(*where).order_by(model.id).limit(1))

    # --- the public and the participant ---
    w.sign_in(None)
    w.perform("web.switch_language", "/language", changes=set(),
              data={"lang": "es", "next": "/"},
              check=lambda r: None if 'lang="es"' in w.page("/") else "the page is not in Spanish")  # fmt: skip
    w.perform("web.switch_language", "/language", changes=set(), data={"lang": "en", "next": "/"})
    w.perform("registration.register", f"/events/{slug}/register", changes={"registration"},
              data=w.form(f"/events/{slug}/register", f"/events/{slug}/register",
                          given_name="Nueva", family_name="Participante",
                          email="nueva@example.org", institution="Cancillería", country="BO",
                          privacy_accepted="y", **question_answers(event)))  # fmt: skip
    w.perform("registration.resend_link", f"/events/{slug}/register/link",
              changes={"outbox_message"}, data={"email": "nueva@example.org"})  # fmt: skip
    registration = first(Registration, Registration.email == "nueva@example.org")
    token = links.self_service_token(registration)
    edit_url = f"/events/{slug}/registration/{token}/edit"
    w.perform("registration.self_service_edit", edit_url, changes={"registration"},
              data=w.form(edit_url, edit_url, position="Directora nueva"))  # fmt: skip
    cancel_url = f"/events/{slug}/registration/{token}/cancel"
    w.perform("registration.self_service_cancel", cancel_url, changes={"registration"},
              data=w.form(cancel_url, cancel_url))  # fmt: skip

    # --- accounts ---
    admin = visitors["admin"]
    w.perform("accounts.login", "/login", changes={"user"},
              data=w.form("/login", "/login", email=admin.email, password="seminar-demo"))  # fmt: skip
    w.perform("accounts.logout", "/logout", changes=set(),
              check=lambda r: None if w.client.get(f"{base}/").status_code == 302
              else "still signed in")  # fmt: skip
    w.perform("accounts.forgot_password", "/password/forgot", changes={"outbox_message"},
              data=w.form("/password/forgot", "/password/forgot", email=admin.email))  # fmt: skip
    from seminar.accounts.services import password_reset_token
    from seminar.accounts.signin import sign_in_token

    spare = make_user(email="spare@example.org")
    db.commit()
    reset_url = f"/password/reset/{password_reset_token(spare)}"
    new_password = "a brand new passphrase 42"
    w.perform("accounts.reset_password", reset_url, changes={"user"},
              data=w.form(reset_url, reset_url, password=new_password, confirm=new_password))  # fmt: skip
    w.sign_in(None)
    link_url = f"/login/link/{sign_in_token(spare)}"
    w.perform(
        "accounts.sign_in_by_link", link_url, changes={"user"}, data=w.form(link_url, link_url)
    )
    w.sign_in(spare)
    w.perform("accounts.account", "/account", changes={"user"},
              data=w.form("/account", "/account", current_password=new_password,
                          password="another passphrase 43", confirm="another passphrase 43"))  # fmt: skip
    w.perform("accounts.sign_out_everywhere", "/account/sign-out-everywhere", changes={"user"},
              data=w.form("/account", "/account/sign-out-everywhere"))  # fmt: skip

    # --- the organizers: event, team ---
    w.sign_in(visitors["organizer"])
    w.perform("events.settings", f"{base}/", changes={"event"},
              data=w.form(f"{base}/", f"{base}/", subtitle="Subtítulo cambiado"))  # fmt: skip
    w.perform("events.create", "/manage/new", changes={"event", "membership"},
              data=w.form("/manage/new", "/manage/new", title="Otro seminario",
                          slug="otro-seminario", starts_on="2027-03-01",
                          ends_on="2027-03-02"))  # fmt: skip
    w.perform("accounts.team", f"{base}/team", changes={"membership"},
              data=w.form(f"{base}/team", f"{base}/team", email="colega@example.org"))  # fmt: skip
    identity = f"{base}/identity"
    w.perform("events.save_host", f"{identity}/hosts", changes={"host_organization", "event"},
              data=w.form(identity, f"{identity}/hosts", **{"host-name": "Cancillería"}))  # fmt: skip
    w.perform("events.save_signatory", f"{identity}/signatories", changes={"signatory", "event"},
              data=w.form(identity, f"{identity}/signatories",
                          **{"signatory-name": "Ana Flores"}))  # fmt: skip
    host, signatory = event.host_organizations[0], event.signatories[0]
    host_url = f"{identity}/hosts/{host.id}"
    signatory_url = f"{identity}/signatories/{signatory.id}"
    w.perform("events.save_host", host_url, changes={"host_organization", "event"},
              data=w.form(host_url, host_url, short_name="OB-LPZ"))  # fmt: skip
    w.perform("events.save_signatory", signatory_url, changes={"signatory", "event"},
              data=w.form(signatory_url, signatory_url, title="Jefa de Misión a.i."))  # fmt: skip
    w.perform("events.change_host", f"{host_url}/down", changes={"host_organization", "event"},
              data=w.form(identity, f"{host_url}/down"))  # fmt: skip
    w.perform("events.change_signatory", f"{signatory_url}/down", changes={"signatory", "event"},
              data=w.form(identity, f"{signatory_url}/down"))  # fmt: skip
    leaving = Membership(user=make_user(), event=event, role=Role.RAPPORTEUR)
    db.add(leaving)
    db.commit()
    remove = f"{base}/team/{leaving.id}/remove"
    w.perform("accounts.remove_member", remove, changes={"membership"},
              data=w.form(f"{base}/team", remove))  # fmt: skip

    # --- the agenda ---
    w.perform("agenda.rooms", f"{base}/agenda/rooms", changes={"room"},
              data=w.form(f"{base}/agenda/rooms", f"{base}/agenda/rooms", name="Sala nueva"))  # fmt: skip
    room = first(Room, Room.event_id == event.id)
    room_url = f"{base}/agenda/rooms/{room.id}"
    w.perform("agenda.rooms", room_url, changes={"room"},
              data=w.form(room_url, room_url, name="Salón renombrado"))  # fmt: skip
    w.perform("agenda.change_room", f"{room_url}/down", changes={"room"},
              data=w.form(f"{base}/agenda/rooms", f"{room_url}/down"))  # fmt: skip
    w.perform("agenda.themes", f"{base}/agenda/themes", changes={"theme"},
              data=w.form(f"{base}/agenda/themes", f"{base}/agenda/themes", name="Tema nuevo",
                          color="#0b5cab"))  # fmt: skip
    theme = db.scalar(select(Theme).where(Theme.name == "Tema nuevo"))
    theme_url = f"{base}/agenda/themes/{theme.id}"
    w.perform("agenda.themes", theme_url, changes={"theme"},
              data=w.form(theme_url, theme_url, name="Tema renombrado"))  # fmt: skip
    w.perform("agenda.delete_theme", f"{theme_url}/delete", changes={"theme"},
              data=w.form(f"{base}/agenda/themes", f"{theme_url}/delete"))  # fmt: skip
    w.perform("agenda.new_person", f"{base}/people/new", changes={"person"},
              data=w.form(f"{base}/people/new", f"{base}/people/new", name="Persona Nueva"))  # fmt: skip
    person = db.scalar(select(Person).where(Person.name == "Persona Nueva"))
    person_url = f"{base}/people/{person.id}"
    w.perform("agenda.edit_person", person_url, changes={"person"},
              data=w.form(person_url, person_url, position="Cargo nuevo"))  # fmt: skip
    person.photo = "people/missing.jpg"
    db.commit()
    w.perform("agenda.remove_photo", f"{person_url}/photo/delete", changes={"person"},
              data=w.form(person_url, f"{person_url}/photo/delete"))  # fmt: skip
    twin = Person(event=event, name="Persona Nueva", position="Duplicado")
    db.add(twin)
    db.commit()
    merge_url = f"{base}/people/merge"
    w.perform("agenda.merge_people", merge_url, changes={"person"},
              data=w.form(f"{merge_url}?keep={person.id}&duplicate={twin.id}", merge_url))  # fmt: skip
    w.perform("agenda.delete_person", f"{person_url}/delete", changes={"person"},
              data=w.form(person_url, f"{person_url}/delete"))  # fmt: skip
    item = first(AgendaItem, AgendaItem.event_id == event.id, AgendaItem.is_public.is_(True))
    day = event.starts_on.isoformat()
    w.perform("agenda.new_item", f"{base}/agenda/items/new", changes={"agenda_item"},
              data=w.form(f"{base}/agenda/items/new", f"{base}/agenda/items/new",
                          title="Sesión nueva", day=day, starts="18:00", ends="18:30"))  # fmt: skip
    item_url = f"{base}/agenda/items/{item.id}/edit"
    w.perform("agenda.edit_item", item_url, changes={"agenda_item"},
              data=w.form(item_url, item_url, title=f"{item.title} (revisado)"))  # fmt: skip
    created = w.perform("agenda.create_item", f"{base}/agenda/items", changes={"agenda_item"},
                        json={"title": "Sesión por API", "kind": "panel",
                              "starts_at": f"{day}T19:00:00-04:00",
                              "ends_at": f"{day}T19:30:00-04:00"})  # fmt: skip
    api_item = (created.get_json() or {}).get("item", {})
    api_url = f"{base}/agenda/items/{api_item.get('id')}"
    w.perform("agenda.update_item", api_url, method="PATCH", changes={"agenda_item"},
              json={"title": "Sesión por API, cambiada", "version": api_item.get("version")})  # fmt: skip
    db.expire_all()
    version = db.get(AgendaItem, api_item.get("id")).version
    w.perform("agenda.delete_item", api_url, method="DELETE", changes={"agenda_item"},
              json={"version": version})  # fmt: skip
    gone = first(AgendaItem, AgendaItem.title == "Sesión nueva")
    w.perform("agenda.remove_item", f"{base}/agenda/items/{gone.id}/delete",
              changes={"agenda_item"},
              data=w.form(f"{base}/agenda/items/{gone.id}/edit",
                          f"{base}/agenda/items/{gone.id}/delete"))  # fmt: skip
    w.perform("agenda.publish", f"{base}/agenda/publish", changes={"agenda_publication"},
              data=w.form(f"{base}/agenda/publish", f"{base}/agenda/publish"))  # fmt: skip

    # --- registrations and check-in ---
    desk = f"{base}/registrations"
    w.perform("registration.settings", f"{desk}/settings", changes={"registration_settings"},
              data=w.form(f"{desk}/settings", f"{desk}/settings", capacity="400"))  # fmt: skip
    confirmed = first(Registration, Registration.event_id == event.id,
                      Registration.status == RegistrationStatus.CONFIRMED)  # fmt: skip
    reg_url = f"{desk}/{confirmed.id}"
    w.perform("registration.edit_registration", reg_url, changes={"registration"},
              data=w.form(reg_url, reg_url, organizer_notes="Llega el martes."))  # fmt: skip
    pending = first(Registration, Registration.event_id == event.id,
                    Registration.status != RegistrationStatus.CONFIRMED)  # fmt: skip
    w.perform("registration.change_status", f"{desk}/status", changes={"registration"},
              data={**w.form(reg_url, f"{desk}/status"), "ids": str(pending.id),
                    "action": "confirm"})  # fmt: skip
    failed = first(OutboxMessage, OutboxMessage.to_address == "undelivered@example.org")
    failed.status = "failed"
    db.commit()
    w.perform("registration.retry_mail", f"{desk}/mail/{failed.id}/retry",
              changes={"outbox_message"}, data={})  # fmt: skip
    preview = w.client.post(f"{desk}/import", content_type="multipart/form-data",
                            data={**w.form(f"{desk}/import", f"{desk}/import"),
                                  "file": csv_file("given_name,family_name,email,country,"
                                                   "institution\nImportada,Persona,"
                                                   "importada@example.org,BO,Cancillería\n")})  # fmt: skip
    w.perform("registration.import_list", f"{desk}/import", changes={"registration"},
              data=form_on(preview.get_data(as_text=True), f"{desk}/import", f"{desk}/import"))  # fmt: skip
    w.sign_in(visitors["checkin"])
    confirmed = db.get(Registration, pending.id)  # confirmed above, not checked in yet
    scan_token = checkin.checkin_token(confirmed)
    w.perform("registration.checkin_scan", f"{base}/checkin/scan/{scan_token}",
              changes={"checkin"},
              data=w.form(f"{base}/checkin/scan/{scan_token}",
                          f"{base}/checkin/scan/{scan_token}",
                          reason="Recogió la credencial antes"))  # fmt: skip
    w.perform("registration.checkin_undo", f"{base}/checkin/{confirmed.id}/undo",
              changes={"checkin"}, data={})  # fmt: skip
    w.perform("registration.checkin_register", f"{base}/checkin/{confirmed.id}",
              changes={"checkin"}, data={"reason": "Recogió la credencial antes"})  # fmt: skip

    # --- registration questions, copies, translations, invitations, letters, front matter ---
    w.sign_in(visitors["organizer"])
    run_feature_writes(w, visitors, slug)

    # --- the report ---
    w.sign_in(visitors["rapporteur"])
    report = f"{base}/report"
    w.perform("reports.markdown_preview", f"{report}/markdown-preview", changes=set(),
              json={"text": "**hola**"},
              check=lambda r: None if "<strong>hola</strong>" in r.get_json()["html"]
              else "no preview")  # fmt: skip
    note_item = first(AgendaItem, AgendaItem.event_id == event.id, AgendaItem.is_public.is_(True))
    note_url = f"{report}/notes/{note_item.id}"
    w.perform("reports.edit_note", note_url, changes={"session_note"},
              data=w.form(note_url, note_url, summary="Resumen revisado."))  # fmt: skip
    section_url = f"{report}/sections/context"
    w.perform("reports.edit_section", section_url, changes={"report_section"},
              data=w.form(section_url, section_url, body="Contexto revisado."))  # fmt: skip
    w.perform("reports.edit_cover", f"{report}/cover", changes={"report"},
              data=w.form(f"{report}/cover", f"{report}/cover", subtitle="Subtítulo nuevo"))  # fmt: skip
    new_rec = f"{report}/recommendations/new"
    w.perform("reports.new_recommendation", new_rec, changes={"recommendation"},
              data=w.form(new_rec, new_rec, text="Crear un observatorio regional."))  # fmt: skip
    rec = db.scalar(select(Recommendation).where(Recommendation.text.like("Crear un obs%")))
    rec_url = f"{report}/recommendations/{rec.id}"
    w.perform("reports.edit_recommendation", rec_url, changes={"recommendation"},
              data=w.form(rec_url, rec_url, addressee="Cancillerías"))  # fmt: skip
    themed = first(Recommendation, Recommendation.event_id == event.id,
                   Recommendation.theme_id.is_not(None))  # fmt: skip
    group = list(db.scalars(select(Recommendation.id).where(
        Recommendation.event_id == event.id, Recommendation.theme_id == themed.theme_id,
    ).order_by(Recommendation.position)))  # fmt: skip
    assert len(group) > 1, "the demo has a theme with several recommendations"
    w.perform("reports.reorder_recommendations", f"{report}/recommendations/order",
              changes={"recommendation"}, json={"ids": list(reversed(group))})  # fmt: skip
    w.perform(
        "reports.move_recommendation",
        f"{report}/recommendations/{group[0]}/move",
        changes={"recommendation"},
        data={"direction": "up"},
    )  # last since the reorder
    w.perform("reports.change_status", f"{report}/status", changes={"report"},
              data={"status": "in_review"})  # fmt: skip
    w.sign_in(visitors["organizer"])
    w.perform("reports.add_comment", f"{report}/comments", changes={"review_comment"},
              data={**w.form(section_url, f"{report}/comments"),
                    "comment-body": "Cite la fuente."})  # fmt: skip
    for comment in db.scalars(select(ReviewComment).where(ReviewComment.resolved_at.is_(None))):
        w.perform("reports.resolve_comment", f"{report}/comments/{comment.id}/resolve",
                  changes={"review_comment"}, data={})  # fmt: skip
    from seminar.reports.services import get_report
    from seminar.reports.sessions import left_out_notes
    from seminar.reports.translations import incomplete, incomplete_key

    left_out = ",".join(str(row.item_id) for row in left_out_notes(event))  # as the page lists
    untranslated = incomplete_key(incomplete(get_report(event)))  # the demo's outdated section
    w.perform("reports.finalize", f"{report}/finalize", changes={"report_version"},
              data=w.form(report, f"{report}/finalize", left_out=left_out,
                          untranslated=untranslated))  # fmt: skip
    number = db.scalar(select(func_max_version(event)))
    w.perform("reports.publish_version", f"{report}/versions/{number}/publish",
              changes={"report_version"}, data={})  # fmt: skip
    from seminar.documents import FAILED
    from seminar.reports.models import Report, ReportVersion

    frozen = db.scalar(select(ReportVersion).join(Report).where(
        Report.event_id == event.id, ReportVersion.number == number))  # fmt: skip
    for file in frozen.files:  # a render that failed is asked for again
        if file.document is not None:
            file.document.status = FAILED
    db.commit()
    w.perform("reports.render_version", f"{report}/versions/{number}/render",
              changes={"rendered_document"}, data={})  # fmt: skip


def func_max_version(event: Any) -> Any:
    from sqlalchemy import func

    from seminar.reports.models import Report, ReportVersion

    return (
        select(func.max(ReportVersion.number))
        .join(Report)
        .where(Report.event_id == event.id)
        .scalar_subquery()
    )
