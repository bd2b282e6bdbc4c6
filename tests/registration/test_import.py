"""Importing the ministry's list: a preview of every row's problems, then all or nothing."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from seminar.registration.models import InstitutionType, Registration, RegistrationStatus
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings

HEADER = "Tratamiento;Nombre;Apellidos;Cargo;Institución;País;Correo electrónico\n"
GOOD_ROWS = [
    "Sra.;Ana María;Quispe Mamani;Directora de Migración;Ministerio de Gobierno;Bolivia;ana@example.org",
    "Sr.;José;Pérez Ñuflo;Cónsul General;Cancillería;Perú;jose@example.org",
    "Dra.;Lucía;Vargas;Investigadora;Universidad;EC;lucia@example.org",
]


@pytest.fixture
def event(db):
    event = make_event(slug="lapaz")
    make_settings(event, capacity=60)
    return event


def count(db, event) -> int:
    return db.scalar(select(func.count(Registration.id)).where(Registration.event_id == event.id))


def upload(client, raw: bytes, name: str = "lista.csv"):
    return client.post(
        "/manage/lapaz/registrations/import",
        data={"file": (io.BytesIO(raw), name)},
        content_type="multipart/form-data",
    )


def confirm(client, page: str, notify: bool = False):
    ticket = re.search(r'name="ticket" type="hidden" value="([^"]+)"', page)
    assert ticket, "the preview offers no confirmation"
    data = {"ticket": ticket.group(1), **({"notify": "y"} if notify else {})}
    return client.post("/manage/lapaz/registrations/import", data=data, follow_redirects=True)


def test_one_bad_row_writes_nothing_and_the_preview_shows_it(client, db, event, login_as):
    login_as("organizer", event)
    raw = HEADER + "\n".join([*GOOD_ROWS, "Sr.;Pedro;;Asesor;Ministerio;Bolivia;pedro-at-example"])
    response = upload(client, raw.encode("utf-8"))

    page = response.get_data(as_text=True)
    assert "1 row has problems." in page
    assert "Nothing has been imported." in page
    assert "The family name is missing." in page
    assert "“pedro-at-example” is not a valid e-mail address." in page
    assert "Ana María" in page  # every row is shown, good ones too
    assert 'name="ticket"' not in page  # no way to confirm a list with problems
    assert count(db, event) == 0


def test_a_good_csv_imports_every_row_in_one_go(client, db, event, login_as):
    organizer = login_as("organizer", event)
    preview = upload(client, (HEADER + "\n".join(GOOD_ROWS)).encode("utf-8"))
    page = preview.get_data(as_text=True)
    assert "All 3 rows are ready to import." in page
    assert count(db, event) == 0  # the preview writes nothing

    done = confirm(client, page)

    assert "3 registrations imported: 3 confirmed" in done.get_data(as_text=True)
    people = db.scalars(select(Registration).order_by(Registration.email)).all()
    assert [(p.full_name, p.country, p.email) for p in people] == [
        ("Ana María Quispe Mamani", "BO", "ana@example.org"),
        ("José Pérez Ñuflo", "PE", "jose@example.org"),
        ("Lucía Vargas", "EC", "lucia@example.org"),
    ]
    assert {p.source for p in people} == {"import"}
    assert all(p.status == RegistrationStatus.CONFIRMED for p in people)
    assert all(p.history[0].by_user_id == organizer.id for p in people)


def test_a_good_xlsx_imports_every_row(client, db, event, login_as):
    login_as("organizer", event)
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Given name", "Family name", "Institution", "Country", "E-mail", "Type", "Language"]
    )
    sheet.append(
        [
            "Helen",
            "Whitfield",
            "ILO",
            "United Kingdom",
            "helen@example.org",
            "International organization",
            "English",
        ]
    )
    sheet.append(
        [
            "Íñigo",
            "Serrano",
            "Ministerio de Trabajo",
            "España",
            "inigo@example.org",
            "Gobierno",
            "Español",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)

    page = upload(client, buffer.getvalue(), "invitados.xlsx").get_data(as_text=True)
    confirm(client, page)

    helen = db.scalar(select(Registration).where(Registration.email == "helen@example.org"))
    inigo = db.scalar(select(Registration).where(Registration.email == "inigo@example.org"))
    assert (helen.country, helen.institution_type, helen.preferred_language) == (
        "GB",
        InstitutionType.INTERNATIONAL,
        "en",
    )
    assert (inigo.full_name, inigo.country, inigo.preferred_language) == (
        "Íñigo Serrano",
        "ES",
        "es",
    )


def test_latin1_csv_with_commas_is_read_with_its_accents(client, db, event, login_as):
    login_as("organizer", event)
    raw = "Nombre,Apellidos,Institución,País,Correo\nMaría,Ñuñez Peña,Cancillería,Bolivia,maria@example.org\n"
    page = upload(client, raw.encode("latin-1")).get_data(as_text=True)
    assert "Ñuñez Peña" in page
    confirm(client, page)
    assert db.scalar(select(Registration.family_name)) == "Ñuñez Peña"


def test_utf8_with_bom_and_iso_codes(client, db, event, login_as):
    login_as("organizer", event)
    raw = "\ufeffNombre;Apellidos;Institución;País;Correo electrónico\nAna;Rojas;Migración;co;ana@example.org\n"
    confirm(client, upload(client, raw.encode("utf-8")).get_data(as_text=True))
    assert db.scalar(select(Registration.country)) == "CO"


def test_duplicates_in_the_file_and_people_already_registered_are_problems(
    client, db, event, login_as
):
    make_registration(event, email="ya@example.org")
    login_as("organizer", event)
    raw = HEADER + "\n".join([
        "Sr.;Uno;Dos;Cargo;Inst;Bolivia;uno@example.org",
        "Sr.;Uno;Otra vez;Cargo;Inst;Bolivia;UNO@example.org",
        "Sr.;Ya;Inscrito;Cargo;Inst;Bolivia;ya@example.org",
        "Sr.;Sin;País;Cargo;Inst;Atlantis;sin@example.org",
    ])  # fmt: skip
    page = upload(client, raw.encode("utf-8")).get_data(as_text=True)
    assert "The same e-mail address is on line 2." in page
    assert "Already registered for this event." in page
    assert "Unknown country “Atlantis”." in page
    assert "3 rows have problems." in page
    assert count(db, event) == 1


def test_a_file_without_recognizable_headings_is_explained(client, db, event, login_as):
    login_as("organizer", event)
    response = upload(client, b"a;b;c\n1;2;3\n")
    assert response.status_code == 400
    assert "The first row must name the columns." in response.get_data(as_text=True)


def test_a_tampered_ticket_imports_nothing(client, db, event, login_as):
    login_as("organizer", event)
    response = client.post("/manage/lapaz/registrations/import", data={"ticket": "forged.ticket"})
    assert response.status_code == 422
    assert "Please upload the file again." in response.get_data(as_text=True)
    assert count(db, event) == 0


def test_imported_people_are_told_by_e_mail_when_the_organizer_asks(
    client, db, event, login_as, mailbox
):
    login_as("organizer", event)
    page = upload(client, (HEADER + GOOD_ROWS[0]).encode("utf-8")).get_data(as_text=True)
    confirm(client, page, notify=True)
    [message] = mailbox.wait_for(1)
    assert "ana@example.org" in message["To"]


def test_import_permissions(client, db, event, login_as):
    assert "/login" in client.get("/manage/lapaz/registrations/import").headers["Location"]
    for role in ("checkin", "rapporteur", "user"):
        login_as(role, event)
        assert client.get("/manage/lapaz/registrations/import").status_code == 403
        assert upload(client, (HEADER + GOOD_ROWS[0]).encode()).status_code == 403
    assert count(db, event) == 0


def test_cli_imports_a_file_all_or_nothing(app, db, event, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "\n".join(GOOD_ROWS), encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER + "\n".join([*GOOD_ROWS, "Sr.;X;Y;Z;W;Narnia;x@example.org"]), encoding="utf-8"
    )
    db.commit()

    failed = app.test_cli_runner().invoke(args=["registrations-import", "lapaz", str(bad)])
    assert failed.exit_code != 0
    assert "line 5" in failed.output
    assert "Unknown country “Narnia”." in failed.output
    db.expire_all()
    assert count(db, event) == 0

    done = app.test_cli_runner().invoke(args=["registrations-import", "lapaz", str(good)])
    assert done.exit_code == 0, done.output
    assert "3 registrations imported" in done.output
    db.expire_all()
    assert count(db, event) == 3
