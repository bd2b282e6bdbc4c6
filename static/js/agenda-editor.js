// The timetable editor: a day x room grid on a time axis. Items are buttons that can be dragged
// (move), resized by their lower edge, and operated with the keyboard. Every change is saved at
// once through the JSON API; the server is the judge of conflicts and versions.

import { postJSON } from "./app.js";
import { liveConflicts } from "./agenda-editor-conflicts.js";
import { readPeople, showPeople } from "./agenda-editor-people.js";

const data = document.getElementById("ed-data").dataset;
const state = JSON.parse(data.state);
const T = JSON.parse(data.strings);
const board = document.getElementById("ed-board");
const statusEl = document.getElementById("ed-status");
const alertEl = document.getElementById("ed-alert");
const dialog = document.getElementById("ed-dialog");
const form = document.getElementById("ed-form");
const lang = document.documentElement.lang || "en";

const PX = 1.8; // pixels per minute: one hour is 108 px
const SNAP = 5;
const DEFAULT_LENGTH = 60;
const DRAG_THRESHOLD = 4;
const KEY_SAVE_DELAY = 450;

const items = new Map(state.items.map((item) => [item.id, item]));
const rooms = state.rooms;
const roomById = new Map(rooms.map((r) => [r.id, r]));
const themeById = new Map(state.themes.map((t) => [t.id, t]));
const dayByDate = new Map(state.days.map((d) => [d.date, d]));
const columns = []; // {day, roomId, el}
const elements = new Map(); // item id -> button
let conflicts = state.conflicts;

// --- Small helpers ------------------------------------------------------------------------------

export function fmt(template, values) {
  return template.replace(/%\((\w+)\)[sd]/g, (_, key) => (key in values ? String(values[key]) : ""));
}

// One way to write a time per language, as the server does (seminar/i18n.py TIME_PATTERNS):
// Spanish "09:30" on a 24-hour clock, English "9:30 AM".
const clockFormat = new Intl.DateTimeFormat(
  lang,
  lang === "es"
    ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }
    : { hour: "numeric", minute: "2-digit", timeZone: "UTC" },
);
function clock(minutes) {
  return clockFormat.format(new Date(Date.UTC(2000, 0, 1, 0, minutes)));
}
function span(item) {
  return `${clock(item.start)}–${clock(item.end)}`;
}
function hhmm(minutes) {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}
function localISO(day, minutes) {
  if (minutes >= 1440) {
    const next = new Date(`${day}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return `${next.toISOString().slice(0, 10)}T${hhmm(minutes - 1440)}`;
  }
  return `${day}T${hhmm(minutes)}`;
}
const snap = (minutes) => Math.round(minutes / SNAP) * SNAP;
const clamp = (value, low, high) => Math.max(low, Math.min(high, value));
const roomName = (id) => (id == null ? T.no_room : roomById.get(id)?.name ?? T.no_room);
const dayLabel = (day) => dayByDate.get(day)?.label ?? day;

function announce(message) {
  statusEl.textContent = message;
}

function showAlert(message) {
  alertEl.textContent = message;
  alertEl.hidden = !message;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

// --- Building the board -------------------------------------------------------------------------

const win = state.window;
const height = (win.end - win.start) * PX;
const columnRooms = [...rooms.map((r) => r.id), null];

function buildBoard() {
  board.replaceChildren();
  const perDay = columnRooms.length;
  const dayColumns = `${"minmax(9.5rem, 1fr) ".repeat(rooms.length)}minmax(7.5rem, .7fr)`;
  board.style.gridTemplateColumns = `4.25rem ${`${dayColumns} `.repeat(state.days.length).trim()}`;

  const corner = el("div", "ed-corner");
  corner.style.gridRow = "1 / span 2";
  board.append(corner);
  state.days.forEach((day, d) => {
    const head = el("div", "ed-day-head");
    head.style.gridColumn = `${2 + d * perDay} / span ${perDay}`;
    head.append(el("span", "ed-day-name", day.label));
    head.append(el("span", "ed-day-meta", fmt(T.confirmed, { n: day.confirmed })));
    board.append(head);
  });
  state.days.forEach((day, d) => {
    columnRooms.forEach((roomId, r) => {
      const head = el("div", `ed-room-head${r === 0 ? " ed-first" : ""}`);
      head.style.gridColumn = String(2 + d * perDay + r);
      head.style.gridRow = "2";
      head.append(el("span", "ed-room-name", roomName(roomId)));
      const room = roomById.get(roomId);
      if (room?.capacity) head.append(el("span", "ed-room-meta", fmt(T.seats, { n: room.capacity })));
      board.append(head);
    });
  });

  const axis = el("div", "ed-axis");
  axis.style.gridRow = "3";
  axis.style.height = `${height}px`;
  axis.setAttribute("aria-hidden", "true");
  for (let m = Math.ceil(win.start / 60) * 60; m < win.end; m += 60) {
    const label = el("span", "ed-hour", clock(m));
    label.style.top = `${(m - win.start) * PX}px`;
    axis.append(label);
  }
  board.append(axis);

  state.days.forEach((day, d) => {
    columnRooms.forEach((roomId, r) => {
      const col = el("div", `ed-col${r === 0 ? " ed-first" : ""}${roomId == null ? " ed-col-none" : ""}`);
      col.style.gridColumn = String(2 + d * perDay + r);
      col.style.gridRow = "3";
      col.style.height = `${height}px`;
      col.setAttribute("role", "group");
      col.setAttribute("aria-label", fmt(T.column, { room: roomName(roomId), day: day.label }));
      col.dataset.day = day.date;
      col.dataset.room = roomId == null ? "" : String(roomId);
      for (let m = Math.ceil(win.start / 60) * 60; m < win.end; m += 60) {
        const line = el("span", "ed-line");
        line.style.top = `${(m - win.start) * PX}px`;
        line.setAttribute("aria-hidden", "true");
        col.append(line);
      }
      col.addEventListener("click", onColumnClick);
      col.addEventListener("pointermove", onColumnHover);
      col.addEventListener("pointerleave", () => hoverMark.remove());
      board.append(col);
      columns.push({ day: day.date, roomId, el: col });
    });
  });
  for (const item of items.values()) renderItem(item);
  renderConflicts();
}

function columnFor(day, roomId) {
  return columns.find((c) => c.day === day && c.roomId === (roomId ?? null));
}

// --- Items --------------------------------------------------------------------------------------

function renderItem(item) {
  let button = elements.get(item.id);
  const wasFocused = button && document.activeElement === button;
  if (!button) {
    button = el("button", "ed-item");
    button.type = "button";
    button.dataset.id = String(item.id);
    button.setAttribute("aria-describedby", "ed-help-text");
    button.addEventListener("pointerdown", onItemPointerDown);
    button.addEventListener("click", onItemClick);
    button.addEventListener("keydown", onItemKey);
    elements.set(item.id, button);
  }
  button.className = `ed-item ed-kind-${item.kind}${item.is_public ? "" : " ed-internal"}`;
  const theme = themeById.get(item.theme_id);
  button.classList.toggle("ed-themed", Boolean(theme));
  button.style.setProperty("--theme", theme ? theme.color : "");
  button.style.top = `${(item.start - win.start) * PX}px`;
  button.style.height = `${Math.max((item.end - item.start) * PX - 2, 14)}px`;
  button.classList.toggle("ed-short", item.end - item.start < 40);

  const body = [];
  body.push(el("span", "ed-item-time", span(item)));
  body.push(el("span", "ed-item-title", item.title));
  const people = item.people.map((p) => p.name).join(", ");
  if (people) body.push(el("span", "ed-item-people", people));
  const meta = [theme?.name, item.is_public ? null : T.internal].filter(Boolean).join(" · ");
  if (meta) body.push(el("span", "ed-item-meta", meta));
  body.push(el("span", "visually-hidden", `, ${fmt(T.item_at, { room: roomName(item.room_id), day: dayLabel(item.day) })}`));
  const mine = conflicts.filter((c) => c.item_ids.includes(item.id));
  if (mine.length) {
    const worst = mine.some((c) => c.severity === "error") ? "error" : "warning";
    const flag = el("span", `ed-flag ed-flag-${worst}`, worst === "error" ? T.conflict_flag : T.warning_flag);
    body.push(flag);
    body.push(el("span", "visually-hidden", `: ${mine.map((c) => c.message).join(" ")}`));
    button.title = mine.map((c) => c.message).join("\n");
  } else {
    button.removeAttribute("title");
  }
  button.classList.toggle("ed-conflict-error", mine.some((c) => c.severity === "error"));
  button.classList.toggle("ed-conflict-warning", mine.length > 0 && !mine.some((c) => c.severity === "error"));
  const handle = el("span", "ed-resize");
  handle.setAttribute("aria-hidden", "true");
  body.push(handle);
  button.replaceChildren(...body);

  const column = columnFor(item.day, item.room_id);
  if (column && button.parentElement !== column.el) column.el.append(button);
  if (wasFocused && document.activeElement !== button) button.focus();
}

function removeItem(id) {
  elements.get(id)?.remove();
  elements.delete(id);
  items.delete(id);
}

function renderConflicts() {
  const panel = document.getElementById("ed-conflicts");
  const list = document.getElementById("ed-conflict-list");
  list.replaceChildren();
  panel.hidden = conflicts.length === 0;
  panel.classList.toggle("ed-conflicts-error", conflicts.some((c) => c.severity === "error"));
  document.getElementById("ed-conflicts-title").textContent =
    conflicts.length === 1 ? T.conflicts_title_one : fmt(T.conflicts_title, { n: conflicts.length });
  for (const conflict of conflicts) {
    const li = el("li", `ed-conflict-row ed-conflict-row-${conflict.severity}`);
    li.append(el("span", `badge ${conflict.severity === "error" ? "badge-declined" : "badge-draft"}`,
      conflict.severity === "error" ? T.conflict_flag : T.warning_flag));
    li.append(document.createTextNode(` ${conflict.message} `));
    const target = conflict.item_ids.find((id) => elements.has(id));
    if (target != null) {
      const show = el("button", "link-button", T.show);
      show.type = "button";
      show.addEventListener("click", () => {
        const button = elements.get(target);
        button.scrollIntoView({ block: "center", inline: "center" });
        button.focus();
      });
      li.append(show);
    }
    list.append(li);
  }
}

function setConflicts(next) {
  const touched = new Set([...conflicts, ...next].flatMap((c) => c.item_ids));
  conflicts = next;
  for (const id of touched) if (items.has(id)) renderItem(items.get(id));
  renderConflicts();
}

// --- Saving -------------------------------------------------------------------------------------

const queues = new Map(); // item id -> {timer, busy, dirty}

function changeOf(item) {
  return {
    version: item.version,
    starts_at: localISO(item.day, item.start),
    ends_at: localISO(item.day, item.end),
    room_id: item.room_id,
  };
}

function scheduleSave(id, delay) {
  const queue = queues.get(id) ?? { timer: null, busy: false, dirty: false, saved: null };
  queues.set(id, queue);
  queue.dirty = true;
  clearTimeout(queue.timer);
  queue.timer = setTimeout(() => flush(id), delay);
  announce(T.saving);
}

async function flush(id) {
  const queue = queues.get(id);
  if (!queue || queue.busy || !queue.dirty) return;
  const item = items.get(id);
  if (!item) return;
  queue.busy = true;
  queue.dirty = false;
  const result = await send(`${state.urls.items}/${id}`, changeOf(item), "PATCH");
  queue.busy = false;
  if (result.ok) {
    const local = items.get(id);
    const server = result.data.item;
    remember(server);
    if (queue.dirty && local) {
      local.version = server.version; // newer local edits follow with the fresh version
    } else {
      items.set(id, server);
      renderItem(server);
    }
    setConflicts(result.data.conflicts);
    showAlert("");
    announce(T.saved);
  } else {
    queue.dirty = false;
    refuse(id, result);
  }
  if (queue.dirty) flush(id);
}

async function send(url, body, method) {
  try {
    return await postJSON(url, body, { method });
  } catch {
    return { ok: false, status: 0, data: null };
  }
}

function refuse(id, result) {
  const data = result.data || {};
  if (result.status === 409 && data.item) {
    items.set(id, data.item);
    remember(data.item);
    renderItem(data.item);
    const their = data.item;
    showAlert(`${data.detail} ${fmt(T.moved, { title: their.title, span: span(their), room: roomName(their.room_id), day: dayLabel(their.day) })}`);
  } else {
    const saved = lastSaved.get(id);
    if (saved) {
      items.set(id, { ...saved });
      renderItem(saved);
    }
    showAlert(data.detail || T.network);
  }
  announce("");
}

// The last version the server confirmed, to roll back a refused change.
const lastSaved = new Map();
const remember = (item) => lastSaved.set(item.id, { ...item });
for (const item of items.values()) remember(item);

// --- Pointer: create, move, resize --------------------------------------------------------------

const hoverMark = el("div", "ed-hover");
hoverMark.setAttribute("aria-hidden", "true");
let drag = null;
let suppressClick = false;

function minutesAt(column, clientY) {
  const rect = column.getBoundingClientRect();
  return (clientY - rect.top) / PX + win.start;
}

function onColumnHover(event) {
  if (drag || event.target !== event.currentTarget) {
    hoverMark.remove();
    return;
  }
  const start = clamp(Math.floor(minutesAt(event.currentTarget, event.clientY) / 15) * 15, win.start, win.end - 15);
  hoverMark.style.top = `${(start - win.start) * PX}px`;
  hoverMark.style.height = `${30 * PX}px`;
  hoverMark.textContent = `+ ${clock(start)}`;
  if (hoverMark.parentElement !== event.currentTarget) event.currentTarget.append(hoverMark);
}

function onColumnClick(event) {
  const column = event.currentTarget;
  if (event.target !== column && event.target !== hoverMark && !event.target.classList.contains("ed-line")) return;
  const start = clamp(Math.floor(minutesAt(column, event.clientY) / 15) * 15, win.start, win.end - SNAP);
  openDialog(null, {
    day: column.dataset.day,
    room_id: column.dataset.room ? Number(column.dataset.room) : null,
    start,
    end: Math.min(start + DEFAULT_LENGTH, 1440),
  });
}

function onItemPointerDown(event) {
  if (event.button !== 0) return;
  const button = event.currentTarget;
  const item = items.get(Number(button.dataset.id));
  const resizing = event.target.classList.contains("ed-resize");
  const rect = button.getBoundingClientRect();
  drag = {
    id: item.id,
    button,
    resizing,
    startX: event.clientX,
    startY: event.clientY,
    grab: (event.clientY - rect.top) / PX,
    origin: { ...item },
    moved: false,
  };
  // Listen on the window: moving the item to another column takes it out of the DOM for a moment,
  // which would drop a pointer capture on the button.
  window.addEventListener("pointermove", onDragMove);
  window.addEventListener("pointerup", onDragEnd, { once: true });
  window.addEventListener("pointercancel", onDragCancel, { once: true });
}

function columnAt(clientX, clientY) {
  const hit = document.elementsFromPoint(clientX, clientY).find((node) => node.classList?.contains("ed-col"));
  if (hit) return columns.find((c) => c.el === hit);
  // Outside the board vertically: keep the column under the pointer's x.
  return columns.find((c) => {
    const rect = c.el.getBoundingClientRect();
    return clientX >= rect.left && clientX < rect.right;
  });
}

function onDragMove(event) {
  if (!drag) return;
  if (!drag.moved) {
    if (Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) < DRAG_THRESHOLD) return;
    drag.moved = true;
    drag.button.classList.add("ed-dragging");
    hoverMark.remove();
  }
  const item = items.get(drag.id);
  const origin = drag.origin;
  if (drag.resizing) {
    const delta = snap((event.clientY - drag.startY) / PX);
    item.end = clamp(origin.end + delta, item.start + SNAP, Math.min(win.end, 1440));
  } else {
    const column = columnAt(event.clientX, event.clientY);
    if (!column) return;
    const length = origin.end - origin.start;
    const start = clamp(snap(minutesAt(column.el, event.clientY) - drag.grab), win.start, win.end - length);
    Object.assign(item, { day: column.day, room_id: column.roomId, start, end: start + length });
  }
  previewItem(item);
}

function previewItem(item) {
  const found = liveConflicts(item, items.values(), { rooms: roomById, days: dayByDate, T, fmt, span });
  const button = elements.get(item.id);
  renderItem(item);
  button.classList.toggle("ed-live-error", found.some((c) => c.severity === "error"));
  button.classList.toggle("ed-live-warning", found.length > 0 && !found.some((c) => c.severity === "error"));
  const tip = found.map((c) => c.message).join(" ");
  showLiveTip(button, tip);
  if (tip) announce(tip);
}

const liveTip = el("div", "ed-live-tip");
liveTip.setAttribute("aria-hidden", "true");
function showLiveTip(button, text) {
  if (!text) {
    liveTip.remove();
    return;
  }
  liveTip.textContent = text;
  liveTip.classList.toggle("ed-live-tip-error", button.classList.contains("ed-live-error"));
  if (liveTip.parentElement !== button.parentElement) button.parentElement.append(liveTip);
  liveTip.style.top = `${parseFloat(button.style.top) + parseFloat(button.style.height) + 6}px`;
}

function endDrag() {
  const button = drag.button;
  window.removeEventListener("pointermove", onDragMove);
  window.removeEventListener("pointerup", onDragEnd);
  window.removeEventListener("pointercancel", onDragCancel);
  button.classList.remove("ed-dragging", "ed-live-error", "ed-live-warning");
  liveTip.remove();
}

function onDragEnd() {
  if (!drag) return;
  const { id, moved, origin } = drag;
  endDrag();
  drag = null;
  if (!moved) return;
  suppressClick = true;
  setTimeout(() => (suppressClick = false), 0);
  const item = items.get(id);
  if (item.start === origin.start && item.end === origin.end && item.day === origin.day && item.room_id === origin.room_id) {
    renderItem(item);
    return;
  }
  renderItem(item);
  scheduleSave(id, 0);
}

function onDragCancel() {
  if (!drag) return;
  items.set(drag.id, drag.origin);
  renderItem(drag.origin);
  endDrag();
  drag = null;
}

function onItemClick(event) {
  if (suppressClick) {
    event.preventDefault();
    return;
  }
  openDialog(items.get(Number(event.currentTarget.dataset.id)));
}

// --- Keyboard -----------------------------------------------------------------------------------

function onItemKey(event) {
  const id = Number(event.currentTarget.dataset.id);
  const item = items.get(id);
  const length = item.end - item.start;
  let changed = true;
  switch (event.key) {
    case "ArrowUp":
    case "ArrowDown": {
      const step = event.key === "ArrowUp" ? -SNAP : SNAP;
      if (event.shiftKey) {
        item.end = clamp(item.end + step, item.start + SNAP, Math.min(win.end, 1440));
      } else {
        item.start = clamp(item.start + step, win.start, win.end - length);
        item.end = item.start + length;
      }
      break;
    }
    case "ArrowLeft":
    case "ArrowRight": {
      const index = columnRooms.indexOf(item.room_id ?? null);
      const next = columnRooms[index + (event.key === "ArrowLeft" ? -1 : 1)];
      if (next === undefined) {
        changed = false;
        break;
      }
      item.room_id = next;
      break;
    }
    case "PageUp":
    case "PageDown": {
      const index = state.days.findIndex((d) => d.date === item.day);
      const next = state.days[index + (event.key === "PageUp" ? -1 : 1)];
      if (!next) {
        changed = false;
        break;
      }
      item.day = next.date;
      break;
    }
    case "Delete":
      event.preventDefault();
      deleteItem(item);
      return;
    default:
      changed = false;
  }
  if (!changed) return;
  event.preventDefault();
  renderItem(item);
  const found = liveConflicts(item, items.values(), { rooms: roomById, days: dayByDate, T, fmt, span });
  const where = fmt(T.moved, { title: item.title, span: span(item), room: roomName(item.room_id), day: dayLabel(item.day) });
  announce([where, ...found.map((c) => c.message)].join(" "));
  elements.get(id).scrollIntoView({ block: "nearest", inline: "nearest" });
  scheduleSave(id, KEY_SAVE_DELAY);
}

async function deleteItem(item) {
  if (!window.confirm(fmt(T.confirm_delete, { title: item.title }))) return;
  const result = await send(`${state.urls.items}/${item.id}`, { version: item.version }, "DELETE");
  if (result.ok) {
    removeItem(item.id);
    setConflicts(result.data.conflicts);
    showAlert("");
    announce(fmt(T.deleted, { title: item.title }));
    closeDialog();
    document.getElementById("ed-new").focus();
  } else {
    closeDialog();
    refuse(item.id, result);
  }
}

// --- The details dialog -------------------------------------------------------------------------

let editing = null; // item being edited, or null when creating
let returnFocus = null;

function fillSelect(select, options, value) {
  select.replaceChildren(
    ...options.map(([v, label]) => {
      const option = el("option", null, label);
      option.value = v == null ? "" : String(v);
      return option;
    }),
  );
  select.value = value == null ? "" : String(value);
}

function openDialog(item, defaults = {}) {
  editing = item;
  returnFocus = document.activeElement;
  const values = item ?? { title: "", kind: "presentation", theme_id: null, is_public: true, ...defaults };
  document.getElementById("ed-dialog-title").textContent = item ? T.edit_item : T.new_item;
  document.getElementById("ed-save").textContent = item ? T.save : T.create;
  form.elements.title.value = values.title;
  fillSelect(form.elements.kind, state.kinds.map((k) => [k.value, k.label]), values.kind);
  fillSelect(form.elements.theme_id, [[null, T.no_theme], ...state.themes.map((t) => [t.id, t.name])], values.theme_id);
  fillSelect(form.elements.day, state.days.map((d) => [d.date, d.label]), values.day);
  fillSelect(form.elements.room_id, columnRooms.map((id) => [id, roomName(id)]), values.room_id);
  form.elements.start.value = hhmm(values.start);
  form.elements.end.value = hhmm(values.end);
  form.elements.is_public.checked = values.is_public;
  const more = document.getElementById("ed-more");
  more.hidden = !item;
  if (item) more.href = item.edit_url;
  document.getElementById("ed-delete").hidden = !item;
  showPeople(document.getElementById("ed-people"), { state, T, fmt }, item ? item.people : []);
  formError("");
  dialog.showModal();
  form.elements.title.focus();
}

function closeDialog() {
  if (dialog.open) dialog.close();
}

dialog.addEventListener("close", () => {
  if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  else if (editing && elements.has(editing.id)) elements.get(editing.id).focus();
});

function formError(message) {
  const box = document.getElementById("ed-form-error");
  box.textContent = message;
  box.hidden = !message;
}

function toMinutes(value) {
  const [h, m] = value.split(":").map(Number);
  return h * 60 + m;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const f = form.elements;
  const title = f.title.value.trim();
  if (!title) {
    formError(T.title_required);
    f.title.focus();
    return;
  }
  const start = toMinutes(f.start.value || "00:00");
  let end = toMinutes(f.end.value || "00:00");
  if (end === 0 && start > 0) end = 1440;
  const body = {
    title,
    kind: f.kind.value,
    theme_id: f.theme_id.value || null,
    room_id: f.room_id.value || null,
    is_public: f.is_public.checked,
    starts_at: localISO(f.day.value, start),
    ends_at: localISO(f.day.value, end),
    participants: readPeople(document.getElementById("ed-people")),
  };
  const creating = !editing;
  if (!creating) body.version = editing.version;
  const url = creating ? state.urls.items : `${state.urls.items}/${editing.id}`;
  const result = await send(url, body, creating ? "POST" : "PATCH");
  if (result.ok) {
    const item = result.data.item;
    items.set(item.id, item);
    remember(item);
    renderItem(item);
    setConflicts(result.data.conflicts);
    showAlert("");
    announce(creating ? fmt(T.created, { title: item.title }) : T.saved);
    returnFocus = elements.get(item.id);
    closeDialog();
    elements.get(item.id).scrollIntoView({ block: "nearest", inline: "nearest" });
  } else if (result.status === 409 && result.data?.item) {
    closeDialog();
    refuse(editing.id, result);
  } else {
    formError(result.data?.detail || T.network);
  }
});

for (const closer of dialog.querySelectorAll("[data-close]")) closer.addEventListener("click", closeDialog);
document.getElementById("ed-delete").addEventListener("click", () => editing && deleteItem(editing));

document.getElementById("ed-new").addEventListener("click", (event) => {
  event.preventDefault();
  const first = state.days[0]?.date;
  openDialog(null, { day: first, room_id: rooms[0]?.id ?? null, start: 9 * 60, end: 10 * 60 });
});

buildBoard();
document.body.classList.add("ed-ready");
