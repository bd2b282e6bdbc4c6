"""Two web nodes, two workers, one PostgreSQL, one Redis: what one node does, the other sees.

Ordered as one story on one cluster (module-scoped): uploads and imports cross nodes, a rename
reaches every node's exports, 200 officials race for 50 seats across both nodes and each gets
exactly one e-mail, a worker killed mid-render leaves nothing behind and the render is redone
once, and with Redis stopped the site keeps answering and the mail follows when it returns.
"""

from __future__ import annotations

import io
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import lxml.html
from PIL import Image
from pypdf import PdfReader

from tests.cluster.conftest import Browser, Cluster
from tests.registration.helpers import form_data

SLUG = "lapaz-migration-policies"


def _wait(predicate, timeout: float, what: str, cluster: Cluster):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen within {timeout} s\n{cluster.logs()}")


def _ready_pdf(browser: Browser, path: str, cluster: Cluster) -> bytes:
    """Ask like a browser on the 'being prepared' page would, until the PDF is there."""

    def fetch():
        response = browser.get(path)
        if response.status_code == 202:
            assert '<meta http-equiv="refresh"' in response.text  # it refreshes itself
            return None
        assert response.status_code == 200, response.text[:500]
        assert response.headers["Content-Type"] == "application/pdf"
        return response.content

    return _wait(fetch, 120, f"the PDF {path}", cluster)


def _form_values(page: str, field: str) -> dict[str, object]:
    """What the browser would send from the page's form that has this field."""
    root = lxml.html.fromstring(page)
    forms = [f for f in root.forms if field in f.inputs.keys()]  # noqa: SIM118
    assert forms, page[:3000]
    form = forms[0]
    values: dict[str, object] = {}
    for name, value in form.form_values():
        values.setdefault(name, [])
        values[name].append(value)  # type: ignore[union-attr]
    return {k: v[0] if len(v) == 1 else v for k, v in values.items()}  # type: ignore[index,arg-type]


def _png() -> bytes:
    image = Image.new("RGB", (120, 60), (0, 84, 147))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_logo_uploaded_on_a_is_served_by_b_and_printed_by_a_worker(cluster: Cluster):
    a, b = Browser(cluster.urls[0]), Browser(cluster.urls[1])
    a.login("organizer@example.org")
    values = {
        "host-name": "Cluster host", "host-short_name": "", "host-logo_alt": "Cluster host",
        "csrf_token": a.token(f"/manage/{SLUG}/identity"),
    }  # fmt: skip
    saved = a.http.post(
        f"{a.base}/manage/{SLUG}/identity/hosts",
        data=values,
        files={"host-logo": ("logo.png", _png(), "image/png")},
        timeout=60,
    )
    assert saved.status_code == 200, saved.text[:1000]
    [(logo,)] = cluster.sql(
        "SELECT logo FROM host_organization JOIN event ON event.id = host_organization.event_id "
        "WHERE slug = :s AND name = 'Cluster host'",
        s=SLUG,
    )
    assert logo
    served = b.get(f"/media/{logo}")
    assert served.status_code == 200
    assert served.headers["Content-Type"].startswith("image/")
    assert Image.open(io.BytesIO(served.content)).size[0] > 0

    b.http.cookies = a.http.cookies  # the same person, now answered by node B
    pdf = PdfReader(io.BytesIO(_ready_pdf(b, f"/manage/{SLUG}/report/draft.pdf", cluster)))
    assert any(page.images for page in pdf.pages), "the logo is missing from the PDF"


def test_import_previewed_on_a_is_confirmed_on_b(cluster: Cluster):
    a = Browser(cluster.urls[0])
    a.login("organizer@example.org")
    csv = (
        "Nombre;Apellidos;Correo electrónico;Institución;País\n"
        "Rosa;Mamani Quispe;rosa.mamani.cluster@example.org;Ministerio de Trabajo;BO\n"
    ).encode()
    preview = a.http.post(
        f"{a.base}/manage/{SLUG}/registrations/import",
        data={"csrf_token": a.token(f"/manage/{SLUG}/registrations/import")},
        files={"file": ("lista.csv", csv, "text/csv")},
        timeout=60,
    )
    assert preview.status_code == 200, preview.text[:1000]
    ticket = lxml.html.fromstring(preview.text).xpath('//input[@name="ticket"]/@value')
    assert ticket, preview.text[:1000]
    b = Browser(cluster.urls[1])
    b.http.cookies = a.http.cookies
    confirmed = b.http.post(
        f"{b.base}/manage/{SLUG}/registrations/import",
        data={"ticket": ticket[0], "csrf_token": b.token(f"/manage/{SLUG}/registrations/import")},
        timeout=60,
    )
    assert confirmed.status_code == 200, confirmed.text[:1000]
    assert "Mamani Quispe" in b.get(f"/manage/{SLUG}/registrations?q=rosa.mamani").text
    rows = cluster.sql(
        "SELECT count(*) FROM registration WHERE email = 'rosa.mamani.cluster@example.org'"
    )
    assert rows == [(1,)]


def test_event_renamed_on_a_shows_its_new_title_in_b_exports(cluster: Cluster):
    a, b = Browser(cluster.urls[0]), Browser(cluster.urls[1])
    # The Spanish exports: the rename changes the source title (English readers keep the
    # English translation of the demo until it is translated again).
    for path in ("agenda.ics?lang=es", "schedule.json?lang=es"):
        assert b.get(f"/events/{SLUG}/{path}").status_code == 200  # cached on B (and in Redis)
    a.login("organizer@example.org")
    settings = a.get(f"/manage/{SLUG}/").text
    values = _form_values(settings, "title")
    values["title"] = "Seminario Andino sobre Migración 2026"
    values["csrf_token"] = a.token(f"/manage/{SLUG}/")
    saved = a.http.post(f"{a.base}/manage/{SLUG}/", data=values, timeout=60)
    assert saved.status_code == 200, saved.text[:1000]

    ics = b.get(f"/events/{SLUG}/agenda.ics?lang=es").text.replace("\r\n ", "")
    assert "Seminario Andino sobre Migración 2026" in ics
    schedule = b.get(f"/events/{SLUG}/schedule.json?lang=es").json()
    assert schedule["schedule"]["conference"]["title"] == "Seminario Andino sobre Migración 2026"
    pdf = PdfReader(io.BytesIO(_ready_pdf(b, f"/events/{SLUG}/agenda.pdf?lang=es", cluster)))
    assert "Seminario Andino sobre Migración 2026" in pdf.pages[0].extract_text()


def _race_event(cluster: Cluster) -> str:
    """A second event, open for registration with 50 seats, arranged in the shared database."""
    from seminar import create_app
    from seminar.extensions import db
    from tests.factories import make_event
    from tests.registration.factories import make_settings

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": cluster.database_url,
            "SECRET_KEY": "arrange",
            "JOBS_IMMEDIATE": True,
            "TESTING": True,
            "REDIS_URL": None,
        }  # fmt: skip
    )
    with app.app_context():
        event = make_event(slug="cluster-race")
        make_settings(event, capacity=50)
        db.session.commit()
        slug = event.slug
        db.session.remove()
        db.engine.dispose()
    return slug


def test_200_registrations_across_two_nodes_fill_50_seats_and_each_gets_one_email(
    cluster: Cluster, mailbox
):
    slug = _race_event(cluster)
    path = f"/events/{slug}/register"
    browsers = [Browser(cluster.urls[i % 2]) for i in range(200)]
    tokens = {}
    with ThreadPoolExecutor(max_workers=16) as pool:
        for i, token in enumerate(pool.map(lambda br: br.token(path), browsers)):
            tokens[i] = token
    start = threading.Barrier(200)
    from seminar.events.models import Event

    days = cluster.sql("SELECT starts_on, ends_on FROM event WHERE slug = :s", s=slug)[0]
    event = Event(starts_on=days[0], ends_on=days[1])

    def submit(i: int) -> int:
        data = form_data(event, email=f"race{i}@example.org", given_name=f"Funcionaria {i}")
        data["csrf_token"] = tokens[i]
        start.wait()
        response = browsers[i].http.post(browsers[i].base + path, data=data, timeout=120)
        return response.status_code

    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(submit, range(200)))
    assert statuses == [200] * 200
    counts = dict(
        cluster.sql(
            "SELECT registration.status, count(*) FROM registration JOIN event "
            "ON event.id = event_id "
            "WHERE slug = :s GROUP BY registration.status",
            s=slug,
        )
    )
    assert counts == {"CONFIRMED": 50, "WAITLISTED": 150}

    def all_delivered():
        received = [m for m in mailbox.messages if str(m["To"]).find("@example.org") > 0]
        addresses = [str(m["To"]).split("<")[-1].strip(">") for m in received]
        race = [a for a in addresses if a.startswith("race")]
        return race if len(race) >= 200 else None

    race = _wait(all_delivered, 120, "200 e-mails", cluster)
    time.sleep(3)  # a duplicate would arrive now
    race = [
        str(m["To"]).split("<")[-1].strip(">") for m in mailbox.messages if "race" in str(m["To"])
    ]
    assert sorted(race) == sorted(f"race{i}@example.org" for i in range(200))  # exactly once


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found: set[int] = set()
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return f"{pid}: " + fh.read().replace(b"\0", b" ").decode(errors="replace")[:200]
    except OSError:
        return f"{pid}: gone"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_worker_killed_during_a_report_render_leaves_nothing_and_the_render_runs_again(
    cluster: Cluster,
):
    spare = cluster.workers[1]
    spare.stop()  # one worker left: the render is surely its
    busy = cluster.workers[0]
    a = Browser(cluster.urls[0])
    a.login("organizer@example.org")
    a.post(f"/manage/{SLUG}/report/status", {"status": "in_review"},
           form=f"/manage/{SLUG}/report")  # fmt: skip
    before = cluster.sql("SELECT max(number) FROM report_version")[0][0] or 0
    shown = a.post(f"/manage/{SLUG}/report/finalize", {}, form=f"/manage/{SLUG}/report")
    # The demo's English report has an outdated section: confirm the list the page shows.
    confirmed = dict(re.findall(
        r'name="(version|left_out|untranslated)" type="hidden" value="([^"]*)"', shown.text
    ))  # fmt: skip
    finalized = a.post(f"/manage/{SLUG}/report/finalize", confirmed,
                       form=f"/manage/{SLUG}/report")  # fmt: skip
    assert finalized.status_code == 200, finalized.text[:1000]
    number = before + 1
    assert cluster.sql("SELECT count(*) FROM report_version WHERE number = :n", n=number) == [(1,)]

    def rendering():
        rows = cluster.sql(
            "SELECT d.id, d.lease_until FROM rendered_document d JOIN report_version_file f "
            "ON f.document_id = d.id JOIN report_version v ON v.id = f.version_id "
            "WHERE v.number = :n AND d.status = 'running'",
            n=number,
        )
        return rows[0] if rows else None

    doc_id, lease_until = _wait(rendering, 60, "the render to start", cluster)
    assert busy.process is not None
    left = _descendants(busy.process.pid)
    assert left, "the worker runs its render in child processes"
    busy.kill()  # SIGKILL: no clean-up code runs

    def all_ended():
        alive = [p for p in left if _alive(p)]
        return not alive

    try:
        _wait(all_ended, 60, "render processes to end", cluster)
    except AssertionError:
        raise AssertionError(
            "still running: " + "; ".join(_cmdline(p) for p in left if _alive(p))
        ) from None
    assert cluster.sql("SELECT status FROM rendered_document WHERE id = :i", i=doc_id) == [
        ("running",)
    ]
    # Once the dead worker's lease has run out, a worker that starts takes the render back.
    _wait(lambda: cluster.sql("SELECT now() > :t", t=lease_until)[0][0], 60, "lease end", cluster)
    fresh = cluster.worker(2)
    fresh.start()
    cluster.workers.append(fresh)
    spare.start()
    _wait(
        lambda: cluster.sql(
            "SELECT f.sha256 FROM report_version_file f JOIN report_version v "
            "ON v.id = f.version_id WHERE v.number = :n AND f.document_id = :d AND f.sha256 <> ''",
            n=number,
            d=doc_id,
        ),
        120,
        "the version's PDF",
        cluster,
    )
    assert cluster.sql("SELECT count(*) FROM report_version WHERE number = :n", n=number) == [(1,)]
    [(status, attempts)] = cluster.sql(
        "SELECT status, attempts FROM rendered_document WHERE id = :i", i=doc_id
    )
    assert (status, attempts) == ("done", 2)
    pdf = _ready_pdf(a, f"/manage/{SLUG}/report/versions/{number}.pdf", cluster)
    assert pdf.startswith(b"%PDF-")


def test_with_redis_stopped_pages_answer_registrations_are_kept_and_mail_follows(
    cluster: Cluster, mailbox
):
    slug = "cluster-race"
    cluster.running_worker()
    cluster.redis.stop()
    try:
        for url in cluster.urls:
            browser = Browser(url)
            page = browser.get(f"/events/{SLUG}/")
            assert page.status_code == 200
            assert browser.get(f"/events/{SLUG}/agenda").status_code == 200
        b = Browser(cluster.urls[1])
        days = cluster.sql("SELECT starts_on, ends_on FROM event WHERE slug = :s", s=slug)[0]
        from seminar.events.models import Event

        data = form_data(Event(starts_on=days[0], ends_on=days[1]),
                         email="while.redis.down@example.org", given_name="Julia")  # fmt: skip
        response = b.post(f"/events/{slug}/register", data)
        assert response.status_code == 200, response.text[:1000]
        assert cluster.sql(
            "SELECT count(*) FROM registration WHERE email = 'while.redis.down@example.org'"
        ) == [(1,)]
        pending = cluster.sql(
            "SELECT status FROM outbox_message WHERE to_address = 'while.redis.down@example.org'"
        )
        assert pending == [("pending",)]
    finally:
        cluster.redis.start()
    _wait(
        lambda: mailbox.to("while.redis.down@example.org"),
        150,
        "the e-mail after Redis came back",
        cluster,
    )
    assert len(mailbox.to("while.redis.down@example.org")) == 1
