// The error summary's links (templates/_macros/forms.html) move the focus to the field itself, not
// just scroll to it, and show the field's label or legend above it rather than under the header.
const summary = document.getElementById("form-errors");

summary?.addEventListener("click", (event) => {
  const link = event.target.closest('a[href^="#"]');
  if (!link) return;
  const input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!input) return;
  event.preventDefault();
  const label = input.closest("fieldset")?.querySelector("legend") ?? document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
  (label ?? input).scrollIntoView({ block: "start" });
  input.focus({ preventScroll: true });
});
