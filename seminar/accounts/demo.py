"""Demo accounts, one per role. Demo data only: the password is public."""

from __future__ import annotations

from typing import Any

from ..extensions import db
from .services import get_user_by_email

DEMO_PASSWORD = "seminar-demo"
DEMO_USERS = (
    ("admin@example.org", "Administración del sitio", True),
    ("organizer@example.org", "Lucía Mamani Quispe", False),
    ("rapporteur@example.org", "Andrés Villca Rojas", False),
    ("checkin@example.org", "Carmen Choque Flores", False),
)


def load_demo(event: Any) -> Any:
    from .models import User

    for email, name, is_admin in DEMO_USERS:
        user = get_user_by_email(email)
        if user is None:
            user = User(email=email, name=name, is_admin=is_admin, locale="es")
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
    db.session.flush()
    return event
