"""Custom registration questions: organizers write and order them; participants answer them in
the form; the desk, the exports and the counts show the answers; answered meaning is frozen."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from seminar.audit import AuditEntry
from seminar.extensions import db as _db
from seminar.registration.models import InstitutionType, Registration
from seminar.registration.question_services import save_answers, save_question
from seminar.registration.questions import RegistrationAnswer, RegistrationQuestion
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import form_data

AREAS = ["Migración laboral", "Protección consular", "Remesas", "Trata y tráfico"]


@pytest.fixture
def event(db):
    event = make_event(slug="lapaz")
    make_settings(event)
    return event


def add_visa_question(event):
    return save_question(
        event,
        None,
        {
            "kind": "yes_no",
            "label": {
                "es": "¿Requiere carta de invitación para visa?",
                "en": "Do you need an invitation letter for a visa?",
            },
            "is_required": True,
        },
    )


def add_area_question(event):
    return save_question(
        event,
        None,
        {
            "kind": "one_choice",
            "label": {"es": "Área de trabajo"},
            "help": {"es": "La que más se acerca a su trabajo diario."},
            "audience": ["government"],
            "is_required": True,
            "choices": [{"label": {"es": label}} for label in AREAS],
        },
    )


def question_form(event, **overrides):
    data = {
        "kind": "one_choice",
        "label_es": "Área de trabajo",
        "label_en": "Area of work",
        "help_es": "",
        "help_en": "",
        "choices-0-label_es": "Migración laboral",
        "choices-1-label_es": "Remesas",
        "audience": ["government"],
        "is_required": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Organizers ------------------------------------------------------------------------------


def test_organizer_adds_a_one_choice_question_for_government_participants(client, event, login_as):
    login_as("organizer", event)
    response = client.post("/manage/lapaz/registrations/questions/new", data=question_form(event))
    assert response.status_code == 302
    page = client.get("/manage/lapaz/registrations/questions").get_data(as_text=True)
    assert "Area of work" in page  # the organizer reads English
    assert "asked of: Government" in page
    question = _db.session.scalars(select(RegistrationQuestion)).one()
    assert question.label == {"es": "Área de trabajo", "en": "Area of work"}
    assert [c.key for c in question.choices] == ["migracion-laboral", "remesas"]
    assert question.audience == ["government"]


def test_question_needs_its_main_language_label_and_two_choices(client, event, login_as):
    login_as("organizer", event)
    response = client.post(
        "/manage/lapaz/registrations/questions/new", data=question_form(event, label_es="")
    )
    assert response.status_code == 400
    assert "Write the question in the event&#39;s main language." in response.get_data(as_text=True)
    response = client.post(
        "/manage/lapaz/registrations/questions/new",
        data=question_form(event, **{"choices-1-label_es": ""}),
    )
    assert response.status_code == 400
    assert "Give at least two choices that are shown." in response.get_data(as_text=True)
    assert _db.session.scalars(select(RegistrationQuestion)).all() == []


def test_organizer_reorders_questions_with_up_and_down_buttons(client, event, login_as):
    visa, area = add_visa_question(event), add_area_question(event)
    login_as("organizer", event)
    client.post(f"/manage/lapaz/registrations/questions/{area.id}/move", data={"direction": "up"})
    page = client.get("/manage/lapaz/registrations/questions").get_data(as_text=True)
    assert page.index("Área de trabajo") < page.index("Do you need an invitation letter")
    form = client.get("/events/lapaz/register").get_data(as_text=True)
    assert form.index("Área de trabajo") < form.index("Do you need an invitation letter")
    assert visa.id != area.id


def test_answered_question_keeps_its_kind_and_answered_choices(client, event, login_as):
    area = add_area_question(event)
    save_answers(make_registration(event), {area.id: "remesas"})
    login_as("organizer", event)
    url = f"/manage/lapaz/registrations/questions/{area.id}"
    page = client.get(url).get_data(as_text=True)
    assert "This question has 1 answer." in page
    base = {
        "version": str(area.version),
        "label_es": "Área de trabajo principal",
        "label_en": "",
        **{f"choices-{i}-key": c.key for i, c in enumerate(area.choices)},
        **{f"choices-{i}-label_es": c.label["es"] for i, c in enumerate(area.choices)},
        "audience": ["government"],
    }
    refused = client.post(url, data={**base, "kind": "several_choices"})
    assert refused.status_code == 400
    assert "its kind cannot change" in refused.get_data(as_text=True)
    refused = client.post(url, data={**base, "kind": "one_choice", "choices-2-remove": "y"})
    assert "has already been chosen by participants: hide it" in refused.get_data(as_text=True)
    # Fixing the wording, hiding the answered choice and adding one are allowed and recorded.
    saved = client.post(
        url,
        data={
            **base,
            "kind": "one_choice",
            "choices-2-is_hidden": "y",
            "choices-4-label_es": "Refugio y asilo",
        },
    )
    assert saved.status_code == 302
    _db.session.refresh(area)
    assert area.label["es"] == "Área de trabajo principal"
    assert [c.key for c in area.choices][-1] == "refugio-y-asilo"
    assert next(c for c in area.choices if c.key == "remesas").is_hidden
    entry = _db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.question_changed")
    ).one()
    assert entry.changes["label"][1]["es"] == "Área de trabajo principal"


def test_stale_question_edit_shows_both_versions(client, event, login_as):
    visa = add_visa_question(event)
    login_as("organizer", event)
    url = f"/manage/lapaz/registrations/questions/{visa.id}"
    response = client.post(
        url, data={"version": "0", "kind": "yes_no", "label_es": "¿Necesita visa?"}
    )
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Someone else saved this while you were editing" in text
    assert "¿Necesita visa?" in text


def test_answered_question_cannot_be_removed_only_hidden(client, event, login_as):
    visa = add_visa_question(event)
    save_answers(make_registration(event), {visa.id: "yes"})
    login_as("organizer", event)
    client.post(f"/manage/lapaz/registrations/questions/{visa.id}/delete")
    assert _db.session.get(RegistrationQuestion, visa.id) is not None
    page = client.get("/manage/lapaz/registrations/questions").get_data(as_text=True)
    assert "hide it instead of removing it" in page


def test_question_pages_are_for_the_event_team_only(client, event, login_as):
    login_as("user")
    assert client.get("/manage/lapaz/registrations/questions").status_code == 403
    assert client.get("/manage/lapaz/registrations/answers").status_code == 403


# --- Participants ----------------------------------------------------------------------------


def test_questions_appear_in_the_form_in_the_visitors_language(client, event):
    add_visa_question(event), add_area_question(event)
    page = client.get("/events/lapaz/register").get_data(as_text=True)
    assert "Do you need an invitation letter for a visa?" in page
    # No English label: the Spanish one, marked as Spanish for screen readers.
    assert 'data-audience="government" lang="es"' in page
    assert "Protección consular" in page
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    page = client.get("/events/lapaz/register").get_data(as_text=True)
    assert "¿Requiere carta de invitación para visa?" in page


def test_registering_saves_the_answers_with_the_registration(client, event):
    visa, area = add_visa_question(event), add_area_question(event)
    data = form_data(event, **{visa.field_name: "yes", area.field_name: "proteccion-consular"})
    response = client.post("/events/lapaz/register", data=data)
    assert response.status_code == 302
    registration = _db.session.scalars(select(Registration)).one()
    answers = {
        a.question_id: a.value
        for a in _db.session.scalars(
            select(RegistrationAnswer).where(RegistrationAnswer.registration_id == registration.id)
        )
    }
    assert answers == {visa.id: True, area.id: "proteccion-consular"}


def test_missing_or_invalid_answers_are_shown_next_to_their_fields(client, event):
    visa, area = add_visa_question(event), add_area_question(event)
    data = form_data(event, **{area.field_name: "tourism"})
    response = client.post("/events/lapaz/register", data=data)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert f'<p class="error" id="{visa.field_name}-error">Choose an answer.</p>' in text
    assert f'<p class="error" id="{area.field_name}-error">Choose from the list.</p>' in text
    assert _db.session.scalars(select(Registration)).all() == []


def test_a_question_for_government_is_not_required_from_academia(client, event):
    visa, area = add_visa_question(event), add_area_question(event)
    data = form_data(
        event,
        institution_type="academia",
        **{visa.field_name: "no", area.field_name: "remesas"},
    )
    assert client.post("/events/lapaz/register", data=data).status_code == 302
    registration = _db.session.scalars(select(Registration)).one()
    assert registration.institution_type == InstitutionType.ACADEMIA
    saved = _db.session.scalars(select(RegistrationAnswer)).all()
    assert [(a.question_id, a.value) for a in saved] == [(visa.id, False)]


def test_date_answers_accept_the_locale_format(client, event):
    arrival = save_question(
        event, None, {"kind": "date", "label": {"es": "Fecha de llegada", "en": "Arrival date"}}
    )
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    bad = client.post(
        "/events/lapaz/register", data=form_data(event, **{arrival.field_name: "mañana"})
    )
    assert "Escriba una fecha como 15/3/27." in bad.get_data(as_text=True)
    good = client.post(
        "/events/lapaz/register", data=form_data(event, **{arrival.field_name: "1/12/26"})
    )
    assert good.status_code == 302
    assert _db.session.scalars(select(RegistrationAnswer.value)).one() == "2026-12-01"


# --- Desk, exports, counts -------------------------------------------------------------------


@pytest.fixture
def answered(event):
    visa, area = add_visa_question(event), add_area_question(event)
    ana = make_registration(event, given_name="Ana", email="ana@example.org")
    save_answers(ana, {visa.id: "yes", area.id: "remesas"}, is_new=True)
    luis = make_registration(event, given_name="Luis", email="luis@example.org")
    save_answers(luis, {visa.id: "no", area.id: "remesas"}, is_new=True)
    eva = make_registration(
        event, given_name="Eva", email="eva@example.org", institution_type=InstitutionType.ACADEMIA
    )
    save_answers(eva, {visa.id: "yes"}, is_new=True)
    return ana


def test_desk_shows_and_edits_the_answers(client, event, answered, login_as):
    login_as("organizer", event)
    url = f"/manage/lapaz/registrations/{answered.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Answers to the questions" in page
    assert "<dt>Área de trabajo</dt><dd>Remesas</dd>" in page
    area = _db.session.scalars(
        select(RegistrationQuestion).where(RegistrationQuestion.kind == "one_choice")
    ).one()
    # The form holds the saved answer, ready to be changed.
    name = area.field_name
    pattern = rf'<input checked id="{name}-\d" name="{name}" required type="radio" value="remesas">'
    assert re.search(pattern, page)
    visa = _db.session.scalars(
        select(RegistrationQuestion).where(RegistrationQuestion.kind == "yes_no")
    ).one()
    data = {
        **form_data(event, email="ana@example.org", given_name="Ana"),
        "version": str(answered.version),
        visa.field_name: "no",
        name: "migracion-laboral",
    }
    data.pop("privacy_accepted")
    assert client.post(url, data=data).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "<dt>Área de trabajo</dt><dd>Migración laboral</dd>" in page
    assert "<dt>Do you need an invitation letter for a visa?</dt><dd>No</dd>" in page
    entry = _db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.answers_updated")
    ).one()
    assert entry.changes["Área de trabajo"] == ["remesas", "migracion-laboral"]
    assert entry.changes["¿Requiere carta de invitación para visa?"] == [True, False]


def test_csv_and_xlsx_exports_have_a_column_per_question(client, event, answered, login_as):
    login_as("organizer", event)
    data = client.get("/manage/lapaz/registrations/export?format=csv").data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    ana = next(r for r in rows if r["E-mail"] == "ana@example.org")
    assert ana["Do you need an invitation letter for a visa?"] == "Yes"
    assert ana["Área de trabajo"] == "Remesas"
    eva = next(r for r in rows if r["E-mail"] == "eva@example.org")
    assert eva["Área de trabajo"] == ""
    book = load_workbook(
        io.BytesIO(client.get("/manage/lapaz/registrations/export?format=xlsx").data)
    )
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["Do you need an invitation letter for a visa?", "Área de trabajo"]
    values = {
        row[header.index("E-mail")]: row for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert values["luis@example.org"][-1] == "Remesas"
    assert values["luis@example.org"][-2] == "No"


def test_answers_page_counts_choices_and_yes_no(client, event, answered, login_as):
    login_as("organizer", event)
    page = client.get("/manage/lapaz/registrations/answers").get_data(as_text=True)
    assert "3 answered out of 3 asked" in page
    assert "2 answered out of 2 asked" in page  # the area question is asked of government only
    assert '<th scope="row">Yes</th><td class="num">2</td>' in page
    assert '<th scope="row">No</th><td class="num">1</td>' in page
    assert '<th scope="row">Remesas</th><td class="num">2</td>' in page
    assert '<th scope="row">Trata y tráfico</th><td class="num">0</td>' in page


def test_self_service_edit_changes_an_answer(client, event, answered):
    from seminar.registration.links import self_service_token

    token = self_service_token(answered)
    url = f"/events/lapaz/registration/{token}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Do you need an invitation letter for a visa?" in page
    visa = _db.session.scalars(
        select(RegistrationQuestion).where(RegistrationQuestion.kind == "yes_no")
    ).one()
    area = _db.session.scalars(
        select(RegistrationQuestion).where(RegistrationQuestion.kind == "one_choice")
    ).one()
    data = form_data(
        event,
        email="ana@example.org",
        given_name="Ana",
        version=str(answered.version),
        **{visa.field_name: "no", area.field_name: "trata-y-trafico"},
    )
    data.pop("privacy_accepted")
    assert client.post(url, data=data).status_code == 302
    answers = {
        a.question_id: a.value
        for a in _db.session.scalars(
            select(RegistrationAnswer).where(RegistrationAnswer.registration_id == answered.id)
        )
    }
    assert answers == {visa.id: False, area.id: "trata-y-trafico"}


def test_demo_registrations_answer_the_two_demo_questions(client, db, login_as):
    from seminar.accounts import demo as accounts_demo
    from seminar.events import demo as events_demo
    from seminar.registration import demo
    from seminar.registration.demo_questions import AREAS as DEMO_AREAS

    event = events_demo.load_demo(accounts_demo.load_demo(None))
    demo.load_demo(event)
    db.commit()
    login_as("organizer", event)
    page = client.get(f"/manage/{event.slug}/registrations/answers").get_data(as_text=True)
    people = len(db.scalars(select(Registration).where(Registration.event_id == event.id)).all())
    government = len(
        db.scalars(
            select(Registration).where(
                Registration.event_id == event.id,
                Registration.institution_type == InstitutionType.GOVERNMENT,
            )
        ).all()
    )
    assert f"{people} answered out of {people} asked" in page
    assert f"{government} answered out of {government} asked" in page
    for _spanish, english in DEMO_AREAS:  # the organizer reads English
        assert f'<th scope="row">{english}</th>' in page
