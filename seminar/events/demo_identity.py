"""The demo seminar's identity: placeholder logos of its three hosts and two signatories with
placeholder signatures (CC0 drawings in static/img/demo/, not real emblems). Idempotent."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from .. import storage
from .identity import Signatory
from .logos import SVG_MEDIA_TYPE, sanitize_svg
from .models import Event

LOGOS = {
    "Oficina de la Organización en Bolivia": ("logo-bolivia-office.svg", "OB"),
    "Oficina Regional para los Países Andinos, Lima": ("logo-andean-office.svg", "ORA"),
    "Ministerio de Relaciones Exteriores del Estado Plurinacional de Bolivia": (
        "logo-ministry.svg",
        "MRE",
    ),
}
SIGNATORIES = (
    (
        "Mariana Céspedes Rojas",
        "Jefa de Misión",
        "Oficina de la Organización en Bolivia",
        "signature-1.svg",
    ),
    (
        "Jorge Alberto Villca Mamani",
        "Director General de Asuntos Consulares",
        "Ministerio de Relaciones Exteriores del Estado Plurinacional de Bolivia",
        "signature-2.svg",
    ),
)


def _store(filename: str, kind: str) -> str:
    path = Path(current_app.static_folder or "static") / "img" / "demo" / filename
    clean = sanitize_svg(path.read_bytes())
    return storage.put(clean, media_type=SVG_MEDIA_TYPE, kind=kind, public=True)


def load_identity(event: Event) -> None:
    """Give the demo hosts their logos and the event its signatories, once."""
    for host in event.host_organizations:
        if host.logo is None and host.name in LOGOS:
            filename, short_name = LOGOS[host.name]
            host.logo = _store(filename, "logos")
            host.logo_alt = host.name
            host.short_name = host.short_name or short_name
    if not event.signatories:
        for position, (name, title, organization, filename) in enumerate(SIGNATORIES):
            event.signatories.append(
                Signatory(
                    position=position,
                    name=name,
                    title=title,
                    organization=organization,
                    signature=_store(filename, "signatures"),
                )
            )
