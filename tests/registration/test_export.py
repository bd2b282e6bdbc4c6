"""CSV and XLSX exports of the registrations: accents intact, the desk's filters, safe cells."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from seminar.registration.models import RegistrationStatus
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings


@pytest.fixture
def event(db):
    event = make_event(slug="lapaz")
    make_settings(event)
    make_registration(
        event, given_name="Ana María", family_name="Quispe Ñuflo", country="BO",
        institution="Dirección General de Migración", email="ana@example.org",
    )  # fmt: skip
    make_registration(
        event, given_name="José", family_name="Pérez", country="PE", email="jose@example.org",
        status=RegistrationStatus.WAITLISTED,
    )  # fmt: skip
    make_registration(
        event, given_name='=HYPERLINK("http://evil")', family_name="Malo", email="m@example.org"
    )
    return event


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM makes Excel read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_export_keeps_accents_and_opens_in_excel(client, db, event, login_as):
    login_as("organizer", event)
    response = client.get("/manage/lapaz/registrations/export?format=csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response.data)
    ana = next(r for r in rows if r["E-mail"] == "ana@example.org")
    assert ana["Given name"] == "Ana María"
    assert ana["Family name"] == "Quispe Ñuflo"
    assert ana["Institution"] == "Dirección General de Migración"
    assert ana["Country"] == "Bolivia"
    assert ana["Status"] == "Confirmed"
    assert len(rows) == 3


def test_xlsx_export_has_a_header_row_frozen_pane_and_widths(client, db, event, login_as):
    login_as("organizer", event)
    response = client.get("/manage/lapaz/registrations/export?format=xlsx")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Status", "Honorific", "Given name", "Family name"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["F"].width >= 30
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert any("Quispe Ñuflo" in row for row in values)
    assert any("Peru" in row for row in values)


def test_spreadsheet_formulas_typed_by_registrants_are_not_executed(client, db, event, login_as):
    login_as("organizer", event)
    rows = read_csv(client.get("/manage/lapaz/registrations/export?format=csv").data)
    evil = next(r for r in rows if r["Family name"] == "Malo")
    assert evil["Given name"].startswith("'=")
    sheet = load_workbook(
        io.BytesIO(client.get("/manage/lapaz/registrations/export?format=xlsx").data)
    ).active
    cell = next(row[2] for row in sheet.iter_rows(min_row=2) if row[3].value == "Malo")
    assert cell.data_type == "s"


def test_export_uses_the_desks_filters(client, db, event, login_as):
    login_as("organizer", event)
    waiting = read_csv(client.get("/manage/lapaz/registrations/export?status=waitlisted").data)
    assert [r["Given name"] for r in waiting] == ["José"]
    searched = read_csv(client.get("/manage/lapaz/registrations/export?q=quispe").data)
    assert [r["Family name"] for r in searched] == ["Quispe Ñuflo"]
    by_country = read_csv(client.get("/manage/lapaz/registrations/export?country=PE").data)
    assert [r["Family name"] for r in by_country] == ["Pérez"]


def test_export_is_in_the_organizers_language(client, db, event, login_as):
    login_as("organizer", event)
    response = client.get(
        "/manage/lapaz/registrations/export?format=csv", headers={"Accept-Language": "es"}
    )
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Estado", "Tratamiento", "Nombre"]
    assert any("Perú" in row for row in rows)


def test_check_in_staff_and_rapporteurs_may_not_export(client, db, event, login_as):
    assert client.get("/manage/lapaz/registrations/export").status_code == 302
    for role in ("checkin", "rapporteur", "user"):
        login_as(role, event)
        assert client.get("/manage/lapaz/registrations/export").status_code == 403


def test_cli_export_writes_csv_and_xlsx(app, db, event, tmp_path):
    db.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["registrations-export", "lapaz", str(tmp_path / "all.csv")])
    assert result.exit_code == 0, result.output
    assert "3 registrations written" in result.output
    rows = read_csv((tmp_path / "all.csv").read_bytes())
    assert {r["Family name"] for r in rows} == {"Quispe Ñuflo", "Pérez", "Malo"}
    result = runner.invoke(
        args=["registrations-export", "lapaz", str(tmp_path / "c.xlsx"), "--status", "confirmed"]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / "c.xlsx").active
    assert sheet.max_row == 3  # header + two confirmed
