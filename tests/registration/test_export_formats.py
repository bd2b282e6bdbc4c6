"""The desk offers both export formats; CSV cells are neutralized only when they could be formulas."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings


@pytest.fixture
def event(db):
    event = make_event(slug="lapaz")
    make_settings(event)
    make_registration(
        event, given_name="Ana", family_name="Quispe", country="BO", phone="+591 2 2123456",
        email="ana@example.org",
    )  # fmt: skip
    make_registration(
        event, given_name='=HYPERLINK("http://evil.example","Ver")', family_name="Malo",
        phone="+1 (555) 010-0199", email="m@example.org", country="US",
    )  # fmt: skip
    make_registration(
        event, given_name="Eva", family_name="-2+3", phone="+cmd|' /C calc'!A0",
        email="eva@example.org", country="ES",
    )  # fmt: skip
    return event


def header_index(sheet, label: str) -> int:
    return [c.value for c in sheet[1]].index(label)


def csv_rows(client, query=""):
    response = client.get(f"/manage/lapaz/registrations/export?format=csv{query}")
    return {r["E-mail"]: r for r in csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))}


def test_desk_offers_excel_and_csv_exports_with_the_current_filters(client, db, event, login_as):
    login_as("organizer", event)
    page = client.get("/manage/lapaz/registrations?country=BO").get_data(as_text=True)
    assert "Export (Excel)" in page
    assert "Export (CSV)" in page
    assert "/manage/lapaz/registrations/export?format=xlsx&amp;country=BO" in page
    assert "/manage/lapaz/registrations/export?format=csv&amp;country=BO" in page
    response = client.get("/manage/lapaz/registrations/export?format=xlsx&country=BO")
    sheet = load_workbook(io.BytesIO(response.data)).active
    emails = [
        row[header_index(sheet, "E-mail")] for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert emails == ["ana@example.org"]


def test_csv_phone_numbers_keep_their_plus_without_an_apostrophe(client, db, event, login_as):
    login_as("organizer", event)
    rows = csv_rows(client)
    assert rows["ana@example.org"]["Phone"] == "+591 2 2123456"
    assert rows["m@example.org"]["Phone"] == "+1 (555) 010-0199"


def test_csv_cells_that_could_be_formulas_are_still_neutralized(client, db, event, login_as):
    login_as("organizer", event)
    rows = csv_rows(client)
    assert rows["m@example.org"]["Given name"] == """'=HYPERLINK("http://evil.example","Ver")"""
    assert rows["eva@example.org"]["Phone"] == "'+cmd|' /C calc'!A0"
    # Digits only, yet arithmetic a spreadsheet would compute: not a phone number's shape.
    assert rows["eva@example.org"]["Family name"] == "'-2+3"


def test_xlsx_writes_text_as_text_without_apostrophes(client, db, event, login_as):
    login_as("organizer", event)
    response = client.get("/manage/lapaz/registrations/export?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [c.value for c in sheet[1]]
    rows = {
        row[header.index("E-mail")].value: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2)
    }
    evil = rows["m@example.org"]["Given name"]
    assert evil.value == '=HYPERLINK("http://evil.example","Ver")'
    assert evil.data_type == "s"
    assert rows["ana@example.org"]["Phone"].value == "+591 2 2123456"
