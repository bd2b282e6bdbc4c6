"""Benchmark: one node against two nodes, and registrations while a report is being finalized.

Run under a throwaway PostgreSQL: ``bash scripts/with-postgres.sh .venv/bin/python
bench/bench_cluster.py`` (``--only nodes`` or ``--only finalize``; ``--duration 5`` seconds per
wrk run; ``--repeat 2`` runs of each cell to show the spread).

nodes     PostgreSQL + a throwaway Redis (queue, cache, rate limits), two job workers, two gunicorn
          nodes (``-w 2`` each, own instance folder and port, same secret). wrk runs registrations
          (POST, a new person each) and the public agenda against node 1 alone, then against both
          nodes at once (one wrk per node, the same total of connections): requests per second
          summed over the nodes, p99 the worse of the nodes'.
finalize  p99 of registration POSTs (10 connections) without and while the organizer finalizes
          the report again and again (in review -> finalize -> wait for the version's PDF), for
          the code of the previous release ("before": ``--before /tmp/seminar-before``, a
          ``git worktree`` of eaa258f, where the PDF was rendered inside the finalize request and
          its transaction) and for this tree ("after": the render is a job in a worker), on
          SQLite (the before code held the write lock while rendering) and PostgreSQL.
          ``--finalize-duration 10`` seconds per registration run; the loaded run starts half a
          second after the first finalize request went out. Before each finalize one adopted
          recommendation loses its number, as when one was adopted since the last version, so
          finalizing writes (numbers it) before the PDF is made (``--no-renumber``: not so).

Everything runs on 127.0.0.1 and stops by itself. Prints tables; raw numbers in
bench/results/cluster.json (git-ignored).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests
from bench_load import (
    ENDPOINTS,
    STATS_LUA,
    machine,
    registration_script,
    registration_session,
    run_wrk,
)
from common import free_port, wait_for
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
SLUG = "lapaz-migration-policies"
SECRET = "bench-cluster-secret-not-for-production"  # noqa: S105
CONNECTIONS = 10
RENUMBER = True  # --no-renumber: finalize with nothing to number (no write before the render)
GUNICORN_WORKERS = 2


class Proc:
    """A process group of ours (gunicorn, a job worker, redis-server), stopped by its own id."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
        self.handle = log.open("ab")
        self.process = subprocess.Popen(
            argv, env=env, cwd=cwd, stdout=self.handle, stderr=self.handle, start_new_session=True
        )

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.handle.close()


def start_redis(folder: Path) -> tuple[Proc, str]:
    port = free_port()
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    proc = Proc(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        dict(os.environ), folder, folder / "redis.log",
    )  # fmt: skip
    import redis

    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            redis.Redis.from_url(url).ping()
            return proc, url
        except redis.RedisError:
            time.sleep(0.1)
    proc.stop()
    raise RuntimeError("redis-server did not start")


def postgres_database(base_url: str, name: str) -> str:
    """A fresh database of its own on the PostgreSQL server of with-postgres.sh."""
    url = make_url(base_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


class Setup:
    """One code tree, one database, optional Redis: the environment its processes share."""

    def __init__(self, tree: Path, database_url: str, folder: Path, redis_url: str = "") -> None:
        self.tree = tree
        self.folder = folder
        self.database_url = database_url
        self.procs: list[Proc] = []
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SEMINAR_")},
            "SEMINAR_DATABASE_URL": database_url,
            "SEMINAR_SECRET_KEY": SECRET,
            "SEMINAR_LOG_LEVEL": "WARNING",
            "SEMINAR_MAIL_DISPATCH": "off",  # e-mail stays queued: no SMTP server measured
            "SEMINAR_UPLOAD_FOLDER": str(folder / "uploads"),
            "SEMINAR_INSTANCE_PATH": str(folder / "instance"),
            # thousands of registrations from one test address: the per-address limit stays out
            "SEMINAR_MAIL_FORM_LIMIT_PER_ADDRESS": "1000000 per hour",
        }
        (folder / "instance").mkdir(parents=True, exist_ok=True)
        if tree != ROOT:  # the previous release: its own code first on the import path
            self.env["PYTHONPATH"] = str(tree)
        if redis_url:
            self.env["SEMINAR_REDIS_URL"] = redis_url

    def flask(self, *args: str) -> None:
        done = subprocess.run(
            [str(BIN / "flask"), "--app", "seminar", *args],
            cwd=self.tree, env=self.env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)}: {done.stdout}{done.stderr}")

    def load_demo(self) -> None:
        self.flask("db", "upgrade")
        self.flask("load-demo")
        # The previous release's demo closed registrations on a fixed date (30 Nov 2026, 19:00):
        # keep them open in both trees so the same registrations are measured.
        self.sql("UPDATE registration_settings SET closes_at = NULL")

    def web(self, name: str) -> str:
        port = free_port()
        instance = self.folder / name
        instance.mkdir(exist_ok=True)
        env = dict(self.env)
        if "SEMINAR_REDIS_URL" in env:  # a cluster node: its own instance folder
            env["SEMINAR_INSTANCE_PATH"] = str(instance)
        self.procs.append(
            Proc(
                [str(BIN / "gunicorn"), "--no-control-socket", "-w", str(GUNICORN_WORKERS),
                 "-b", f"127.0.0.1:{port}", "--timeout", "300", "wsgi:app"],
                env, self.tree, self.folder / f"{name}.log",
            )
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz", timeout=60)
        return base

    def worker(self, name: str) -> None:
        env = dict(self.env)
        if "SEMINAR_REDIS_URL" in env:
            env["SEMINAR_INSTANCE_PATH"] = str(self.folder / name)
            Path(env["SEMINAR_INSTANCE_PATH"]).mkdir(exist_ok=True)
        self.procs.append(
            Proc(
                [str(BIN / "flask"), "--app", "seminar", "worker", "--workers", "2"],
                env, self.tree, self.folder / f"{name}.log",
            )
        )  # fmt: skip

    def sql(self, statement: str) -> list[Any]:
        engine = create_engine(self.database_url)
        try:
            with engine.begin() as conn:
                result = conn.execute(text(statement))
                return list(result) if result.returns_rows else []
        finally:
            engine.dispose()

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        self.procs.clear()

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-2000:]}"
            for p in sorted(self.folder.glob("*.log"))
        )


def wrk_registrations(
    bases: list[str], duration: int, folder: Path, tag: str, connections: int = CONNECTIONS
) -> list[dict[str, Any]]:
    """Registration POSTs on every node at once (connections split over the nodes)."""
    return wrk_parallel(registration_jobs(bases, folder, tag), connections, duration)


def registration_jobs(bases: list[str], folder: Path, tag: str) -> list[tuple[str, str, Path]]:
    """A wrk script per node, with its own session, CSRF token and accepted probe submission."""
    jobs = []
    for index, base in enumerate(bases):
        cookie, token, form = registration_session(base)
        script = folder / f"register-{tag}-{index}.lua"
        script.write_text(
            registration_script(cookie, token, form, f"{tag}-{index}-{time.time_ns()}")
        )
        jobs.append((base, ENDPOINTS["registration POST"], script))
    return jobs


def wrk_parallel(
    jobs: list[tuple[str, str, Path]], connections: int, duration: int
) -> list[dict[str, Any]]:
    share = max(1, connections // len(jobs))
    results: list[dict[str, Any]] = [{} for _ in jobs]

    def one(i: int, base: str, path: str, script: Path) -> None:
        results[i] = run_wrk(base, path, share, duration, script)

    threads = [threading.Thread(target=one, args=(i, *job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def combine(results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "rps": round(sum(r["rps"] for r in results), 1),
        "p50_ms": max(r["p50_ms"] for r in results),
        "p99_ms": max(r["p99_ms"] for r in results),
        "max_ms": max(r["max_ms"] for r in results),
        "requests": sum(r["requests"] for r in results),
        "errors": sum(r["errors"] for r in results),
        "per_node": results,
    }


# --- one node against two ---------------------------------------------------------------------


def bench_nodes(pg: str, duration: int, repeat: int, workdir: Path) -> dict[str, Any]:
    folder = workdir / "nodes"
    folder.mkdir()
    redis_proc, redis_url = start_redis(folder)
    setup = Setup(ROOT, postgres_database(pg, "bench_nodes"), folder, redis_url)
    out: dict[str, Any] = {"rows": []}
    try:
        print("[nodes] loading the demo ...", flush=True)
        setup.load_demo()
        before = setup.sql("SELECT count(*) FROM registration")[0][0]
        setup.worker("worker-1")
        setup.worker("worker-2")
        bases = [setup.web("web-1"), setup.web("web-2")]
        stats = folder / "stats.lua"
        stats.write_text(STATS_LUA)
        agenda = ENDPOINTS["public agenda"]
        for base in bases:
            requests.get(base + agenda, timeout=30)  # warm each node's caches
        answered = 0
        for run in range(1, repeat + 1):
            for nodes in (1, 2):
                used = bases[:nodes]
                reg = combine(wrk_registrations(used, duration, folder, f"n{nodes}r{run}"))
                answered += reg["requests"] + nodes  # + the probe of each session
                page = combine(wrk_parallel([(b, agenda, stats) for b in used], CONNECTIONS,
                                            duration))  # fmt: skip
                for name, row in (("registration POST", reg), ("public agenda", page)):
                    row.update({"endpoint": name, "nodes": nodes, "run": run})
                    out["rows"].append(row)
                    print(
                        f"[nodes] run {run} {nodes} node(s) {name:<18} {row['rps']:>8.1f} req/s"
                        f"  p99 {row['p99_ms']:>8.2f} ms  errors {row['errors']}",
                        flush=True,
                    )
        out["registrations_stored"] = setup.sql("SELECT count(*) FROM registration")[0][0] - before
        out["registrations_answered"] = answered
    except BaseException:
        print(setup.logs())
        raise
    finally:
        setup.stop()
        redis_proc.stop()
    return out


# --- registrations while finalizing --------------------------------------------------------------


class Organizer:
    """The organizer's browser: logs in, sends the report for review and finalizes it."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.http.headers["Accept-Language"] = "en"

    def token(self, path: str) -> str:
        page = self.http.get(self.base + path, timeout=300).text
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
            r'<meta name="csrf-token" content="([^"]+)"', page
        )
        if match is None:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)

    def post(self, path: str, data: dict[str, str], form: str) -> requests.Response:
        data = {**data, "csrf_token": self.token(form)}
        return self.http.post(self.base + path, data=data, timeout=300)

    def login(self) -> None:
        answer = self.post(
            "/login", {"email": "organizer@example.org", "password": "seminar-demo"}, "/login"
        )
        if "/login" in answer.url:
            raise RuntimeError("organizer login failed")


def finalize_loop(
    setup: Setup,
    organizer: Organizer,
    stop: threading.Event,
    armed: threading.Event,
    log: list[dict[str, float]],
) -> None:
    """Finalize again and again until told to stop; each cycle waits for the version's PDF.

    ``armed`` is set just before the first finalize request goes out, so the load can start while
    that request (before: the render in the request) or its job (after) is running."""
    workspace = f"/manage/{SLUG}/report"
    while not stop.is_set():
        if RENUMBER:
            # A recommendation adopted since the last version, as between two real versions: the
            # finalize numbers it (a write) before the PDF is made.
            setup.sql(
                "UPDATE recommendation SET number = NULL "
                "WHERE number = (SELECT max(number) FROM recommendation)"
            )
        organizer.post(f"{workspace}/status", {"status": "in_review"}, workspace)
        data = {"csrf_token": organizer.token(workspace)}
        armed.set()
        started = time.monotonic()
        answer = organizer.http.post(
            f"{organizer.base}{workspace}/finalize", data=data, timeout=600
        )
        clicked = time.monotonic() - started
        if answer.status_code != 200:
            raise RuntimeError(f"finalize answered {answer.status_code}")
        deadline = time.monotonic() + 600
        while setup.sql("SELECT count(*) FROM report_version WHERE sha256 = ''")[0][0]:
            if time.monotonic() > deadline:
                raise RuntimeError("the version's PDF never came")
            time.sleep(0.2)
        log.append(
            {"request_s": round(clicked, 3), "pdf_ready_s": round(time.monotonic() - started, 3)}
        )


def bench_finalize_case(
    label: str, tree: Path, database: str, finalize_duration: int, repeat: int, folder: Path
) -> dict[str, Any]:
    folder.mkdir(parents=True)
    after = tree == ROOT
    redis_proc = None
    redis_url = ""
    if after and database.startswith("postgresql"):
        redis_proc, redis_url = start_redis(folder)
    setup = Setup(tree, database, folder, redis_url)
    rows: list[dict[str, Any]] = []
    try:
        print(f"[finalize] {label}: loading the demo ...", flush=True)
        setup.load_demo()
        if after:
            setup.worker("worker-1")
        base = setup.web("web-1")
        organizer = Organizer(base)
        organizer.login()
        for run in range(1, repeat + 1):
            quiet = wrk_registrations([base], finalize_duration, folder, f"q{run}")[0]
            quiet.update({"run": run, "finalizing": False, "finalizes": 0})
            rows.append(quiet)
            stop = threading.Event()
            armed = threading.Event()
            cycles: list[dict[str, float]] = []
            failure: list[BaseException] = []

            def loop(cycles: list[dict[str, float]] = cycles, stop: threading.Event = stop,
                     armed: threading.Event = armed,
                     failure: list[BaseException] = failure) -> None:  # fmt: skip
                try:
                    finalize_loop(setup, organizer, stop, armed, cycles)
                except BaseException as error:  # reported below
                    failure.append(error)
                    armed.set()

            jobs = registration_jobs([base], folder, f"f{run}")  # its probe before the finalize
            thread = threading.Thread(target=loop)
            thread.start()
            armed.wait(timeout=300)
            time.sleep(0.5)  # the finalize request is in: its render (or its job) is running
            busy = wrk_parallel(jobs, CONNECTIONS, finalize_duration)[0]
            stop.set()
            thread.join(timeout=600)
            if failure:
                raise failure[0]
            busy.update({"run": run, "finalizing": True, "finalizes": len(cycles),
                         "cycles": cycles})  # fmt: skip
            rows.append(busy)
            for row in (quiet, busy):
                print(
                    f"[finalize] {label} run {run} {'finalizing' if row['finalizing'] else 'quiet':<10}"
                    f" {row['rps']:>7.1f} req/s p50 {row['p50_ms']:>8.2f} p99 {row['p99_ms']:>8.2f}"
                    f" max {row['max_ms']:>8.2f} ms errors {row['errors']} finalizes "
                    f"{row['finalizes']}",
                    flush=True,
                )
    except BaseException:
        print(setup.logs())
        raise
    finally:
        setup.stop()
        if redis_proc is not None:
            redis_proc.stop()
    return {"label": label, "rows": rows}


def bench_finalize(
    pg: str, before_tree: Path | None, duration: int, repeat: int, workdir: Path
) -> list[dict[str, Any]]:
    trees = [("after", ROOT)]
    if before_tree is not None:
        trees.insert(0, ("before", before_tree))
        catalogs = before_tree / "seminar" / "translations"
        if not list(catalogs.rglob("*.mo")):
            subprocess.run(
                [str(BIN / "pybabel"), "compile", "-d", str(catalogs)],
                check=True,
                capture_output=True,
            )
    out = []
    for code, tree in trees:
        databases = [("SQLite", f"sqlite:///{workdir / f'finalize-{code}.db'}")]
        if pg:
            databases.append(("PostgreSQL", postgres_database(pg, f"bench_finalize_{code}")))
        for db_label, url in databases:
            label = f"{code} / {db_label}"
            folder = workdir / f"finalize-{code}-{db_label.lower()}"
            case = bench_finalize_case(label, tree, url, duration, repeat, folder)
            case.update({"code": code, "database": db_label})
            out.append(case)
    return out


def print_tables(results: dict[str, Any]) -> None:
    nodes = results.get("nodes")
    if nodes:
        print(f"\nOne node against two (PostgreSQL + Redis, gunicorn -w {GUNICORN_WORKERS} "
              f"per node, {CONNECTIONS} connections in all)")  # fmt: skip
        print(f"{'endpoint':<20}{'nodes':>6}{'run':>5}{'req/s':>10}{'p99 ms':>10}{'errors':>8}")
        for row in nodes["rows"]:
            print(
                f"{row['endpoint']:<20}{row['nodes']:>6}{row['run']:>5}{row['rps']:>10.1f}"
                f"{row['p99_ms']:>10.2f}{row['errors']:>8}"
            )
        print(f"registrations stored {nodes['registrations_stored']} for "
              f"{nodes['registrations_answered']} answered")  # fmt: skip
    cases = results.get("finalize")
    if cases:
        print(f"\nRegistration POSTs ({CONNECTIONS} connections) without and while finalizing")
        print(f"{'code / database':<24}{'run':>4}{'finalizing':>11}{'req/s':>9}{'p50 ms':>9}"
              f"{'p99 ms':>10}{'max ms':>10}{'errors':>7}{'finalizes':>10}")  # fmt: skip
        for case in cases:
            for row in case["rows"]:
                print(
                    f"{case['label']:<24}{row['run']:>4}{'yes' if row['finalizing'] else 'no':>11}"
                    f"{row['rps']:>9.1f}{row['p50_ms']:>9.2f}{row['p99_ms']:>10.2f}"
                    f"{row['max_ms']:>10.2f}{row['errors']:>7}{row['finalizes']:>10}"
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("nodes", "finalize"))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_SECONDS", 5)))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--finalize-duration", type=int, default=10, help="seconds of each registration run there"
    )
    parser.add_argument("--before", default="/tmp/seminar-before",
                        help="worktree of the previous release (skipped when missing)")  # fmt: skip
    parser.add_argument("--no-renumber", action="store_true",
                        help="finalize without a newly adopted recommendation to number")  # fmt: skip
    args = parser.parse_args()
    global RENUMBER
    RENUMBER = not args.no_renumber

    pg = os.environ.get("SEMINAR_TEST_DATABASE_URL", "")
    if not pg.startswith("postgresql"):
        print("bench_cluster needs PostgreSQL: run it under `bash scripts/with-postgres.sh`; "
              "only the SQLite finalize cases run now.")  # fmt: skip
        pg = ""
    before = Path(args.before)
    if not (before / "seminar" / "__init__.py").exists():
        print(f"(no previous release at {before}: `git worktree add {before} eaa258f` for it)")
        before_tree = None
    else:
        before_tree = before.resolve()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_file = RESULTS / "cluster.json"
    results: dict[str, Any] = json.loads(out_file.read_text()) if out_file.exists() else {}
    results["machine"] = machine()
    results["duration"] = args.duration
    results["finalize_duration"] = args.finalize_duration
    workdir = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    try:
        if args.only in (None, "nodes") and pg:
            results["nodes"] = bench_nodes(pg, args.duration, args.repeat, workdir)
            out_file.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        if args.only in (None, "finalize"):
            results["finalize"] = bench_finalize(
                pg, before_tree, args.finalize_duration, args.repeat, workdir
            )
            out_file.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_tables(results)
    print(f"\nwrote {out_file.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
