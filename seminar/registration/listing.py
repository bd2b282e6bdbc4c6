"""The organizers' view of registrations: filters, sorting and counts (the desk and its exports)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.sql import Select

from ..events.models import Event
from ..extensions import db
from ..mail import OutboxMessage
from .capacity import get_settings
from .models import InstitutionType, Registration, RegistrationStatus

PER_PAGE = 50
SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Registration.family_name, Registration.given_name),
    "institution": (Registration.institution, Registration.family_name),
    "country": (Registration.country, Registration.family_name),
    "status": (Registration.status, Registration.family_name),
    "created": (Registration.created_at, Registration.id),
}
ACTIVE = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


@dataclass
class Filters:
    """What the organizer typed and chose above the table; also carried by export links."""

    q: str = ""
    status: str = ""
    day: str = ""
    country: str = ""
    institution_type: str = ""
    sort: str = "name"
    direction: str = "asc"

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        filters = cls(
            q=(args.get("q") or "").strip()[:100],
            status=args.get("status") or "",
            day=args.get("day") or "",
            country=(args.get("country") or "").upper()[:2],
            institution_type=args.get("institution_type") or "",
            sort=args.get("sort") or "name",
            direction="desc" if args.get("direction") == "desc" else "asc",
        )
        if filters.status not in {s.value for s in RegistrationStatus}:
            filters.status = ""
        if filters.institution_type not in {t.value for t in InstitutionType}:
            filters.institution_type = ""
        if filters.sort not in SORTS:
            filters.sort = "name"
        try:
            date.fromisoformat(filters.day)
        except ValueError:
            filters.day = ""
        return filters

    def as_args(self, **overrides: Any) -> dict[str, str]:
        """Non-default values as URL query arguments (for links that keep the current view)."""
        values = {**asdict(self), **overrides}
        defaults = asdict(Filters())
        return {k: str(v) for k, v in values.items() if v and v != defaults.get(k)}

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.status or self.day or self.country or self.institution_type)


def filtered_query(event: Event, filters: Filters) -> Select[tuple[Registration]]:
    query = select(Registration).where(Registration.event_id == event.id)
    if filters.q:
        like = f"%{filters.q.lower()}%"
        query = query.where(
            or_(
                *(
                    func.lower(column).like(like)
                    for column in (
                        Registration.given_name,
                        Registration.family_name,
                        Registration.email,
                        Registration.institution,
                        Registration.position,
                    )
                ),
                func.lower(Registration.given_name + " " + Registration.family_name).like(like),
            )
        )
    if filters.status:
        query = query.where(Registration.status == RegistrationStatus(filters.status))
    if filters.day:
        # ISO dates are stored as a JSON list; its text form contains the quoted date.
        query = query.where(cast(Registration.days, String).like(f'%"{filters.day}"%'))
    if filters.country:
        query = query.where(Registration.country == filters.country)
    if filters.institution_type:
        query = query.where(
            Registration.institution_type == InstitutionType(filters.institution_type)
        )
    columns = SORTS[filters.sort]
    order = [c.desc() if filters.direction == "desc" else c.asc() for c in columns]
    return query.order_by(*order, Registration.id)


@dataclass
class Summary:
    capacity: int | None
    by_status: dict[RegistrationStatus, int]
    by_day: list[tuple[date, int]]
    by_country: list[tuple[str, int]]
    by_type: list[tuple[InstitutionType, int]]
    total: int = 0
    countries: list[str] = field(default_factory=list)

    @property
    def confirmed(self) -> int:
        return self.by_status[RegistrationStatus.CONFIRMED]

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)

    @property
    def fill_percent(self) -> int:
        if not self.capacity:
            return 0
        return min(round(100 * self.confirmed / self.capacity), 100)


def summary(event: Event) -> Summary:
    """Counts by state, and for active registrations (not cancelled or declined) by day, country
    and type of institution; confirmed only for days, since that is who will be in the room."""
    rows = db.session.execute(
        select(
            Registration.status,
            Registration.days,
            Registration.country,
            Registration.institution_type,
        ).where(Registration.event_id == event.id)
    ).all()
    by_status = dict.fromkeys(RegistrationStatus, 0)
    days: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    types: Counter[InstitutionType] = Counter()
    all_countries = set()
    for status, reg_days, country, itype in rows:
        by_status[RegistrationStatus(status)] += 1
        all_countries.add(country)
        if status == RegistrationStatus.CONFIRMED:
            days.update(reg_days or [])
        if status in ACTIVE:
            countries[country] += 1
            types[InstitutionType(itype)] += 1
    return Summary(
        capacity=get_settings(event).capacity,
        by_status=by_status,
        by_day=[(day, days.get(day.isoformat(), 0)) for day in event.days],
        by_country=countries.most_common(),
        by_type=sorted(types.items(), key=lambda item: -item[1]),
        total=len(rows),
        countries=sorted(c for c in all_countries if c),
    )


def undelivered_mail(event: Event) -> list[OutboxMessage]:
    """E-mails of this event that failed, or are being retried after an error."""
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.event_id == event.id,
                or_(
                    OutboxMessage.status == "failed",
                    (OutboxMessage.status == "pending") & (OutboxMessage.attempts > 0),
                ),
            )
            .order_by(OutboxMessage.created_at.desc())
            .limit(200)
        )
    )


def mail_for(registration: Registration) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.related_type == "Registration",
                OutboxMessage.related_id == str(registration.id),
            )
            .order_by(OutboxMessage.created_at.desc())
        )
    )
