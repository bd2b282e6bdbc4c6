"""What reviewers read: open comments name the section by its title in their language, and the
versions comparison shows the changed texts as text, not as Markdown source."""

from __future__ import annotations

from tests.reports.factories import add_note, finalize, make_seminar

SPANISH = {"Accept-Language": "es"}


def _in_review(client, slug):
    return client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})


def test_open_comments_name_the_section_by_its_translated_title(client, db, login_as):
    seminar = make_seminar()
    slug = seminar.event.slug
    login_as("organizer", seminar.event)
    _in_review(client, slug)
    client.post(
        f"/manage/{slug}/report/comments",
        data={"comment-target": "section:executive_summary", "comment-body": "Más breve."},
    )
    page = client.get(f"/manage/{slug}/report", headers=SPANISH).get_data(as_text=True)
    comments = page.split('id="open-comments-title"')[1].split("</section>")[0]
    assert "Más breve." in comments
    assert "Resumen ejecutivo" in comments
    assert "executive_summary<" not in comments


def test_the_comparison_shows_rendered_text_without_markdown_syntax(client, db, login_as):
    seminar = make_seminar()
    add_note(seminar, seminar.items[0])
    slug = seminar.event.slug
    login_as("organizer", seminar.event)
    client.post(
        f"/manage/{slug}/report/sections/foreword",
        data={"version": "0", "body": "Un prólogo **breve**."},
    )
    _in_review(client, slug)
    finalize(client, slug)
    client.post(
        f"/manage/{slug}/report/sections/foreword",
        data={"version": "1", "body": "Un prólogo **revisado** con [enlace](https://example.org)."},
    )
    _in_review(client, slug)
    finalize(client, slug)
    page = client.get(f"/manage/{slug}/report/versions?from=1&to=2").get_data(as_text=True)
    assert "<strong>breve</strong>" in page
    assert "<strong>revisado</strong>" in page
    assert "**" not in page
    assert "[enlace]" not in page
