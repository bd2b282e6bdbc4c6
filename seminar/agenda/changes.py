"""What changed between two snapshots of the agenda, item by item: added, moved (time or room),
changed (title, speakers, ...) and cancelled. A version stores what changed for visitors; the
publish page shows what the working copy changes, internal items included."""

from __future__ import annotations

from typing import Any

CHANGE_KINDS = ("added", "moved", "changed", "cancelled")

# Fields compared for "changed" (a time or room change is "moved" instead).
COMPARED_FIELDS = (
    "title",
    "kind",
    "description",
    "theme_id",
    "language",
    "has_interpretation",
    "participants",
)


def _entry(item: dict[str, Any], rooms: dict[int, str]) -> dict[str, Any]:
    return {
        "uid": item["uid"],
        "title": item["title"],
        "starts_at": item["starts_at"],
        "ends_at": item["ends_at"],
        "room": rooms.get(item["room_id"], "") if item["room_id"] else "",
        "is_public": item["is_public"],
    }


def diff_snapshots(
    old: dict[str, Any] | None, new: dict[str, Any], *, public_only: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """What changed between two snapshots, item by item (matched on ``uid``).

    With ``public_only`` the comparison is what a visitor sees: an item made internal counts as
    cancelled, an internal item made public as added.
    """
    changes: dict[str, list[dict[str, Any]]] = {kind: [] for kind in CHANGE_KINDS}
    if old is None:
        return changes

    def visible(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {
            item["uid"]: item for item in snapshot["items"] if item["is_public"] or not public_only
        }

    old_items, new_items = visible(old), visible(new)
    old_rooms = {r["id"]: r["name"] for r in old["rooms"]}
    new_rooms = {r["id"]: r["name"] for r in new["rooms"]}
    for uid, item in new_items.items():
        before = old_items.get(uid)
        if before is None:
            changes["added"].append(_entry(item, new_rooms))
            continue
        room_before = old_rooms.get(before["room_id"], "") if before["room_id"] else ""
        room_after = new_rooms.get(item["room_id"], "") if item["room_id"] else ""
        fields = [f for f in COMPARED_FIELDS if before.get(f) != item.get(f)]
        if not public_only and before["is_public"] != item["is_public"]:
            fields.append("is_public")
        moved = (
            before["starts_at"] != item["starts_at"]
            or before["ends_at"] != item["ends_at"]
            or room_before != room_after
        )
        if moved:
            entry = _entry(item, new_rooms)
            entry["previous"] = {
                "starts_at": before["starts_at"],
                "ends_at": before["ends_at"],
                "room": room_before,
            }
            entry["fields"] = fields
            changes["moved"].append(entry)
        elif fields:
            entry = _entry(item, new_rooms)
            entry["fields"] = fields
            changes["changed"].append(entry)
    for uid, item in old_items.items():
        if uid not in new_items:
            changes["cancelled"].append(_entry(item, old_rooms))
    for entries in changes.values():
        entries.sort(key=lambda e: (e["starts_at"], e["title"]))
    return changes


def has_changes(changes: dict[str, list[Any]]) -> bool:
    return any(changes.get(kind) for kind in CHANGE_KINDS)
