"""Demo registration questions for the La Paz seminar, with answers on the demo registrations."""

from __future__ import annotations

from sqlalchemy import select

from ..events.models import Event
from ..extensions import db
from .models import InstitutionType, Registration
from .question_services import questions_for, save_answers, save_question
from .questions import RegistrationAnswer

VISA = {
    "kind": "yes_no",
    "label": {
        "es": "¿Requiere carta de invitación para visa?",
        "en": "Do you need an invitation letter for a visa?",
    },
    "help": {
        "es": "La organización la envía a su correo en un plazo de tres días hábiles.",
        "en": "The organizers e-mail it to you within three working days.",
    },
    "is_required": True,
}
AREAS = (
    ("Migración laboral", "Labour migration"),
    ("Protección consular", "Consular protection"),
    ("Remesas", "Remittances"),
    ("Trata y tráfico", "Trafficking and smuggling"),
)
AREA = {
    "kind": "one_choice",
    "label": {"es": "Área de trabajo", "en": "Area of work"},
    "help": {
        "es": "La que más se acerca a su trabajo diario.",
        "en": "The closest to your daily work.",
    },
    "audience": [InstitutionType.GOVERNMENT.value],
    "is_required": True,
    "choices": [{"label": {"es": es, "en": en}} for es, en in AREAS],
}


def load_questions(event: Event) -> None:
    """The two questions (once), and an answer from every demo registration that has none."""
    if not questions_for(event, include_hidden=True):
        save_question(event, None, VISA)
        save_question(event, None, AREA)
    visa, area = questions_for(event, include_hidden=True)[:2]
    keys = [choice.key for choice in area.choices]
    answered = set(
        db.session.scalars(
            select(RegistrationAnswer.registration_id)
            .join(Registration)
            .where(Registration.event_id == event.id)
        )
    )
    registrations = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)
    )
    for n, registration in enumerate(registrations):
        if registration.id in answered:
            continue
        # About a third come from abroad and ask for a letter; the areas take turns, unevenly.
        answers = {visa.id: "yes" if n % 3 == 1 else "no", area.id: keys[(n * n + n // 4) % 4]}
        save_answers(registration, answers, is_new=True)
    db.session.flush()
