// Side-by-side translation: save a row without reloading the page. Without JavaScript every row
// is a plain form that saves and comes back to the same row; this only keeps the reader's place.
const ICONS = { missing: "○", outdated: "⚠", current: "✓" };

async function save(form) {
  const row = form.closest(".tr-row");
  const feedback = form.querySelector(".tr-feedback");
  const button = form.querySelector("button[type=submit]");
  const token = form.querySelector("input[name$='csrf_token']");
  button.disabled = true;
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
      credentials: "same-origin",
    });
    const body = await response.json();
    if (!response.ok) {
      feedback.className = "tr-feedback error";
      feedback.textContent = body.detail || "";
      if (response.status === 409 && body.theirs !== null) {
        form.querySelector("input[name$='-version']").value = body.version;
        const theirs = document.createElement("blockquote");
        theirs.lang = form.querySelector("textarea").lang;
        theirs.textContent = body.theirs;
        feedback.append(theirs);
      }
      return;
    }
    form.querySelector("input[name$='-version']").value = body.version;
    const badge = form.querySelector(".badge");
    badge.className = `badge badge-tr-${body.status}`;
    badge.innerHTML = "";
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = ICONS[body.status] || "";
    badge.append(icon, ` ${body.label}`);
    row.classList.remove("tr-missing", "tr-outdated", "tr-current");
    row.classList.add(`tr-${body.status}`);
    if (body.status !== "outdated") row.querySelector(".tr-change")?.remove();
    feedback.className = "tr-feedback success";
    feedback.textContent = body.message;
  } catch {
    form.submit(); // the network or the answer failed: fall back to the plain form
  } finally {
    button.disabled = false;
  }
}

for (const form of document.querySelectorAll("form.tr-target")) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(form);
  });
}
