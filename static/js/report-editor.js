// Live preview of Markdown fields: the server renders and sanitizes the text exactly as the report
// will (same function), so what the rapporteur sees is what the PDF shows. Debounced while typing.
import { postJSON } from "./app.js";

for (const wrapper of document.querySelectorAll(".md-field[data-preview-url]")) {
  const textarea = wrapper.querySelector("textarea");
  const target = wrapper.querySelector(".md-preview-body");
  if (!textarea || !target) continue;
  let timer = null;
  let sequence = 0;
  const refresh = async () => {
    const mine = ++sequence;
    const { ok, data } = await postJSON(wrapper.dataset.previewUrl, { text: textarea.value });
    if (!ok || mine !== sequence || !data) return; // a newer request is on its way
    target.innerHTML = data.html || ""; // sanitized by the server (nh3 allow-list)
    target.classList.toggle("is-empty", !data.html);
  };
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  });
}

// Warn before leaving a form with unsaved text (notes are often written during the session).
for (const form of document.querySelectorAll("form.form-grid")) {
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();
  });
}
