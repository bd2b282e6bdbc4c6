// Site-wide progressive enhancements. Every page works without this file.

// Move focus to the error summary after a failed form submission, so screen reader users hear it.
const summary = document.getElementById("form-errors");
if (summary) {
  summary.focus();
}

// On a phone the navigation bars scroll sideways: bring the current page's tab into view.
for (const current of document.querySelectorAll('header nav a[aria-current="page"], .ed-subnav a[aria-current="page"]')) {
  let bar = current.parentElement;
  while (bar && bar.scrollWidth <= bar.clientWidth) bar = bar.parentElement;
  if (bar && bar.tagName !== "HTML" && bar.tagName !== "BODY") {
    bar.scrollLeft = current.offsetLeft - bar.offsetLeft - (bar.clientWidth - current.offsetWidth) / 2;
  }
}

// Read the CSRF token that base.html exposes for JSON writes (modules import this helper).
export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

export async function postJSON(url, body, { method = "POST" } = {}) {
  const response = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { ok: response.ok, status: response.status, data };
}
