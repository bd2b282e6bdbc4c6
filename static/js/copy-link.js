// Copy buttons for links passed on by hand (a participant's personal link, an invitation).
// Without JavaScript the link is selectable text in a read-only field; this adds the button.
for (const box of document.querySelectorAll("[data-copy-link]")) {
  const input = box.querySelector(".copy-link-input");
  const button = box.querySelector(".copy-link-button");
  const status = box.querySelector(".copy-link-status");
  if (!input || !button || !status || !navigator.clipboard) continue;
  button.hidden = false;
  input.addEventListener("focus", () => input.select());
  button.addEventListener("click", async () => {
    status.textContent = "";
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = box.dataset.copied;
    } catch {
      input.select();
      status.textContent = box.dataset.failed;
    }
  });
}
