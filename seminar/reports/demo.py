"""Demo report of the La Paz seminar: rapporteur notes, recommendations on the four themes, the
written sections in Spanish (the source) with their English translation (``demo_en``), and
version 1 finalized and published in both languages. Idempotent: nothing is added twice, and the
published version is only made once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import select

from ..accounts.models import User
from ..accounts.services import get_user_by_email
from ..documents import render_now
from ..events.demo_copy import load_next_edition
from ..extensions import db
from . import acronyms, demo_en, front_matter, services, sessions, versions
from .models import (
    Licence,
    Priority,
    Recommendation,
    RecommendationState,
    Report,
    ReportAcronym,
    ReportStatus,
    ReportVersion,
    SessionNote,
    Timeframe,
)

FOREWORD = """\
Bolivia es hoy, al mismo tiempo, un país de origen, de tránsito, de destino y de retorno de personas
migrantes. Cerca de una de cada tres bolivianas y bolivianos vive fuera del país, y sus decisiones,
sus remesas y sus derechos forman parte de la vida nacional tanto como lo que ocurre dentro de
nuestras fronteras.

Con este convencimiento, la Oficina de la Organización en Bolivia, la Oficina Regional para los
Países Andinos y el Ministerio de Relaciones Exteriores del Estado Plurinacional de Bolivia
convocaron en La Paz, los días {dates}, a más de cincuenta responsables de
políticas migratorias de la región andina, de Centroamérica y de España.

Este informe recoge con fidelidad el análisis y las recomendaciones de esas dos jornadas. Lo
ponemos a disposición de los gobiernos, de la sociedad civil y de las propias comunidades migrantes
con la esperanza de que sirva de guía para las políticas de los próximos años.

*Las instituciones organizadoras*
"""

ACKNOWLEDGEMENTS = """\
Las instituciones organizadoras agradecen a la Cancillería del Estado Plurinacional de Bolivia y a
la Dirección General de Migración por su apoyo constante en la preparación del seminario, y a la
Oficina Regional para los Países Andinos por su acompañamiento técnico.

El seminario fue posible gracias al financiamiento de la cooperación española, a través de la
Agencia Española de Cooperación Internacional para el Desarrollo (AECID), y al apoyo de la Unión
Europea (UE) a los procesos regionales de diálogo migratorio.

Agradecemos también a la Comunidad Andina (CAN), al Mercado Común del Sur (MERCOSUR), a la Comisión
Económica para América Latina y el Caribe (CEPAL), a la Organización Internacional del Trabajo (OIT)
y al Alto Comisionado de las Naciones Unidas para los Refugiados (ACNUR) por sus aportes técnicos,
así como a la Organización Internacional para las Migraciones (OIM) por compartir sus datos sobre
las rutas migratorias de la región. Sus contribuciones acercan el trabajo de la región a los
Objetivos de Desarrollo Sostenible (ODS).

Finalmente, agradecemos a las y los panelistas, moderadores, intérpretes y participantes, cuya
generosidad hizo de estas dos jornadas un espacio de diálogo franco.
"""

# The imprint and list of acronyms of the demo (the acronyms are all in the texts above and below).
IMPRINT = {
    "publisher": "Oficina de la Organización en Bolivia",
    "place": "La Paz",
    "licence": "cc-by-nc-sa-4.0",
    "disclaimer": (
        "Las opiniones expresadas en este informe son las de las personas participantes y no "
        "reflejan necesariamente las de las instituciones organizadoras ni las de sus Estados "
        "miembros. Las denominaciones empleadas y la forma en que aparecen presentados los datos "
        "no implican juicio alguno sobre la condición jurídica de países, territorios, ciudades o "
        "zonas, ni sobre sus autoridades o la delimitación de sus fronteras."
    ),
}
ACRONYMS = ("ACNUR", "AECID", "CAN", "CEPAL", "MERCOSUR", "ODS", "OIM", "OIT", "UE")

SUMMARY = """\
El seminario internacional **«Políticas migratorias, desarrollo y derechos humanos»** reunió en
La Paz a autoridades migratorias, consulares, laborales y de desarrollo de once países, junto con
organismos internacionales, academia y organizaciones de la sociedad civil.

Los debates partieron de una constatación compartida: la migración es un factor de desarrollo
cuando las personas migran de forma segura, ordenada y regular, y cuando sus derechos están
protegidos en todas las etapas del ciclo migratorio. En Bolivia, alrededor de **3 de sus 9 millones
de habitantes** viven en el exterior, principalmente en **Argentina, España y los Estados Unidos**;
las remesas que envían equivalen a una parte significativa de los ingresos de miles de hogares.

Las principales conclusiones fueron:

- las políticas migratorias de la región han avanzado en su marco normativo, pero su aplicación
  sigue siendo desigual y depende de capacidades institucionales limitadas;
- las remesas son un recurso privado de las familias; las políticas públicas deben abaratar su
  envío y ampliar la inclusión financiera, sin pretender dirigir su uso;
- la cooperación entre países de origen, tránsito y destino es indispensable para la protección
  de las personas migrantes, en especial en los corredores terrestres;
- la protección consular y la participación de las comunidades en el exterior requieren servicios
  más cercanos, digitales y con enfoque de derechos.

Los participantes adoptaron las recomendaciones que figuran en el capítulo 4, dirigidas a los
gobiernos de la región, a los ministerios de relaciones exteriores y a la Organización.
"""

CONTEXT = """\
La región andina vive la etapa de mayor movilidad humana de su historia reciente. A la emigración
tradicional hacia Argentina, España y los Estados Unidos se han sumado, en la última década,
importantes flujos intrarregionales y movimientos de retorno.

En el caso de Bolivia, las estimaciones disponibles indican que **alrededor de tres millones de
personas**, cerca de un tercio de una población de nueve millones, residen fuera del país. La
comunidad boliviana en Argentina es la más numerosa, seguida por las de España y los Estados
Unidos; en los últimos años han crecido también las comunidades en Chile y Brasil.

| País de residencia | Peso relativo en la diáspora | Rasgos principales |
|---|---|---|
| Argentina | la mayor comunidad | migración laboral, circular y familiar |
| España | segunda comunidad | alta proporción de mujeres, trabajo de cuidados |
| Estados Unidos | tercera comunidad | migración de larga data, mayor nivel de ingresos |

Las remesas recibidas por los hogares bolivianos superan con holgura el millar de millones de
dólares anuales y constituyen, para muchas familias, la principal fuente de ingresos. Sin embargo,
el costo de enviarlas sigue por encima de la meta del 3 % fijada en la Agenda 2030 para el
Desarrollo Sostenible.

La Ley de Migración de 2013 y los acuerdos de residencia del MERCOSUR y de la Comunidad Andina han
dado a la región un marco normativo avanzado. El seminario se convocó para examinar cómo ese marco
se aplica en la práctica y qué políticas necesita la próxima década.
"""

ANALYSIS = [
    """\
Los países de la región reconocen en sus planes nacionales de desarrollo el vínculo entre migración
y desarrollo, pero pocas veces lo traducen en metas, presupuestos e indicadores. La información
sobre las personas migrantes y retornadas es fragmentaria: los registros consulares, las encuestas
de hogares y los datos de frontera no se cruzan entre sí.

Los programas de retorno existentes se concentran en la reinserción laboral inmediata y atienden a
un número reducido de personas. Las experiencias más prometedoras combinan la certificación de
competencias adquiridas en el exterior con el acceso a crédito y a servicios locales de empleo.
""",
    """\
El costo medio de enviar 200 dólares desde España o los Estados Unidos hacia Bolivia se sitúa por
encima del 5 %, y es más alto en los corredores con menor competencia. Los canales digitales
reducen el costo, pero su uso es todavía limitado entre las personas de mayor edad y en las zonas
rurales, donde la red de puntos de pago es escasa.

Los participantes coincidieron en que las remesas son recursos privados. Las políticas públicas
pueden, sin embargo, ampliar las opciones de ahorro, crédito y seguros de los hogares receptores,
en particular de las mujeres, que son la mayoría de quienes las reciben.
""",
    """\
Los acuerdos de residencia del MERCOSUR y de la Comunidad Andina han permitido regularizar a
cientos de miles de personas. Persisten, no obstante, obstáculos prácticos: costos de trámites,
requisitos documentales difíciles de cumplir y plazos de respuesta largos.

La cooperación técnica entre países de origen, tránsito y destino se apoya todavía en proyectos de
corta duración. Los participantes subrayaron la necesidad de mecanismos permanentes de intercambio
de información y de protocolos comunes de atención en frontera.
""",
    """\
La red consular boliviana atiende a una población dispersa en decenas de ciudades con recursos
limitados. Los consulados móviles y la cita previa en línea han mejorado la atención, pero las
personas en situación irregular siguen acudiendo menos a los servicios por temor o por
desconocimiento.

La participación política de las comunidades en el exterior ha avanzado con el voto en el
extranjero; falta, en cambio, una instancia estable de consulta entre el Estado y las
organizaciones de migrantes.
""",
]

NOTES_BY_THEME: list[tuple[str, str, str]] = [
    (
        "El panel examinó cómo integrar la migración en la planificación del desarrollo nacional y "
        "local. Las personas ponentes coincidieron en que la falta de datos comparables impide "
        "medir el efecto de la migración en los territorios de origen.",
        "- Incluir metas migratorias en los planes de desarrollo.\n"
        "- Reconocer las competencias adquiridas en el exterior.\n"
        "- Vincular los programas de retorno con los servicios locales de empleo.",
        "> «La migración no es un problema que haya que resolver, sino una realidad que hay que "
        "gestionar con derechos.»",
    ),
    (
        "La sesión analizó el costo de envío de las remesas y las opciones de inclusión "
        "financiera de los hogares receptores, con experiencias de Bolivia, Ecuador y España.",
        "- El costo medio supera todavía el 5 % en varios corredores.\n"
        "- Los canales digitales abaratan el envío, pero no llegan a las zonas rurales.\n"
        "- Las mujeres son la mayoría de las receptoras.",
        "> «Las remesas son salario, no ayuda: las decisiones sobre su uso corresponden a las "
        "familias.»",
    ),
    (
        "Representantes de los países de origen, tránsito y destino expusieron los avances y "
        "obstáculos de los acuerdos de residencia y de la cooperación en frontera.",
        "- Los acuerdos regionales de residencia han regularizado a cientos de miles de personas.\n"
        "- Persisten costos y requisitos documentales que impiden completar los trámites.\n"
        "- Se propuso un protocolo común de atención en frontera.",
        "> «Ningún país puede proteger solo a las personas migrantes que cruzan sus fronteras.»",
    ),
    (
        "La sesión se centró en la protección consular y en la participación de las comunidades "
        "bolivianas en Argentina, España y los Estados Unidos.",
        "- Los consulados móviles acercan los servicios a las comunidades dispersas.\n"
        "- Las personas en situación irregular acuden menos a los consulados.\n"
        "- Se pidió un consejo consultivo estable de las comunidades en el exterior.",
        "> «El consulado debe ser la casa de todas las personas bolivianas, tengan o no papeles.»",
    ),
]
OPENING_NOTE = (
    "Las autoridades anfitrionas inauguraron el seminario y recordaron que cerca de tres de los "
    "nueve millones de bolivianas y bolivianos viven en el exterior. Destacaron el carácter "
    "regional del encuentro y el compromiso de traducir sus conclusiones en políticas.",
    "- La migración como factor de desarrollo.\n- El enfoque de derechos humanos en todas las "
    "etapas del ciclo migratorio.",
    "",
)

CLOSING_NOTE = (
    "La plenaria examinó las conclusiones de los grupos de trabajo y adoptó por consenso las "
    "recomendaciones que figuran en el capítulo 4. Las instituciones organizadoras se "
    "comprometieron a presentar el informe final a los gobiernos participantes y a dar "
    "seguimiento a su aplicación en un próximo encuentro regional.",
    "- Adopción por consenso de las recomendaciones.\n- Presentación del informe a los gobiernos.\n"
    "- Seguimiento en un próximo encuentro regional.",
    "> «Este documento no termina aquí: empieza a aplicarse mañana en cada uno de nuestros "
    "países.»",
)

RECOMMENDATIONS: list[tuple[int, str, str, Priority, Timeframe]] = [
    (0, "Incorporar metas, presupuesto e indicadores sobre migración y desarrollo en los planes "
        "nacionales y subnacionales de desarrollo.", "Gobiernos de la región", Priority.HIGH,
     Timeframe.MEDIUM),
    (0, "Crear un sistema nacional de información migratoria que cruce los registros "
        "consulares, las encuestas de hogares y los datos de frontera, con protección de datos "
        "personales.", "Gobiernos de la región", Priority.HIGH, Timeframe.MEDIUM),
    (0, "Establecer programas de certificación de competencias adquiridas en el exterior para "
        "facilitar la reinserción laboral de las personas retornadas.",
     "Ministerios de Trabajo", Priority.MEDIUM, Timeframe.SHORT),
    (1, "Reducir el costo de envío de las remesas por debajo del 3 % mediante la competencia "
        "entre operadores y la transparencia de tarifas.", "Gobiernos de la región",
     Priority.HIGH, Timeframe.MEDIUM),
    (1, "Ampliar la red de puntos de pago y los servicios financieros digitales en las zonas "
        "rurales, con programas de educación financiera dirigidos a las mujeres receptoras.",
     "Bancos centrales y autoridades financieras", Priority.MEDIUM, Timeframe.SHORT),
    (1, "Promover productos de ahorro, crédito y seguro vinculados a las remesas, respetando su "
        "carácter de recursos privados de las familias.", "La Organización", Priority.MEDIUM,
     Timeframe.MEDIUM),
    (2, "Reducir los costos y simplificar los requisitos documentales de los trámites de "
        "residencia previstos en los acuerdos regionales.", "Gobiernos de la región",
     Priority.HIGH, Timeframe.SHORT),
    (2, "Adoptar un protocolo regional común de atención y protección en los pasos de frontera, "
        "con especial atención a niñas, niños y adolescentes no acompañados.",
     "Ministerios de Relaciones Exteriores", Priority.HIGH, Timeframe.MEDIUM),
    (2, "Crear un mecanismo permanente de intercambio de información y de buenas prácticas "
        "entre los países de origen, tránsito y destino.", "La Organización", Priority.MEDIUM,
     Timeframe.MEDIUM),
    (3, "Ampliar los consulados móviles y la atención consular en línea, garantizando que las "
        "personas en situación irregular puedan acudir sin temor.",
     "Ministerio de Relaciones Exteriores", Priority.HIGH, Timeframe.SHORT),
    (3, "Establecer un consejo consultivo de las comunidades bolivianas en el exterior, con "
        "representación de Argentina, España y los Estados Unidos.",
     "Ministerio de Relaciones Exteriores", Priority.MEDIUM, Timeframe.SHORT),
    (3, "Formar al personal consular en derechos humanos, género y atención a víctimas de trata "
        "y tráfico de personas.", "La Organización", Priority.MEDIUM, Timeframe.IMMEDIATE),
    (3, "Celebrar convenios bilaterales de seguridad social que permitan sumar los periodos "
        "cotizados en los países de destino.", "Gobiernos de la región", Priority.LOW,
     Timeframe.LONG),
]  # fmt: skip


def _spanish_days(first: date, last: date) -> str:
    """'2 y 3 de diciembre de 2026', as the foreword names the seminar's days."""
    pattern = "d 'de' MMMM 'de' y"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} y {format_date(last, pattern, locale='es')}"
    return " y ".join(format_date(day, pattern, locale="es") for day in (first, last))


def load_demo(event: Any) -> Any:
    if event is None:
        return event
    report = services.ensure_report(event)
    author = get_user_by_email("rapporteur@example.org")
    organizer = get_user_by_email("organizer@example.org")
    if author is None or organizer is None:
        return event
    if report.title == event.title:  # not customized yet: the Spanish cover of the demo
        report.title = "Políticas migratorias, desarrollo y derechos humanos"
        report.subtitle = "Informe final del seminario internacional"
    for blank in services.sections_of(report):
        if blank.body:
            continue
        section = services.ensure_section(report, blank.key)
        if section.key == "foreword":
            section.body = FOREWORD.format(dates=_spanish_days(event.starts_on, event.ends_on))
        elif section.key == "acknowledgements":
            section.body = ACKNOWLEDGEMENTS
        elif section.key == "executive_summary":
            section.body = SUMMARY
        elif section.key == "context":
            section.body = CONTEXT
        elif section.theme_id is not None:
            theme_ids = [t.id for t in services.themes_of(event)]
            index = theme_ids.index(section.theme_id) if section.theme_id in theme_ids else 0
            section.body = ANALYSIS[index % len(ANALYSIS)]
        section.updated_by_id = author.id
    themes = services.themes_of(event)
    theme_index = {t.id: i for i, t in enumerate(themes)}
    rows = sessions.session_rows(event)
    for row in rows:
        if row.note is not None:
            continue
        if row.theme_id in theme_index:
            summary, points, statements = NOTES_BY_THEME[theme_index[row.theme_id] % 4]
        elif row.kind in ("opening", "keynote"):
            summary, points, statements = OPENING_NOTE
        elif row.kind in ("plenary", "closing"):
            summary, points, statements = CLOSING_NOTE
        else:
            continue
        db.session.add(
            SessionNote(
                event_id=event.id,
                agenda_item_id=row.item_id,
                summary=summary,
                key_points=points,
                statements=statements,
                updated_by_id=author.id,
            )
        )
    existing = db.session.scalar(
        select(Recommendation.id).where(Recommendation.event_id == event.id).limit(1)
    )
    if existing is None:
        for position, (index, text, addressee, priority, timeframe) in enumerate(
            RECOMMENDATIONS, start=1
        ):
            theme = themes[index] if index < len(themes) else None
            sources = [r.item_id for r in rows if theme is not None and r.theme_id == theme.id]
            rec = Recommendation(
                event_id=event.id,
                theme_id=theme.id if theme else None,
                text=text,
                addressee=addressee,
                priority=priority,
                timeframe=timeframe,
                state=RecommendationState.ADOPTED,
                position=position,
            )
            db.session.add(rec)
            if sources:
                from ..agenda.models import AgendaItem

                rec.items = [db.session.get(AgendaItem, i) for i in sources[:2]]  # type: ignore[misc]
    db.session.flush()
    _front_matter(report, author)
    demo_en.translate(report, author)  # the English twin of the report, before version 1
    has_version = db.session.scalar(
        select(ReportVersion.id).where(ReportVersion.report_id == report.id).limit(1)
    )
    if has_version is None and rows:
        if report.status == ReportStatus.DRAFT:
            report.status = ReportStatus.IN_REVIEW
        # Dated the morning after the (future) seminar: a version frozen before the event's last
        # day would be a draft, and the demo shows a published report.
        after = datetime.combine(
            event.ends_on + timedelta(days=1), time(10), ZoneInfo(event.timezone)
        )
        version = versions.finalize(report, by=organizer, at=after.astimezone(UTC))
        # The command line renders the version itself (there may be no worker running yet).
        db.session.commit()
        for file in version.files:  # one PDF per language
            render_now(file.document_id)
        db.session.refresh(version)
        versions.publish(report, version, by=organizer)
    demo_en.outdate_context(report)  # after version 1: its English text is now outdated
    db.session.flush()
    # Last of the whole demo: next year's copy takes the translations and the acronyms along.
    load_next_edition(event)
    return event


def _front_matter(report: Report, author: User) -> None:
    """The imprint (the year and citation are generated) and the list of acronyms, once."""
    front = front_matter.ensure_front_matter(report)
    if front.id is not None:
        return
    for key, value in IMPRINT.items():
        setattr(front, key, value)
    front.licence = Licence(IMPRINT["licence"])
    front.updated_by_id = author.id
    db.session.flush()
    known = acronyms.KNOWN["es"]
    for position, acronym in enumerate(ACRONYMS):
        db.session.add(
            ReportAcronym(
                report_id=report.id,
                acronym=acronym,
                expansion=known.get(acronym, ""),
                position=position,
            )
        )
