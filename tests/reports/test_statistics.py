"""Participants in figures: counts by country, type of institution and sex from registrations and
check-ins, as accessible tables and an SVG chart with a text alternative, frozen with a version."""

from __future__ import annotations

import re

from seminar.registration.models import CheckIn, InstitutionType, RegistrationStatus, Sex
from seminar.reports import versions
from seminar.reports.models import Report
from tests.pdfcheck import pdf_text
from tests.registration.factories import make_registration
from tests.reports.factories import add_note, finalize, make_seminar


def _registrations(event, db) -> None:
    """Bolivia: 3 confirmed (2 checked in), Peru: 1 confirmed (checked in), Spain: 1 pending
    (not counted), Chile: 1 cancelled who came on day one (attended, not registered)."""
    day = event.days[0]
    people = [
        ("BO", InstitutionType.GOVERNMENT, Sex.FEMALE, RegistrationStatus.CONFIRMED, True),
        ("BO", InstitutionType.GOVERNMENT, Sex.MALE, RegistrationStatus.CONFIRMED, True),
        ("BO", InstitutionType.ACADEMIA, Sex.FEMALE, RegistrationStatus.CONFIRMED, False),
        ("PE", InstitutionType.CIVIL_SOCIETY, Sex.UNDISCLOSED, RegistrationStatus.CONFIRMED, True),
        ("ES", InstitutionType.GOVERNMENT, Sex.MALE, RegistrationStatus.PENDING, False),
        ("CL", InstitutionType.INTERNATIONAL, Sex.NOT_STATED, RegistrationStatus.CANCELLED, True),
    ]
    for country, kind, sex, status, came in people:
        registration = make_registration(
            event, country=country, institution_type=kind, sex=sex, status=status
        )
        if came:
            db.add(CheckIn(registration_id=registration.id, day=day))
    db.flush()


def _row(html: str, table: str, label: str) -> tuple[int, int]:
    section = html[html.index(f'id="stats-{table}"') :]
    section = section[: section.index("</table>")]
    match = re.search(
        rf'<th scope="row">{re.escape(label)}</th><td class="n">(\d+)</td><td class="n">(\d+)</td>',
        section,
    )
    assert match, (label, section)
    return int(match[1]), int(match[2])


def test_figures_match_registrations_and_check_ins(client, db, login_as):
    seminar = make_seminar()  # a Spanish report
    _registrations(seminar.event, db)
    login_as("rapporteur", seminar.event)
    html = client.get(f"/manage/{seminar.event.slug}/report/preview").get_data(as_text=True)
    assert "Anexo III.</span> Participantes en cifras</h1>" in html
    assert _row(html, "country", "Bolivia") == (3, 2)
    assert _row(html, "country", "Perú") == (1, 1)
    assert _row(html, "country", "Chile") == (0, 1)
    assert "España" not in html[html.index('id="stats-country"') :].split("</table>")[0]
    assert _row(html, "type", "Gobierno") == (2, 2)
    assert _row(html, "type", "Academia") == (1, 0)
    assert _row(html, "sex", "Mujeres") == (2, 1)
    assert _row(html, "sex", "Hombres") == (1, 1)
    assert _row(html, "sex", "Prefirieron no indicarlo") == (1, 1)
    assert _row(html, "sex", "No indicado") == (0, 1)
    assert "4 inscripciones confirmadas; 4 participantes registraron su asistencia" in html
    # Accessible tables: a caption, column and row headers.
    assert "<caption>Participantes por país</caption>" in html
    assert '<th scope="col">País</th>' in html


def test_statistics_in_the_pdf(client, db, login_as):
    seminar = make_seminar(language="en")
    _registrations(seminar.event, db)
    login_as("rapporteur", seminar.event)
    text = pdf_text(client.get(f"/manage/{seminar.event.slug}/report/draft.pdf").data)
    assert "Annex III. Participants in figures" in text
    annex = text[text.index("Participants by country") :]
    assert re.search(r"Bolivia\s+3\s+2", annex)
    assert re.search(r"Women\s+2\s+1", annex)
    assert re.search(r"Total\s+4\s+4", annex)


def test_chart_is_svg_with_a_text_alternative(client, db, login_as):
    seminar = make_seminar(language="en")
    _registrations(seminar.event, db)
    login_as("rapporteur", seminar.event)
    html = client.get(f"/manage/{seminar.event.slug}/report/preview").get_data(as_text=True)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="stats-chart-title stats-chart-desc"' in svg
    assert '<title id="stats-chart-title">Participants by country</title>' in svg
    desc = re.search(r'<desc id="stats-chart-desc">(.*?)</desc>', svg)[1]
    assert "Bolivia: 3 Registered (confirmed), 2 Attended" in desc
    assert "Chile: 0 Registered (confirmed), 1 Attended" in desc
    assert ">Bolivia</text>" in svg  # labels are text, not pictures
    assert "<script" not in svg
    assert "href" not in svg


def test_statistics_page_in_the_workspace(client, db, login_as):
    seminar = make_seminar()
    _registrations(seminar.event, db)
    login_as("rapporteur", seminar.event)
    page = client.get(f"/manage/{seminar.event.slug}/report/statistics").get_data(as_text=True)
    assert _row(page, "country", "Bolivia") == (3, 2)
    assert "<svg" in page


def test_a_finalized_version_keeps_its_figures_when_registrations_change(client, db, login_as):
    seminar = make_seminar(language="en")
    _registrations(seminar.event, db)
    add_note(seminar, seminar.items[0])
    login_as("organizer", seminar.event)
    slug = seminar.event.slug
    client.get(f"/manage/{slug}/report")
    client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})
    response = finalize(client, slug)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]

    for _n in range(3):
        make_registration(seminar.event, country="BO")
    db.commit()

    report = db.query(Report).one()
    frozen = versions.snapshot_of(report, 1)["statistics"]
    bolivia = next(r for r in frozen["tables"][0]["rows"] if r["label"] == "Bolivia")
    assert (bolivia["registered"], bolivia["attended"]) == (3, 2)
    assert frozen["totals"] == {"registered": 4, "attended": 4}
    html = client.get(f"/manage/{slug}/report/preview").get_data(as_text=True)
    assert _row(html, "country", "Bolivia") == (6, 2)  # the draft shows today's figures
    pdf = client.get(f"/manage/{slug}/report/versions/1.pdf")  # rendered by the job at once
    assert pdf.mimetype == "application/pdf"
    assert re.search(r"Bolivia\s+3\s+2", pdf_text(pdf.data))


# --- where the figures come from: the optional question on the registration side ---------------


def test_registration_form_asks_sex_optionally_and_says_why(client, db, login_as):
    from tests.factories import make_event
    from tests.registration.factories import make_settings
    from tests.registration.helpers import form_data

    event = make_event()
    make_settings(event)
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert '<select aria-describedby="sex-hint" id="sex" name="sex">' in page
    assert "Asked only for the participant statistics of the seminar report" in page
    assert '<option selected value="not_stated">Not stated</option>' in page
    login_as("user")  # signed in or not, the same public form
    response = client.post(f"/events/{event.slug}/register", data=form_data(event, sex="female"))
    assert response.status_code == 302
    response = client.post(
        f"/events/{event.slug}/register",
        data=form_data(event, email="otra@example.org", given_name="Otra"),
    )
    assert response.status_code == 302
    from seminar.registration.models import Registration

    sexes = {r.email: r.sex for r in db.query(Registration)}
    assert sexes == {"mj.choque@example.org": Sex.FEMALE, "otra@example.org": Sex.NOT_STATED}


def test_sex_is_exported_and_imported(client, db, login_as):
    import csv
    import io

    from tests.factories import make_event
    from tests.registration.factories import make_settings

    event = make_event(slug="lapaz-stats")
    make_settings(event, capacity=60)
    make_registration(event, email="ana@example.org", sex=Sex.FEMALE)
    login_as("organizer", event)
    data = client.get(f"/manage/{event.slug}/registrations/export?format=csv").data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["Sex"] == "Female"

    raw = (
        "Nombre;Apellidos;Institución;País;Correo electrónico;Sexo\n"
        "Lucía;Vargas;Universidad;EC;lucia@example.org;Mujer\n"
        "Pedro;Rojas;Ministerio;BO;pedro@example.org;varón\n"
        "Rosa;Flores;Ministerio;BO;rosa@example.org;quizá\n"
    )
    page = client.post(
        f"/manage/{event.slug}/registrations/import",
        data={"file": (io.BytesIO(raw.encode()), "lista.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Unknown answer “quizá” for sex." in page


def test_statistics_cells_are_tied_to_their_row_and_column_headers_in_the_pdf(twin_app, db):
    from seminar.pdf import render_pdf
    from seminar.reports import document, front_matter, rendering, services
    from tests.reports.test_accessible_pdf import _struct_elements

    seminar = make_seminar(language="en")
    _registrations(seminar.event, db)
    report = services.ensure_report(seminar.event)
    db.flush()
    front_matter.ensure_front_matter(report).include_acronyms = False
    db.flush()
    with twin_app.test_request_context("/"):
        pdf = render_pdf(rendering.render_html(document.collect_inputs(report))).pdf
    elements = _struct_elements(pdf)
    headers = {str(e["/ID"]) for e in elements if e["/S"] == "/TH"}
    cells = [e for e in elements if e["/S"] == "/TD"]
    assert len(cells) == 2 * (3 + 4 + 4 + 3)  # rows of the three tables plus their totals
    for cell in cells:
        linked = {str(h) for h in cell["/A"]["/Headers"]}
        assert len(linked) == 2  # its column ("Registered"/"Attended") and its row (the country...)
        assert linked <= headers
