"""Importing a list of invitations: preview every row, then all or nothing."""

from __future__ import annotations

import io
import re

from seminar.outreach.models import Invitation, InvitationKind
from tests.factories import make_event
from tests.registration.helpers import mail_to

GOOD = (
    "Institución;Punto focal;Correo electrónico;País;Idioma;Cupo\r\n"
    "Ministerio de Relaciones Exteriores del Perú;Lucía Paredes;focal@rree.gob.pe;Perú;es;2\r\n"
    ";Carmen Ruiz;carmen.ruiz@aecid.es;España;inglés;\r\n"
)


def _upload(client, event, text: str):
    return client.post(
        f"/manage/{event.slug}/invitations/import",
        data={"file": (io.BytesIO(text.encode("utf-8")), "invitados.csv")},
        content_type="multipart/form-data",
    )


def test_a_list_is_previewed_then_imported_and_sent(client, db, login_as, mailbox):
    event = make_event()
    login_as("organizer", event)
    preview = _upload(client, event, GOOD).get_data(as_text=True)
    assert "All 2 rows are ready to import." in preview
    assert db.query(Invitation).count() == 0
    ticket = re.search(r'name="ticket" type="hidden" value="([^"]+)"', preview)
    assert ticket
    response = client.post(
        f"/manage/{event.slug}/invitations/import", data={"ticket": ticket.group(1), "send": "y"}
    )
    assert response.status_code == 302
    institution, person = db.query(Invitation).order_by(Invitation.id).all()
    assert (institution.kind, institution.quota, institution.country) == (
        InvitationKind.INSTITUTION, 2, "PE",
    )  # fmt: skip
    assert (person.kind, person.contact_name, person.language) == (
        InvitationKind.PERSON, "Carmen Ruiz", "en",
    )  # fmt: skip
    assert mail_to(mailbox, "carmen.ruiz@aecid.es")[0]["Subject"].startswith("Invitation:")
    assert mail_to(mailbox, "focal@rree.gob.pe")[0]["Subject"].startswith("Invitación:")


def test_one_bad_row_imports_nothing(client, db, login_as, mailbox):
    event = make_event()
    login_as("organizer", event)
    bad = GOOD + "Cancillería de Colombia;Diana Forero;no-es-un-correo;Colombia;es;2\r\n"
    response = _upload(client, event, bad)
    page = response.get_data(as_text=True)
    assert "1 row has problems." in page
    assert "Enter a valid e-mail address" in page
    assert 'name="ticket"' not in page
    assert db.query(Invitation).count() == 0
    assert not mailbox.messages


def test_importing_is_for_organizers_only(client, db, login_as):
    event = make_event()
    login_as("rapporteur", event)
    assert _upload(client, event, GOOD).status_code == 403
