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

for (const list of document.querySelectorAll(".rec-list[data-reorder-url]")) {
  let dragged = null;
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
    // Pointer dragging (mouse, pen and touch) by the handle.
    handle.addEventListener("pointerdown", (event) => {
      dragged = li;
      li.classList.add("is-dragging");
      handle.setPointerCapture(event.pointerId);
    });
    handle.addEventListener("pointermove", (event) => {
      if (dragged !== li) return;
      const over = document.elementFromPoint(event.clientX, event.clientY);
      const target = over && over.closest(".rec-list > li");
      if (!target || target === li || target.parentElement !== list) return;
      const box = target.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      list.insertBefore(li, after ? target.nextElementSibling : target);
    });
    const drop = () => {
      if (dragged !== li) return;
      dragged = null;
      li.classList.remove("is-dragging");
      save(list);
    };
    handle.addEventListener("pointerup", drop);
    handle.addEventListener("pointercancel", drop);
  }
}
