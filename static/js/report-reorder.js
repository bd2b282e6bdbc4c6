// Reorder recommendations within a theme: drag a handle with the mouse or a finger, or focus the
// handle and press the arrow keys. Without JavaScript the Move up / Move down buttons do the same.
import { postJSON } from "./app.js";

const status = document.getElementById("reorder-status");

function announce(message) {
  if (status) status.textContent = message;
}

async function save(list) {
  const ids = [...list.querySelectorAll(":scope > li")].map((li) => Number(li.dataset.id));
  const { ok, data } = await postJSON(list.dataset.reorderUrl, { ids });
  if (!ok) {
    announce((data && data.detail) || "Error");
    window.location.reload();
    return;
  }
  for (const li of list.querySelectorAll(":scope > li")) {
    const num = li.querySelector("[data-num]");
    const value = data.numbers[li.dataset.id];
    if (num && value !== undefined) num.textContent = num.textContent.replace(/\d+/, String(value));
  }
  refreshButtons(list);
}

function refreshButtons(list) {
  const items = [...list.querySelectorAll(":scope > li")];
  items.forEach((li, index) => {
    li.querySelector('button[value="up"]').disabled = index === 0;
    li.querySelector('button[value="down"]').disabled = index === items.length - 1;
  });
}

function move(li, direction) {
  const list = li.parentElement;
  const sibling = direction === "up" ? li.previousElementSibling : li.nextElementSibling;
  if (!sibling) return false;
  if (direction === "up") list.insertBefore(li, sibling);
  else list.insertBefore(sibling, li);
  const items = [...list.children];
  announce(`${items.indexOf(li) + 1} / ${items.length}`);
  return true;
}

function order(list) {
  return [...list.querySelectorAll(":scope > li")].map((li) => li.dataset.id).join(",");
}

// Pointer dragging (mouse, pen and touch) by the handle. Moving the card in the document releases
// any pointer capture, so the drag follows the pointer on the whole document, not on the handle.
function startDrag(list, li, event) {
  if (event.button !== 0 || !event.isPrimary) return;
  event.preventDefault();
  const before = order(list);
  const pointer = event.pointerId;
  li.classList.add("is-dragging");
  const onMove = (moved) => {
    if (moved.pointerId !== pointer) return;
    moved.preventDefault();
    const edge = 48;
    if (moved.clientY < edge) window.scrollBy(0, -12);
    else if (moved.clientY > window.innerHeight - edge) window.scrollBy(0, 12);
    const over = document.elementFromPoint(moved.clientX, moved.clientY);
    const target = over && over.closest(".rec-list > li");
    if (!target || target === li || target.parentElement !== list) return;
    const box = target.getBoundingClientRect();
    const after = moved.clientY > box.top + box.height / 2;
    const reference = after ? target.nextElementSibling : target;
    if (reference !== li && reference !== li.nextElementSibling) list.insertBefore(li, reference);
  };
  const onEnd = (ended) => {
    if (ended.pointerId !== pointer) return;
    document.removeEventListener("pointermove", onMove);
    document.removeEventListener("pointerup", onEnd);
    document.removeEventListener("pointercancel", onEnd);
    li.classList.remove("is-dragging");
    if (order(list) === before) return;
    const items = [...list.children];
    announce(`${items.indexOf(li) + 1} / ${items.length}`);
    save(list);
  };
  document.addEventListener("pointermove", onMove, { passive: false });
  document.addEventListener("pointerup", onEnd);
  document.addEventListener("pointercancel", onEnd);
}

for (const list of document.querySelectorAll(".rec-list[data-reorder-url]")) {
  for (const li of list.querySelectorAll(":scope > li")) {
    const handle = li.querySelector(".drag-handle");
    handle.hidden = false;
    // Keyboard: arrow keys move the item; focus stays on its handle.
    handle.addEventListener("keydown", (event) => {
      const direction = { ArrowUp: "up", ArrowDown: "down" }[event.key];
      if (!direction) return;
      event.preventDefault();
      if (move(li, direction)) {
        handle.focus();
        save(list);
      }
    });
    // The Move up / Move down buttons: same move, no page reload.
    for (const button of li.querySelectorAll(".move-form button")) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        if (move(li, button.value)) {
          save(list);
          (button.disabled ? handle : button).focus();
        }
      });
    }
    handle.addEventListener("pointerdown", (event) => startDrag(list, li, event));
  }
}
