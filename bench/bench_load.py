"""Benchmark: the whole app under load, served by gunicorn (2 workers) on SQLite and on PostgreSQL.

Standalone: ``python bench/bench_load.py`` (SQLite, then PostgreSQL when a server is given in
SEMINAR_TEST_DATABASE_URL, e.g. under ``bash scripts/with-postgres.sh``). Options: ``--sqlite-only``,
``--postgres-only``, ``--duration 5`` (seconds per wrk run).

For each database: a private database with the La Paz demo loaded (``flask db upgrade`` and
``flask load-demo``), gunicorn with 2 workers on 127.0.0.1 (no control socket, no access log,
e-mail left queued so no SMTP server is involved), then wrk from a second process against

* the public agenda    /events/lapaz-migration-policies/agenda
* the event page       /events/lapaz-migration-policies/
* a registration       POST /events/lapaz-migration-policies/register, each request a new person
                       (one session cookie and CSRF token, unique e-mail per request, in Lua)
* the ceiling          /healthz (a ``SELECT 1``) and a small static file
* conditional GETs     the event page, the public agenda, agenda.ics and schedule.json with the
                       ETag of a first answer in If-None-Match (and, for the pages, whose ETag
                       covers the visitor's CSRF token, that first answer's session cookie): each
                       is a 304

at 1, 10 and 50 concurrent connections (``--connections 10`` for one): requests per second,
p50/p95/p99 latency (from wrk's own histogram, printed by a Lua ``done`` hook), the ratio to
/healthz and the ratio to the static file at the same concurrency (the issue's targets: agenda
and event page >= 0.6 of the static file, a 304 >= 0.9). ``--paired-static`` measures the static
file again right before each cell and takes the ratio to that run (use it on a shared machine);
with ``--rounds N`` it runs N such pairs per cell, the order alternating, and keeps the median
ratio (and the median req/s), so that one burst of other work on the host does not decide a row.
Then the report PDF benchmark (bench/bench_report.py) when it exists. Prints a table and writes
bench/results/load.json (git-ignored).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from common import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
SLUG = "lapaz-migration-policies"
CONCURRENCY = (1, 10, 50)
STATIC = "/static/js/app.js"
ENDPOINTS = {
    "healthz": "/healthz",
    "static": STATIC,
    "event page": f"/events/{SLUG}/",
    "public agenda": f"/events/{SLUG}/agenda",
    "registration POST": f"/events/{SLUG}/register",
    "event page 304": f"/events/{SLUG}/",
    "agenda 304": f"/events/{SLUG}/agenda",
    "agenda.ics 304": f"/events/{SLUG}/agenda.ics",
    "schedule.json 304": f"/events/{SLUG}/schedule.json",
}
CONDITIONAL = {"event page 304", "agenda 304", "agenda.ics 304", "schedule.json 304"}

STATS_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"max_us": %d, "status_errors": %d, "socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def conditional_script(headers: dict[str, str]) -> str:
    """wrk script for conditional GETs; answers other than 304 are counted and printed."""
    lines = "\n".join(f"wrk.headers[ [[{k}]] ] = [[{v}]]" for k, v in headers.items())
    return (
        lines
        + """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) other = 0 end
function response(status, headers, body) if status ~= 304 then other = other + 1 end end
"""
        + STATS_LUA.replace(
            "done = function(summary, latency, requests)",
            "done = function(summary, latency, requests)\n"
            "  local n = 0\n  for _, t in ipairs(threads) do n = n + t:get('other') end\n"
            "  io.write(string.format('NOT304 %d\\n', n))",
        )
    )


def conditional_headers(base: str, path: str) -> dict[str, str]:
    """If-None-Match (and the session cookie) of a first answer; checks the server says 304."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + path, timeout=10) as first:
        etag = first.headers.get("ETag")
    assert etag, f"no ETag on {path}"
    headers = {"If-None-Match": etag}
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if cookie:
        headers["Cookie"] = cookie
    try:
        urllib.request.urlopen(urllib.request.Request(base + path, headers=headers), timeout=10)
    except urllib.error.HTTPError as answer:
        if answer.code == 304:
            return headers
        raise
    raise RuntimeError(f"{path} did not answer 304 to a conditional request")


def flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [str(BIN / "flask"), "--app", "seminar", *args],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip


def reset_postgres(url: str) -> None:
    script = (
        "import sys; from sqlalchemy import create_engine, text\n"
        "e = create_engine(sys.argv[1])\n"
        "with e.begin() as c:\n"
        "    c.execute(text('DROP SCHEMA public CASCADE')); c.execute(text('CREATE SCHEMA public'))\n"
    )
    subprocess.run([sys.executable, "-c", script, url], check=True)


def registration_script(cookie: str, token: str, form: dict[str, Any], run_id: str) -> str:
    body = urlencode({**form, "csrf_token": token}, doseq=True)
    return (
        f"""
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
  local email = string.format("load-{run_id}-%d-%d%%40example.org", tid, counter)
  return wrk.format(nil, "{ENDPOINTS["registration POST"]}", nil, "{body}&email=" .. email)
end
"""
        + STATS_LUA
    )


def registration_session(base: str) -> tuple[str, str, dict[str, Any]]:
    """A session cookie, its CSRF token and the form's valid values, as a browser gets them."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + ENDPOINTS["registration POST"], timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if token is None:
        token = re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page)
    assert token, "no CSRF token on the registration form"
    days = re.findall(r'name="days"[^>]*value="([^"]+)"', page) or re.findall(
        r'value="(\d{4}-\d{2}-\d{2})"[^>]*name="days"', page
    )
    form = {
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
        "privacy_accepted": "y",
    }
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    # One real submission first: the form must be accepted (302), or the numbers mean nothing.
    request = urllib.request.Request(
        base + ENDPOINTS["registration POST"],
        data=urlencode(
            {**form, "csrf_token": token.group(1), "email": f"probe-{time.time_ns()}@example.org"},
            doseq=True,
        ).encode(),
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            errors = re.findall(r'class="error"[^>]*>([^<]+)', answer.read().decode())
            raise RuntimeError(f"registration probe answered {answer.code}: {errors}") from None
    else:
        raise RuntimeError("the registration form did not redirect (refused?)")
    return cookie, token.group(1), form


def run_wrk(base: str, path: str, connections: int, duration: int, script: Path) -> dict[str, Any]:
    threads = min(connections, 2)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
         "-s", str(script), base + path],
        capture_output=True, text=True, check=True, timeout=duration + 60,
    ).stdout  # fmt: skip
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    not_304 = next((int(x.split()[1]) for x in out.splitlines() if x.startswith("NOT304 ")), 0)
    raw = json.loads(line[len("BENCH ") :])
    seconds = raw["duration_us"] / 1e6
    return {
        "connections": connections,
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "errors": raw["status_errors"] + raw["socket_errors"] + not_304,
    }


def count_registrations(env: dict[str, str]) -> int:
    script = (
        "from sqlalchemy import func, select\n"
        "from seminar import create_app\nfrom seminar.extensions import db\n"
        "from seminar.registration.models import Registration\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    print(db.session.scalar(select(func.count(Registration.id))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True,
    ).stdout  # fmt: skip
    return int(out.strip().splitlines()[-1])


def bench_database(
    label: str,
    url: str,
    duration: int,
    workdir: Path,
    concurrency: tuple[int, ...] = CONCURRENCY,
    skip: tuple[str, ...] = (),
    paired: bool = False,
    rounds: int = 1,
) -> dict[str, Any]:
    env = {
        **os.environ,
        "SEMINAR_DATABASE_URL": url,
        "SEMINAR_SECRET_KEY": "bench-secret-key",
        "SEMINAR_LOG_LEVEL": "WARNING",
        "SEMINAR_MAIL_DISPATCH": "off",  # e-mail stays queued: no SMTP server in the measurement
        "SEMINAR_UPLOAD_FOLDER": str(workdir / "uploads"),
        # thousands of registrations from one test address: the per-address limit stays out
        "SEMINAR_MAIL_FORM_LIMIT_PER_ADDRESS": "1000000 per hour",
    }
    if url.startswith("postgresql"):
        reset_postgres(url)
    print(f"[{label}] loading the demo ...", flush=True)
    flask(env, "db", "upgrade")
    flask(env, "load-demo")
    before = count_registrations(env)
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--no-control-socket", "-w", "2", "-b", f"127.0.0.1:{port}",
         "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    rows: dict[str, list[dict[str, Any]]] = {}
    try:
        wait_for(f"{base}/healthz")
        stats = workdir / "stats.lua"
        stats.write_text(STATS_LUA)
        for name, path in ENDPOINTS.items():
            if name in skip:
                continue
            rows[name] = []
            for connections in concurrency:
                script = stats
                if name in CONDITIONAL:
                    script = workdir / "conditional.lua"
                    script.write_text(conditional_script(conditional_headers(base, path)))
                elif name == "registration POST":
                    cookie, token, form = registration_session(base)
                    script = workdir / f"register-{connections}.lua"
                    run_id = f"{label}-{connections}-{int(time.time())}"
                    script.write_text(registration_script(cookie, token, form, run_id))
                else:
                    # Warm the worker's caches as a visitor's first request would.
                    urllib.request.urlopen(base + path, timeout=10).read()
                if paired and name not in ("healthz", "static"):
                    # On a shared machine the load changes from one cell to the next: measure the
                    # static file right beside the endpoint, in alternating order, and keep the
                    # median of the pairs' ratios.
                    pairs = []
                    for turn in range(rounds):
                        if turn % 2:
                            run = run_wrk(base, path, connections, duration, script)
                            pair = run_wrk(base, STATIC, connections, duration, stats)
                        else:
                            pair = run_wrk(base, STATIC, connections, duration, stats)
                            run = run_wrk(base, path, connections, duration, script)
                        pairs.append((run["rps"] / pair["rps"], run, pair))
                    pairs.sort(key=lambda item: item[0])
                    _, result, pair = pairs[len(pairs) // 2]
                    result["paired_static_rps"] = pair["rps"]
                    result["pair_ratios"] = [round(ratio, 3) for ratio, _, _ in pairs]
                else:
                    result = run_wrk(base, path, connections, duration, script)
                rows[name].append(result)
                print(
                    f"[{label}] {name:<18} c={connections:<3} {result['rps']:>8.1f} req/s"
                    f"  p50 {result['p50_ms']:>7.2f}  p95 {result['p95_ms']:>7.2f}"
                    f"  p99 {result['p99_ms']:>7.2f} ms  errors {result['errors']}",
                    flush=True,
                )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    stored = count_registrations(env) - before
    answered = sum(r["requests"] for r in rows.get("registration POST", []))
    answered += len(rows.get("registration POST", []))  # + probes
    for results in rows.values():
        for result, ceiling, static in zip(results, rows["healthz"], rows["static"], strict=True):
            result["ratio_to_healthz"] = round(result["rps"] / ceiling["rps"], 3)
            result["ratio_to_static"] = round(
                result["rps"] / result.get("paired_static_rps", static["rps"]), 3
            )
    return {
        "database": label,
        "endpoints": rows,
        "registrations_stored": stored,
        "registrations_answered": answered,
    }


def machine() -> dict[str, str]:
    def run(*cmd: str) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return ""

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = run("free", "-h").splitlines()
    gunicorn = run(str(BIN / "gunicorn"), "--version")
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    return {
        "nproc": run("nproc"),
        "memory": memory[1] if len(memory) > 1 else "",
        "cpu": cpu,
        "python": platform.python_version(),
        "gunicorn": gunicorn,
        "sqlite": sqlite3.sqlite_version,
        "postgresql": run(str(pg_bin[-1]), "--version") if pg_bin else "",
        "wrk": run("wrk", "-v").splitlines()[0] if run("wrk", "-v") else "",
    }


def print_table(result: dict[str, Any]) -> None:
    print(f"\n{result['database']}: gunicorn -w 2, demo data, wrk {result['duration']} s per cell")
    header = f"{'endpoint':<20}{'conn':>5}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    print(header + f"{'vs healthz':>12}{'vs static':>11}{'errors':>8}")
    for name, rows in result["endpoints"].items():
        for row in rows:
            print(
                f"{name:<20}{row['connections']:>5}{row['rps']:>10.1f}{row['p50_ms']:>9.2f}"
                f"{row['p95_ms']:>9.2f}{row['p99_ms']:>9.2f}{row['ratio_to_healthz']:>12.2f}"
                f"{row['ratio_to_static']:>11.2f}{row['errors']:>8}"
            )
    if "registration POST" in result["endpoints"]:
        print(
            f"registrations stored: {result['registrations_stored']} "
            f"(requests answered: {result['registrations_answered']})"
        )
    rows = result["endpoints"]
    targets = (("public agenda", 0.6), ("event page", 0.6), ("event page 304", 0.9),
               ("agenda 304", 0.9), ("agenda.ics 304", 0.9), ("schedule.json 304", 0.9))  # fmt: skip
    for name, target in targets:
        for row in rows.get(name, []):
            if row["connections"] == 10:
                met = "met" if row["ratio_to_static"] >= target else "NOT met"
                print(f"target {name} >= {target} of static at 10 conn: "
                      f"{row['ratio_to_static']:.2f} ({met})")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_SECONDS", 5)))
    parser.add_argument("--skip-report", action="store_true", help="do not run bench_report.py")
    parser.add_argument(
        "--connections", default=",".join(map(str, CONCURRENCY)), help="e.g. 10 or 1,10,50"
    )
    parser.add_argument(
        "--paired-static",
        action="store_true",
        help="ratio to a static-file run made right before each cell (for a noisy machine)",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="with --paired-static: pairs per cell, median kept"
    )
    parser.add_argument(
        "--skip-registration", action="store_true", help="no registration POSTs (read paths only)"
    )
    args = parser.parse_args()
    concurrency = tuple(int(c) for c in args.connections.split(","))
    skip = ("registration POST",) if args.skip_registration else ()

    RESULTS.mkdir(parents=True, exist_ok=True)
    out_file = RESULTS / "load.json"
    previous = json.loads(out_file.read_text()) if out_file.exists() else {}
    results: dict[str, Any] = {"machine": machine(), "runs": previous.get("runs", {})}
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    postgres = os.environ.get("SEMINAR_TEST_DATABASE_URL", "")
    targets = []
    if not args.postgres_only:
        targets.append(("SQLite", f"sqlite:///{workdir / 'load.db'}"))
    if not args.sqlite_only:
        if postgres.startswith("postgresql"):
            targets.append(("PostgreSQL", postgres))
        elif args.postgres_only:
            print("no PostgreSQL: run under `bash scripts/with-postgres.sh`", file=sys.stderr)
            return 2
        else:
            print("(PostgreSQL skipped: run under `bash scripts/with-postgres.sh` for it)")
    for label, url in targets:
        result = bench_database(
            label, url, args.duration, workdir, concurrency, skip, args.paired_static, args.rounds
        )
        result["duration"] = args.duration
        results["runs"][label] = result
        out_file.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        print_table(result)

    report = ROOT / "bench" / "bench_report.py"
    if report.exists() and not args.skip_report and not args.postgres_only:
        print("\n=== bench_report.py (report PDF at demo size and 10x) ===", flush=True)
        subprocess.call([sys.executable, str(report)], cwd=ROOT)
    elif not report.exists():
        print("\n(bench/bench_report.py is not there yet: no report PDF numbers)")
    print(f"\nwrote {out_file.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
