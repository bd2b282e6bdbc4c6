"""Every page of the demo, public and organizer, in both languages, is valid HTML (Nu HTML Checker)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from flask import current_app

from tests.quality.crawl import answer_problem

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _collect(
    client, urls, lang, folder: Path, prefix: str, problems: list[str], *, signed_in: bool
) -> list[str]:
    saved = []
    for n, url in enumerate(urls):
        response = client.get(url, headers={"Accept-Language": lang})
        problem = answer_problem(
            current_app, url, response.status_code, response.headers.get("Location", ""),
            signed_in=signed_in,
        )  # fmt: skip
        if problem:
            problems.append(f"[{prefix} {lang}] {problem}")
        if response.status_code != 200 or response.mimetype != "text/html":
            continue  # files (PDF, iCalendar, CSV...) are not pages; refusals are checked above
        path = folder / f"{prefix}-{lang}-{n:03d}.html"
        path.write_bytes(response.data)
        saved.append(f"{path.name} <- {url}")
    return saved


def test_every_demo_page_is_valid_html_in_both_languages(client, db, demo, login_as, tmp_path):
    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("vnu.jar or Java is missing: run `make install-test`")
    pages: list[str] = []
    problems: list[str] = []
    for lang in ("en", "es"):
        pages += _collect(client, demo, lang, tmp_path, "anon", problems, signed_in=False)
    login_as("admin")
    for lang in ("en", "es"):
        pages += _collect(client, demo, lang, tmp_path, "admin", problems, signed_in=True)
    assert problems == [], "\n".join(problems)
    assert len(pages) >= 10, pages
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(tmp_path)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.stderr.strip(), f"no report from the checker (exit {result.returncode})"
    messages = json.loads(result.stderr)["messages"]
    index = dict(line.split(" <- ") for line in pages)
    errors = [
        f"{index.get(Path(m['url']).name, m['url'])}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors[:50])
    # The checker's own verdict: it exits non-zero on any error, including ones it could not report.
    assert result.returncode == 0, f"the checker failed (exit {result.returncode}): {messages[:5]}"
