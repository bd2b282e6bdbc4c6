"""The public agenda in a real Chromium: now/next marker, filters, phone layout, accessibility."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from playwright.sync_api import Page, expect

from seminar.agenda.demo import load_demo as load_agenda_demo
from seminar.events.demo import load_demo as load_event_demo

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AGENDA = "/events/lapaz-migration-policies/agenda"
LA_PAZ = ZoneInfo("America/La_Paz")


@pytest.fixture
def demo(db):
    event = load_agenda_demo(load_event_demo(None))
    db.commit()
    return event


def _heading(number, day):
    return f"Day {number} {format_date(day, 'full', locale='en')}"


def test_now_and_next_markers_follow_the_clock_during_the_event(page: Page, demo):
    # 11:10 in La Paz on the first day: Panel 1 is on, lunch comes next.
    page.clock.set_fixed_time(datetime.combine(demo.starts_on, time(11, 10), tzinfo=LA_PAZ))

    page.goto(AGENDA)

    now = page.locator(".slot.is-now")
    expect(now).to_have_count(1)
    expect(now).to_contain_text("Panel 1: Políticas migratorias")
    expect(now.locator(".now-badge")).to_have_text("Happening now")
    following = page.locator(".slot.is-next")
    expect(following).to_contain_text("Almuerzo")
    expect(following.locator(".now-badge")).to_have_text("Next up")


def test_no_marker_long_before_the_event(page: Page, demo):
    a_month_before = demo.starts_on - timedelta(days=31)
    page.clock.set_fixed_time(datetime.combine(a_month_before, time(10), tzinfo=LA_PAZ))

    page.goto(AGENDA)

    expect(page.get_by_role("heading", name=_heading(1, demo.starts_on))).to_be_visible()
    expect(page.locator(".now-badge")).to_have_count(0)


def test_filters_narrow_the_agenda_to_one_theme_and_day(page: Page, demo):
    page.goto(AGENDA)

    page.get_by_label("Day", exact=True).select_option(index=2)
    page.get_by_label("Theme").select_option(label="Remesas e inclusión financiera")
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(f"{AGENDA}?day=2&theme={_theme_id(page)}")
    expect(page.get_by_role("heading", name=_heading(2, demo.ends_on))).to_be_visible()
    expect(page.get_by_role("heading", name=_heading(1, demo.starts_on))).to_have_count(0)
    expect(page.get_by_text("Almuerzo").first).to_be_visible()
    expect(page.get_by_text("Panel 2: Remesas")).to_have_count(0)  # a day-1 session
    page.get_by_role("link", name="Show everything").click()
    expect(
        page.get_by_role(
            "heading", name="Panel 2: Remesas, inclusión financiera y desarrollo local"
        )
    ).to_be_visible()


def _theme_id(page: Page) -> str:
    return page.get_by_label("Theme").input_value()


def test_agenda_fits_a_phone_screen_in_spanish(page: Page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(AGENDA)
    page.get_by_role("link", name="Español").click()

    expect(page.get_by_role("heading", name="Agenda", exact=True)).to_be_visible()
    expect(page.get_by_text(format_date(demo.starts_on, "full", locale="es"))).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.parametrize("path", [AGENDA, "/events/lapaz-migration-policies/speakers"])
def test_public_agenda_pages_have_no_accessibility_violations(page: Page, demo, path):
    page.goto(path)
    page.evaluate(AXE.read_text())  # CDP evaluation: the page's CSP still blocks inline scripts

    violations = page.evaluate(
        """async () => {
          const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
          return r.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
        }"""
    )

    assert violations == []
