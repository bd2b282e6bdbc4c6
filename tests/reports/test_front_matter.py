"""Front and back matter of the report: imprint, acknowledgements, acronyms, statistics annex.

Each part is in the PDF's text, its outline and its table of contents (with the page its heading
is really on), and disappears from all three when switched off.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pypdf

from seminar.reports.models import ReportAcronym, ReportFrontMatter
from tests.reports.factories import add_participants, make_seminar

TOC_LINE = re.compile(r"^\s*(?P<label>.+?)\s*\.{3,}\s*(?P<page>\d+)\s*$")
PARTS = (
    "Imprint",
    "Acknowledgements",
    "List of acronyms",
    "Annex III. Participants in figures",
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(i), "-l", str(i), path, "-"],
            capture_output=True, text=True, check=True,
        ).stdout
        for i in range(1, count + 1)
    ]  # fmt: skip


def _toc(pages: list[str]) -> tuple[list[int], dict[str, int]]:
    """The TOC's pages (indexes) and its entries: label -> printed page number."""
    indexes = [
        i for i, text in enumerate(pages) if any(TOC_LINE.match(line) for line in text.splitlines())
    ]
    entries = {}
    for i in indexes:
        for line in pages[i].splitlines():
            if m := TOC_LINE.match(line):
                entries[_norm(m["label"])] = int(m["page"])
    return indexes, entries


def _outline(pdf: bytes) -> list[str]:
    def titles(outline):
        for entry in outline:
            if isinstance(entry, list):
                yield from titles(entry)
            else:
                yield _norm(entry.title)

    return list(titles(pypdf.PdfReader(io.BytesIO(pdf)).outline))


def _prepare(client, login_as, *, acknowledgements="We thank the Spanish cooperation (AECID)."):
    seminar = make_seminar(language="en")
    add_participants(seminar)
    login_as("rapporteur", seminar.event)
    slug = seminar.event.slug
    client.get(f"/manage/{slug}/report")
    client.post(
        f"/manage/{slug}/report/sections/acknowledgements",
        data={"version": "0", "body": acknowledgements},
    )
    response = client.post(
        f"/manage/{slug}/report/acronyms",
        data={
            "version": "0",
            "rows-0-acronym": "AECID",
            "rows-0-expansion": "Spanish Agency for International Development Cooperation",
            "rows-1-acronym": "",
            "rows-1-expansion": "",
        },
    )
    assert response.status_code == 302
    return seminar


def test_each_part_is_in_the_text_the_outline_and_the_toc_with_its_true_page(
    client, db, login_as, tmp_path
):
    seminar = _prepare(client, login_as)
    pdf = client.get(f"/manage/{seminar.event.slug}/report/draft.pdf").data
    pages = _pages(pdf, tmp_path)
    toc_pages, entries = _toc(pages)
    outline = _outline(pdf)
    for part in PARTS:
        assert part in entries, entries
        assert part in outline, outline
        heading_page = next(
            i + 1
            for i, text in enumerate(pages)
            if i not in toc_pages and any(_norm(line) == part for line in text.splitlines())
        )
        assert entries[part] == heading_page, f"{part}: TOC {entries[part]}, heading {heading_page}"
    assert entries["Imprint"] == 2  # the back of the cover
    assert entries["Annex IV. List of participants"] > entries["Annex III. Participants in figures"]
    text = "\n".join(pages)
    assert "We thank the Spanish cooperation (AECID)." in text
    assert "Spanish Agency for International Development Cooperation" in text
    assert "Suggested citation" in text
    assert "Oficina de la Organización en Bolivia (2026)." in _norm(text)
    assert "Creative Commons Attribution-NonCommercial-ShareAlike 4.0" in _norm(text)


def test_parts_switched_off_leave_the_text_the_outline_and_the_toc(client, db, login_as, tmp_path):
    seminar = _prepare(client, login_as)
    slug = seminar.event.slug
    page = client.get(f"/manage/{slug}/report/front-matter").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page)[1]
    # Every switch unticked (a browser sends no value for an unticked box).
    response = client.post(f"/manage/{slug}/report/front-matter", data={"version": version})
    assert response.status_code == 302
    front = db.query(ReportFrontMatter).one()
    assert not (front.include_imprint)
    assert not (front.include_acronyms)
    assert not (front.include_statistics)
    pdf = client.get(f"/manage/{slug}/report/draft.pdf").data
    pages = _pages(pdf, tmp_path)
    _toc_pages, entries = _toc(pages)
    outline = _outline(pdf)
    text = _norm("\n".join(pages))
    for part in ("Imprint", "Acknowledgements", "List of acronyms", "Participants in figures"):
        assert not any(part in label for label in entries), entries
        assert not any(part in title for title in outline), outline
        assert part not in text
    assert "We thank the Spanish cooperation" not in text
    assert "Suggested citation" not in text
    assert "Annex III. List of participants" in entries  # the annexes are numbered again


def test_front_matter_pages_need_a_report_editor(client, db, login_as):
    seminar = make_seminar()
    login_as("checkin", seminar.event)
    slug = seminar.event.slug
    for path in ("front-matter", "imprint", "acronyms", "acronyms/suggestions", "statistics"):
        assert client.get(f"/manage/{slug}/report/{path}").status_code == 403
    assert client.post(f"/manage/{slug}/report/imprint", data={"version": "0"}).status_code == 403


def test_workspace_links_to_every_part(client, db, login_as):
    seminar = make_seminar()
    login_as("rapporteur", seminar.event)
    slug = seminar.event.slug
    page = client.get(f"/manage/{slug}/report").get_data(as_text=True)
    assert f"/manage/{slug}/report/front-matter" in page
    parts = client.get(f"/manage/{slug}/report/front-matter").get_data(as_text=True)
    for path in ("imprint", "sections/acknowledgements", "acronyms", "statistics"):
        assert f"/manage/{slug}/report/{path}" in parts
    assert 'name="include_imprint"' in parts
    assert "checked" in parts


# --- acronyms ----------------------------------------------------------------------------------


def test_suggestions_come_from_the_text_and_nothing_is_added_until_confirmed(client, db, login_as):
    seminar = make_seminar()  # a Spanish report
    login_as("rapporteur", seminar.event)
    slug = seminar.event.slug
    client.get(f"/manage/{slug}/report")
    client.post(
        f"/manage/{slug}/report/sections/context",
        data={
            "version": "0",
            "body": "La OIM y el MERCOSUR, con la CAN, siguen los ODS. La UE apoya. "
            "Véase el capítulo II. La OIM insiste.",
        },
    )
    page = client.get(f"/manage/{slug}/report/acronyms/suggestions").get_data(as_text=True)
    for token in ("OIM", "MERCOSUR", "CAN", "ODS", "UE"):
        assert f'value="{token}"' in page
    assert 'value="II"' not in page  # a Roman numeral is no acronym
    assert "Organización Internacional para las Migraciones" in page  # a known expansion
    assert db.query(ReportAcronym).count() == 0  # only proposed

    rows = re.findall(r'name="(rows-\d+)-acronym"[^>]*value="([A-Z]+)"', page)
    data = {"version": re.search(r'name="version"[^>]*value="(\d+)"', page)[1]}
    for prefix, token in rows:
        data[f"{prefix}-acronym"] = token
        data[f"{prefix}-expansion"] = "Comunidad Andina" if token == "CAN" else ""
        if token in ("OIM", "CAN"):
            data[f"{prefix}-confirmed"] = "y"
    response = client.post(f"/manage/{slug}/report/acronyms/suggestions", data=data)
    assert response.status_code == 302
    saved = {a.acronym: a.expansion for a in db.query(ReportAcronym)}
    assert saved == {"OIM": "", "CAN": "Comunidad Andina"}
    page = client.get(f"/manage/{slug}/report/acronyms/suggestions").get_data(as_text=True)
    assert 'value="OIM"' not in page
    assert 'value="MERCOSUR"' in page


def test_acronym_list_refuses_duplicates_and_stale_saves(client, db, login_as):
    seminar = make_seminar()
    login_as("rapporteur", seminar.event)
    slug = seminar.event.slug
    url = f"/manage/{slug}/report/acronyms"
    row = {"rows-0-acronym": "OIM", "rows-0-expansion": "Organización"}
    response = client.post(url, data={"version": "0", **row, "rows-1-acronym": "OIM"})
    assert response.status_code == 400
    assert "“OIM” is in the list twice." in response.get_data(as_text=True)
    assert client.post(url, data={"version": "0", **row}).status_code == 302
    stale = client.post(url, data={"version": "0", "rows-0-acronym": "ODS"})
    assert stale.status_code == 409
    assert [a.acronym for a in db.query(ReportAcronym)] == ["OIM"]


# --- imprint -------------------------------------------------------------------------------


def test_isbn_and_issn_check_digits_are_checked_with_the_message_next_to_the_field(
    client, db, login_as
):
    seminar = make_seminar()
    login_as("rapporteur", seminar.event)
    url = f"/manage/{seminar.event.slug}/report/imprint"
    base = {"version": "0", "licence": "cc-by-4.0"}
    response = client.post(url, data={**base, "isbn": "978-3-16-148410-1"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    message = "This ISBN&#39;s check digit is wrong: check the number for a typo."
    assert message in page
    field = page[page.index('id="isbn"') - 600 : page.index('id="isbn"') + 600]
    assert message in field or "check digit is wrong" in field
    response = client.post(url, data={**base, "issn": "0317-8472"})
    assert "This ISSN&#39;s check digit is wrong" in response.get_data(as_text=True)
    response = client.post(url, data={**base, "isbn": "12345"})
    assert "An ISBN has 13 digits" in response.get_data(as_text=True)
    assert db.query(ReportFrontMatter).count() == 0

    good = {**base, "isbn": "978-3-16-148410-0", "issn": "0317-8471", "publisher": "Editorial"}
    assert client.post(url, data=good).status_code == 302
    front = db.query(ReportFrontMatter).one()
    assert (front.isbn, front.issn, front.publisher) == (
        "978-3-16-148410-0",
        "0317-8471",
        "Editorial",
    )
    assert (
        client.post(url, data={**base, "isbn": "0-306-40615-2", "version": "1"}).status_code == 302
    )


def test_imprint_suggests_a_citation_the_rapporteur_can_replace(client, db, login_as):
    seminar = make_seminar(language="en")
    login_as("rapporteur", seminar.event)
    url = f"/manage/{seminar.event.slug}/report/imprint"
    page = client.get(url).get_data(as_text=True)
    year = seminar.event.starts_on.year
    assert f"Oficina de la Organización en Bolivia ({year})." in page
    data = {"version": "0", "licence": "other", "citation": "Cita propia."}
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert "Describe the licence." in response.get_data(as_text=True)
    data["licence_other"] = "Uso libre con cita"
    assert client.post(url, data=data).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Cita propia." in page
    assert "Uso libre con cita" in page
    stale = client.post(url, data={**data, "citation": "Otra cita."})
    assert stale.status_code == 409
    assert "Cita propia." in stale.get_data(as_text=True)
