"""Hypothesis strategies for hostile input: what a careless, confused or malicious visitor may send.

Text mixes very long strings, control characters (NUL included), right-to-left marks and overrides,
emoji, combining characters, SQL and HTML fragments and template-injection attempts with plain
random Unicode. Markers let a test recognise its own payload if a page ever shows it unescaped.
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# How hard the fuzzing tries. "thorough" (the default, what `make test` and CI run): at least 25
# examples per form and endpoint. "quick" (HYPOTHESIS_PROFILE=quick) for a fast local round.
# Loaded here, before the test modules build their settings objects from the default.
_COMMON: dict[str, Any] = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
MIN_EXAMPLES = 25
settings.register_profile("thorough", max_examples=MIN_EXAMPLES, **_COMMON)
settings.register_profile("quick", max_examples=6, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "thorough"))

# Markup a page must never show unescaped (each has a distinctive marker to search for).
SCRIPT = '<script>alert("xss-probe")</script>'
IMG = "<img src=x onerror=alert('xss-probe')>"
SVG = "<svg/onload=alert('xss-probe')>"
LINK = "<a href=\"javascript:alert('xss-probe')\">click</a>"
TEMPLATE = "{{7*7}}${7*7}{% raw %}"
SQL = "'; DROP TABLE registration; --"
SQL_2 = "' OR '1'='1"

HOSTILE_FRAGMENTS = [
    SCRIPT,
    IMG,
    SVG,
    LINK,
    TEMPLATE,
    SQL,
    SQL_2,
    "\x00",
    "\x00\x01\x02\x1b[31m\x7f",
    "\r\n\r\nX-Injected: yes",
    "\u202e\u2066gnp.exe\u2069",  # right-to-left override, isolates
    "\u200f\u200e\u061c",  # RLM, LRM, Arabic letter mark
    "\ufeff\u200b\u2028\u2029",  # BOM, zero-width space, line/paragraph separators
    "🇧🇴👩🏽‍⚖️🧑‍🤝‍🧑💥",
    "e\u0301\u0301\u0301\u0301 Z\u0336\u0337\u0338alg\u0489o",
    "ñandú Ñuñoa São Paulo Łódź İstanbul",
    "مرحبا שלום",
    "\ud7ff\ue000\uffff",
    "../../etc/passwd",
    "%00%0a%3Cscript%3E",
    '=HYPERLINK("http://example.org")',
    "NaN",
    "-1",
    "99999999999999999999999",
    "1e309",
    "",
    " ",
]

# Unicode text without surrogates (which cannot be encoded in a request at all).
_any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


def _long() -> st.SearchStrategy[str]:
    return st.builds(
        lambda piece, n: (piece or "A") * n,
        st.sampled_from(["A", "é", "😀", "<b>", "\x00", "e\u0301", "\u202e"]),
        st.sampled_from([300, 1_001, 5_000, 70_000]),
    )


hostile_text: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(HOSTILE_FRAGMENTS),
    st.lists(st.sampled_from(HOSTILE_FRAGMENTS), min_size=2, max_size=4).map("".join),
    _any_text,
    st.builds(lambda a, b: a + b, _any_text, st.sampled_from(HOSTILE_FRAGMENTS)),
    _long(),
)

hostile_dates: st.SearchStrategy[str] = st.sampled_from(
    [
        "2026-02-30",
        "2026-13-01",
        "0000-00-00",
        "9999-12-31",
        "0001-01-01",
        "2026-12-02T25:61",
        "2026-12-02T24:00",
        "2026-12-02 10:00",
        "02/12/2026",
        "tomorrow",
        "2026-12-02T10:00:00+99:00",
        "-2026-12-02",
        "1e10",
        "",
    ]
)

hostile_times: st.SearchStrategy[str] = st.sampled_from(
    ["25:00", "10:61", "24:00", "-1:00", "10", "10:00:00:00", "ten", "", "23:59:60", "9:5"]
)

hostile_numbers: st.SearchStrategy[str] = st.sampled_from(
    [
        "-1",
        "0",
        "-2147483649",
        "2147483648",
        "9223372036854775808",
        "99999999999999999999999999",
        "1e309",
        "NaN",
        "inf",
        "1.5",
        "0x10",
        "١٢",  # Arabic-Indic digits
        "",
    ]
)

# Values of the wrong JSON type for any field.
wrong_json: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    hostile_text,
    hostile_dates,
)


def value_for(kind: str) -> st.SearchStrategy[str]:
    """A hostile value for a form field of this HTML input type."""
    if kind in {"date", "datetime-local", "month", "week"}:
        return st.one_of(hostile_dates, hostile_text)
    if kind == "time":
        return st.one_of(hostile_times, hostile_text)
    if kind in {"number", "range"}:
        return st.one_of(hostile_numbers, hostile_text)
    return hostile_text


# --- Recognising a payload shown unescaped -----------------------------------------------------


class _LiveMarkup(HTMLParser):
    """Finds elements and attributes that came from a payload and would run in a browser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None  # the type of the script element being read
        self._data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._script = dict(attrs).get("type") or "text/javascript"
            self._data = []
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction"} and value.lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        data = "".join(self._data)
        if self._script.endswith("json"):
            # Data for scripts: fine while it stays one JSON value (a payload's "</script>"
            # would have cut it short).
            try:
                json.loads(data)
            except ValueError:
                self.found.append(f"<script type={self._script}>{data[-120:]}")
        elif "xss-probe" in data:
            self.found.append(f"<script>{data[:120]}")
        self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._data.append(data)


def unescaped_payload(html: str) -> str | None:
    """The first piece of hostile markup that a page shows as live HTML, if any."""
    parser = _LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found[0] if parser.found else None
