"""Benchmark: the CPU time of one request to each public page, in process, against a static file.

Standalone: ``python bench/bench_requests.py`` (``--rounds 6 --requests 150``). The La Paz demo
(event and agenda) in a private SQLite database; Flask's test client sends the requests of
``bench_load.py`` one after the other: the static file, the event page and the public agenda
(as a visitor gets them), and conditional requests (If-None-Match) for the pages and exports.

Each cell is the CPU time (``time.process_time``) of a run of requests, divided by their number,
best of several rounds taken in turn: unlike wrk's requests per second, it barely moves when other
processes share the machine, so the ratios to the static file can be compared between commits on
a busy host. It measures the app's own work per request; ``bench_load.py`` measures the whole
server (gunicorn, sockets, two workers). Prints a table and writes bench/results/requests.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SLUG = "lapaz-migration-policies"
STATIC = "/static/js/app.js"
CASES = (
    ("static file", STATIC, False),
    ("event page", f"/events/{SLUG}/", False),
    ("public agenda", f"/events/{SLUG}/agenda", False),
    ("event page 304", f"/events/{SLUG}/", True),
    ("agenda 304", f"/events/{SLUG}/agenda", True),
    ("agenda.ics 304", f"/events/{SLUG}/agenda.ics", True),
    ("schedule.json 304", f"/events/{SLUG}/schedule.json", True),
)
TARGETS = {"event page": 0.6, "public agenda": 0.6}


def _app() -> Any:
    workdir = tempfile.mkdtemp(prefix="bench-requests-")
    os.environ["SEMINAR_DATABASE_URL"] = f"sqlite:///{workdir}/bench.db"
    os.environ["SEMINAR_INSTANCE_PATH"] = workdir
    os.environ["SEMINAR_LOG_LEVEL"] = "WARNING"
    os.environ["SEMINAR_MAIL_DISPATCH"] = "off"
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade

    from seminar import cache, create_app
    from seminar.areas import area_modules
    from seminar.extensions import db

    app = create_app()
    with app.app_context():
        upgrade(directory=str(ROOT / "seminar" / "migrations"))
        event = None
        for module in area_modules("demo"):
            if module.__name__.split(".")[1] in {"accounts", "events", "agenda"}:
                event = module.load_demo(event)
                db.session.commit()
        # Loading just changed the event: its state is marked "changed" for a few seconds (see
        # seminar/events/public_state.py). Measure the steady state every later visitor gets.
        cache.clear()
    logging.disable(logging.INFO)
    return app


def _cpu_per_request(client: Any, url: str, conditional: bool, count: int) -> float:
    headers = {}
    if conditional:
        headers["If-None-Match"] = client.get(url).headers["ETag"]
    expected = 304 if conditional else 200
    for _ in range(10):  # warm: the page's cache entries exist, as for every visitor but the first
        status = client.get(url, headers=headers).status_code
    if status != expected:
        raise SystemExit(f"{url}: expected {expected}, got {status}")
    started = time.process_time()
    for _ in range(count):
        client.get(url, headers=headers)
    return (time.process_time() - started) / count * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--requests", type=int, default=150)
    args = parser.parse_args()
    client = _app().test_client()
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, url, conditional in CASES:
            micros = _cpu_per_request(client, url, conditional, args.requests)
            best[name] = min(best.get(name, micros), micros)
    static = best["static file"]
    print(f"{'request':20} {'CPU us':>8} {'vs static':>10}")
    rows = {}
    for name, _url, _conditional in CASES:
        ratio = static / best[name]
        rows[name] = {"cpu_us": round(best[name]), "ratio_to_static": round(ratio, 2)}
        print(f"{name:20} {best[name]:8.0f} {ratio:10.2f}")
    for name, _url, conditional in CASES:
        target = 0.9 if conditional else TARGETS.get(name)
        if target is not None:
            met = "met" if rows[name]["ratio_to_static"] >= target else "NOT met"
            print(f"target {name} >= {target} of static: {rows[name]['ratio_to_static']} ({met})")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "requests.json").write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
