"""Hostile files and bodies: zip bombs, XML entity tricks and endless cells in an uploaded list are
refused quickly with a message at the file field; the list waiting for confirmation is reachable by
no URL and disappears once imported or after two hours; a body of absurdly many form fields is
refused with a 413 before it is parsed. Every hostile file is built here, by hand."""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, update

from seminar import create_app, storage
from seminar.dbtypes import utcnow
from seminar.extensions import db as _db
from seminar.registration.models import Registration
from seminar.storage import StoredFile
from tests.conftest import CommittingClient
from tests.factories import make_event
from tests.registration.factories import make_settings

HEADER = ["Nombre", "Apellidos", "Institución", "País", "Correo electrónico"]
ROW = ["Ana María", "Quispe Mamani", "Ministerio de Gobierno", "Bolivia", "ana@example.org"]
CSV = ("Nombre;Apellidos;Institución;País;Correo electrónico\n" + ";".join(ROW) + "\n").encode()


@pytest.fixture
def event(db: Any) -> Any:
    event = make_event(slug="lapaz")
    make_settings(event, capacity=60)
    return event


def workbook(*rows: list[str]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replace_part(xlsx: bytes, part: str, content: bytes) -> bytes:
    """The same workbook with one XML part replaced (or added), as an attacker would craft it."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info.filename, source.read(info))
        target.writestr(part, content)
    return buffer.getvalue()


def upload(client: Any, raw: bytes, name: str = "lista.xlsx") -> Any:
    return client.post(
        "/manage/lapaz/registrations/import",
        data={"file": (io.BytesIO(raw), name)},
        content_type="multipart/form-data",
    )


def ticket_of(page: str) -> str:
    found = re.search(r'name="ticket" type="hidden" value="([^"]+)"', page)
    assert found, "the preview offers no confirmation"
    return found.group(1)


def registrations(db: Any) -> int:
    return db.scalar(select(func.count(Registration.id)))


def import_files(db: Any) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(StoredFile.name).where(StoredFile.kind == "imports")))


def test_a_zip_bomb_workbook_is_refused_before_parsing(client, db, event, login_as):
    login_as("organizer", event)
    strings = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + strings * 40_000  # 40 MB unpacked from a few hundred kilobytes
        + b"</sst>"
    )
    bomb = replace_part(workbook(HEADER, ROW), "xl/sharedStrings.xml", shared)
    assert len(bomb) < 1024 * 1024

    started = time.monotonic()
    response = upload(client, bomb)
    elapsed = time.monotonic() - started

    assert response.status_code == 400
    assert "unpacks to far more data than a list of participants needs" in response.get_data(
        as_text=True
    )
    assert elapsed < 3
    assert registrations(db) == 0
    assert import_files(db) == []


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<si><t>&lol9;</t></si></sst>"
)

EXTERNAL = (
    b'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<si><t>&xxe;</t></si></sst>"
)


@pytest.mark.parametrize("content", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_xml_entity_tricks_get_a_clear_message(client, db, event, login_as, content):
    login_as("organizer", event)
    crafted = replace_part(workbook(HEADER, ROW), "xl/sharedStrings.xml", content)

    response = upload(client, crafted)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "contains XML declarations (a DTD or entities) that we refuse for safety" in page
    assert "root:" not in page
    assert registrations(db) == 0


def test_an_entity_declared_in_a_utf16_part_is_refused_too(client, db, event, login_as):
    login_as("organizer", event)
    crafted = replace_part(
        workbook(HEADER, ROW), "xl/workbook.xml", EXTERNAL.decode().replace(
            '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'
        ).encode("utf-16")
    )  # fmt: skip
    response = upload(client, crafted)
    assert response.status_code == 400
    assert "we refuse for safety" in response.get_data(as_text=True)


def test_a_cell_longer_than_any_name_is_refused_naming_its_line_and_column(
    client, db, event, login_as
):
    login_as("organizer", event)
    long_row = [*ROW]
    long_row[1] = "Quispe" * 200  # 1,200 characters in column B of line 2

    for raw, name in (
        (workbook(HEADER, long_row), "lista.xlsx"),
        (("Nombre;Apellidos;Institución;País;Correo\n" + ";".join(long_row)).encode(), "l.csv"),
    ):
        response = upload(client, raw, name)
        assert response.status_code == 400, name
        assert "Line 2, column B has more than 1,000 characters." in response.get_data(as_text=True)
    assert registrations(db) == 0


def test_a_list_with_too_many_columns_is_refused(client, db, event, login_as):
    login_as("organizer", event)
    raw = (";".join(HEADER) + ";" * 300 + "x\n" + ";".join(ROW) + "\n").encode()
    response = upload(client, raw, "lista.csv")
    assert response.status_code == 400
    assert "Line 1 has more than 200 columns." in response.get_data(as_text=True)


def test_the_waiting_list_is_served_by_no_url_and_deleted_once_imported(
    client, db, event, login_as
):
    login_as("organizer", event)
    page = upload(client, CSV, "lista.csv").get_data(as_text=True)
    [name] = import_files(db)

    assert name not in page  # the page names it only inside the signed ticket
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/media/imports/{name.split('/')[-1]}").status_code == 404

    done = client.post(
        "/manage/lapaz/registrations/import",
        data={"ticket": ticket_of(page)},
        follow_redirects=True,
    )
    assert "1 registrations imported" in done.get_data(as_text=True)
    assert registrations(db) == 1
    assert import_files(db) == []


def test_another_web_node_confirms_the_preview(client, db, event, login_as, app_config, tmp_path):
    login_as("organizer", event)
    page = upload(client, CSV, "lista.csv").get_data(as_text=True)

    # Another node: same database and secret key, nothing of the first node's disk.
    node = create_app({**app_config, "UPLOAD_FOLDER": str(tmp_path / "other-node")})
    node.test_client_class = CommittingClient
    other_node = node.test_client()
    other_node.set_cookie("session", client.get_cookie("session").value)
    try:
        done = other_node.post(
            "/manage/lapaz/registrations/import",
            data={"ticket": ticket_of(page)},
            headers={"Accept-Language": "en"},
            follow_redirects=True,
        )
    finally:
        with node.app_context():
            _db.engine.dispose()

    assert "1 registrations imported" in done.get_data(as_text=True)
    assert registrations(db) == 1


def test_the_waiting_list_is_purged_after_two_hours(client, db, event, login_as):
    login_as("organizer", event)
    page = upload(client, CSV, "lista.csv").get_data(as_text=True)
    [name] = import_files(db)
    stored = db.get(StoredFile, name)
    assert timedelta(minutes=119) < stored.expires_at - utcnow() <= timedelta(hours=2)

    # Two hours later (the clock is the only thing we move):
    db.execute(
        update(StoredFile).where(StoredFile.name == name).values(expires_at=stored.created_at)
    )
    db.commit()
    assert storage.purge_expired() == 1
    db.commit()
    assert import_files(db) == []

    response = client.post("/manage/lapaz/registrations/import", data={"ticket": ticket_of(page)})
    assert response.status_code == 422
    assert "The uploaded file has expired. Please upload it again." in response.get_data(
        as_text=True
    )
    assert registrations(db) == 0


def test_a_ticket_from_another_organizer_imports_nothing(client, db, event, login_as):
    login_as("organizer", event)
    page = upload(client, CSV, "lista.csv").get_data(as_text=True)
    login_as("organizer", event)  # a second organizer of the same event
    response = client.post("/manage/lapaz/registrations/import", data={"ticket": ticket_of(page)})
    assert response.status_code == 422
    assert "Please upload the file again." in response.get_data(as_text=True)
    assert registrations(db) == 0


def test_a_body_of_hundreds_of_thousands_of_fields_is_refused_quickly(client, db, event):
    body = b"&".join([b"a="] * 300_000)  # 900 KB of empty fields

    started = time.monotonic()
    response = client.post(
        "/events/lapaz/register",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert elapsed < 2


def test_the_messages_speak_the_organizers_language(client, db, event, login_as):
    login_as("organizer", event)
    long_row = [*ROW]
    long_row[2] = "Ministerio" * 120
    response = client.post(
        "/manage/lapaz/registrations/import",
        data={"file": (io.BytesIO(workbook(HEADER, long_row)), "lista.xlsx")},
        content_type="multipart/form-data",
        headers={"Accept-Language": "es"},
    )
    assert "La línea 2, columna C, tiene más de 1.000 caracteres." in response.get_data(
        as_text=True
    )
