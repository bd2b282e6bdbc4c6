"""Badges PDF for 60 participants (target: under 3 s), plus the participants' list and certificates.

Standalone: ``python bench/bench_badges.py``. Builds a private SQLite database with the demo
seminar and 60 confirmed participants (each with a day-one check-in), then requests the PDFs through
the whole Flask stack (routing, permission check, queries, template, WeasyPrint) as an organizer.
Prints a table and writes bench/results/badges.json.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 5
PARTICIPANTS = 60
TARGET_SECONDS = 3.0


def build_app(folder: Path):  # type: ignore[no-untyped-def]
    from flask_migrate import upgrade

    from seminar import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "SECRET_KEY": "bench-only-secret",
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "MAIL_DISPATCH": "off",
            "LOG_LEVEL": "WARNING",
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        from datetime import UTC, datetime

        from seminar.accounts import demo as accounts_demo
        from seminar.events import demo as events_demo
        from seminar.extensions import db
        from seminar.registration import demo as registration_demo
        from seminar.registration.models import CheckIn, Registration, RegistrationStatus

        event = events_demo.load_demo(accounts_demo.load_demo(None))
        registration_demo.load_demo(event)
        confirmed = db.session.query(Registration).filter_by(status=RegistrationStatus.CONFIRMED)
        missing = PARTICIPANTS - confirmed.count()
        for n in range(missing):
            db.session.add(
                Registration(
                    event_id=event.id,
                    honorific="Sra.",
                    given_name=f"María Fernanda {n}",
                    family_name="Gutiérrez de la Fuente",
                    position="Directora de Políticas Migratorias y Asuntos Consulares",
                    institution="Ministerio de Relaciones Exteriores y Movilidad Humana",
                    country="EC",
                    email=f"bench{n}@example.org",
                    days=[d.isoformat() for d in event.days],
                    status=RegistrationStatus.CONFIRMED,
                    checkins=[CheckIn(day=event.starts_on, at=datetime.now(UTC))],
                )
            )
        db.session.commit()
        slug = event.slug
    return app, slug


def measure(client, url: str) -> tuple[list[float], int]:  # type: ignore[no-untyped-def]
    client.get(url)  # warm-up: imports, font loading, template compilation
    times = []
    size = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        assert response.mimetype == "application/pdf"
        size = len(response.data)
    return times, size


def main() -> int:
    os.environ.pop("SEMINAR_DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as tmp:
        app, slug = build_app(Path(tmp))
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
        response = client.post(
            "/login", data={"email": "organizer@example.org", "password": "seminar-demo"}
        )
        assert response.status_code == 302, "sign-in failed"
        base = f"/manage/{slug}/registrations"
        results = {}
        for name, url in (
            (f"badges.pdf ({PARTICIPANTS} participants, 8 pages)", f"{base}/badges.pdf"),
            ("participants.pdf", f"{base}/participants.pdf"),
            (f"certificates.pdf ({PARTICIPANTS - 7}+ pages)", f"{base}/certificates.pdf"),
        ):
            times, size = measure(client, url)
            results[name] = {
                "runs": RUNS,
                "min_s": round(min(times), 3),
                "median_s": round(statistics.median(times), 3),
                "max_s": round(max(times), 3),
                "bytes": size,
            }
    print(f"{'document':<42} {'min':>7} {'median':>7} {'max':>7} {'size':>9}")
    for name, r in results.items():
        print(
            f"{name:<42} {r['min_s']:>6.2f}s {r['median_s']:>6.2f}s {r['max_s']:>6.2f}s "
            f"{r['bytes'] // 1024:>7} KB"
        )
    load = os.getloadavg()
    print(f"machine load average during the run: {load[0]:.1f} (on {os.cpu_count()} cores)")
    badges = next(iter(results.values()))
    ok = badges["median_s"] < TARGET_SECONDS
    print(
        f"target: badges for {PARTICIPANTS} under {TARGET_SECONDS:.0f} s -> {'met' if ok else 'MISSED'}"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "badges.json").write_text(
        json.dumps(
            {"target_s": TARGET_SECONDS, "met": ok, "load_average": load[0], "results": results},
            indent=2,
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
