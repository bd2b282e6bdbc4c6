"""`make run`'s shape: one machine, SQLite, no Redis: the web process queues jobs in a SQLite file
and `flask --app seminar worker` runs them (here in real separate processes)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

BIN = Path(sys.executable).parent

QUEUE_MAIL_AND_PDF = """
from seminar import create_app, mail
from seminar.documents import request_document
from seminar.extensions import db
app = create_app()
with app.app_context():
    mail.queue(to="worker.test@example.org", subject="Desde el trabajador", text="Hola", kind="test")
    doc = request_document("test", html="<h1>Informe final</h1>", filename="t.pdf", event_id=None)
    db.session.commit()
    print(doc.id)
"""


def _document(database: Path, doc_id: str) -> tuple[str, bytes]:
    with sqlite3.connect(database) as conn:
        status, pdf = conn.execute(
            "SELECT status, pdf FROM rendered_document WHERE id = ?", (int(doc_id),)
        ).fetchone()
    return status, (pdf or b"")[:5]


def test_worker_with_the_sqlite_broker_sends_mail_and_renders(tmp_path, smtp_sink):
    box, port = smtp_sink
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SEMINAR_")},
        "SEMINAR_INSTANCE_PATH": str(tmp_path),
        "SEMINAR_DATABASE_URL": f"sqlite:///{tmp_path / 'seminar.db'}",
        "SEMINAR_MAIL_SERVER": "127.0.0.1",
        "SEMINAR_MAIL_PORT": str(port),
        "SEMINAR_SECRET_KEY": "worker-test",
        "SEMINAR_LOG_LEVEL": "WARNING",
    }

    def run(*argv: str) -> str:
        done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout.strip()

    run(str(BIN / "flask"), "--app", "seminar", "db", "upgrade")
    doc_id = run(sys.executable, "-c", QUEUE_MAIL_AND_PDF).splitlines()[-1]
    assert (tmp_path / "jobs.db").exists()  # queued in the SQLite broker, nobody ran it yet
    assert _document(tmp_path / "seminar.db", doc_id) == ("queued", b"")

    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [str(BIN / "flask"), "--app", "seminar", "worker", "--workers", "1"],
        env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        received = box.wait_for(1, timeout=60)
        assert any(m["Subject"] == "Desde el trabajador" for m in received)
        deadline = time.monotonic() + 60
        while _document(tmp_path / "seminar.db", doc_id) != ("done", b"%PDF-"):
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()
            time.sleep(0.5)
    finally:
        os.killpg(worker.pid, signal.SIGINT)  # Ctrl+C, as in `make run`
        worker.wait(timeout=30)
        log.close()
    assert worker.returncode is not None
