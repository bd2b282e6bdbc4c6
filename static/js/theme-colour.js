// Theme colours carry white text, so they need a contrast of at least 4.5:1 with white. When the
// chosen colour is too light, offer the nearest darker shade that passes, as a button that puts it
// in the field. The rule and the shade are the server's (seminar/agenda/themes.py), which still
// refuses a light colour when this script does not run.
const MIN_CONTRAST = 4.5;

function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastWithWhite(hex) {
  return 1.05 / (luminance(hex) + 0.05);
}

function darkerPassing(hex) {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  for (let step = 1; step <= 100; step += 1) {
    const factor = 1 - step / 100;
    const candidate = `#${rgb.map((c) => roundHalfEven(c * factor).toString(16).padStart(2, "0")).join("")}`;
    if (contrastWithWhite(candidate) >= MIN_CONTRAST) return candidate;
  }
  return "#000000";
}

// Python's round(): an exact half goes to the even neighbour, so both sides name the same shade.
function roundHalfEven(value) {
  const floor = Math.floor(value);
  if (value - floor !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => values[key]);
}

for (const box of document.querySelectorAll("[data-theme-colour]")) {
  const input = box.querySelector('input[type="color"]');
  if (!input) continue;
  const advice = document.createElement("div");
  advice.className = "theme-colour-advice";
  advice.setAttribute("role", "status");
  const text = document.createElement("p");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button-small";
  advice.append(text, button);
  box.append(advice);

  // After the server refused the colour its message is already shown: offer only the button.
  const refused = Boolean(box.querySelector(".has-error"));
  const check = (event) => {
    const value = input.value.toLowerCase();
    const ratio = contrastWithWhite(value);
    if (!/^#[0-9a-f]{6}$/.test(value) || ratio >= MIN_CONTRAST) {
      advice.hidden = true;
      return;
    }
    const shade = darkerPassing(value);
    text.textContent = fill(box.dataset.tooLight, { ratio: ratio.toFixed(1) });
    text.hidden = refused && !event;
    button.textContent = fill(box.dataset.useShade, { color: shade });
    button.dataset.shade = shade;
    advice.hidden = false;
  };
  button.addEventListener("click", () => {
    input.value = button.dataset.shade;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.focus();
  });
  input.addEventListener("input", check);
  check();
}
