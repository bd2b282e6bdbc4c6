// The people of an item in the editor's dialog: one row per person (who, in which role), in the
// order they appear on the agenda, with rows to add and remove. The person list is a native
// <select>: it opens with the keyboard and jumps to a name as its first letters are typed.
// ``ctx`` is {state, T, fmt} of the editor (agenda-editor.js).

function option(value, label) {
  const node = document.createElement("option");
  node.value = value == null ? "" : String(value);
  node.textContent = label;
  return node;
}

function renumber(list, { T, fmt }) {
  list.querySelectorAll("li").forEach((row, index) => {
    const n = index + 1;
    row.querySelector(".ed-row-person").setAttribute("aria-label", fmt(T.person_n, { n }));
    row.querySelector(".ed-row-role").setAttribute("aria-label", fmt(T.role_n, { n }));
    row.querySelector(".ed-row-remove").setAttribute("aria-label", fmt(T.remove_n, { n }));
  });
}

function addRow(list, ctx, entry = {}) {
  const { state, T } = ctx;
  const row = document.createElement("li");
  const person = document.createElement("select");
  person.className = "ed-row-person";
  person.append(option(null, T.no_person), ...state.people.map((p) => option(p.id, p.label)));
  person.value = entry.id == null ? "" : String(entry.id);
  const role = document.createElement("select");
  role.className = "ed-row-role";
  role.append(...state.roles.map((r) => option(r.value, r.label)));
  role.value = entry.role ?? state.roles[0].value;
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "button button-small ed-row-remove";
  remove.textContent = "×";
  remove.addEventListener("click", () => {
    const next = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    renumber(list, ctx);
    (next?.querySelector(".ed-row-person") ?? list.parentElement.querySelector(".ed-add-person")).focus();
  });
  row.append(person, role, remove);
  list.append(row);
  renumber(list, ctx);
  return person;
}

/** Fill the dialog's people section with the item's people (none for a new item). */
export function showPeople(container, ctx, people) {
  const { state, T } = ctx;
  const heading = document.createElement("h3");
  heading.id = "ed-people-title";
  heading.textContent = T.people;
  const list = document.createElement("ol");
  list.className = "ed-people-rows";
  list.setAttribute("aria-labelledby", heading.id);
  for (const entry of people) addRow(list, ctx, entry);
  const add = document.createElement("button");
  add.type = "button";
  add.className = "button button-small ed-add-person";
  add.textContent = T.add_person_row;
  add.addEventListener("click", () => addRow(list, ctx).focus());
  const missing = document.createElement("a");
  missing.href = state.urls.new_person;
  missing.className = "ed-new-person";
  missing.textContent = T.new_person;
  const actions = document.createElement("p");
  actions.className = "ed-people-actions";
  actions.append(add, " ", missing);
  container.replaceChildren(heading, list, actions);
  container.hidden = false;
}

/** The rows with a person chosen, as the JSON API takes them. */
export function readPeople(container) {
  return [...container.querySelectorAll("li")]
    .map((row) => ({ person_id: row.querySelector(".ed-row-person").value, role: row.querySelector(".ed-row-role").value }))
    .filter((row) => row.person_id !== "")
    .map((row) => ({ person_id: Number(row.person_id), role: row.role }));
}
