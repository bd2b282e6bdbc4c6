// Registration desk: select all, a live count of selected rows, and a confirmation before bulk changes.
// The desk works without this file (every row has its own checkbox; the form posts normally).

const form = document.getElementById("bulk-form");
if (form) {
  const boxes = () => Array.from(form.querySelectorAll('input[name="ids"]'));
  const all = document.getElementById("select-all");
  const count = form.querySelector(".bulk-count");

  const refresh = () => {
    const list = boxes();
    const selected = list.filter((box) => box.checked).length;
    for (const box of list) {
      box.closest("tr")?.classList.toggle("is-selected", box.checked);
    }
    if (all) {
      all.checked = selected > 0 && selected === list.length;
      all.indeterminate = selected > 0 && selected < list.length;
    }
    if (count) {
      count.hidden = selected === 0;
      count.textContent =
        selected === 1 ? count.dataset.templateOne : count.dataset.templateMany.replace("{n}", String(selected));
    }
  };

  if (all) {
    all.hidden = false;
    all.addEventListener("change", () => {
      for (const box of boxes()) box.checked = all.checked;
      refresh();
    });
  }
  form.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === "ids") refresh();
  });
  form.addEventListener("submit", (event) => {
    const button = form.querySelector("[data-confirm]");
    const selected = boxes().filter((box) => box.checked).length;
    if (selected > 0 && button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
  refresh();
}
