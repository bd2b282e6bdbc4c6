// Check-in: search as you type, one-tap check-in without a page load, live counts.
// The page works without this file (GET search form, POST buttons); this makes it instant.
import { postJSON } from "./app.js";

const root = document.getElementById("checkin");

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_m, key) => values[key] ?? "");
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

if (root) {
  const labels = root.dataset;
  const day = root.dataset.day;
  const searchUrl = root.dataset.searchUrl;
  const input = document.getElementById("ci-q");
  const list = document.getElementById("ci-results");
  const message = document.getElementById("ci-message");
  const form = input.form;
  let empty = document.getElementById("ci-empty");
  // On another day than today, each check-in carries the reason typed once above the list.
  const reasonInput = document.getElementById("ci-reason");
  const reasonError = document.getElementById("ci-reason-error");
  let timer = null;
  let sequence = 0;

  function say(text, kind) {
    message.textContent = "";
    if (!text) return;
    const p = el("p", `alert alert-${kind}`, text);
    message.append(p);
  }

  function updateCounts(counts) {
    if (!counts) return;
    root.querySelectorAll("[data-count]").forEach((node) => {
      node.textContent = counts[node.dataset.count];
    });
    const bar = root.querySelector(".ci-progress");
    if (bar) {
      bar.max = Math.max(counts.expected, 1);
      bar.value = counts.checked_in;
    }
  }

  function doneText(p) {
    return fill(labels.labelCheckedIn, { time: p.checked_in_at });
  }

  function renderRow(p) {
    const li = el("li", "ci-row");
    li.dataset.id = p.id;
    if (p.checked_in) li.classList.add("is-in");
    if (!p.is_expected) li.classList.add("is-off");
    const person = el("div", "ci-person");
    person.append(el("p", "ci-name", p.name));
    person.append(el("p", "ci-meta", [p.position, p.institution, p.country].filter(Boolean).join(" · ")));
    if (!p.is_expected) {
      const status = el("p", "ci-status");
      status.append(el("span", `badge badge-${p.status}`, p.status_label));
      person.append(status);
    }
    const action = el("div", "ci-action");
    if (p.checked_in) {
      const done = el("p", "ci-done");
      const mark = el("span", "", "✓");
      mark.setAttribute("aria-hidden", "true");
      done.append(mark, ` ${doneText(p)}`);
      if (p.checked_in_by) done.append(" ", el("span", "ci-by", fill(labels.labelBy, { name: p.checked_in_by })));
      action.append(done);
    } else if (p.is_expected) {
      const f = el("form", "ci-form");
      f.method = "post";
      f.action = p.action;
      const button = el("button", "button button-primary ci-button", labels.labelCheckIn);
      button.type = "submit";
      button.append(el("span", "visually-hidden", ` ${p.name}`));
      f.append(button);
      action.append(f);
    }
    li.append(person, action);
    return li;
  }

  async function search() {
    const mine = ++sequence;
    const url = new URL(searchUrl, window.location.href);
    url.searchParams.set("day", day);
    url.searchParams.set("q", input.value.trim());
    let data;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      data = await response.json();
    } catch {
      if (mine === sequence) say(labels.labelOffline, "error");
      return;
    }
    if (mine !== sequence) return; // a newer search is under way
    list.replaceChildren(...data.results.map(renderRow));
    if (empty) empty.remove();
    empty = null;
    if (!data.results.length && input.value.trim()) {
      empty = el("p", "ci-empty", fill(labels.labelNone, { query: input.value.trim() }));
      empty.id = "ci-empty";
      list.after(empty);
    }
    updateCounts(data.counts);
    const params = new URLSearchParams(window.location.search);
    params.set("day", day);
    if (input.value.trim()) params.set("q", input.value.trim());
    else params.delete("q");
    window.history.replaceState(null, "", `?${params}`);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 180);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });

  list.addEventListener("submit", async (event) => {
    const f = event.target.closest("form.ci-form");
    if (!f) return;
    event.preventDefault();
    const button = f.querySelector("button");
    button.disabled = true;
    let result;
    try {
      result = await postJSON(f.action, reasonInput ? { day, reason: reasonInput.value } : { day });
    } catch {
      result = { ok: false, data: null };
    }
    if (reasonInput) {
      const missing = !result.ok && result.data && result.data.field === "reason";
      reasonError.textContent = missing ? result.data.detail : "";
      reasonError.hidden = !missing;
      if (missing) reasonInput.setAttribute("aria-invalid", "true");
      else reasonInput.removeAttribute("aria-invalid");
      if (missing) {
        button.disabled = false;
        say("", "error");
        reasonInput.focus();
        return;
      }
    }
    if (!result.ok) {
      button.disabled = false;
      say(result.data && result.data.detail ? result.data.detail : labels.labelOffline, "error");
      return;
    }
    const p = result.data.participant;
    const row = f.closest("li");
    const fresh = renderRow(p);
    row.replaceWith(fresh);
    if (result.data.created) {
      say(fill(labels.labelNowIn, { name: p.name }), "success");
    } else {
      say(fill(labels.labelAlready, { name: p.name, time: p.checked_in_at }), "warning");
    }
    updateCounts(result.data.counts);
    input.focus();
    input.select();
  });

  // Other desks check people in too: refresh the counts (and the visible rows) every 20 seconds.
  setInterval(() => {
    if (document.visibilityState === "visible" && document.activeElement?.tagName !== "BUTTON") search();
  }, 20000);
}
