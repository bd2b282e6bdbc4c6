"""Benchmark: registrations submitted over HTTP to gunicorn (2 workers) on SQLite.

Standalone: ``python bench/bench_registration.py``. Creates a private SQLite database with an open
event (capacity 500, so later submissions join the waiting list), starts an SMTP sink and gunicorn
with 2 workers, loads the form once for a session cookie and CSRF token, then drives the public
form with wrk (10 connections), each request a new official with a unique e-mail. Each submission
takes the capacity lock, writes the registration, its history, the audit entry and the queued
e-mail (with its .ics) in one transaction; the e-mail is delivered afterwards by the background
sender, never inside the request. Afterwards it checks that every accepted request is in the
database and waits for the outbox to drain. Prints a table and writes bench/results/registration.json.

Targets (2-core machine, 10 concurrent clients): >= 100 registrations/s, p99 < 250 ms.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from common import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SLUG = "bench-registration"
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = 10
CAPACITY = 500
TARGET_RPS = 100
TARGET_P99_MS = 250


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def prepare_database(env: dict[str, str]) -> None:
    """Schema plus one open, published event (in a subprocess: the app reads its env at start)."""
    subprocess.run(
        [str(BIN / "flask"), "--app", "seminar", "db", "upgrade"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    starts = date.today() + timedelta(days=30)
    script = f"""
from datetime import date
from seminar import create_app
from seminar.extensions import db
from seminar.events.models import Event, EventStatus
from seminar.registration.models import RegistrationSettings
app = create_app()
with app.app_context():
    event = Event(slug={SLUG!r}, title="Seminario de referencia", timezone="America/La_Paz",
                  starts_on=date.fromisoformat({starts.isoformat()!r}),
                  ends_on=date.fromisoformat({(starts + timedelta(days=1)).isoformat()!r}),
                  city="La Paz", country="BO", status=EventStatus.PUBLISHED,
                  contact_email="info@example.org")
    db.session.add(event)
    db.session.flush()
    db.session.add(RegistrationSettings(event_id=event.id, capacity={CAPACITY}))
    db.session.commit()
"""
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)


def session_and_token(base: str) -> tuple[str, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/events/{SLUG}/register", timeout=10).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, token


def wrk_script(cookie: str, token: str, days: list[str], run_id: str) -> str:
    base = urlencode(
        {
            "csrf_token": token,
            "honorific": "Lic.",
            "given_name": "María José",
            "family_name": "Choque Añez",
            "phone": "+591 2 2123456",
            "preferred_language": "es",
            "position": "Directora General de Migración",
            "institution": "Ministerio de Gobierno",
            "institution_type": "government",
            "country": "BO",
            "days": days,
            "dietary_needs": "Vegetariana",
            "privacy_accepted": "y",
        },
        doseq=True,
    )
    return f"""
local threads = {{}}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie}"
wrk.headers["Accept-Language"] = "es"
request = function()
  counter = counter + 1
  local email = string.format("o-{run_id}-%d-%d%%40example.org", tid, counter)
  return wrk.format(nil, "/events/{SLUG}/register", nil, "{base}&email=" .. email)
end
"""


def run_wrk(base: str, script: Path) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-s", str(script), base],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors:.*", out)
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50_ms": to_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),  # type: ignore[union-attr]
        "p90_ms": to_ms(re.search(r"\s90%\s+(\S+)", out).group(1)),  # type: ignore[union-attr]
        "p99_ms": to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),  # type: ignore[union-attr]
        "errors": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def workers_cpu_seconds(master: int) -> float:
    """CPU time used so far by gunicorn's workers (user + system), from /proc."""
    total = 0.0
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def database_counts(env: dict[str, str]) -> dict[str, int]:
    script = """
import json
from sqlalchemy import func, select
from seminar import create_app
from seminar.extensions import db
from seminar.mail import OutboxMessage
from seminar.registration.models import Registration, RegistrationStatus
app = create_app()
with app.app_context():
    count = lambda *w: db.session.scalar(select(func.count()).select_from(w[0]).where(*w[1:]))
    print(json.dumps({
        "registrations": count(Registration),
        "confirmed": count(Registration, Registration.status == RegistrationStatus.CONFIRMED),
        "waitlisted": count(Registration, Registration.status == RegistrationStatus.WAITLISTED),
        "mail_sent": count(OutboxMessage, OutboxMessage.status == "sent"),
        "mail_queued": count(OutboxMessage),
    }))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True,
    ).stdout  # fmt: skip
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-registration-"))
    smtp_port, http_port = free_port(), free_port()
    env = {
        **os.environ,
        "SEMINAR_DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "SEMINAR_SECRET_KEY": "bench-secret-key",
        "SEMINAR_MAIL_SERVER": "127.0.0.1",
        "SEMINAR_MAIL_PORT": str(smtp_port),
        "SEMINAR_LOG_LEVEL": "WARNING",
        "SEMINAR_UPLOAD_FOLDER": str(workdir / "uploads"),
    }
    prepare_database(env)
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink",
         "-l", f"127.0.0.1:{smtp_port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--no-control-socket", "-w", "2", "-b", f"127.0.0.1:{http_port}",
         "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(f"{base}/healthz")
        cookie, token = session_and_token(base)
        starts = date.today() + timedelta(days=30)
        days = [starts.isoformat(), (starts + timedelta(days=1)).isoformat()]
        script = workdir / "register.lua"
        script.write_text(wrk_script(cookie, token, days, run_id=str(int(time.time()))))
        cpu_before = workers_cpu_seconds(server.pid)
        load = run_wrk(base, script)
        cpu_used = workers_cpu_seconds(server.pid) - cpu_before
        deadline = time.monotonic() + 45
        counts = database_counts(env)
        while counts["mail_sent"] < counts["mail_queued"] and time.monotonic() < deadline:
            time.sleep(1)
            counts = database_counts(env)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        sink.send_signal(signal.SIGTERM)
        sink.wait(timeout=10)

    ok = (
        load["rps"] >= TARGET_RPS
        and load["p99_ms"] < TARGET_P99_MS
        and load["errors"] == 0
        # wrk counts answers received before it stops; requests still in flight then are stored too
        and load["requests"] <= counts["registrations"] <= load["requests"] + CONNECTIONS
        and counts["confirmed"] == min(CAPACITY, counts["registrations"])
    )
    print(f"Registrations over HTTP: gunicorn -w 2, SQLite, wrk -c{CONNECTIONS} -d{DURATION}")
    print(f"{'measure':<34}{'value':>12}{'target':>12}")
    print(f"{'registrations per second':<34}{load['rps']:>12.1f}{'>= ' + str(TARGET_RPS):>12}")
    print(f"{'latency p50 (ms)':<34}{load['p50_ms']:>12.1f}{'':>12}")
    print(f"{'latency p90 (ms)':<34}{load['p90_ms']:>12.1f}{'':>12}")
    print(f"{'latency p99 (ms)':<34}{load['p99_ms']:>12.1f}{'< ' + str(TARGET_P99_MS):>12}")
    print(f"{'error responses':<34}{load['errors']:>12}{'0':>12}")
    print(f"{'requests answered':<34}{load['requests']:>12}{'':>12}")
    print(f"{'registrations stored':<34}{counts['registrations']:>12}{'>= answered':>12}")
    print(f"{'confirmed / waiting list':<34}{counts['confirmed']:>6} / {counts['waitlisted']:<4}")
    cpu_ms = 1000 * cpu_used / max(counts["registrations"], 1)
    load["worker_cpu_ms_per_registration"] = round(cpu_ms, 2)
    print(f"{'worker CPU per registration (ms)':<34}{cpu_ms:>12.1f}{'':>12}")
    print(f"{'  -> registrations/s on 2 idle cores':<34}{2000 / cpu_ms:>12.0f}{'':>12}")
    print(f"{'e-mails sent after the run':<34}{counts['mail_sent']:>12}{counts['mail_queued']:>12}")
    print("PASS" if ok else "FAIL")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "registration.json").write_text(
        json.dumps(
            {
                "load": load,
                "counts": counts,
                "pass": ok,
                "targets": {"rps": TARGET_RPS, "p99_ms": TARGET_P99_MS},
            },
            indent=2,
        )  # fmt: skip
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
