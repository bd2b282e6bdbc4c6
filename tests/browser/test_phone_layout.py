"""At 390 px (a phone), every organizer, rapporteur and check-in page of the demo fits the screen:
no sideways scrolling, and the header leaves the first screen to the task.

The pages come from the app's URL map through the quality crawler, so a new page is checked
without anyone adding it here.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import current_app
from playwright.sync_api import Browser

from tests.quality.crawl import page_urls

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MAX_HEADER = 211  # px: the site, event and team bars together take at most a quarter of the screen


@pytest.fixture
def demo_pages(db: Any) -> list[str]:
    result = current_app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    return [url for url in page_urls(current_app) if url.startswith("/manage/")]


def _measure(page: Any, url: str) -> dict[str, Any] | None:
    probe = page.request.get(url, max_redirects=0)
    if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
        return None  # files (PDF, CSV, JSON) and pages this role may not see
    page.goto(url)
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          const clipped = (el) => {
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
              if (getComputedStyle(up).overflowX !== 'visible') return true;
            }
            return false;
          };
          const wide = [...document.body.querySelectorAll('*')]
            .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && !clipped(el))
            .slice(0, 3)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
          return {
            scroll: root.scrollWidth,
            client: root.clientWidth,
            header: Math.round(document.querySelector('.site-header')?.getBoundingClientRect().bottom ?? 0),
            wide,
          };
        }"""
    )


@pytest.mark.parametrize(
    ("email", "least"),
    [("organizer@example.org", 25), ("rapporteur@example.org", 6), ("checkin@example.org", 2)],
)
def test_every_team_page_fits_a_phone_screen(
    browser: Browser, live_server: str, demo_pages: list[str], email: str, least: int
):
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="es-BO")
    page = context.new_page()
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("seminar-demo")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/login" not in url)

    checked, problems = 0, []
    for url in demo_pages:
        found = _measure(page, url)
        if found is None:
            continue
        checked += 1
        if found["scroll"] != found["client"]:
            problems.append(
                f"{url}: {found['scroll']} px wide on a {found['client']} px screen, {found['wide']}"
            )
        if found["header"] > MAX_HEADER:
            problems.append(f"{url}: the header takes {found['header']} px")
    context.close()

    assert checked >= least, f"only {checked} pages checked: is the demo loaded?"
    assert problems == []


def test_desk_shows_every_registrations_status_on_a_phone(
    browser: Browser, live_server: str, demo_pages: list[str]
):
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto("/login")
    page.locator("#email").fill("organizer@example.org")
    page.locator("#password").fill("seminar-demo")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/login" not in url)

    page.goto("/manage/lapaz-migration-policies/registrations")

    table = page.evaluate(
        """() => {
          const wrap = document.querySelector('.desk-table').closest('.table-wrap');
          const badges = [...document.querySelectorAll('.desk-table tbody .badge')];
          return {
            hidden: wrap.scrollWidth - wrap.clientWidth,
            badges: badges.length,
            cut: badges.filter((b) => b.getBoundingClientRect().right > window.innerWidth)
              .map((b) => b.textContent),
          };
        }"""
    )

    assert table["badges"] >= 20
    assert table["hidden"] <= 0, "the table scrolls sideways inside its frame"
    assert table["cut"] == []
    context.close()
