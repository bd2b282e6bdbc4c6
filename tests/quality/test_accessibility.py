"""Every page of the demo, public and organizer, in both languages, has no axe-core WCAG 2.2 A/AA
violation in a real Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import current_app
from playwright.sync_api import Browser

from tests.quality.crawl import answer_problem

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _violations(page, url: str, *, signed_in: bool) -> list[str]:
    probe = page.request.get(url, max_redirects=0)
    problem = answer_problem(
        current_app, url, probe.status, probe.headers.get("location", ""), signed_in=signed_in
    )
    if problem:
        return [problem]
    if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
        return []  # files (PDF, iCalendar, CSV...) are not pages; refusals are checked above
    response = page.goto(url)
    if response is None or response.status != 200:
        return [f"{url}: answered {response.status if response else 'nothing'} in the browser"]
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (tags) => {
          const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
          return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`);
        }""",
        TAGS,
    )
    return [f"{url}: {v}" for v in found]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_axe_violations_on_any_demo_page(browser: Browser, live_server, demo, db, lang):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make install-test`")
    problems: list[str] = []
    for role, email in (("anonymous", None), ("admin", "admin@example.org")):
        context = browser.new_context(
            base_url=live_server,
            locale=lang,
            bypass_csp=True,
            extra_http_headers={"Accept-Language": lang},
        )
        page = context.new_page()
        if email:
            page.goto("/login")
            page.locator("#email").fill(email)
            page.locator("#password").fill("seminar-demo")
            # Enter submits the sign-in form itself (the first button of the page is the
            # language switch in the header).
            with page.expect_navigation():
                page.locator("#password").press("Enter")
        for url in demo:
            problems += [
                f"[{role}] {p}" for p in _violations(page, url, signed_in=email is not None)
            ]
        context.close()
    assert problems == [], "\n".join(problems[:60])
