"""Translations out to a translator and back (PO): every text kept, stale files refused whole."""

from __future__ import annotations

import io

from babel.messages.pofile import read_po, write_po
from sqlalchemy import select

from seminar.agenda.models import AgendaItem
from seminar.content import services
from seminar.content.models import ContentTranslation


def _export(client, slug, lang="en"):
    response = client.get(f"/manage/{slug}/translations/{lang}.po")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{slug}-{lang}.po"'
    return read_po(io.BytesIO(response.data))


def _send(client, slug, catalog):
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    return client.post(
        f"/manage/{slug}/translations/transfer",
        data={"file": (io.BytesIO(buffer.getvalue()), "translated.po")},
        content_type="multipart/form-data",
    )


def _values(db, event):
    rows = db.scalars(select(ContentTranslation).where(ContentTranslation.event_id == event.id))
    return {(r.owner, r.owner_id, r.field, r.lang): r.value for r in rows}


def test_round_trip_keeps_every_text(client, db, login_as, bilingual):
    login_as("organizer", bilingual)
    before = _values(db, bilingual)
    catalog = _export(client, bilingual.slug)
    entries = [m for m in catalog if m.id]
    assert len(entries) == len([k for k in before if k[3] == "en"])
    assert all(m.string and not m.fuzzy for m in entries)
    opening = next(m for m in entries if m.id == "Inauguración del seminario")
    assert opening.string == "Opening of the seminar"
    assert opening.context.startswith("agenda_item/")

    # The translator rewrites every text; importing brings all of them back, nothing else.
    for message in entries:
        message.string = f"{message.string} (rev.)"
    response = _send(client, bilingual.slug, catalog)

    assert response.status_code == 302
    db.expire_all()
    after = _values(db, bilingual)
    assert after == {key: f"{value} (rev.)" for key, value in before.items()}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{len(entries)} translations imported." in page


def test_a_file_whose_source_texts_changed_is_refused_whole_with_the_list(
    client, db, login_as, bilingual
):
    login_as("organizer", bilingual)
    catalog = _export(client, bilingual.slug)
    item = db.scalar(select(AgendaItem).where(AgendaItem.title == "Almuerzo").limit(1))
    item.title = "Almuerzo libre"
    db.commit()
    before = _values(db, bilingual)
    for message in catalog:
        if message.id:
            message.string = "Changed by the translator"

    response = _send(client, bilingual.slug, catalog)

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page
    assert f"agenda_item/{item.id}/title" in page
    assert "The source text has changed since the export." in page
    db.expire_all()
    assert _values(db, bilingual) == before  # no half import


def test_outdated_translations_are_exported_as_fuzzy_and_not_imported_unless_reviewed(
    client, db, login_as, bilingual
):
    login_as("organizer", bilingual)
    item = db.scalar(select(AgendaItem).where(AgendaItem.title == "Inauguración del seminario"))
    item.title = "Inauguración oficial del seminario"
    db.commit()
    catalog = _export(client, bilingual.slug)
    entry = next(m for m in catalog if m.id == "Inauguración oficial del seminario")
    assert entry.fuzzy
    assert entry.string == "Opening of the seminar"

    response = _send(client, bilingual.slug, catalog)  # the translator did not review it
    assert response.status_code == 302
    db.expire_all()
    item = db.merge(item)
    assert services.status(item, "title", "en") == services.Status.OUTDATED

    entry.flags.discard("fuzzy")
    entry.string = "Official opening of the seminar"
    _send(client, bilingual.slug, catalog)
    db.expire_all()
    item = db.merge(item)
    assert services.status(item, "title", "en") == services.Status.CURRENT
    assert services.text(item, "title", "en") == "Official opening of the seminar"


def test_a_file_that_is_not_po_is_refused(client, db, login_as, bilingual):
    login_as("organizer", bilingual)
    response = client.post(
        f"/manage/{bilingual.slug}/translations/transfer",
        data={"file": (io.BytesIO(b'msgid "unclosed\n'), "broken.po")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "This is not a readable PO file." in response.get_data(as_text=True)
