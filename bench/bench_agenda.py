"""Benchmark: the public agenda page under load, and the agenda PDF for the demo and a 10x event.

Standalone: ``python bench/bench_agenda.py``. Loads the demo into a private SQLite database, serves
it with gunicorn (2 workers), drives it with wrk (10 connections) against the public agenda and a
small static file, then renders the agenda PDF in-process for the demo programme and for one ten
times its size. Prints a table and writes bench/results/agenda.json.

Targets (2-core machine): agenda >= half the static file's requests per second, p99 < 50 ms;
demo PDF < 1 s, 10x PDF < 5 s.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from copy import deepcopy
from pathlib import Path
from typing import Any

from common import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SLUG = "lapaz-migration-policies"
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = 10


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, *headers: str) -> dict[str, float]:
    extra = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", *extra, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "non_2xx": errors}


def serve_and_load(env: dict[str, str]) -> dict[str, dict[str, float]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--no-control-socket", "-w", "2", "-b", f"127.0.0.1:{port}",
         "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(f"{base}/healthz")
        agenda = f"{base}/events/{SLUG}/agenda"
        static = f"{base}/static/css/app.css"
        for _ in range(20):  # warm both workers' caches
            urllib.request.urlopen(agenda, timeout=5).read()
        # A returning visitor sends the session cookie the first page set (it holds the CSRF
        # token of the language switch); a first visit makes the server create one.
        with urllib.request.urlopen(agenda, timeout=5) as response:
            cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        return {
            "static": run_wrk(static),
            "agenda": run_wrk(agenda, f"Cookie: {cookie}"),
            "agenda_first_visit": run_wrk(agenda),
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def scaled_snapshot(snapshot: dict[str, Any], factor: int) -> dict[str, Any]:
    """The demo programme ``factor`` times over: the same days, ``factor`` times the rooms."""
    big = deepcopy(snapshot)
    rooms = snapshot["rooms"]
    big["rooms"] = []
    room_map: dict[tuple[int, int], int] = {}
    for copy in range(factor):
        for room in rooms:
            new_id = room["id"] + 1000 * copy
            room_map[(copy, room["id"])] = new_id
            big["rooms"].append({**room, "id": new_id, "name": f"{room['name']} {copy + 1}",
                                 "position": room["position"] + 10 * copy})  # fmt: skip
    big["items"] = []
    for copy in range(factor):
        for item in snapshot["items"]:
            big["items"].append(
                {
                    **item,
                    "id": item["id"] + 100_000 * copy,
                    "uid": f"{item['uid'][:-4]}{copy:04d}",
                    "title": f"{item['title']} ({copy + 1})",
                    "room_id": room_map.get((copy, item["room_id"])) if item["room_id"] else None,
                }
            )
    big["items"].sort(key=lambda i: i["starts_at"])
    return big


def time_pdfs(database_url: str) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from flask import g
    from pypdf import PdfReader

    from seminar import create_app
    from seminar.agenda.agenda_pdf import agenda_pdf
    from seminar.agenda.programme import Programme
    from seminar.agenda.publishing import latest_publication
    from seminar.events.services import get_event

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "LOG_LEVEL": "WARNING"})
    results: dict[str, Any] = {}
    with app.test_request_context(f"/events/{SLUG}/agenda.pdf", headers={"Accept-Language": "es"}):
        event = get_event(SLUG)
        g.event = event
        publication = latest_publication(event)
        assert publication is not None
        for name, factor in (("demo", 1), ("x10", 10)):
            snapshot = scaled_snapshot(publication.snapshot, factor)
            programme = Programme(snapshot)
            timings, cpu = [], []
            for _ in range(3 if factor == 1 else 2):
                started, cpu_started = time.perf_counter(), time.process_time()
                pdf = agenda_pdf(
                    programme,
                    event=event,
                    number=publication.number,
                    published_at=publication.published_at,
                )
                timings.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            results[name] = {
                "items": len(programme.items),
                "pages": pages,
                "seconds_first": timings[0],
                "seconds_median": statistics.median(timings),
                "cpu_seconds_median": statistics.median(cpu),
                "bytes": len(pdf),
            }
    return results


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-agenda-") as tmp:
        database_url = f"sqlite:///{tmp}/bench.db"
        env = {
            **os.environ,
            "SEMINAR_DATABASE_URL": database_url,
            "SEMINAR_SECRET_KEY": "bench-only-secret",
            "SEMINAR_LOG_LEVEL": "WARNING",
            "FLASK_APP": "seminar",
        }
        flask = [str(BIN / "flask"), "--app", "seminar"]
        subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip
        subprocess.run([*flask, "load-demo"], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip
        load = serve_and_load(env)
        os.environ["SEMINAR_DATABASE_URL"] = database_url
        pdfs = time_pdfs(database_url)

    ratio = load["agenda"]["rps"] / load["static"]["rps"]
    checks = {
        "agenda_rps_at_least_half_static": ratio >= 0.5,
        "agenda_p99_under_50ms": load["agenda"]["p99_ms"] < 50,
        "demo_pdf_under_1s": pdfs["demo"]["seconds_median"] < 1,
        "x10_pdf_under_5s": pdfs["x10"]["seconds_median"] < 5,
    }
    print(f"wrk: {CONNECTIONS} connections, {DURATION}, gunicorn 2 workers, SQLite, demo data")
    print(f"{'target':<34}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
    for name, label in (
        ("static", "/static/css/app.css"),
        ("agenda", "agenda (returning visitor)"),
        ("agenda_first_visit", "agenda (first visit, no cookie)"),
    ):
        r = load[name]
        print(f"{label:<34}{r['rps']:>10.0f}{r['p50_ms']:>10.1f}{r['p99_ms']:>10.1f}"
              f"{r['non_2xx']:>10}")  # fmt: skip
    print(f"agenda / static req/s ratio: {ratio:.2f} (target >= 0.50), first visits "
          f"{load['agenda_first_visit']['rps'] / load['static']['rps']:.2f}")  # fmt: skip
    print(f"\n{'agenda PDF':<12}{'items':>8}{'pages':>8}{'first s':>10}{'median s':>10}"
          f"{'CPU s':>8}")  # fmt: skip
    for name in ("demo", "x10"):
        r = pdfs[name]
        print(f"{name:<12}{r['items']:>8}{r['pages']:>8}{r['seconds_first']:>10.2f}"
              f"{r['seconds_median']:>10.2f}{r['cpu_seconds_median']:>8.2f}")  # fmt: skip
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores; others' work skews it)")
    for check, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {check}")
    results = {"load": load, "ratio": ratio, "pdf": pdfs, "checks": checks}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "agenda.json").write_text(json.dumps(results, indent=2))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
