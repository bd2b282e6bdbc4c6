// "Now" and "Next" markers on the public agenda, while the event is on. Without JavaScript the
// agenda is complete; this only highlights the current and the following time slots.
const container = document.querySelector(".agenda-days");

function mark() {
  if (!container) return;
  const now = Date.now();
  const slots = [...container.querySelectorAll(".slot[data-starts]")];
  let current = [];
  let next = null;
  for (const slot of slots) {
    const starts = Date.parse(slot.dataset.starts);
    const ends = Date.parse(slot.dataset.ends);
    if (starts <= now && now < ends) current.push(slot);
    else if (starts > now && (next === null || starts < Date.parse(next.dataset.starts))) next = slot;
  }
  // Only while the event is on: the next slot is marked if it starts within 12 hours.
  if (next && Date.parse(next.dataset.starts) - now > 12 * 3600 * 1000) next = null;
  for (const slot of slots) {
    const state = current.includes(slot) ? "now" : slot === next ? "next" : "";
    slot.classList.toggle("is-now", state === "now");
    slot.classList.toggle("is-next", state === "next");
    let badge = slot.querySelector(".now-badge");
    if (!state) {
      badge?.remove();
      continue;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "now-badge";
      slot.querySelector(".slot-time")?.append(badge);
    }
    badge.textContent = state === "now" ? container.dataset.labelNow : container.dataset.labelNext;
  }
}

mark();
setInterval(mark, 60 * 1000);
