"""Shared helpers of the registration core tests."""

from __future__ import annotations

import re
from typing import Any

from seminar.events.models import Event


def form_data(event: Event, **overrides: Any) -> dict[str, Any]:
    """What an official types into the public form."""
    data: dict[str, Any] = {
        "honorific": "Lic.",
        "given_name": "María José",
        "family_name": "Choque Añez",
        "email": "mj.choque@example.org",
        "phone": "+591 2 2123456",
        "preferred_language": "es",
        "position": "Directora General de Migración",
        "institution": "Ministerio de Gobierno",
        "institution_type": "government",
        "country": "BO",
        "days": [d.isoformat() for d in event.days],
        "dietary_needs": "Vegetariana",
        "accessibility_needs": "",
        "privacy_accepted": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def self_service_link(text: str) -> str:
    match = re.search(r"https?://\S+/registration/[A-Za-z0-9_.\-]+", text)
    assert match, f"no self-service link in: {text[:500]}"
    return match.group(0)


def mail_to(mailbox: Any, address: str, count: int = 1, timeout: float = 10.0) -> list[Any]:
    """The messages delivered to one address (others may still arrive from earlier tests)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = mailbox.to(address)
        if len(found) >= count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"expected {count} e-mail(s) to {address}, got {len(mailbox.to(address))}")
