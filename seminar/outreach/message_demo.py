"""Demo messages to participants of the La Paz seminar: a logistics message to the confirmed
participants (Spanish and English) and a note to the invitees who have not answered, both
delivered, an evaluation request scheduled for the last afternoon and a draft about the closing
dinner. No e-mail leaves: the
outbox rows are written as already delivered.

The automatic reminder stays off in the demo, as for every new event: a demo instance must never
write by itself to the (real-looking) addresses of its sample participants.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..accounts.models import User
from ..dbtypes import utcnow
from ..extensions import db
from .messages import deliver_to_audience
from .models import MessageState, ParticipantMessage

LOGISTICS = {
    "es": (
        "Traslado desde el aeropuerto y acreditación",
        "Estimado/a {name}:\n\nLe esperamos en el **Hotel Presidente** (calle Potosí 920, La Paz).\n\n"
        "- El traslado sale del aeropuerto internacional de El Alto cada hora, de 07:00 a 21:00.\n"
        "- La acreditación abre a las 08:00 del primer día, en el vestíbulo del Salón Illimani.\n"
        "- Lleve su documento de identidad o pasaporte.\n\n"
        "La Paz está a 3600 metros de altura: beba agua y descanse la tarde de su llegada.",
    ),
    "en": (
        "Airport transfer and accreditation",
        "Dear {name},\n\nWe look forward to seeing you at the **Hotel Presidente** (calle Potosí "
        "920, La Paz).\n\n"
        "- The shuttle leaves El Alto international airport every hour from 7 AM to 9 PM.\n"
        "- Accreditation opens at 8 AM on the first day, in the lobby of the Illimani room.\n"
        "- Please bring your identity card or passport.\n\n"
        "La Paz lies 3,600 metres above sea level: drink water and rest on your arrival afternoon.",
    ),
}
INVITEES = (
    "Su respuesta a la invitación",
    "Estimado/a {name}:\n\nAún no hemos recibido la respuesta de su institución a la invitación al "
    "seminario. Los cupos se asignan por orden de respuesta: le agradeceremos responder desde el "
    "enlace de su invitación antes del viernes.",
)
EVALUATION = {
    "es": (
        "Su opinión sobre el seminario",
        "Estimado/a {name}:\n\nGracias por su participación. Le pedimos diez minutos para "
        "completar la evaluación del seminario; sus respuestas orientarán la próxima edición.",
    ),
    "en": (
        "Your opinion of the seminar",
        "Dear {name},\n\nThank you for taking part. Please give us ten minutes to complete the "
        "seminar's evaluation; your answers will shape the next edition.",
    ),
}

DINNER = {
    "es": (
        "Cena de clausura",
        "Estimado/a {name}:\n\nLe invitamos a la cena de clausura, el segundo día a las 20:00, "
        "en el restaurante del hotel. Confirme su asistencia en la acreditación.",
    ),
}


def _message(event: Any, author: User | None, texts: dict[str, tuple[str, str]], group: str,
             at: datetime) -> ParticipantMessage:  # fmt: skip
    message = ParticipantMessage(
        event=event,
        created_by_id=getattr(author, "id", None),
        subjects={lang: subject for lang, (subject, _body) in texts.items()},
        bodies={lang: body for lang, (_subject, body) in texts.items()},
        audience={"group": group, "country": "", "institution_type": ""},
        created_at=at,
    )
    db.session.add(message)
    return message


def _delivered(message: ParticipantMessage, at: datetime) -> None:
    deliver_to_audience(message, at)
    for n, recipient in enumerate(message.recipients):
        if recipient.outbox is not None:
            recipient.outbox.status, recipient.outbox.attempts = "sent", 1
            recipient.outbox.created_at = at
            recipient.outbox.sent_at = at + timedelta(seconds=2 + n)


def load_messages(event: Any) -> None:
    """Idempotent: nothing is added once the event has a message."""
    if db.session.scalar(
        select(ParticipantMessage.id).where(ParticipantMessage.event_id == event.id).limit(1)
    ):
        return
    author = db.session.scalar(select(User).where(User.email == "organizer@example.org"))
    now = utcnow().replace(microsecond=0)
    logistics = _message(event, author, LOGISTICS, "confirmed", now - timedelta(days=3))
    _delivered(logistics, now - timedelta(days=3, minutes=-5))
    invitees = _message(
        event, author, {"es": INVITEES}, "invitees_pending", now - timedelta(days=5)
    )
    _delivered(invitees, now - timedelta(days=5, minutes=-2))
    evaluation = _message(
        event, author, EVALUATION, "checked_in_first_day", now - timedelta(days=1)
    )
    evaluation.state = MessageState.SCHEDULED
    evaluation.scheduled_at = datetime.combine(
        event.ends_on, time(17, 0), tzinfo=ZoneInfo(event.timezone)
    )
    _message(event, author, DINNER, "confirmed", now - timedelta(hours=2))
    db.session.flush()
