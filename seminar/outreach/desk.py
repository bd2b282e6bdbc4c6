"""The organizers' invitations desk: every invitation with its answers, counts and last e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..events.models import Event
from ..extensions import db
from ..mail import OutboxMessage
from .invitations import held_seats
from .models import Invitation, InvitationStatus


@dataclass
class InvitationRow:
    invitation: Invitation
    nominated: int
    registered: int
    message: Any  # the latest e-mail to the invitee (an OutboxMessage) or None

    @property
    def no_answer(self) -> bool:
        return self.invitation.status in (InvitationStatus.PENDING, InvitationStatus.EXPIRED)


@dataclass
class Totals:
    invited: int = 0
    nominated: int = 0
    registered: int = 0
    declined: int = 0
    no_answer: int = 0
    held: int = 0


def desk_rows(
    event: Event, *, status: str = "", kind: str = "", q: str = ""
) -> tuple[list[InvitationRow], Totals]:
    """Every invitation with its counts and latest e-mail, filtered; totals over all of them."""
    invitations = list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.event_id == event.id)
            .options(selectinload(Invitation.nominations))
            .order_by(Invitation.country, Invitation.institution, Invitation.contact_name)
        )
    )
    latest: dict[str, OutboxMessage] = {}
    for message in db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.event_id == event.id, OutboxMessage.related_type == "Invitation")
        .order_by(OutboxMessage.id)
    ):
        latest[message.related_id] = message
    rows, totals = [], Totals(held=held_seats(event))
    for invitation in invitations:
        active = invitation.active_nominations
        row = InvitationRow(
            invitation,
            nominated=len(active),
            registered=sum(1 for n in active if n.registration_id is not None)
            + (invitation.registration_id is not None),
            message=latest.get(str(invitation.id)),
        )
        totals.invited += 1
        totals.nominated += row.nominated
        totals.registered += row.registered
        totals.declined += invitation.status == InvitationStatus.DECLINED
        totals.no_answer += row.no_answer
        if _matches(row, status, kind, q):
            rows.append(row)
    return rows, totals


def _matches(row: InvitationRow, status: str, kind: str, q: str) -> bool:
    invitation = row.invitation
    if status == "no_answer" and not row.no_answer:
        return False
    if status and status != "no_answer" and invitation.status.value != status:
        return False
    if kind and invitation.kind.value != kind:
        return False
    if q:
        haystack = " ".join((invitation.institution, invitation.contact_name, invitation.email))
        return q.casefold() in haystack.casefold()
    return True
