"""Report test data: a small seminar with a published agenda, notes, recommendations, participants."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import seminar.models  # noqa: F401  (every model registered before the agenda's import-time queries)
from seminar.agenda.models import ItemKind
from seminar.agenda.publishing import publish
from seminar.extensions import db
from seminar.registration.models import RegistrationStatus
from seminar.reports.models import Recommendation, RecommendationState, SessionNote
from tests.agenda.factories import add_role, local, make_item, make_person, make_room, make_theme
from tests.factories import make_event, make_membership, make_user
from tests.registration.factories import make_registration


@dataclass
class Seminar:
    event: Any
    themes: list[Any]
    items: list[Any]
    people: list[Any]
    organizer: Any
    recs: list[Any] = field(default_factory=list)


def make_seminar(
    *, publish_agenda: bool = True, language: str = "es,en", **event_fields: Any
) -> Seminar:
    event = make_event(
        languages=language, hosts="Oficina de la Organización en Bolivia", **event_fields
    )
    organizer = make_user(name="Lucía Organizadora")
    make_membership(organizer, event, "organizer")
    room = make_room(event)
    themes = [
        make_theme(event, name="Migración y desarrollo", position=0),
        make_theme(event, name="Remesas e inclusión financiera", position=1),
    ]
    day1, day2 = (d.isoformat() for d in event.days)
    ana = make_person(event, name="Ana Quispe Mamani", position="Representante Regional")
    inigo = make_person(
        event, honorific="Sr.", name="Íñigo Arrieta Núñez", position="Director General",
        organization="Ministerio de Trabajo", country="ES",
    )  # fmt: skip
    items = [
        make_item(event, title="Panel sobre migración y desarrollo", theme=themes[0], room=room,
                  starts_at=local(event, day1, "09:00"), ends_at=local(event, day1, "10:30")),
        make_item(event, title="Pausa café", kind=ItemKind.BREAK, room=room,
                  starts_at=local(event, day1, "10:30"), ends_at=local(event, day1, "11:00")),
        make_item(event, title="Remesas y costos de envío", theme=themes[1], room=room,
                  starts_at=local(event, day2, "09:00"), ends_at=local(event, day2, "10:30")),
    ]  # fmt: skip
    add_role(items[0], ana, "moderator")
    add_role(items[0], inigo, "speaker", position=1)
    add_role(items[2], inigo, "speaker")
    if publish_agenda:
        publish(event, by=organizer)
    return Seminar(event, themes, items, [ana, inigo], organizer)


def add_note(
    seminar: Seminar, item: Any, summary: str = "Resumen de la sesión.", **extra: Any
) -> SessionNote:
    note = SessionNote(
        event_id=seminar.event.id, agenda_item_id=item.id, summary=summary,
        key_points=extra.get("key_points", "- Primer punto"), statements=extra.get("statements", ""),
    )  # fmt: skip
    db.session.add(note)
    db.session.flush()
    return note


def add_recommendation(
    seminar: Seminar,
    text: str,
    *,
    theme: Any = None,
    state: str = "adopted",
    position: int | None = None,
) -> Recommendation:
    rec = Recommendation(
        event_id=seminar.event.id, theme_id=theme.id if theme else None, text=text,
        addressee="Gobiernos de la región", state=RecommendationState(state),
        position=position if position is not None else len(seminar.recs) + 1,
    )  # fmt: skip
    db.session.add(rec)
    db.session.flush()
    seminar.recs.append(rec)
    return rec


def add_participants(seminar: Seminar) -> None:
    make_registration(
        seminar.event,
        given_name="Zoë",
        family_name="Peñaranda",
        country="BO",
        institution="Dirección General de Migración",
        consents_to_list=True,
    )
    make_registration(
        seminar.event,
        given_name="Óscar",
        family_name="Núñez",
        country="ES",
        institution="Ministerio de Inclusión",
        consents_to_list=True,
    )
    make_registration(
        seminar.event,
        given_name="Privada",
        family_name="Sinconsentimiento",
        country="BO",
        consents_to_list=False,
    )
    make_registration(
        seminar.event,
        given_name="Pendiente",
        family_name="Porconfirmar",
        country="PE",
        consents_to_list=True,
        status=RegistrationStatus.PENDING,
    )


def finalize(client: Any, slug: str, *, follow_redirects: bool = False) -> Any:
    """Finalize as an organizer does: when the report first lists the notes it leaves out or the
    translations missing or outdated, confirm exactly that list."""
    url = f"/manage/{slug}/report/finalize"
    response = client.post(url)
    page = response.get_data(as_text=True)
    if response.status_code == 200 and 'name="untranslated"' in page:
        fields = dict(
            re.findall(r'name="(version|left_out|untranslated)"[^>]*value="([^"]*)"', page)
        )
        response = client.post(url, data=fields)
    if follow_redirects and response.status_code == 302:
        response = client.get(response.headers["Location"])
    return response
