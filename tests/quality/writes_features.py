"""The writes of the newer features (registration questions, copying an event, the team's
invitation link, the report's front matter, translations of content, invitations and letters),
each performed once by a visitor it allows and its effect checked, as in writes.py."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import func, select

from tests.quality.writes import Writes, csv_file, form_on, question_answers


def run_feature_writes(w: Writes, visitors: dict[str, Any], slug: str) -> None:
    """Called by run_every_write with the organizer signed in; leaves the organizer signed in."""
    from seminar.events.models import Event

    event = w.db.scalar(select(Event).where(Event.slug == slug))
    _team_invitation(w, visitors, slug)
    _questions(w, slug)
    copy_url = f"/manage/{slug}/copy"
    w.perform("events.copy_event", copy_url, changes={"event", "membership"},
              data=w.form(copy_url, copy_url, title="Tercera edición",
                          slug="tercera-edicion"))  # fmt: skip
    _translations(w, slug)
    _invitations(w, event, slug)
    _letters(w, visitors, event, slug)
    _messages(w, visitors, slug)
    w.sign_in(visitors["rapporteur"])
    _front_matter(w, event, slug)
    _report_translation(w, event, slug)
    w.sign_in(visitors["organizer"])


def _team_invitation(w: Writes, visitors: dict[str, Any], slug: str) -> None:
    from seminar.accounts import invitations
    from seminar.accounts.models import Membership, User

    invitee = w.db.scalar(select(User).where(User.email == "colega@example.org"))
    membership = w.db.scalar(select(Membership).where(Membership.user_id == invitee.id))
    team = f"/manage/{slug}/team"
    resend = f"{team}/{membership.id}/resend"
    w.perform("accounts.resend_invitation", resend, changes={"outbox_message"},
              data=w.form(team, resend))  # fmt: skip
    w.sign_in(None)
    accept = f"/invitation/{invitations.invitation_token(invitee)}"
    password = "a passphrase for the colleague 7"
    w.perform("accounts.accept_invitation", accept, changes={"user"},
              data=w.form(accept, accept, password=password, confirm=password))  # fmt: skip
    w.sign_in(visitors["organizer"])


def _questions(w: Writes, slug: str) -> None:
    from seminar.registration.questions import RegistrationQuestion

    questions = f"/manage/{slug}/registrations/questions"
    new = f"{questions}/new"
    w.perform("registration.add_question", new, changes={"registration_question"},
              data=w.form(new, new, kind="yes_no",
                          label_es="¿Necesita interpretación al inglés?"))  # fmt: skip
    added = w.db.scalar(
        select(RegistrationQuestion).where(
            RegistrationQuestion.label["es"].as_string() == "¿Necesita interpretación al inglés?"
        )
    )
    url = f"{questions}/{added.id}"
    w.perform("registration.edit_question", url, changes={"registration_question"},
              data=w.form(url, url, label_es="¿Necesita interpretación?"))  # fmt: skip
    w.perform("registration.move_question", f"{url}/move", changes={"registration_question"},
              data={**w.form(questions, f"{url}/move"), "direction": "up"})  # fmt: skip
    w.perform("registration.delete_question", f"{url}/delete",
              changes={"registration_question"},
              data=w.form(questions, f"{url}/delete"))  # fmt: skip


def _translations(w: Writes, slug: str) -> None:
    from babel.messages.pofile import read_po, write_po

    from seminar.agenda.models import AgendaItem
    from seminar.events.models import Event

    event = w.db.scalar(select(Event).where(Event.slug == slug))
    item = w.db.scalar(
        select(AgendaItem).where(AgendaItem.event_id == event.id).order_by(AgendaItem.id).limit(1)
    )
    page = f"/manage/{slug}/translations/en/agenda_item"
    save = f"{page}/{item.id}/title"
    prefix = f"agenda_item-{item.id}-title"
    w.perform("content.save_translation", save, changes={"content_translation"},
              data=w.form(page, save, **{f"{prefix}-value": "Accreditation and coffee"}))  # fmt: skip
    source = f"{save}/source"
    w.perform("content.choose_source", source, changes={"content_source"},
              data=w.form(page, source, **{f"{prefix}-source-lang": "en"}))  # fmt: skip
    # A translator fills the first text left untranslated in the exported file.
    exported = w.client.get(f"/manage/{slug}/translations/en.po")
    assert exported.status_code == 200, exported.status_code
    catalog = read_po(io.BytesIO(exported.data))
    missing = next(message for message in catalog if message.id and not message.string)
    missing.string = f"{missing.id} (translated)"
    filled = io.BytesIO()
    write_po(filled, catalog, width=0)
    transfer = f"/manage/{slug}/translations/transfer"
    w.perform("content.import_po", transfer, changes={"content_translation"},
              data={**w.form(transfer, transfer),
                    "file": (io.BytesIO(filled.getvalue()), "en.po", "text/x-gettext-translation")})  # fmt: skip


def _invitations(w: Writes, event: Any, slug: str) -> None:
    from seminar.outreach import tokens
    from seminar.outreach.models import Invitation, InvitationKind, InvitationStatus, Nomination

    desk = f"/manage/{slug}/invitations"
    w.perform("outreach.invite", desk, changes={"invitation", "outbox_message"},
              data=w.form(desk, desk, kind="institution",
                          institution="Defensoría del Pueblo de Bolivia",
                          contact_name="Rosa Mamani", email="defensoria@example.org",
                          quota="2"))  # fmt: skip
    invited = w.db.scalar(select(Invitation).where(Invitation.email == "defensoria@example.org"))
    resend = f"{desk}/{invited.id}/resend"
    w.perform("outreach.resend", resend, changes={"invitation", "outbox_message"},
              data=w.form(desk, resend))  # fmt: skip
    settings = f"{desk}/settings"
    w.perform("outreach.settings", settings, changes={"outreach_settings"},
              data=w.form(settings, settings, reminder_days="9"))  # fmt: skip
    upload = f"{desk}/import"
    preview = w.client.post(upload, content_type="multipart/form-data",
                            data={**w.form(upload, upload),
                                  "file": csv_file("kind,institution,contact,email,language,"
                                                   "quota\ninstitution,Universidad Mayor de San "
                                                   "Andrés,Luis Quispe,umsa@example.org,es,1\n")})  # fmt: skip
    w.perform("outreach.import_invitations", upload, changes={"invitation"},
              data=form_on(preview.get_data(as_text=True), upload, upload))  # fmt: skip

    def pending(kind: InvitationKind) -> list[Invitation]:
        return list(
            w.db.scalars(
                select(Invitation)
                .where(
                    Invitation.event_id == event.id,
                    Invitation.kind == kind,
                    Invitation.status == InvitationStatus.PENDING,
                )
                .order_by(Invitation.id)
            )
        )

    w.sign_in(None)
    institution = pending(InvitationKind.INSTITUTION)[0]
    landing = f"/events/{slug}/invitation/{tokens.invitation_token(institution)}"
    w.perform("outreach.nominate", f"{landing}/nominate", changes={"nomination", "outbox_message"},
              data=w.form(landing, f"{landing}/nominate", given_name="Andrés",
                          family_name="Castro Díaz", email="andres.castro@example.org",
                          position="Director de Migración"))  # fmt: skip
    nomination = w.db.scalar(
        select(Nomination).where(Nomination.email == "andres.castro@example.org")
    )
    nominee = f"/events/{slug}/nomination/{tokens.nomination_token(nomination)}"
    w.perform("outreach.nominee_register", nominee, changes={"registration", "nomination"},
              data=w.form(nominee, nominee, country="CO", privacy_accepted="y",
                          **question_answers(event)))  # fmt: skip
    person, other = pending(InvitationKind.PERSON)[:2]
    own = f"/events/{slug}/invitation/{tokens.invitation_token(person)}/register"
    w.perform("outreach.invitee_register", own, changes={"registration", "invitation"},
              data=w.form(own, own, institution="Consulado", country="AR",
                          privacy_accepted="y", **question_answers(event)))  # fmt: skip
    landing = f"/events/{slug}/invitation/{tokens.invitation_token(other)}"
    w.perform("outreach.decline", f"{landing}/decline", changes={"invitation"},
              data=w.form(landing, f"{landing}/decline"))  # fmt: skip


def _letters(w: Writes, visitors: dict[str, Any], event: Any, slug: str) -> None:
    from seminar.outreach.models import Letter, LetterStatus
    from seminar.registration import links
    from seminar.registration.models import Registration, RegistrationStatus

    w.sign_in(visitors["organizer"])
    requested = w.db.scalar(
        select(Letter)
        .where(Letter.event_id == event.id, Letter.status == LetterStatus.REQUESTED)
        .order_by(Letter.id)
        .limit(1)
    )
    desk = f"/manage/{slug}/letters"
    issue = f"{desk}/{requested.id}/issue"
    w.perform("outreach.issue_letter", issue, changes={"invitation_letter"},
              data=w.form(desk, issue))  # fmt: skip
    with_letter = select(Letter.registration_id).where(Letter.event_id == event.id)
    registration = w.db.scalar(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.id.not_in(with_letter),
        )
        .order_by(Registration.id)
        .limit(1)
    )
    w.sign_in(None)
    ask = f"/events/{slug}/registration/{links.self_service_token(registration)}/letter"
    w.perform("outreach.request_letter", ask, changes={"invitation_letter"},
              data=w.form(ask, ask, kind="travel"))  # fmt: skip


def _messages(w: Writes, visitors: dict[str, Any], slug: str) -> None:
    from seminar.outreach.models import ParticipantMessage

    w.sign_in(visitors["organizer"])
    log = f"/manage/{slug}/messages"
    w.perform("outreach.message_reminder", f"{log}/reminder", changes={"outreach_settings"},
              data=w.form(log, f"{log}/reminder", is_event_reminder_on="y"))  # fmt: skip
    new = f"{log}/new"
    w.perform("outreach.compose_message", new, changes={"participant_message"},
              data=w.form(new, new, subject_es="Cambio de salón",
                          body_es="El panel se traslada al Salón Sajama."))  # fmt: skip
    draft = w.db.scalar(select(func.max(ParticipantMessage.id)))
    page, edit = f"{log}/{draft}", f"{log}/{draft}/edit"
    w.perform("outreach.edit_message", edit, changes={"participant_message"},
              data=w.form(edit, edit, subject_es="Cambio de salón (panel 2)"))  # fmt: skip
    w.perform("outreach.schedule_message", f"{page}/schedule", changes={"participant_message"},
              data=w.form(page, f"{page}/schedule", send_at="2035-01-15T09:00"))  # fmt: skip
    w.perform("outreach.cancel_message", f"{page}/cancel", changes={"participant_message"},
              data=w.form(page, f"{page}/cancel"))  # fmt: skip
    w.perform("outreach.compose_message", new, changes={"participant_message"},
              data=w.form(new, new, subject_es="Bienvenida", body_es="Bienvenidos a La Paz."))  # fmt: skip
    latest = w.db.scalar(select(func.max(ParticipantMessage.id)))
    page = f"{log}/{latest}"
    w.perform("outreach.send_message", f"{page}/send",
              changes={"participant_message", "message_recipient", "outbox_message"},
              data=w.form(page, f"{page}/send"))  # fmt: skip


def _front_matter(w: Writes, event: Any, slug: str) -> None:
    from seminar.reports.models import Report, ReportSection

    report = f"/manage/{slug}/report"
    parts = f"{report}/front-matter"
    data = w.form(parts, parts)
    if "include_acknowledgements" in data:
        del data["include_acknowledgements"]
    else:
        data["include_acknowledgements"] = "y"
    w.perform("reports.front_matter_page", parts, changes={"report_front_matter"}, data=data)
    imprint = f"{report}/imprint"
    w.perform("reports.edit_imprint", imprint, changes={"report_front_matter"},
              data=w.form(imprint, imprint, publisher="Oficina en Bolivia"))  # fmt: skip
    acronyms = f"{report}/acronyms"
    data = w.form(acronyms, acronyms)
    blank = next(name for name, value in data.items() if name.endswith("-acronym") and not value)
    data[blank], data[blank.replace("-acronym", "-expansion")] = "UMSA", "Universidad Mayor"
    w.perform("reports.edit_acronyms", acronyms, changes={"report_acronym"}, data=data)
    # A section that names an institution by an acronym the list does not have yet.
    section = w.db.scalar(
        select(ReportSection)
        .join(Report)
        .where(Report.event_id == event.id)
        .order_by(ReportSection.id)
        .limit(1)
    )
    section.body = f"{section.body}\n\nCon el apoyo de la DIGEMIG."
    w.db.commit()
    suggestions = f"{acronyms}/suggestions"
    data = w.form(suggestions, suggestions)
    first = next(name for name in data if name.endswith("-acronym"))
    data[first.replace("-acronym", "-confirmed")] = "y"
    w.perform("reports.suggest_acronyms", suggestions, changes={"report_acronym"}, data=data)


def _report_translation(w: Writes, event: Any, slug: str) -> None:
    from seminar.reports.models import Recommendation

    rec = w.db.scalar(
        select(Recommendation)
        .where(Recommendation.event_id == event.id)
        .order_by(Recommendation.id)
        .limit(1)
    )
    url = f"/manage/{slug}/report/translations/en/recommendation/{rec.id}/text"
    w.perform("reports.translate_text", url, changes={"content_translation"},
              data=w.form(url, url, value="Create a regional migration observatory."))  # fmt: skip
    w.perform("reports.set_text_source", f"{url}/source", changes={"content_source"},
              data=w.form(url, f"{url}/source"))  # fmt: skip
