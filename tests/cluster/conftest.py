"""A production-shaped cluster on this machine: a throwaway Redis, the PostgreSQL server of the
test run, two gunicorn web nodes with their own instance folders and ports, and two job workers.

Everything is real and separate processes; the tests speak to the nodes over HTTP and look at the
shared database only to count what the nodes did.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import ROOT, free_port

BIN = Path(sys.executable).parent
SECRET = "cluster-test-secret-not-for-production"  # noqa: S105


def _wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


class Redis:
    """A redis-server on loopback that the test can stop and start again on the same port."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                server,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.RedisError:
                time.sleep(0.1)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


@dataclass
class Node:
    """A gunicorn web node or a job worker: one process group with its own instance folder."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as handle:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=ROOT,
                stdout=handle,
                stderr=handle,
                start_new_session=True,
            )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Kill the node's main process only (its children must notice by themselves)."""
        if self.process is not None:
            os.kill(self.process.pid, sig)
            self.process.wait(timeout=30)
            self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None


@dataclass
class Cluster:
    web: list[Node]
    workers: list[Node]
    urls: list[str]
    database_url: str
    redis: Redis
    env: dict[str, str]
    folder: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def sql(self, statement: str, **params: Any) -> list[Any]:
        engine = create_engine(self.database_url)
        try:
            with engine.begin() as conn:
                result = conn.execute(text(statement), params)
                return list(result) if result.returns_rows else []
        finally:
            engine.dispose()

    def flask(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [str(BIN / "flask"), "--app", "seminar", *args],
            env=self.env, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def worker(self, index: int) -> Node:
        env = {**self.env, "SEMINAR_INSTANCE_PATH": str(self.folder / f"worker-{index}")}
        Path(env["SEMINAR_INSTANCE_PATH"]).mkdir(exist_ok=True)
        return Node(
            f"worker-{index}",
            [str(BIN / "flask"), "--app", "seminar", "worker", "--workers", "2"],
            env,
            self.folder / f"worker-{index}.log",
        )

    def running_worker(self) -> None:
        """At least one job worker is running (a test before may have stopped them)."""
        if not any(w.process is not None and w.process.poll() is None for w in self.workers):
            worker = self.worker(len(self.workers))
            worker.start()
            self.workers.append(worker)

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )


def _cluster_database(base_url: str) -> str:
    """A database of its own on the test run's PostgreSQL server."""
    url = make_url(base_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS seminar_cluster WITH (FORCE)"))
        conn.execute(text("CREATE DATABASE seminar_cluster"))
    admin.dispose()
    return url.set(database="seminar_cluster").render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory, smtp_sink: tuple[Any, int]
) -> Iterator[Cluster]:
    base = os.environ.get("SEMINAR_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        pytest.fail(
            "The cluster tests run against PostgreSQL: `bash scripts/with-postgres.sh pytest "
            "tests/cluster` (make test does this)."
        )
    folder = tmp_path_factory.mktemp("cluster")
    redis_server = Redis(folder)
    redis_server.start()
    try:
        yield from _run_cluster(folder, redis_server, base, smtp_sink[1])
    finally:
        redis_server.stop()


def _run_cluster(folder: Path, redis_server: Redis, base: str, smtp_port: int) -> Iterator[Cluster]:
    database_url = _cluster_database(base)
    public = f"http://127.0.0.1:{free_port()}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SEMINAR_")},
        "SEMINAR_DATABASE_URL": database_url,
        "SEMINAR_REDIS_URL": redis_server.url,
        "SEMINAR_SECRET_KEY": SECRET,
        "SEMINAR_PUBLIC_URL": public,
        "SEMINAR_MAIL_SERVER": "127.0.0.1",
        "SEMINAR_MAIL_PORT": str(smtp_port),
        "SEMINAR_MAIL_DEFAULT_SENDER": "Seminar <seminar@example.org>",
        "SEMINAR_LOG_LEVEL": "WARNING",
        "SEMINAR_RENDER_TIMEOUT": "30",
        "SEMINAR_RENDER_LEASE_MARGIN": "2",
        # 200 officials register from one test address here; real limits stay in force elsewhere.
        "SEMINAR_MAIL_FORM_LIMIT_PER_ADDRESS": "10000 per hour",
    }
    cluster = Cluster([], [], [], database_url, redis_server, env, folder)
    cluster.flask("db", "upgrade")
    cluster.flask("load-demo")
    for index in range(2):
        port = free_port()
        instance = folder / f"web-{index}"
        instance.mkdir()
        node = Node(
            f"web-{index}",
            [
                str(BIN / "gunicorn"),
                "--workers",
                "2",
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "--keep-alive",
                "75",
                "--no-control-socket",
                "wsgi:app",
            ],  # fmt: skip
            {**env, "SEMINAR_INSTANCE_PATH": str(instance)},
            folder / f"web-{index}.log",
        )
        node.start()
        cluster.web.append(node)
        cluster.urls.append(f"http://127.0.0.1:{port}")
    for index in range(2):
        worker = cluster.worker(index)
        worker.start()
        cluster.workers.append(worker)
    try:
        for url in cluster.urls:
            _wait_http(url + "/healthz")
        yield cluster
    except BaseException:
        print(cluster.logs())
        raise
    finally:
        for node in cluster.web + cluster.workers:
            node.stop()


class Browser:
    """One person's browser against one node: cookies, CSRF tokens read from the pages."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.http.headers["Accept-Language"] = "en"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=120, **kwargs)

    def token(self, path: str) -> str:
        page = self.get(path).text
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
            r'<meta name="csrf-token" content="([^"]+)"', page
        )
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post(self, path: str, data: dict[str, Any], *, form: str | None = None,
             **kwargs: Any) -> requests.Response:  # fmt: skip
        data = {**data, "csrf_token": self.token(form or path)}
        return self.http.post(self.base + path, data=data, timeout=120, **kwargs)

    def login(self, email: str, password: str = "seminar-demo") -> None:  # noqa: S107
        response = self.post("/login", {"email": email, "password": password})
        assert "Sign out" in response.text or response.url.rstrip("/") != self.base + "/login", (
            response.text[:2000]
        )
