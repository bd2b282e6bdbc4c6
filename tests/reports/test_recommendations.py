"""Recommendations: add, edit, number in order, reorder without and with JavaScript."""

from __future__ import annotations

import re

from seminar.accounts.services import get_user_by_email
from seminar.areas import area_modules
from seminar.pdf import render_pdf
from seminar.reports import recommendations as rec_rules
from seminar.reports import rendering, services, versions
from seminar.reports.demo import RECOMMENDATIONS
from seminar.reports.models import Recommendation, RecommendationState, ReportStatus
from tests.pdfcheck import pdf_text
from tests.reports.factories import add_recommendation, make_seminar


def _numbers(client, slug):
    page = client.get(f"/manage/{slug}/report/recommendations").get_data(as_text=True)
    return page


def test_rapporteur_adds_a_recommendation_with_its_sources(client, db, login_as):
    seminar = make_seminar()
    login_as("rapporteur", seminar.event)
    response = client.post(
        f"/manage/{seminar.event.slug}/report/recommendations/new",
        data={"text": "Reducir el costo de las remesas.", "theme_id": str(seminar.themes[1].id),
              "addressee": "Ministerio de Relaciones Exteriores", "priority": "high",
              "timeframe": "medium", "state": "proposed", "item_ids": [str(seminar.items[2].id)]},
    )  # fmt: skip
    assert response.status_code == 302
    rec = db.query(Recommendation).one()
    assert rec.text == "Reducir el costo de las remesas."
    assert rec.state == RecommendationState.PROPOSED
    assert [i.title for i in rec.items] == ["Remesas y costos de envío"]
    page = _numbers(client, seminar.event.slug)
    assert "Reducir el costo de las remesas." in page
    assert "Proposed" in page


def test_empty_recommendation_is_refused_next_to_the_field(client, db, login_as):
    seminar = make_seminar()
    login_as("rapporteur", seminar.event)
    response = client.post(
        f"/manage/{seminar.event.slug}/report/recommendations/new",
        data={
            "text": "  ",
            "theme_id": "",
            "priority": "high",
            "timeframe": "short",
            "state": "draft",
        },
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.query(Recommendation).count() == 0


def test_numbers_follow_the_order_by_theme_and_skip_non_adopted(client, db, login_as):
    seminar = make_seminar()
    a = add_recommendation(seminar, "Primera de remesas", theme=seminar.themes[1])
    add_recommendation(seminar, "Borrador sin número", theme=seminar.themes[0], state="draft")
    b = add_recommendation(seminar, "Primera de desarrollo", theme=seminar.themes[0])
    from seminar.reports.recommendations import numbers_for, recommendations_of

    numbers = numbers_for(recommendations_of(seminar.event))
    assert numbers == {b.id: 1, a.id: 2}  # theme order first, then position


def test_move_up_button_reorders_without_javascript(client, db, login_as):
    seminar = make_seminar()
    first = add_recommendation(seminar, "Alfa", theme=seminar.themes[0])
    second = add_recommendation(seminar, "Beta", theme=seminar.themes[0])
    login_as("rapporteur", seminar.event)
    response = client.post(
        f"/manage/{seminar.event.slug}/report/recommendations/{second.id}/move",
        data={"direction": "up"},
    )
    assert response.status_code == 302
    page = _numbers(client, seminar.event.slug)
    assert page.index("Beta") < page.index("Alfa")
    assert "No. 1" in page[page.index("rec-" + str(second.id)) :][:600]
    db.expire_all()
    assert db.get(Recommendation, first.id).position > db.get(Recommendation, second.id).position


def test_reorder_json_sets_the_order_of_one_theme(client, db, login_as):
    seminar = make_seminar()
    recs = [add_recommendation(seminar, t, theme=seminar.themes[0]) for t in ("A", "B", "C")]
    login_as("rapporteur", seminar.event)
    order = [recs[2].id, recs[0].id, recs[1].id]
    response = client.post(
        f"/manage/{seminar.event.slug}/report/recommendations/order", json={"ids": order}
    )
    assert response.status_code == 200
    assert response.get_json()["numbers"] == {
        str(recs[2].id): 1,
        str(recs[0].id): 2,
        str(recs[1].id): 3,
    }


def test_reorder_refuses_a_list_mixing_themes(client, db, login_as):
    seminar = make_seminar()
    a = add_recommendation(seminar, "A", theme=seminar.themes[0])
    b = add_recommendation(seminar, "B", theme=seminar.themes[1])
    login_as("rapporteur", seminar.event)
    response = client.post(
        f"/manage/{seminar.event.slug}/report/recommendations/order", json={"ids": [b.id, a.id]}
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"


def test_stale_recommendation_edit_keeps_both_texts(client, db, login_as):
    seminar = make_seminar()
    rec = add_recommendation(seminar, "Texto original", theme=seminar.themes[0])
    stale = rec.version
    rec.text = "Texto cambiado por otra persona"
    db.flush()
    login_as("rapporteur", seminar.event)
    response = client.post(
        f"/manage/{seminar.event.slug}/report/recommendations/{rec.id}",
        data={"version": str(stale), "text": "Mi redacción", "theme_id": str(seminar.themes[0].id),
              "priority": "medium", "timeframe": "short", "state": "adopted"},
    )  # fmt: skip
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Texto cambiado por otra persona" in page
    assert "Mi redacción" in page


def test_reorder_and_preview_refuse_malformed_json_with_a_message(client, db, login_as):
    seminar = make_seminar()
    add_recommendation(seminar, "Recomendación uno", theme=seminar.themes[0])
    login_as("rapporteur", seminar.event)
    slug = seminar.event.slug
    for body in ([1, 2], {"ids": [True]}, {"ids": [2**40]}, {"ids": "1,2"}):
        response = client.post(f"/manage/{slug}/report/recommendations/order", json=body)
        assert response.status_code == 400, body
        assert response.get_json()["detail"]
    response = client.post(f"/manage/{slug}/report/markdown-preview", json=["**x**"])
    assert response.status_code == 422
    assert response.get_json()["detail"]


# --- numbers follow the printed order in every version ---------------------------------------

LABEL = re.compile(r"^RECOMENDACIÓN (\d+)$", re.M)  # the label above each recommendation


def _printed_numbers(pdf: bytes) -> list[int]:
    """The numbers of the recommendation labels, page after page, top to bottom."""
    return [int(n) for n in LABEL.findall(pdf_text(pdf))]


def _load_demo(db):
    event = None
    for module in area_modules("demo"):
        event = module.load_demo(event)
        db.commit()
    return event


def test_numbers_increase_in_page_order_in_every_version_of_the_demo_report(
    client, db, login_as, twin_app
):
    event = _load_demo(db)
    report = services.get_report(event)
    organizer = get_user_by_email("organizer@example.org")
    recs = rec_rules.recommendations_of(event)
    first_theme = [r for r in recs if r.theme_id == recs[0].theme_id]
    with twin_app.test_request_context("/"):
        # After version 1: a recommendation inserted as the second of the first theme, and the
        # last two of the second theme swapped.
        added = rec_rules.create_recommendation(
            event,
            {"text": "Armonizar los registros consulares de la región.", "theme_id": recs[0].theme_id,
             "priority": "high", "timeframe": "short", "state": "adopted"},
            by=organizer,
        )  # fmt: skip
        order = [first_theme[0].id, added.id, *[r.id for r in first_theme[1:]]]
        rec_rules.reorder_recommendations(event, order, by=organizer)
        second_theme = [r for r in recs if r.theme_id == recs[len(first_theme)].theme_id]
        ids = [r.id for r in second_theme]
        ids[-2], ids[-1] = ids[-1], ids[-2]
        rec_rules.reorder_recommendations(event, ids, by=organizer)
        services.change_status(report, ReportStatus.IN_REVIEW, by=organizer)
        versions.finalize(report, by=organizer)
        db.commit()
        stored = sorted(versions.versions_of(report), key=lambda v: v.number)
        printed = {
            v.number: _printed_numbers(
                render_pdf(rendering.render_html(versions.snapshot_of(report, v.number))).pdf
            )
            for v in stored
        }

    assert sorted(printed) == [1, 2]
    count = len(RECOMMENDATIONS)
    assert printed[1] == list(range(1, count + 1))
    assert printed[2] == list(range(1, count + 2))  # the new one took No. 2, not No. 14
    snapshot = versions.snapshot_of(report, 2)
    assert [r["number"] for r in snapshot["recommendations"] if r["id"] == added.id] == [2]
    # Readers of version 1 find each recommendation's old and new number in the comparison.
    login_as("organizer", event)
    page = client.get(f"/manage/{event.slug}/report/versions?from=1&to=2").get_data(as_text=True)
    assert "Recommendation 2, now 3" in page
    assert f"Recommendation {len(first_theme)}, now {len(first_theme) + 1}" in page
    moved_down = recs.index(second_theme[-2]) + 1  # one down, and one more for the insertion
    assert f"Recommendation {moved_down}, now {moved_down + 2}" in page
