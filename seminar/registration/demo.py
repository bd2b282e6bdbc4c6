"""Demo registrations for the La Paz seminar: 58 invented officials of the region's ministries,
migration directorates, ombudsman offices, universities, NGOs and international organizations,
and a few guests from further away whose names are written in their own scripts (Arabic, Chinese,
Cyrillic, Devanagari), so every document shows that such names print.

Every name, address and phone number here is invented. Rows are created with the models directly
(no e-mails are sent) but with their state history, and day one has its check-ins. Approval is
required and the 50 seats are full, so four are pending and four wait on the waiting list.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from ..accounts.services import get_user_by_email
from ..extensions import db
from .demo_questions import load_questions
from .models import (
    CheckIn,
    InstitutionType,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    Sex,
    StatusChange,
)

G = InstitutionType.GOVERNMENT
I = InstitutionType.INTERNATIONAL  # noqa: E741
C = InstitutionType.CIVIL_SOCIETY
A = InstitutionType.ACADEMIA

# honorific, given, family, position, institution, type, country, language
PEOPLE: tuple[tuple[str, str, str, str, str, InstitutionType, str, str], ...] = (
    ("Sra.", "Ximena", "Condori Apaza", "Directora General de Migración", "Dirección General de Migración, Ministerio de Gobierno", G, "BO", "es"),
    ("Sr.", "Rodrigo", "Mendoza Quiroga", "Viceministro de Gestión Institucional y Consular", "Ministerio de Relaciones Exteriores", G, "BO", "es"),
    ("Lic.", "Teresa", "Huanca Limachi", "Jefa de la Unidad de Bolivianos en el Exterior", "Ministerio de Relaciones Exteriores", G, "BO", "es"),
    ("Dr.", "Marcelo", "Arze Villarroel", "Defensor Adjunto", "Defensoría del Pueblo", G, "BO", "es"),
    ("Lic.", "Paola", "Rojas Mamani", "Jefa de Movilidad Laboral", "Ministerio de Trabajo, Empleo y Previsión Social", G, "BO", "es"),
    ("Sr.", "Gonzalo", "Salinas Tórrez", "Coordinador de Programas", "Pastoral de Movilidad Humana", C, "BO", "es"),
    ("Dra.", "Carmen Rosa", "Ticona Quispe", "Investigadora", "Universidad Mayor de San Andrés, Instituto de Investigaciones Sociológicas", A, "BO", "es"),
    ("Sr.", "Javier", "Calle Choque", "Director de Asuntos Consulares", "Ministerio de Relaciones Exteriores", G, "BO", "es"),
    ("Ing.", "Verónica", "Gutiérrez Paz", "Responsable de Estadísticas Migratorias", "Instituto Nacional de Estadística", G, "BO", "es"),
    ("Sra.", "Lucía", "Vargas Cárdenas", "Superintendenta Nacional de Migraciones (e)", "Superintendencia Nacional de Migraciones", G, "PE", "es"),
    ("Emb.", "Alonso", "Benavides Ugarte", "Director General de Comunidades Peruanas en el Exterior", "Ministerio de Relaciones Exteriores del Perú", G, "PE", "es"),
    ("Sr.", "Renato", "Quispe Huamán", "Especialista en Migración Laboral", "Ministerio de Trabajo y Promoción del Empleo", G, "PE", "es"),
    ("Dra.", "Milagros", "Ccori Palomino", "Adjunta para los Derechos Humanos", "Defensoría del Pueblo del Perú", G, "PE", "es"),
    ("Sra.", "Rosa Elvira", "Chávez Ríos", "Coordinadora Regional", "Encuentros Servicio Jesuita de la Solidaridad", C, "PE", "es"),
    ("Dr.", "Fernando", "Aguilar Sotomayor", "Profesor Principal", "Pontificia Universidad Católica del Perú", A, "PE", "es"),
    ("Sr.", "Esteban", "Andrade Cevallos", "Viceministro de Movilidad Humana", "Ministerio de Relaciones Exteriores y Movilidad Humana", G, "EC", "es"),
    ("Sra.", "Daniela", "Paredes Yánez", "Directora de Protección de Derechos", "Ministerio de Relaciones Exteriores y Movilidad Humana", G, "EC", "es"),
    ("Lic.", "Santiago", "Cárdenas Villacís", "Analista de Política Migratoria", "Ministerio del Interior", G, "EC", "es"),
    ("Sra.", "Gabriela", "Montalvo Reyes", "Jefa de Misión adjunta", "Organización Internacional para las Migraciones, Ecuador", I, "EC", "es"),
    ("Dr.", "Mauricio", "Lasso Endara", "Investigador asociado", "FLACSO Ecuador", A, "EC", "es"),
    ("Sra.", "Catalina", "Restrepo Ospina", "Subdirectora de Extranjería", "Migración Colombia", G, "CO", "es"),
    ("Sr.", "Andrés Felipe", "Gómez Bermúdez", "Coordinador del Grupo Interno de Trabajo Colombia Nos Une", "Ministerio de Relaciones Exteriores de Colombia", G, "CO", "es"),
    ("Dra.", "Natalia", "Vélez Arango", "Delegada para los Derechos de la Población en Movilidad Humana", "Defensoría del Pueblo de Colombia", G, "CO", "es"),
    ("Sr.", "Julián", "Castaño Rincón", "Asesor de Migración Laboral", "Ministerio del Trabajo", G, "CO", "es"),
    ("Sra.", "Valentina", "Ortiz Galeano", "Oficial de Protección", "Consejo Noruego para Refugiados, Colombia", C, "CO", "es"),
    ("Sr.", "Cristóbal", "Fuenzalida Rojas", "Jefe del Departamento de Estudios", "Servicio Nacional de Migraciones", G, "CL", "es"),
    ("Sra.", "Francisca", "Araya Contreras", "Directora para la Comunidad de Chilenos en el Exterior", "Ministerio de Relaciones Exteriores de Chile", G, "CL", "es"),
    ("Dra.", "Macarena", "Sepúlveda Lagos", "Académica, Centro de Estudios Migratorios", "Universidad de Santiago de Chile", A, "CL", "es"),
    ("Sr.", "Ignacio", "Valdés Morales", "Abogado", "Clínica Jurídica de Migrantes y Refugiados", C, "CL", "es"),
    ("Sr.", "Martín", "Ferreyra Olmos", "Director Nacional de Migraciones adjunto", "Dirección Nacional de Migraciones", G, "AR", "es"),
    ("Sra.", "Julieta", "Bianchi Herrera", "Coordinadora de Asuntos Migratorios", "Ministerio de Relaciones Exteriores, Comercio Internacional y Culto", G, "AR", "es"),
    ("Dr.", "Leandro", "Pereyra Acosta", "Investigador", "CONICET – Universidad de Buenos Aires", A, "AR", "es"),
    ("Sra.", "Florencia", "Domínguez Paz", "Directora Ejecutiva", "Centro de Estudios Legales y Sociales (programa de migrantes)", C, "AR", "es"),
    ("Sr.", "Hugo", "Benítez Cabrera", "Director General de Migraciones", "Dirección General de Migraciones", G, "PY", "es"),
    ("Sra.", "Liz", "Giménez Ortiz", "Directora de Atención a Comunidades Paraguayas en el Extranjero", "Ministerio de Relaciones Exteriores del Paraguay", G, "PY", "es"),
    ("Sr.", "Óscar", "Villalba Duarte", "Jefe de Empleo", "Ministerio de Trabajo, Empleo y Seguridad Social", G, "PY", "es"),
    ("Sra.", "María José", "Pérez Cifuentes", "Subdirectora General", "Instituto Guatemalteco de Migración", G, "GT", "es"),
    ("Sr.", "Edgar", "Xicará Ajú", "Director de Atención al Migrante", "Ministerio de Relaciones Exteriores de Guatemala", G, "GT", "es"),
    ("Sra.", "Ana Lucía", "Mérida Chávez", "Jefa de Misión adjunta", "Organización Internacional para las Migraciones, Guatemala", I, "GT", "es"),
    ("Sr.", "Byron", "Cotí Tzunún", "Coordinador", "Mesa Nacional para las Migraciones en Guatemala", C, "GT", "es"),
    ("Sra.", "Inmaculada", "Serrano Beltrán", "Directora General de Migraciones", "Ministerio de Inclusión, Seguridad Social y Migraciones", G, "ES", "es"),
    ("Sr.", "Álvaro", "Iglesias Montero", "Subdirector General de Relaciones Laborales Internacionales", "Ministerio de Trabajo y Economía Social", G, "ES", "es"),
    ("Sra.", "Nuria", "Castells Ferrer", "Consejera de Trabajo y Migraciones", "Embajada de España en Bolivia", G, "ES", "es"),
    ("Dr.", "Pablo", "Lorenzo Gil", "Profesor Titular de Derecho Internacional", "Universidad Complutense de Madrid", A, "ES", "es"),
    ("Ms", "Helen", "Whitfield", "Regional Migration Policy Officer", "International Labour Organization, Regional Office", I, "PE", "en"),
    ("Mr", "Дмитрий", "Соколов", "Counsellor for Consular Affairs", "Embassy of the Russian Federation in Bolivia", G, "RU", "en"),
    ("Dr", "Amara", "Nwosu", "Senior Researcher", "Migration Policy Research Network", A, "GB", "en"),
    ("Mr", "सुनील", "कुमार", "Director, Overseas Employment", "Ministry of External Affairs of India", G, "IN", "en"),
    ("Ms", "丽华", "陈", "Senior Researcher, Labour Migration", "Chinese Academy of Social Sciences", A, "CN", "en"),
    ("Dr", "فاطمة", "الزهراء بن علي", "Migration Policy Adviser", "International Centre for Migration Policy Development", I, "TN", "en"),
    ("Sr.", "Raúl", "Zambrana Flores", "Jefe de Control Migratorio, Aeropuerto El Alto", "Dirección General de Migración", G, "BO", "es"),
    ("Sra.", "Noemí", "Alanoca Tarqui", "Técnica de Trata y Tráfico de Personas", "Ministerio de Justicia y Transparencia Institucional", G, "BO", "es"),
    ("Sr.", "Wilfredo", "Chambi Ramos", "Concejal, Comisión de Derechos Humanos", "Gobierno Autónomo Municipal de El Alto", G, "BO", "es"),
    ("Sra.", "Patricia", "Soliz Antezana", "Directora", "Fundación Scalabrini Bolivia", C, "BO", "es"),
    ("Sr.", "Jorge Luis", "Medina Ávila", "Cónsul General en São Paulo", "Ministerio de Relaciones Exteriores", G, "BO", "es"),
    ("Sra.", "Elena", "Mamani Copa", "Secretaria Ejecutiva", "Asociación de Familiares de Migrantes", C, "BO", "es"),
    ("Sr.", "Tomás", "Riquelme Soto", "Encargado de Asuntos Migratorios", "Embajada de Chile en Bolivia", G, "CL", "es"),
    ("Sra.", "Beatriz", "Lozano Navarro", "Asesora", "Agencia Española de Cooperación Internacional para el Desarrollo", I, "ES", "es"),
)  # fmt: skip

PENDING = {50, 51, 52, 53}  # index in PEOPLE: awaiting approval
WAITLISTED = {54, 55, 56, 57}
NOT_LISTED = {3, 13, 24, 33, 46, 52}  # did not consent to appear in the participants' list
ABSENT_DAY_ONE = {6, 11, 19, 28, 35, 40, 44}  # confirmed but not (yet) checked in on day one
SECOND_DAY_ONLY = {19, 44}


def _sex(honorific: str, given: str, n: int) -> Sex:
    """A plausible answer to the optional question: a few prefer not to say or skip it."""
    if n % 19 == 7:
        return Sex.UNDISCLOSED
    if n % 23 == 11:
        return Sex.NOT_STATED
    if honorific in ("Sra.", "Dra.", "Ms", "Mrs"):
        return Sex.FEMALE
    if honorific in ("Sr.", "Dr.", "Mr"):
        return Sex.MALE
    return Sex.FEMALE if given.split()[0].endswith("a") else Sex.MALE


def _email(given: str, family: str, n: int) -> str:
    import unicodedata

    def ascii_part(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        words = plain.lower().split()
        return words[0] if words else "guest"  # a name in a non-Latin script

    return f"{ascii_part(given)}.{ascii_part(family)}{n}@example.org"


def load_demo(event: Any) -> Any:
    settings = db.session.scalar(
        select(RegistrationSettings).where(RegistrationSettings.event_id == event.id)
    )
    # Registration opened some eleven weeks before the demo was loaded and closes two days before
    # the seminar starts: it is open now, and every demo registration lies in the past.
    opens_at = datetime.combine(date.today() - timedelta(days=80), time(12), tzinfo=UTC)
    if settings is None:
        settings = RegistrationSettings(
            event_id=event.id,
            opens_at=opens_at,
            closes_at=datetime.combine(event.starts_on - timedelta(days=2), time(23), tzinfo=UTC),
            # Full: the 50 seats are taken, so the four latest are on the waiting list.
            capacity=50,
            requires_approval=True,
            privacy_notice=(  # in Spanish; seminar/content/demo.py adds the English text
                "Sus datos se usan solo para organizar el seminario y se eliminan seis meses "
                "después."
            ),
        )
        db.session.add(settings)
    existing = set(
        db.session.scalars(select(Registration.email).where(Registration.event_id == event.id))
    )
    checkin_user = get_user_by_email("checkin@example.org")
    organizer = get_user_by_email("organizer@example.org")
    day_one, *rest = event.days
    day_two = rest[0] if rest else day_one
    registered_base = (settings.opens_at or opens_at) + timedelta(days=1, hours=1)
    for n, (honorific, given, family, position, institution, kind, country, language) in enumerate(
        PEOPLE
    ):
        email = _email(given, family, n + 1)
        if email in existing:
            continue
        at = registered_base + timedelta(hours=29 * n + 7 * (n % 5))
        if n in PENDING:
            status = RegistrationStatus.PENDING
        elif n in WAITLISTED:
            status = RegistrationStatus.WAITLISTED
        else:
            status = RegistrationStatus.CONFIRMED
        days = (
            [day_two.isoformat()] if n in SECOND_DAY_ONLY else [d.isoformat() for d in event.days]
        )
        registration = Registration(
            event_id=event.id,
            honorific=honorific,
            given_name=given,
            family_name=family,
            position=position,
            institution=institution,
            institution_type=kind,
            country=country,
            sex=_sex(honorific, given, n),
            email=email,
            phone=f"+591 7{n:02d}{(n * 37) % 100:02d}{(n * 53) % 1000:03d}",
            preferred_language=language,
            days=days,
            needs_interpretation=language == "en",
            dietary_needs="Vegetariana" if n % 11 == 4 else "",
            accessibility_needs="Acceso sin escaleras" if n == 31 else "",
            consents_to_list=n not in NOT_LISTED,
            privacy_accepted_at=at,
            status=status,
            waitlisted_at=at if status == RegistrationStatus.WAITLISTED else None,
            source="form",
            created_at=at,
            updated_at=at,
        )
        # Approval is required: everyone starts pending, then the organizers decide.
        first = RegistrationStatus.PENDING
        registration.history.append(
            StatusChange(
                from_status=None,
                to_status=first.value,
                reason="Registrado mediante el formulario público",
                at=at,
            )
        )
        if first != status:
            registration.history.append(
                StatusChange(
                    from_status=first.value,
                    to_status=status.value,
                    reason="Aprobado por la organización"
                    if status == RegistrationStatus.CONFIRMED
                    else "Aforo completo: en lista de espera",
                    by_user_id=getattr(organizer, "id", None),
                    at=at + timedelta(hours=20),
                )
            )
        arrived = status == RegistrationStatus.CONFIRMED and n not in ABSENT_DAY_ONE
        if arrived and day_one.isoformat() in days:
            minutes = 8 * 60 + 5 + (n * 7) % 55
            registration.checkins.append(
                CheckIn(
                    day=day_one,
                    at=datetime(day_one.year, day_one.month, day_one.day, tzinfo=UTC)
                    + timedelta(hours=4, minutes=minutes),  # La Paz is UTC-4
                    by_user_id=getattr(checkin_user, "id", None),
                )
            )
        db.session.add(registration)
    db.session.flush()
    load_questions(event)
    return event
