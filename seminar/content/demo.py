"""The La Paz seminar in English: translations of its Spanish texts (event, agenda, people,
registration form). Keyed by the Spanish source text, so reloading is idempotent and a demo text
that changes in Spanish simply shows as missing until its English is updated here."""

from __future__ import annotations

from typing import Any

from . import registry, services  # noqa: F401  (registry: the owners translated here)

EVENT = {
    "Políticas Migratorias, Desarrollo y Derechos Humanos": (
        "Migration Policies, Development and Human Rights"
    ),
    "Seminario internacional para funcionarios de migración": (
        "International seminar for migration officials"
    ),
    "Hotel Presidente, Salón Illimani": "Hotel Presidente, Illimani Room",
}

DESCRIPTION = """\
Two days of dialogue between migration officials of the Andean region, Central America and Spain
on how migration policies can serve development and protect the rights of migrants.

**Themes**

- Migration and development
- Remittances and financial inclusion
- International cooperation on migration
- The rights of nationals abroad

The seminar closes with a final document: an analysis of current migration policies and
recommendations for future ones.
"""

AGENDA = {
    # Rooms and themes
    "Salón Illimani": "Illimani Room",
    "Salón Sajama": "Sajama Room",
    "Migración y desarrollo": "Migration and development",
    "Remesas e inclusión financiera": "Remittances and financial inclusion",
    "Cooperación internacional": "International cooperation",
    "Derechos de los connacionales en el exterior": "Rights of nationals abroad",
    # Agenda items: titles
    "Acreditación y café de bienvenida": "Accreditation and welcome coffee",
    "Inauguración del seminario": "Opening of the seminar",
    "Conferencia magistral: migración, desarrollo y derechos humanos en la región andina": (
        "Keynote lecture: migration, development and human rights in the Andean region"
    ),
    "Pausa café": "Coffee break",
    "Panel 1: Políticas migratorias con enfoque de desarrollo y de derechos": (
        "Panel 1: Migration policies with a development and rights-based approach"
    ),
    "Almuerzo": "Lunch",
    "Panel 2: Remesas, inclusión financiera y desarrollo local": (
        "Panel 2: Remittances, financial inclusion and local development"
    ),
    "Pausa": "Break",
    "Grupo de trabajo A: remesas y desarrollo local": (
        "Working group A: remittances and local development"
    ),
    "Grupo de trabajo B: protección consular de los connacionales en el exterior": (
        "Working group B: consular protection of nationals abroad"
    ),
    "Conferencia magistral: el Plan de Integración de Personas Migrantes de España": (
        "Keynote lecture: Spain's Plan for the Integration of Migrants"
    ),
    "Panel 3: Cooperación internacional en materia migratoria": (
        "Panel 3: International cooperation on migration"
    ),
    "Panel 4: Derechos de los connacionales en el exterior y servicios consulares": (
        "Panel 4: Rights of nationals abroad and consular services"
    ),
    "Grupo de trabajo C: cooperación y movilidad laboral": (
        "Working group C: cooperation and labour mobility"
    ),
    "Grupo de trabajo D: migración, retorno y desarrollo": (
        "Working group D: migration, return and development"
    ),
    "Plenaria: conclusiones de los grupos de trabajo": (
        "Plenary: conclusions of the working groups"
    ),
    "Clausura: adopción de las recomendaciones del seminario": (
        "Closing: adoption of the seminar's recommendations"
    ),
    # Agenda items: descriptions
    "Palabras de bienvenida de las autoridades del Estado Plurinacional de Bolivia y de la "
    "Organización.": (
        "Welcome remarks by the authorities of the Plurinational State of Bolivia and of the "
        "Organization."
    ),
    "Tendencias de la movilidad humana en los países andinos y su relación con el desarrollo "
    "sostenible (Agenda 2030, meta 10.7).": (
        "Trends in human mobility in the Andean countries and their relation to sustainable "
        "development (2030 Agenda, target 10.7)."
    ),
    "Experiencias de Ecuador, Guatemala y Bolivia en la incorporación de la migración en los "
    "planes nacionales de desarrollo.": (
        "How Ecuador, Guatemala and Bolivia have built migration into their national "
        "development plans."
    ),
    "Costos de envío, educación financiera y uso productivo de las remesas en los municipios "
    "de origen.": (
        "Transfer costs, financial education and the productive use of remittances in the "
        "municipalities of origin."
    ),
    "Preguntas guía: ¿qué incentivos funcionan? ¿Cómo reducir el costo de las transferencias?": (
        "Guiding questions: which incentives work? How can transfer costs be reduced?"
    ),
    "Preguntas guía: registro consular, asistencia en situaciones de vulnerabilidad y voto "
    "en el exterior.": (
        "Guiding questions: consular registration, assistance in vulnerable situations and "
        "voting abroad."
    ),
    "Objetivos, instrumentos y resultados del plan, y la migración laboral ordenada con "
    "América Latina.": (
        "The plan's goals, instruments and results, and orderly labour migration with Latin "
        "America."
    ),
    "Acuerdos bilaterales y regionales, migración laboral circular y reconocimiento de "
    "competencias.": (
        "Bilateral and regional agreements, circular labour migration and recognition of skills."
    ),
    "Documentación, acceso a la justicia y a la seguridad social de las personas bolivianas "
    "en el exterior.": ("Documents, access to justice and social security for Bolivians abroad."),
    "Preguntas guía: ¿qué acuerdos laborales priorizar y con qué garantías?": (
        "Guiding questions: which labour agreements should come first, and with what safeguards?"
    ),
    "Preguntas guía: reintegración de personas retornadas y vínculos con las diásporas.": (
        "Guiding questions: reintegration of returnees and links with the diasporas."
    ),
    "Cada relatoría presenta las conclusiones de su grupo; debate abierto.": (
        "Each rapporteur presents the conclusions of their group; open debate."
    ),
    "Lectura y adopción del documento de recomendaciones; palabras de cierre.": (
        "Reading and adoption of the recommendations document; closing remarks."
    ),
}

PEOPLE = {
    # Positions
    "Representante Regional para los Países Andinos": "Regional Representative for the Andean Countries",
    "Jefe de Misión": "Chief of Mission",
    "Jefa de Misión": "Chief of Mission",
    "Director General de Migraciones": "Director-General for Migration",
    "Jefa de Oficina": "Head of Office",
    "Viceministro de Gestión Institucional y Consular": (
        "Vice-Minister for Institutional and Consular Affairs"
    ),
    "Directora General de Asuntos Consulares": "Director-General for Consular Affairs",
    "Director General de Migración": "Director-General of Immigration",
    "Jefa de la Unidad de Empleo": "Head of the Employment Unit",
    "Economista principal": "Chief Economist",
    "Investigadora": "Researcher",
    "Coordinador": "Coordinator",
    "Relator general": "General rapporteur",
    "Relatora": "Rapporteur",
    # Biographies
    "Economista y especialista en gobernanza migratoria, con veinte años de experiencia en la "
    "región andina y Centroamérica. Dirige la oficina regional desde Lima.": (
        "Economist and migration governance specialist with twenty years of experience in the "
        "Andean region and Central America. She heads the regional office in Lima."
    ),
    "Abogado internacionalista. Ha coordinado programas de integración socioeconómica de "
    "personas migrantes y de fortalecimiento de fronteras.": (
        "International lawyer. He has coordinated programmes for the socio-economic integration "
        "of migrants and for border management."
    ),
    "Especialista en migración laboral y remesas; antes trabajó en los programas de retorno y "
    "reintegración de la Organización en México y Honduras.": (
        "Specialist in labour migration and remittances; she previously worked on the "
        "Organization's return and reintegration programmes in Mexico and Honduras."
    ),
    "Responsable del Plan de Integración de Personas Migrantes de España y de los programas de "
    "migración laboral ordenada con América Latina.": (
        "In charge of Spain's Plan for the Integration of Migrants and of its orderly labour "
        "migration programmes with Latin America."
    ),
    "Socióloga; coordina la cooperación de la Organización con el Estado Plurinacional de "
    "Bolivia en migración, desarrollo y asistencia a migrantes.": (
        "Sociologist; she coordinates the Organization's cooperation with the Plurinational "
        "State of Bolivia on migration, development and assistance to migrants."
    ),
    "Diplomático de carrera; fue cónsul general en São Paulo y en Buenos Aires.": (
        "Career diplomat; he was consul general in São Paulo and Buenos Aires."
    ),
    "Abogada; dirige la red consular boliviana y los servicios a las personas bolivianas en el "
    "exterior.": (
        "Lawyer; she leads Bolivia's consular network and its services to Bolivians abroad."
    ),
    "Ingeniero de sistemas; impulsó la digitalización del control migratorio.": (
        "Systems engineer; he led the digitalization of immigration control."
    ),
    "Especialista en derecho laboral y en acuerdos bilaterales de seguridad social.": (
        "Specialist in labour law and bilateral social security agreements."
    ),
    "Investiga el costo de envío de remesas y su efecto en el consumo de los hogares.": (
        "He studies the cost of sending remittances and its effect on household consumption."
    ),
    "Antropóloga; estudia las redes de migrantes andinos en España y Argentina.": (
        "Anthropologist; she studies the networks of Andean migrants in Spain and Argentina."
    ),
    "Retornó a Cochabamba tras quince años en Madrid; asesora a familias de migrantes.": (
        "He returned to Cochabamba after fifteen years in Madrid and advises migrants' families."
    ),
    "Politólogo; prepara el documento final del seminario.": (
        "Political scientist; he is preparing the seminar's final document."
    ),
    "Analista de política exterior en temas migratorios.": (
        "Foreign policy analyst specializing in migration."
    ),
}

REGISTRATION = {
    "Sus datos se usan solo para organizar el seminario y se eliminan seis meses después.": (
        "Your data is used only to run the seminar and is deleted six months afterwards."
    ),
}

# Owner kinds of this module (the report's texts are translated by the report's demo).
KINDS = ("event", "room", "theme", "agenda_item", "person", "registration_settings")


def english(source: str) -> str | None:
    """The demo's English for a Spanish demo text (None if the demo has none)."""
    if source.strip() == _spanish_description().strip():
        return DESCRIPTION
    for table in (EVENT, AGENDA, PEOPLE, REGISTRATION):
        if source in table:
            return table[source]
    return None


def _spanish_description() -> str:
    from ..events.demo import DESCRIPTION as SPANISH

    return SPANISH


def load_demo(event: Any) -> Any:
    """Translate every Spanish text of the demo event into English (idempotent)."""
    if event is None:
        return event
    for kind in KINDS:
        entry = services.owner(kind)
        for obj, name, state in services.owner_texts(event, entry, "en"):
            if state == services.Status.CURRENT:
                continue
            value = english(getattr(obj, name))
            if value is not None:
                services.save(obj, name, "en", value, version=None, user=None)
    return event
