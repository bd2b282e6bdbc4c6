// New event: fill in the web address from the title as it is typed, with the server's rule
// (seminar/events/services.py derive_slug): accents dropped, lowercase, words joined by hyphens.
// Once the organizer edits the address by hand it is theirs and the title no longer changes it.
// Without this script an empty address is made from the title when the form is saved.
const title = document.getElementById("title");
const slug = document.getElementById("slug");

export function slugify(text) {
  const words = text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return words.join("-").slice(0, 60).replace(/-+$/, "");
}

if (title && slug) {
  let derived = slug.value === "";
  title.addEventListener("input", () => {
    if (derived) slug.value = slugify(title.value);
  });
  slug.addEventListener("input", () => {
    derived = slug.value === "";
  });
}
