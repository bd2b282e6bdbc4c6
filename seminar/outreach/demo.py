"""Demo invitations and letters of the La Paz seminar (after the registration demo; idempotent).

Five institutions and two named people are invited: Peru's and Ecuador's foreign ministries have
nominated delegates (who registered through the demo registrations), Colombia's has not answered
yet (one reminder sent), Spain's AECID declined, and a consulate's focal point was invited in
person. Three participants asked for letters; two are issued. No e-mail is sent.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from ..dbtypes import utcnow
from ..extensions import db
from ..registration.models import InstitutionType, Registration
from .letters import make_reference
from .message_demo import load_messages
from .models import (
    Invitation,
    InvitationKind,
    InvitationStatus,
    Letter,
    LetterKind,
    LetterStatus,
    Nomination,
    NominationStatus,
    PassportDetails,
)
from .settings import get_settings

GOV, INTL = InstitutionType.GOVERNMENT, InstitutionType.INTERNATIONAL
# (institution, type, country, focal point, e-mail, language, quota, status, nominees' institution)
INSTITUTIONS = (
    ("Ministerio de Relaciones Exteriores del Perú", GOV, "PE", "Carla Núñez Rivas",
     "dgc@rree.gob.pe", "es", 2, InvitationStatus.NOMINATED,
     "Ministerio de Relaciones Exteriores del Perú"),
    ("Ministerio de Relaciones Exteriores y Movilidad Humana del Ecuador", GOV, "EC",
     "Paúl Jaramillo Vega", "movilidad@cancilleria.gob.ec", "es", 3, InvitationStatus.NOMINATED,
     "Ministerio de Relaciones Exteriores y Movilidad Humana"),
    ("Ministerio de Relaciones Exteriores de Colombia", GOV, "CO", "Diana Forero Cruz",
     "colombianosune@cancilleria.gov.co", "es", 2, InvitationStatus.PENDING, ""),
    ("Agencia Española de Cooperación Internacional para el Desarrollo (AECID)", INTL, "ES",
     "Marta Iglesias Soler", "otc.bolivia@aecid.es", "es", 1, InvitationStatus.DECLINED, ""),
    ("Ministerio de Relaciones Exteriores de Chile", GOV, "CL", "Tomás Errázuriz Vial",
     "chilenosenelexterior@minrel.gob.cl", "es", 2, InvitationStatus.NOMINATED,
     "Ministerio de Relaciones Exteriores de Chile"),
)  # fmt: skip
PEOPLE = (
    ("Consulado General de la República Argentina en La Paz", GOV, "AR", "Julieta Maidana Paz",
     "cgpaz@mrecic.gov.ar", "es", InvitationStatus.PENDING),
    ("International Labour Organization", INTL, "CH", "Helen Park", "park@ilo.example.org", "en",
     InvitationStatus.PENDING),
)  # fmt: skip


def load_demo(event: Any) -> Any:
    if event is None:
        return event
    exists = db.session.scalar(select(Invitation.id).where(Invitation.event_id == event.id))
    if exists is not None:
        return event
    settings = get_settings(event)
    settings.reference_prefix = "LPZ"
    settings.signatory_name = "María Elena Vargas Rojas"
    settings.signatory_title = "Jefa de Misión, Oficina en Bolivia"
    now = utcnow()
    registrations = list(
        db.session.scalars(select(Registration).where(Registration.event_id == event.id))
    )
    for n, (name, kind, country, contact, email, language, quota, status, nominees) in enumerate(
        INSTITUTIONS
    ):
        sent = now - timedelta(days=30 - n)
        invitation = Invitation(
            event_id=event.id, kind=InvitationKind.INSTITUTION, institution=name,
            institution_type=kind, country=country, contact_name=contact, email=email,
            language=language, quota=quota, status=status, sent_count=1, last_sent_at=sent,
            created_at=sent,
        )  # fmt: skip
        if status == InvitationStatus.PENDING:
            invitation.reminder_count, invitation.last_reminded_at = 1, sent + timedelta(days=8)
        else:
            invitation.answered_at = sent + timedelta(days=3)
        delegates = [r for r in registrations if r.institution == nominees and nominees][:quota]
        for registration in delegates:
            invitation.nominations.append(
                Nomination(
                    given_name=registration.given_name, family_name=registration.family_name,
                    email=registration.email, position=registration.position,
                    language=registration.preferred_language, registration_id=registration.id,
                    status=NominationStatus.REGISTERED, created_at=sent + timedelta(days=3),
                )
            )  # fmt: skip
        if status == InvitationStatus.NOMINATED and len(delegates) < quota:
            given, family = ("Rodrigo", "Salazar Mejía") if country == "EC" else ("Ana", "Rojas")
            invitation.nominations.append(
                Nomination(
                    given_name=given, family_name=family,
                    email=f"{given.lower()}.delegado@{email.partition('@')[2]}",
                    position="Asesor de Movilidad Humana", language="es",
                    created_at=sent + timedelta(days=4),
                )
            )  # fmt: skip
        db.session.add(invitation)
    for name, kind, country, contact, email, language, status in PEOPLE:
        sent = now - timedelta(days=12)
        db.session.add(
            Invitation(
                event_id=event.id, kind=InvitationKind.PERSON, institution=name,
                institution_type=kind, country=country, contact_name=contact, email=email,
                language=language, quota=1, status=status, sent_count=1, last_sent_at=sent,
                created_at=sent,
            )
        )  # fmt: skip
    _letters(event, registrations, now)
    db.session.flush()
    load_messages(event)
    return event


def _letters(event: Any, registrations: list[Registration], now: Any) -> None:
    by_country = {r.country: r for r in reversed(registrations) if r.status.value == "confirmed"}
    plan: tuple[tuple[str, LetterKind, list[str], str, bool], ...] = (
        ("CO", LetterKind.VISA, ["travel", "accommodation", "per_diem"], "AX123456", True),
        ("PE", LetterKind.TRAVEL, ["accommodation"], "", True),
        ("EC", LetterKind.VISA, [], "A7654321", False),
    )
    sequence = 0
    for country, kind, coverage, passport, issued in plan:
        registration = by_country.get(country)
        if registration is None:
            continue
        letter = Letter(
            event_id=event.id, registration_id=registration.id, kind=kind,
            requested_at=now - timedelta(days=10), coverage=coverage,
        )  # fmt: skip
        if issued:
            sequence += 1
            letter.sequence = sequence
            letter.reference = make_reference(event, sequence)
            letter.status = LetterStatus.ISSUED
            letter.issued_at = now - timedelta(days=8)
        db.session.add(letter)
        if passport:
            db.session.add(
                PassportDetails(
                    registration_id=registration.id, number=passport, nationality=country,
                    expires_on=event.ends_on + timedelta(days=900),
                    birth_date=event.starts_on - timedelta(days=365 * 41 + 77),
                )
            )  # fmt: skip
