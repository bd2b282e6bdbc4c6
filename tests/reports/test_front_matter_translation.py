"""The imprint and the list of acronyms in every language of the report: translated side by side
like the other report texts, printed in the English PDF, left as written in the Spanish one."""

from __future__ import annotations

import re

from seminar.reports.models import ReportAcronym, ReportFrontMatter
from tests.reports.factories import make_seminar
from tests.reports.test_pdf import _norm, _pages

PUBLISHER_ES = "Oficina de la Organización en Bolivia"
PUBLISHER_EN = "The Organization's Office in Bolivia"
DISCLAIMER_ES = "Las opiniones expresadas son las de las personas participantes."
DISCLAIMER_EN = "The opinions expressed are those of the participants."
MEANING_ES = "Organización Internacional para las Migraciones"
MEANING_EN = "International Organization for Migration"


def _spanish_front_matter(client, db, login_as):
    """A Spanish report (with an English twin) whose imprint and acronyms are typed in Spanish."""
    seminar = make_seminar()  # languages "es,en": Spanish is the source
    login_as("rapporteur", seminar.event)
    slug = seminar.event.slug
    client.get(f"/manage/{slug}/report")
    response = client.post(
        f"/manage/{slug}/report/imprint",
        data={
            "version": "0",
            "licence": "cc-by-4.0",
            "publisher": PUBLISHER_ES,
            "disclaimer": DISCLAIMER_ES,
        },
    )
    assert response.status_code == 302
    page = client.get(f"/manage/{slug}/report/acronyms").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page)[1]
    response = client.post(
        f"/manage/{slug}/report/acronyms",
        data={"version": version, "rows-0-acronym": "OIM", "rows-0-expansion": MEANING_ES},
    )
    assert response.status_code == 302
    return seminar, db.query(ReportFrontMatter).one(), db.query(ReportAcronym).one()


def _translate(client, slug, kind, owner_id, field, value):
    url = f"/manage/{slug}/report/translations/en/{kind}/{owner_id}/{field}"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"version": "0", "value": value})
    assert response.status_code == 302


def _text(client, tmp_path, slug, lang):
    pdf = client.get(f"/manage/{slug}/report/draft.pdf?lang={lang}")
    assert pdf.mimetype == "application/pdf"
    return _norm("\n".join(_pages(pdf.data, tmp_path)))


def test_imprint_and_acronyms_are_listed_for_translation_with_their_status(client, db, login_as):
    seminar, front, acronym = _spanish_front_matter(client, db, login_as)
    slug = seminar.event.slug
    html = client.get(f"/manage/{slug}/report/translations?lang=en").get_data(as_text=True)
    assert ">Imprint</h2>" in html
    assert ">List of acronyms</h2>" in html
    for anchor in (
        f'id="text-report_front_matter-{front.id}-publisher"',
        f'id="text-report_front_matter-{front.id}-disclaimer"',
        f'id="text-report_acronym-{acronym.id}-expansion"',
    ):
        assert anchor in html
    assert f'id="text-report_front_matter-{front.id}-citation"' not in html  # empty: generated
    assert DISCLAIMER_ES in html
    assert MEANING_ES in html

    _translate(client, slug, "report_acronym", acronym.id, "expansion", MEANING_EN)
    html = client.get(f"/manage/{slug}/report/translations?lang=en").get_data(as_text=True)
    row = html[html.index(f'id="text-report_acronym-{acronym.id}-expansion"') :]
    row = row[: row.index("</li>")]
    assert "Up to date" in row
    assert MEANING_EN in row

    # The translations overview counts them: the imprint's two texts missing, the meaning done.
    overview = client.get(f"/manage/{slug}/translations").get_data(as_text=True)
    english = overview[overview.index('id="lang-en"') :]
    imprint = english[english.index("kind=report_front_matter") :]
    imprint = re.sub(r"\s+", " ", imprint[: imprint.index("</tr>")])
    assert '>2<span class="visually-hidden"> · Imprint · Missing</span>' in imprint
    acronyms = english[english.index("kind=report_acronym") :]
    acronyms = re.sub(r"\s+", " ", acronyms[: acronyms.index("</tr>")])
    assert ">List of acronyms</a></th> <td>0</td> <td>0</td> <td>1</td>" in acronyms


def test_english_pdf_prints_the_translated_imprint_and_meanings_the_spanish_keeps_its_own(
    client, db, login_as, tmp_path
):
    seminar, front, acronym = _spanish_front_matter(client, db, login_as)
    slug = seminar.event.slug
    before = _text(client, tmp_path, slug, "en")
    assert DISCLAIMER_ES in before  # not translated yet: the Spanish text stands in

    _translate(client, slug, "report_front_matter", front.id, "disclaimer", DISCLAIMER_EN)
    _translate(client, slug, "report_front_matter", front.id, "publisher", PUBLISHER_EN)
    _translate(client, slug, "report_acronym", acronym.id, "expansion", MEANING_EN)

    english = _text(client, tmp_path, slug, "en")
    assert DISCLAIMER_EN in english
    assert f"OIM {MEANING_EN}" in english
    assert f"{PUBLISHER_EN} (2026)." in english  # the generated citation uses the translation
    assert DISCLAIMER_ES not in english
    assert MEANING_ES not in english

    spanish = _text(client, tmp_path, slug, "es")
    assert DISCLAIMER_ES in spanish
    assert f"OIM {MEANING_ES}" in spanish
    assert f"{PUBLISHER_ES} (2026)." in spanish
    assert DISCLAIMER_EN not in spanish
    assert MEANING_EN not in spanish
