"""The demo seminar in La Paz and its team, written in Spanish (its source language); the English
translations of its texts are loaded by seminar/content/demo.py."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from ..accounts.models import Membership, Role
from ..accounts.services import get_user_by_email
from ..extensions import db
from .demo_identity import load_identity
from .models import Event, EventStatus
from .services import get_event

DEMO_SLUG = "lapaz-migration-policies"

DESCRIPTION = """\
Dos días de diálogo entre funcionarios de migración de la región andina, Centroamérica y España
sobre cómo las políticas migratorias pueden servir al desarrollo y proteger los derechos de las
personas migrantes.

**Ejes temáticos**

- Migración y desarrollo
- Remesas e inclusión financiera
- Cooperación internacional en materia migratoria
- Derechos de los connacionales en el exterior

El seminario concluye con un documento final: un análisis de las políticas migratorias actuales y
recomendaciones para las futuras.
"""

HOSTS = "\n".join(
    [
        "Oficina de la Organización en Bolivia",
        "Oficina Regional para los Países Andinos, Lima",
        "Ministerio de Relaciones Exteriores del Estado Plurinacional de Bolivia",
    ]
)

TEAM = (
    ("organizer@example.org", Role.ORGANIZER),
    ("rapporteur@example.org", Role.RAPPORTEUR),
    ("checkin@example.org", Role.CHECKIN),
)


def demo_dates(today: date | None = None) -> tuple[date, date]:
    """The two days of the demo seminar: about a week after the day the demo is loaded, on
    weekdays, so that a newcomer can still register and check-in works on the event's days."""
    starts_on = (today or date.today()) + timedelta(days=7)
    if starts_on.weekday() >= 4:  # Friday to Sunday: the next Monday and Tuesday instead
        starts_on += timedelta(days=7 - starts_on.weekday())
    return starts_on, starts_on + timedelta(days=1)


def load_demo(_previous: Any = None) -> Event:
    event = get_event(DEMO_SLUG)
    if event is None:
        starts_on, ends_on = demo_dates()
        event = Event(
            slug=DEMO_SLUG,
            title="Políticas Migratorias, Desarrollo y Derechos Humanos",
            subtitle="Seminario internacional para funcionarios de migración",
            description=DESCRIPTION,
            venue="Hotel Presidente, Salón Illimani",
            city="La Paz",
            country="BO",
            timezone="America/La_Paz",
            starts_on=starts_on,
            ends_on=ends_on,
            languages="es,en",
            hosts=HOSTS,
            contact_email="seminario-lapaz@example.org",
            status=EventStatus.PUBLISHED,
        )
        db.session.add(event)
        db.session.flush()
    for email, role in TEAM:
        user = get_user_by_email(email)
        if user is None:
            continue
        exists = db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id,
                Membership.event_id == event.id,
                Membership.role == role,
            )
        )
        if exists is None:
            db.session.add(Membership(user=user, event=event, role=role))
    load_identity(event)
    db.session.flush()
    return event
