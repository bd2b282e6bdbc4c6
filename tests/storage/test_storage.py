"""The shared file store: content-addressed rows in the database, served at /media/ with a strong
ETag, removed only after the transaction that stopped using them commits, temporary files purged."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image
from sqlalchemy import func, select

from seminar import storage
from seminar.agenda.models import Person
from seminar.dbtypes import utcnow
from seminar.storage import StoredFile
from tests.agenda.factories import make_person
from tests.factories import make_event


def png(color: str = "navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 24), color).save(buffer, format="PNG")
    return buffer.getvalue()


def rows(db) -> int:
    return db.scalar(select(func.count()).select_from(StoredFile))


def exists(db, name: str) -> bool:
    db.expire_all()
    return db.scalar(select(StoredFile.name).where(StoredFile.name == name)) is not None


def test_the_same_bytes_are_stored_once_under_their_sha256(db):
    first = storage.put(png(), media_type="image/png", kind="photos", public=True)
    again = storage.put(png(), media_type="image/png", kind="photos", public=True)
    other = storage.put(png("red"), media_type="image/png", kind="photos", public=True)
    db.commit()

    assert first == again != other
    assert first.startswith("photos/")
    assert first.endswith(".png")
    assert len(first.split("/")[1].split(".")[0]) == 64
    assert rows(db) == 2
    assert storage.read(first) == png()


def test_media_serves_a_public_file_with_a_strong_etag_and_answers_304(client, db):
    name = storage.put(png(), media_type="image/png", kind="photos", public=True)
    stored = db.get(StoredFile, name)

    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response.data == png()
    assert response.mimetype == "image/png"
    assert response.headers["ETag"] == f'"{stored.sha256}"'
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"

    again = client.get(f"/media/{name}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_media_never_serves_private_or_unknown_files(client, db):
    private = storage.put(b"a;b\n1;2\n", media_type="text/csv", kind="imports")
    assert client.get(f"/media/{private}").status_code == 404
    assert client.get("/media/photos/" + "0" * 64 + ".png").status_code == 404
    assert client.get("/media/../instance/seminar.db").status_code == 404
    assert client.get("/media/photos/%00.png").status_code == 404


def test_a_photo_is_deleted_only_after_the_change_commits(client, db, login_as):
    event = make_event()
    person = make_person(event, name="Lucía Mamani")
    person.photo = storage.put(png(), media_type="image/png", kind="photos", public=True)
    db.commit()
    old = person.photo

    person.photo = None
    storage.delete_later(old)
    db.flush()
    assert exists(db, old)  # flushed, not committed: the file stays

    db.rollback()
    assert exists(db, old)  # rolled back: the file was never deleted
    assert db.get(Person, person.id).photo == old

    person = db.get(Person, person.id)
    person.photo = None
    storage.delete_later(old)
    db.commit()
    assert not exists(db, old)


def test_a_file_two_people_share_stays_until_neither_uses_it(db):
    event = make_event()
    shared = storage.put(png(), media_type="image/png", kind="photos", public=True)
    ana = make_person(event, name="Ana Quispe")
    ana.photo = shared
    jose = make_person(event, name="José Pérez")
    jose.photo = shared
    db.commit()

    ana.photo = None
    storage.delete_later(shared)
    db.commit()
    assert exists(db, shared)  # José still shows it

    jose = db.get(Person, jose.id)
    jose.photo = None
    storage.delete_later(shared)
    db.commit()
    assert not exists(db, shared)


def test_replacing_a_photo_through_the_page_removes_the_old_one(client, db, login_as):
    event = make_event()
    person = make_person(event, name="Íñigo Arrieta")
    db.commit()
    login_as("organizer", event)

    def upload(color: str):
        current = db.get(Person, person.id)
        return client.post(
            f"/manage/{event.slug}/people/{person.id}",
            data={"name": "Íñigo Arrieta", "version": str(current.version),
                  "photo": (io.BytesIO(png(color)), "foto.png")},
            content_type="multipart/form-data",
        )  # fmt: skip

    assert upload("navy").status_code == 302
    first = db.get(Person, person.id).photo
    assert upload("green").status_code == 302
    second = db.get(Person, person.id).photo

    assert first != second
    assert not exists(db, first)
    assert client.get(f"/media/{second}").status_code == 200
    assert client.get(f"/media/{first}").status_code == 404


def test_purge_removes_expired_temporary_files_only(app, db):
    now = utcnow()
    old = storage.put(b"old", media_type="text/csv", kind="imports", expires_at=now - timedelta(1))
    fresh = storage.put(
        b"new", media_type="text/csv", kind="imports", expires_at=now + timedelta(1)
    )
    kept = storage.put(png(), media_type="image/png", kind="photos", public=True)
    db.commit()
    assert storage.read(old) is None  # expired files are never read, even before the purge

    result = app.test_cli_runner().invoke(args=["purge-files"])

    assert result.exit_code == 0, result.output
    assert "1 expired file(s) deleted." in result.output
    assert not exists(db, old)
    assert exists(db, fresh)
    assert exists(db, kept)


def test_import_uploads_copies_old_files_under_their_old_names(app, db, tmp_path):
    event = make_event()
    person = make_person(event, name="Ana Quispe", photo="photos/old-random-name.png")
    db.commit()
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "old-random-name.png").write_bytes(png())
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "waiting-list").write_bytes(b"a;b\n")

    runner = app.test_cli_runner()
    first = runner.invoke(args=["import-uploads", "--folder", str(tmp_path)])
    second = runner.invoke(args=["import-uploads", "--folder", str(tmp_path)])

    assert "1 file(s) copied into the database, 0 already there." in first.output
    assert "0 file(s) copied into the database, 1 already there." in second.output
    assert storage.read(person.photo, public_only=True) == png()
    assert rows(db) == 1  # the import list waiting on disk was not copied


def _images_in(pdf: bytes) -> int:
    from pypdf import PdfReader

    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdfs_rendered_in_a_render_process_show_stored_images(db):
    """The render process has no database: the parent hands it the bytes the HTML links to."""
    from seminar.render import render

    logo = storage.put(png(), media_type="image/png", kind="report-logos", public=True)
    private = storage.put(png("red"), media_type="image/png", kind="imports")
    db.commit()
    html = (
        f'<html><body><p>Informe</p><img src="/media/{logo}" alt="Logo">'
        f'<img src="/media/{private}" alt=""></body></html>'
    )

    result = render(html)

    assert _images_in(result.pdf) == 1
    assert result.blocked == [f"https://seminar.invalid/media/{private}"]  # never a private file
