"""The report journey in a real Chromium: notes, recommendations, review, finalize, download."""

from __future__ import annotations

import hashlib

import pytest
from playwright.sync_api import Page, expect

from seminar.reports.models import ReportVersion
from tests.factories import PASSWORD, make_membership, make_user
from tests.reports.factories import make_seminar

pytestmark = pytest.mark.browser


def _sign_in(page: Page, email: str) -> None:
    page.goto("/logout")
    page.context.clear_cookies()
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_rapporteur_writes_organizer_reviews_and_finalizes(page: Page, db):
    seminar = make_seminar(language="en")
    rapporteur = make_user(email="andres@example.org", name="Andrés Villca")
    make_membership(rapporteur, seminar.event, "rapporteur")
    seminar.organizer.email = "lucia@example.org"
    db.commit()
    slug = seminar.event.slug

    # The rapporteur writes notes, with the live preview rendering the same sanitized HTML.
    _sign_in(page, "andres@example.org")
    page.goto(f"/manage/{slug}/report")
    page.get_by_role("link", name="Panel sobre migración y desarrollo").click()
    page.get_by_label("Summary").fill("El panel **acordó** tres prioridades <script>x</script>.")
    preview = page.locator(".md-preview-body").first
    expect(preview.locator("strong")).to_have_text("acordó")
    expect(preview).not_to_contain_text("<script>")
    page.get_by_label("Key points").fill("- Datos comparables\n- Retorno")
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_text("have been saved")).to_be_visible()
    expect(page.get_by_text("Notes written")).to_be_visible()

    # Two recommendations, the second moved above the first with the keyboard.
    for text in ("Crear un sistema de información migratoria.", "Reducir el costo de las remesas."):
        page.goto(f"/manage/{slug}/report/recommendations/new")
        page.get_by_label("Recommendation", exact=True).fill(text)
        page.get_by_label("Theme").select_option(label="Migración y desarrollo")
        page.get_by_label("State").select_option("adopted")
        page.get_by_role("button", name="Add the recommendation").click()
        expect(page.get_by_text("has been added")).to_be_visible()
    items = page.locator(".rec-list > li")
    expect(items.nth(0)).to_contain_text("Crear un sistema")
    items.nth(1).locator(".drag-handle").focus()
    page.keyboard.press("ArrowUp")
    expect(items.nth(0)).to_contain_text("Reducir el costo")
    expect(items.nth(0)).to_contain_text("No. 1")
    page.reload()
    expect(page.locator(".rec-list > li").nth(0)).to_contain_text("Reducir el costo")
    page.goto(f"/manage/{slug}/report")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("The report is now in review")).to_be_visible()

    # The organizer comments on a recommendation.
    _sign_in(page, "lucia@example.org")
    page.goto(f"/manage/{slug}/report/recommendations")
    page.get_by_role("link", name="Edit Reducir").click()
    page.get_by_role("textbox", name="Comment").fill("Indicar la meta del 3 %.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Your comment has been added.")).to_be_visible()

    # The rapporteur resolves it.
    _sign_in(page, "andres@example.org")
    page.goto(f"/manage/{slug}/report")
    expect(page.get_by_text("1 review comment is open.")).to_be_visible()
    page.locator("#comments").get_by_role("button", name="Mark as resolved").click()
    expect(page.get_by_text("marked as resolved")).to_be_visible()
    expect(page.get_by_role("button", name="Finalize as version 1")).to_have_count(0)

    # The organizer finalizes; the version's PDF downloads and matches its stored fingerprint.
    _sign_in(page, "lucia@example.org")
    page.goto(f"/manage/{slug}/report")
    page.get_by_role("button", name="Finalize as version 1").click()
    expect(page.get_by_text("Version 1 is final")).to_be_visible()
    with page.expect_download() as info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'v1.pdf';"
            " document.body.append(a); a.click(); }",
            f"/manage/{slug}/report/versions/1.pdf",
        )
    with open(info.value.path(), "rb") as fh:  # noqa: PTH123
        data = fh.read()
    assert data.startswith(b"%PDF")
    db.expire_all()
    stored = db.query(ReportVersion).one().file("en")  # an English-only event: one PDF
    assert hashlib.sha256(data).hexdigest() == stored.sha256
    expect(page.locator("code.sha")).to_have_text(stored.sha256)
