// Live conflict checks while an item is dragged or moved with the keyboard. They mirror the
// server's rules (seminar/agenda/conflicts.py) and its messages; the server still decides on save.

export function liveConflicts(item, allItems, { rooms, days, T, fmt, span }) {
  const found = [];
  if (item.end <= item.start) {
    found.push({ kind: "ends_before_start", severity: "error", message: T.ends_before_start });
    return found;
  }
  const people = new Map(item.people.map((p) => [p.id, p.name]));
  for (const other of allItems) {
    if (other.id === item.id || other.day !== item.day) continue;
    if (!(item.start < other.end && other.start < item.end)) continue;
    if (item.room_id != null && item.room_id === other.room_id) {
      found.push({
        kind: "room_overlap",
        severity: "error",
        message: fmt(T.room_overlap, {
          title: item.title,
          other: other.title,
          span: span(other),
          room: rooms.get(item.room_id)?.name ?? "",
        }),
      });
    }
    for (const person of other.people) {
      if (people.has(person.id)) {
        found.push({
          kind: "person_overlap",
          severity: "warning",
          message: fmt(T.person_overlap, {
            person: people.get(person.id),
            title: item.title,
            other: other.title,
            span: span(other),
          }),
        });
      }
    }
  }
  const room = rooms.get(item.room_id);
  const confirmed = days.get(item.day)?.confirmed ?? 0;
  if (room?.capacity && confirmed > room.capacity) {
    found.push({
      kind: "capacity",
      severity: "warning",
      message: fmt(T.capacity, { room: room.name, capacity: room.capacity, count: confirmed }),
    });
  }
  return found.sort((a, b) => (a.severity === "error" ? 0 : 1) - (b.severity === "error" ? 0 : 1));
}
