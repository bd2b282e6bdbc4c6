"""The registration form shows a question asked of some types of institution only while such a
type is chosen, and saves the answers of the others."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from seminar.registration.question_services import save_question
from seminar.registration.questions import RegistrationAnswer
from tests.factories import make_event
from tests.registration.factories import make_settings

pytestmark = pytest.mark.browser


def test_government_question_follows_the_chosen_type_of_institution(page: Page, db):
    event = make_event()
    make_settings(event)
    save_question(
        event,
        None,
        {"kind": "yes_no", "label": {"es": "¿Requiere visa?", "en": "Do you need a visa?"}},
    )
    save_question(
        event,
        None,
        {
            "kind": "one_choice",
            "label": {"es": "Área de trabajo", "en": "Area of work"},
            "audience": ["government"],
            "is_required": True,
            "choices": [{"label": {"es": "Remesas"}}, {"label": {"es": "Trata y tráfico"}}],
        },
    )
    db.commit()

    page.goto(f"/events/{event.slug}/register")
    area = page.get_by_role("group", name="Area of work")
    expect(area).to_be_visible()  # government is the type chosen at first
    page.get_by_label("Academia").check()
    expect(area).to_be_hidden()
    page.get_by_label("Government").check()
    expect(area).to_be_visible()
    page.get_by_label("Academia").check()

    page.get_by_label("Given name(s)").fill("Ana")
    page.get_by_label("Family name(s)").fill("Quispe")
    page.get_by_label("E-mail").fill("ana.quispe@example.org")
    page.get_by_label("Institution", exact=True).fill("Universidad Mayor de San Andrés")
    page.get_by_label("Country", exact=True).select_option("BO")
    page.get_by_role("group", name="Do you need a visa?").get_by_label("Yes").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send my registration").click()
    expect(page.get_by_role("heading", name="Thank you, Ana")).to_be_visible()
    db.expire_all()
    assert db.scalars(select(RegistrationAnswer.value)).all() == [True]
