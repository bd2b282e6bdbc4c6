"""Recommendations in Chromium: reordering by dragging the handle with a mouse and with a finger,
and choosing the sessions a recommendation came from."""

from __future__ import annotations

import pytest
from babel.dates import format_date
from playwright.sync_api import Browser, Page, expect

from seminar.reports.models import Recommendation
from tests.factories import PASSWORD
from tests.reports.factories import add_recommendation, make_seminar

pytestmark = pytest.mark.browser

TEXTS = [f"Recomendación de prueba número {n}." for n in range(1, 6)]


@pytest.fixture
def recommendations(db):
    seminar = make_seminar(language="en")
    for text in TEXTS:
        add_recommendation(seminar, text, theme=seminar.themes[0])
    seminar.organizer.email = "lucia@example.org"
    db.commit()
    return f"/manage/{seminar.event.slug}/report/recommendations"


def sign_in(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill("lucia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Welcome")).to_be_visible()


def numbered(page: Page) -> list[tuple[str, str]]:
    """(number, text) of each recommendation, in the order the page shows them."""
    cards = page.locator(".rec-list > li")
    return [
        (
            cards.nth(i).locator(".rec-num").inner_text(),
            cards.nth(i).locator(".rec-text").inner_text(),
        )
        for i in range(cards.count())
    ]


def centre(page: Page, locator) -> tuple[float, float]:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def below_middle_of(page: Page, card) -> float:
    box = card.bounding_box()
    assert box is not None
    return box["y"] + box["height"] * 0.75


EXPECTED = [
    ("No. 1", TEXTS[1]),
    ("No. 2", TEXTS[2]),
    ("No. 3", TEXTS[0]),
    ("No. 4", TEXTS[3]),
    ("No. 5", TEXTS[4]),
]


def test_dragging_a_recommendation_with_the_mouse_saves_the_new_order(page: Page, recommendations):
    sign_in(page)
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(recommendations)
    cards = page.locator(".rec-list > li")
    x, y = centre(page, cards.nth(0).locator(".drag-handle"))
    target_y = below_middle_of(page, cards.nth(2))

    page.mouse.move(x, y)
    page.mouse.down()
    steps = 25
    for step in range(1, steps + 1):  # crosses two neighbours on the way
        page.mouse.move(x, y + (target_y - y) * step / steps)
    page.mouse.up()

    expect(page.locator(".rec-item.is-dragging")).to_have_count(0)
    expect(cards.nth(2)).to_contain_text(TEXTS[0])
    expect(cards.nth(2).locator(".rec-num")).to_have_text("No. 3")
    expect(page.locator("#reorder-status")).to_have_text("3 / 5")
    page.reload()
    assert numbered(page) == EXPECTED


def test_dragging_a_recommendation_with_a_finger_saves_the_new_order(page: Page, recommendations):
    sign_in(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(recommendations)
    cards = page.locator(".rec-list > li")
    x, y = centre(page, cards.nth(0).locator(".drag-handle"))
    target_y = below_middle_of(page, cards.nth(2))
    if target_y > 840:  # keep the whole gesture on the screen
        page.evaluate("dy => window.scrollBy(0, dy)", target_y - 700)
        x, y = centre(page, cards.nth(0).locator(".drag-handle"))
        target_y = below_middle_of(page, cards.nth(2))
    scroll_before = page.evaluate("window.scrollY")

    # Real touch input, as a phone sends it: touchstart, touchmoves, touchend.
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, at_y: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": at_y, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", y)
    steps = 25
    for step in range(1, steps + 1):
        touch("touchMove", y + (target_y - y) * step / steps)
    touch("touchEnd", target_y)

    expect(page.locator(".rec-item.is-dragging")).to_have_count(0)
    expect(cards.nth(2)).to_contain_text(TEXTS[0])
    expect(cards.nth(2).locator(".rec-num")).to_have_text("No. 3")
    assert (
        page.evaluate("window.scrollY") == scroll_before
    )  # the finger moved the card, not the page
    page.reload()
    assert numbered(page) == EXPECTED


def test_source_sessions_are_ticked_by_day_without_javascript(browser: Browser, base_url: str, db):
    seminar = make_seminar(language="en")
    seminar.organizer.email = "lucia@example.org"
    db.commit()
    context = browser.new_context(base_url=base_url, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    sign_in(page)
    page.goto(f"/manage/{seminar.event.slug}/report/recommendations/new")

    sessions = page.get_by_role("group", name="Sessions it came from")
    first_day = sessions.get_by_role(
        "group", name=format_date(seminar.event.starts_on, "full", locale="en")
    )
    second_day = sessions.get_by_role(
        "group", name=format_date(seminar.event.ends_on, "full", locale="en")
    )
    expect(first_day.get_by_role("checkbox")).to_have_count(1)  # breaks are not sessions
    first_day.get_by_label("Panel sobre migración y desarrollo").check()
    second_day.get_by_label("Remesas y costos de envío").check()
    page.get_by_label("Recommendation", exact=True).fill("Reducir el costo de las remesas.")
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page.get_by_text("has been added")).to_be_visible()
    context.close()

    db.expire_all()
    rec = db.query(Recommendation).one()
    assert sorted(item.title for item in rec.items) == [
        "Panel sobre migración y desarrollo",
        "Remesas y costos de envío",
    ]
