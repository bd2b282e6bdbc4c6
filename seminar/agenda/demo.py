"""The La Paz programme: two days, two rooms, four themes, published as version 1 (invented names)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..accounts.services import get_user_by_email
from ..extensions import db
from .models import AgendaItem, ItemKind, ItemPerson, Person, PersonRole, Room, Theme
from .publishing import latest_publication, publish

ROOMS = (("Salón Illimani", 120), ("Salón Sajama", 40))

THEMES = (
    ("dev", "Migración y desarrollo", "#0b5cab"),
    ("rem", "Remesas e inclusión financiera", "#1d6b36"),
    ("coop", "Cooperación internacional", "#6b3fa0"),
    ("rights", "Derechos de los connacionales en el exterior", "#a0401a"),
)

PEOPLE: dict[str, dict[str, str]] = {
    "regional": {
        "honorific": "Sra.",
        "name": "Elena Vargas Montoya",
        "position": "Representante Regional para los Países Andinos",
        "organization": "OIM, Oficina Regional para los Países Andinos",
        "country": "PE",
        "bio": "Economista y especialista en gobernanza migratoria, con veinte años de "
        "experiencia en la región andina y Centroamérica. Dirige la oficina regional desde Lima.",
    },
    "ecuador": {
        "honorific": "Sr.",
        "name": "Martín Aguirre Salazar",
        "position": "Jefe de Misión",
        "organization": "OIM Ecuador",
        "country": "EC",
        "bio": "Abogado internacionalista. Ha coordinado programas de integración "
        "socioeconómica de personas migrantes y de fortalecimiento de fronteras.",
    },
    "guatemala": {
        "honorific": "Sra.",
        "name": "Lucía Herrera Castillo",
        "position": "Jefa de Misión",
        "organization": "OIM Guatemala",
        "country": "GT",
        "bio": "Especialista en migración laboral y remesas; antes trabajó en los programas "
        "de retorno y reintegración de la Organización en México y Honduras.",
    },
    "spain": {
        "honorific": "Sr.",
        "name": "Javier Moreno Ibáñez",
        "position": "Director General de Migraciones",
        "organization": "Ministerio de Trabajo y Economía Social de España",
        "country": "ES",
        "bio": "Responsable del Plan de Integración de Personas Migrantes de España y de los "
        "programas de migración laboral ordenada con América Latina.",
    },
    "bolivia_office": {
        "honorific": "Sra.",
        "name": "Carla Rojas Gutiérrez",
        "position": "Jefa de Oficina",
        "organization": "OIM Bolivia",
        "country": "BO",
        "bio": "Socióloga; coordina la cooperación de la Organización con el Estado "
        "Plurinacional de Bolivia en migración, desarrollo y asistencia a migrantes.",
    },
    "vice_minister": {
        "honorific": "Sr.",
        "name": "Diego Arce Saavedra",
        "position": "Viceministro de Gestión Institucional y Consular",
        "organization": "Ministerio de Relaciones Exteriores de Bolivia",
        "country": "BO",
        "bio": "Diplomático de carrera; fue cónsul general en São Paulo y en Buenos Aires.",
    },
    "consular": {
        "honorific": "Lic.",
        "name": "Rosa Condori Apaza",
        "position": "Directora General de Asuntos Consulares",
        "organization": "Ministerio de Relaciones Exteriores de Bolivia",
        "country": "BO",
        "bio": "Abogada; dirige la red consular boliviana y los servicios a las personas "
        "bolivianas en el exterior.",
    },
    "migration": {
        "honorific": "Lic.",
        "name": "Fernando Quiroga Ríos",
        "position": "Director General de Migración",
        "organization": "Ministerio de Gobierno de Bolivia",
        "country": "BO",
        "bio": "Ingeniero de sistemas; impulsó la digitalización del control migratorio.",
    },
    "labour": {
        "honorific": "Abg.",
        "name": "Patricia Mendoza Limachi",
        "position": "Jefa de la Unidad de Empleo",
        "organization": "Ministerio de Trabajo, Empleo y Previsión Social de Bolivia",
        "country": "BO",
        "bio": "Especialista en derecho laboral y en acuerdos bilaterales de seguridad social.",
    },
    "economist": {
        "honorific": "Dr.",
        "name": "Andrés Paredes Núñez",
        "position": "Economista principal",
        "organization": "Banco Central de Bolivia",
        "country": "BO",
        "bio": "Investiga el costo de envío de remesas y su efecto en el consumo de los hogares.",
    },
    "academic": {
        "honorific": "Dra.",
        "name": "Silvia Tapia Quispe",
        "position": "Investigadora",
        "organization": "Universidad Mayor de San Andrés",
        "country": "BO",
        "bio": "Antropóloga; estudia las redes de migrantes andinos en España y Argentina.",
    },
    "civil_society": {
        "honorific": "Sr.",
        "name": "Jorge Llanos Vega",
        "position": "Coordinador",
        "organization": "Red de Organizaciones de Migrantes Retornados",
        "country": "BO",
        "bio": "Retornó a Cochabamba tras quince años en Madrid; asesora a familias de migrantes.",
    },
    "rapporteur_general": {
        "honorific": "Lic.",
        "name": "Andrés Villca Rojas",
        "position": "Relator general",
        "organization": "OIM Bolivia",
        "country": "BO",
        "bio": "Politólogo; prepara el documento final del seminario.",
    },
    "rapporteur": {
        "honorific": "Lic.",
        "name": "Mariela Choque Torrez",
        "position": "Relatora",
        "organization": "Ministerio de Relaciones Exteriores de Bolivia",
        "country": "BO",
        "bio": "Analista de política exterior en temas migratorios.",
    },
}

# The first and second day of the event (its dates are set when the demo is loaded).
D1, D2 = 0, 1
ILL, SAJ = "Salón Illimani", "Salón Sajama"

# (day, start, end, kind, title, room, theme, interpretation, description, [(role, person)])
ITEMS: tuple[tuple[Any, ...], ...] = (
    (D1, "08:30", "09:00", "break", "Acreditación y café de bienvenida", ILL, None, False, "", []),
    (D1, "09:00", "09:45", "opening", "Inauguración del seminario", ILL, None, True,
     "Palabras de bienvenida de las autoridades del Estado Plurinacional de Bolivia y de la "
     "Organización.",
     [("speaker", "vice_minister"), ("speaker", "regional"), ("speaker", "bolivia_office")]),
    (D1, "09:45", "10:30", "keynote",
     "Conferencia magistral: migración, desarrollo y derechos humanos en la región andina",
     ILL, "dev", True,
     "Tendencias de la movilidad humana en los países andinos y su relación con el desarrollo "
     "sostenible (Agenda 2030, meta 10.7).",
     [("speaker", "regional")]),
    (D1, "10:30", "11:00", "break", "Pausa café", ILL, None, False, "", []),
    (D1, "11:00", "12:45", "panel",
     "Panel 1: Políticas migratorias con enfoque de desarrollo y de derechos", ILL, "dev", True,
     "Experiencias de Ecuador, Guatemala y Bolivia en la incorporación de la migración en los "
     "planes nacionales de desarrollo.",
     [("moderator", "migration"), ("speaker", "ecuador"), ("speaker", "guatemala"),
      ("speaker", "academic"), ("rapporteur", "rapporteur")]),
    (D1, "12:45", "14:15", "meal", "Almuerzo", None, None, False, "", []),
    (D1, "14:15", "15:45", "panel", "Panel 2: Remesas, inclusión financiera y desarrollo local",
     ILL, "rem", True,
     "Costos de envío, educación financiera y uso productivo de las remesas en los municipios "
     "de origen.",
     [("moderator", "labour"), ("speaker", "economist"), ("speaker", "guatemala"),
      ("discussant", "civil_society"), ("rapporteur", "rapporteur")]),
    (D1, "15:45", "16:00", "break", "Pausa", ILL, None, False, "", []),
    (D1, "16:00", "17:30", "working_group", "Grupo de trabajo A: remesas y desarrollo local",
     ILL, "rem", False,
     "Preguntas guía: ¿qué incentivos funcionan? ¿Cómo reducir el costo de las transferencias?",
     [("moderator", "economist"), ("rapporteur", "rapporteur_general")]),
    (D1, "16:00", "17:30", "working_group",
     "Grupo de trabajo B: protección consular de los connacionales en el exterior", SAJ,
     "rights", False,
     "Preguntas guía: registro consular, asistencia en situaciones de vulnerabilidad y voto "
     "en el exterior.",
     [("moderator", "consular"), ("rapporteur", "rapporteur")]),
    (D2, "09:00", "09:45", "keynote",
     "Conferencia magistral: el Plan de Integración de Personas Migrantes de España",
     ILL, "coop", True,
     "Objetivos, instrumentos y resultados del plan, y la migración laboral ordenada con "
     "América Latina.",
     [("speaker", "spain")]),
    (D2, "09:45", "11:15", "panel", "Panel 3: Cooperación internacional en materia migratoria",
     ILL, "coop", True,
     "Acuerdos bilaterales y regionales, migración laboral circular y reconocimiento de "
     "competencias.",
     [("moderator", "labour"), ("speaker", "spain"), ("speaker", "ecuador"),
      ("speaker", "regional"), ("rapporteur", "rapporteur_general")]),
    (D2, "11:15", "11:30", "break", "Pausa café", ILL, None, False, "", []),
    (D2, "11:30", "13:00", "panel",
     "Panel 4: Derechos de los connacionales en el exterior y servicios consulares",
     ILL, "rights", True,
     "Documentación, acceso a la justicia y a la seguridad social de las personas bolivianas "
     "en el exterior.",
     [("moderator", "consular"), ("speaker", "vice_minister"), ("speaker", "civil_society"),
      ("discussant", "academic"), ("rapporteur", "rapporteur")]),
    (D2, "13:00", "14:30", "meal", "Almuerzo", None, None, False, "", []),
    (D2, "14:30", "16:00", "working_group",
     "Grupo de trabajo C: cooperación y movilidad laboral", ILL, "coop", False,
     "Preguntas guía: ¿qué acuerdos laborales priorizar y con qué garantías?",
     [("moderator", "labour"), ("rapporteur", "rapporteur_general")]),
    (D2, "14:30", "16:00", "working_group",
     "Grupo de trabajo D: migración, retorno y desarrollo", SAJ, "dev", False,
     "Preguntas guía: reintegración de personas retornadas y vínculos con las diásporas.",
     [("moderator", "migration"), ("rapporteur", "rapporteur")]),
    (D2, "16:00", "16:30", "break", "Pausa café", ILL, None, False, "", []),
    (D2, "16:30", "17:30", "plenary", "Plenaria: conclusiones de los grupos de trabajo",
     ILL, None, True,
     "Cada relatoría presenta las conclusiones de su grupo; debate abierto.",
     [("moderator", "bolivia_office"), ("rapporteur", "rapporteur_general"),
      ("rapporteur", "rapporteur")]),
    (D2, "17:30", "18:15", "closing",
     "Clausura: adopción de las recomendaciones del seminario", ILL, None, True,
     "Lectura y adopción del documento de recomendaciones; palabras de cierre.",
     [("speaker", "rapporteur_general"), ("speaker", "regional"), ("speaker", "vice_minister")]),
)  # fmt: skip


def _at(day: date, hhmm: str, zone: str) -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()}T{hhmm}").replace(tzinfo=ZoneInfo(zone))


def load_demo(event: Any) -> Any:
    """Add the La Paz programme to the demo event (idempotent) and publish it as version 1."""
    if event is None:
        return event
    rooms = {r.name: r for r in db.session.scalars(select(Room).where(Room.event_id == event.id))}
    for position, (name, capacity) in enumerate(ROOMS):
        if name not in rooms:
            rooms[name] = Room(event=event, name=name, capacity=capacity, position=position)
            db.session.add(rooms[name])
    existing_themes = {
        t.name: t for t in db.session.scalars(select(Theme).where(Theme.event_id == event.id))
    }
    themes: dict[str, Theme] = {}
    for position, (key, name, color) in enumerate(THEMES):
        themes[key] = existing_themes.get(name) or Theme(
            event=event, name=name, color=color, position=position
        )
        db.session.add(themes[key])
    existing_people = {
        p.name: p for p in db.session.scalars(select(Person).where(Person.event_id == event.id))
    }
    people: dict[str, Person] = {}
    for key, values in PEOPLE.items():
        people[key] = existing_people.get(values["name"]) or Person(event=event, **values)
        db.session.add(people[key])
    existing_items = set(
        db.session.scalars(select(AgendaItem.title).where(AgendaItem.event_id == event.id))
    )
    db.session.flush()
    for day, start, end, kind, title, room, theme, interp, text, roles in ITEMS:
        if title in existing_items and kind not in ("break", "meal"):
            continue
        on = event.days[min(day, len(event.days) - 1)]
        starts_at = _at(on, start, event.timezone)
        if kind in ("break", "meal") and _has_item(event, title, starts_at):
            continue
        item = AgendaItem(
            event=event,
            title=title,
            kind=ItemKind(kind),
            starts_at=starts_at,
            ends_at=_at(on, end, event.timezone),
            room=rooms[room] if room else None,
            theme=themes[theme] if theme else None,
            description=text,
            language="es",
            has_interpretation=interp,
            is_public=True,
        )
        db.session.add(item)
        for position, (role, person_key) in enumerate(roles):
            db.session.add(
                ItemPerson(
                    item=item, person=people[person_key], role=PersonRole(role), position=position
                )
            )
    db.session.flush()
    if latest_publication(event) is None:
        organizer = get_user_by_email("organizer@example.org")
        publish(event, by=organizer, note="Programa preliminar.")
    return event


def _has_item(event: Any, title: str, starts_at: datetime) -> bool:
    return (
        db.session.scalar(
            select(AgendaItem.id).where(
                AgendaItem.event_id == event.id,
                AgendaItem.title == title,
                AgendaItem.starts_at == starts_at,
            )
        )
        is not None
    )
