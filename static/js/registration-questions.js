// Show only the registration questions asked of the chosen type of institution.
// Without this script every question is shown, and the server ignores answers that do not apply.
const typeInputs = document.querySelectorAll('input[name="institution_type"]');
const questions = document.querySelectorAll(".reg-question[data-audience]");

function chosenType() {
  const checked = document.querySelector('input[name="institution_type"]:checked');
  return checked ? checked.value : "";
}

function update() {
  const type = chosenType();
  for (const question of questions) {
    const asked = question.dataset.audience.split(" ").includes(type);
    question.hidden = !asked;
    for (const input of question.querySelectorAll("input, textarea, select")) {
      input.disabled = !asked;
    }
  }
}

if (typeInputs.length && questions.length) {
  for (const input of typeInputs) input.addEventListener("change", update);
  update();
}
