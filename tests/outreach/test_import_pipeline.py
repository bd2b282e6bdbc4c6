"""The invitation import through the shared pipeline: every row's problems in the preview, the
kept upload between preview and confirmation, and a confirmation that checks the list again."""

from __future__ import annotations

import re

from seminar.outreach import invitations
from seminar.outreach.models import Invitation
from seminar.storage import StoredFile
from tests.factories import make_event
from tests.outreach.test_import import GOOD, _upload


def _ticket(page: str) -> str:
    match = re.search(r'name="ticket" type="hidden" value="([^"]+)"', page)
    assert match, "the preview offers no confirmation"
    return match.group(1)


def _kept_uploads(db) -> int:
    return db.query(StoredFile).filter_by(kind="imports").count()


def test_repeated_and_already_invited_addresses_are_row_problems(client, db, login_as):
    event = make_event()
    invitations.invite(event, {"contact_name": "Carmen Ruiz", "kind": "person",
                               "email": "carmen.ruiz@aecid.es"}, send=False)  # fmt: skip
    login_as("organizer", event)
    repeated = GOOD + "Cancillería del Perú;Otra persona;FOCAL@rree.gob.pe;Perú;es;1\r\n"
    page = _upload(client, event, repeated).get_data(as_text=True)
    assert "2 rows have problems." in page
    assert "This address has already been invited to this event." in page
    assert "The same e-mail address is on line 2." in page
    assert 'name="ticket"' not in page
    assert _kept_uploads(db) == 0


def test_a_list_without_an_e_mail_column_is_explained(client, db, login_as):
    event = make_event()
    login_as("organizer", event)
    response = _upload(client, event, "Institución;País\r\nCancillería;Perú\r\n")
    assert response.status_code == 400
    assert "we found no column for the e-mail address." in response.get_data(as_text=True)


def test_an_address_invited_after_the_preview_stops_the_whole_import(client, db, login_as):
    event = make_event()
    login_as("organizer", event)
    ticket = _ticket(_upload(client, event, GOOD).get_data(as_text=True))
    assert _kept_uploads(db) == 1
    invitations.invite(event, {"contact_name": "Carmen Ruiz", "kind": "person",
                               "email": "carmen.ruiz@aecid.es"}, send=False)  # fmt: skip
    db.commit()
    response = client.post(f"/manage/{event.slug}/invitations/import", data={"ticket": ticket})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "1 row has problems." in page
    assert "This address has already been invited to this event." in page
    assert db.query(Invitation).count() == 1


def test_the_kept_upload_goes_once_the_list_is_imported(client, db, login_as, mailbox):
    event = make_event()
    login_as("organizer", event)
    ticket = _ticket(_upload(client, event, GOOD).get_data(as_text=True))
    response = client.post(f"/manage/{event.slug}/invitations/import", data={"ticket": ticket})
    assert response.status_code == 302
    assert db.query(Invitation).count() == 2
    assert _kept_uploads(db) == 0
    assert not mailbox.messages  # "send" was not ticked
    again = client.post(f"/manage/{event.slug}/invitations/import", data={"ticket": ticket})
    assert again.status_code == 422
    assert "The uploaded file has expired. Please upload it again." in again.get_data(as_text=True)
    assert db.query(Invitation).count() == 2


def test_a_forged_ticket_imports_nothing(client, db, login_as):
    event = make_event()
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/invitations/import", data={"ticket": "forged.ticket"}
    )
    assert response.status_code == 422
    assert "Please upload the file again." in response.get_data(as_text=True)
    assert db.query(Invitation).count() == 0


def test_unknown_values_are_problems_of_their_row(client, db, login_as):
    event = make_event()
    login_as("organizer", event)
    text = (
        "Tipo de invitación;Institución;Correo electrónico;País;Tipo de institución;Idioma;Cupo\r\n"
        "Embajada;Cancillería;focal@rree.gob.pe;Atlántida;Club;quechua;muchos\r\n"
    )
    page = _upload(client, event, text).get_data(as_text=True)
    assert "1 row has problems." in page
    for problem in (
        "Unknown kind of invitation “Embajada”.",
        "Unknown country “Atlántida”.",
        "Unknown type of institution “Club”.",
        "Unknown language “quechua”.",
        "The number of delegates “muchos” is not a number.",
    ):
        assert problem in page
    assert db.query(Invitation).count() == 0
