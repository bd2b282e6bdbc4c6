"""Checks of a PDF as a reader gets it: characters drawn as empty boxes, and the text it gives back.

A character a font lacks is drawn with glyph 0 (``.notdef``, the empty box), yet text extraction
still returns the character (the font's ``/ToUnicode`` maps it), so a text check alone passes. So
``empty_boxes`` reads the fonts themselves: for every composite (Type0) font, each character code
listed in its ``/ToUnicode`` is followed through the encoding (Identity-H, or an embedded CMap such
as WeasyPrint's ``WP-Encod-0``) to a CID, and through ``/CIDToGIDMap`` to a glyph id; glyph id 0 is
an empty box.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

# One participant per script (given name, family name): Latin with its extensions, Greek, Cyrillic,
# Arabic (joined letters, right to left), Hebrew, Devanagari, Chinese, Japanese, Korean, and a name
# with an emoji in it.
WORLD_NAMES: tuple[tuple[str, str], ...] = (
    ("Zofia", "Łukasiewicz-Nguyễn"),
    ("Ελένη", "Παπαδοπούλου"),
    ("Дмитрий", "Соколов"),
    ("فاطمة", "الزهراء بن علي"),
    ("נועה", "כהן"),
    ("सुनील", "कुमार"),
    ("丽华", "陈"),
    ("さくら", "佐藤"),
    ("민준", "김"),
    ("Ana 🌎", "Flores"),
)

# Direction marks that pdftotext adds around right-to-left runs: not part of the text.
_BIDI_CONTROLS = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts(resources: Any, seen: set[int]) -> list[tuple[str, DictionaryObject]]:
    """Every font reachable from a resources dictionary, including inside form XObjects."""
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return []
    seen.add(id(resources))
    found = []
    for name, font in _resolve(resources.get("/Font", DictionaryObject())).items():
        found.append((str(name), _resolve(font)))
    for xobject in _resolve(resources.get("/XObject", DictionaryObject())).values():
        xobject = _resolve(xobject)
        if "/Resources" in xobject:
            found.extend(_fonts(xobject["/Resources"], seen))
    return found


def _cmap_pairs(data: str, section: str) -> list[tuple[int, int, str]]:
    """(first code, last code, target) from the ``begin<section> ... end<section>`` blocks."""
    pairs = []
    for block in re.findall(rf"begin{section}(.*?)end{section}", data, re.S):
        for line in block.strip().splitlines():
            line = line.strip()
            if not line:
                continue
            codes = _HEX.findall(line)
            if section.endswith("range"):
                first, last = int(codes[0], 16), int(codes[1], 16)
                target = line.rsplit(">", 1)[-1].strip() if len(codes) == 2 else codes[2]
                pairs.append((first, last, target))
            else:
                target = line.rsplit(">", 1)[-1].strip() if len(codes) == 1 else codes[1]
                pairs.append((int(codes[0], 16), int(codes[0], 16), target))
    return pairs


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    data = _resolve(font["/ToUnicode"]).get_data().decode("latin-1")
    chars: dict[int, str] = {}
    for section in ("bfchar", "bfrange"):
        for first, last, target in _cmap_pairs(data, section):
            if not target:
                continue  # a glyph with no text of its own
            start = int(target, 16)
            width = len(target)
            for offset, code in enumerate(range(first, last + 1)):
                value = f"{start + offset:0{width}x}" if section == "bfrange" else target
                chars[code] = bytes.fromhex(value).decode("utf-16-be", "replace")
    return chars


def _code_to_cid(font: DictionaryObject) -> dict[int, int] | None:
    """None for Identity-H (the code is the CID); else the embedded CMap's mapping."""
    encoding = _resolve(font.get("/Encoding"))
    if not hasattr(encoding, "get_data"):
        return None
    data = encoding.get_data().decode("latin-1")
    mapping: dict[int, int] = {}
    for section in ("cidchar", "cidrange"):
        for first, last, target in _cmap_pairs(data, section):
            for offset, code in enumerate(range(first, last + 1)):
                mapping[code] = int(target) + (offset if section == "cidrange" else 0)
    return mapping


def empty_boxes(pdf: bytes) -> list[tuple[str, str]]:
    """(font name, character) for each character that the PDF draws with glyph 0."""
    reader = PdfReader(BytesIO(pdf))
    seen: set[int] = set()
    fonts: dict[int, DictionaryObject] = {}
    for page in reader.pages:
        for _name, font in _fonts(page.get("/Resources"), seen):
            fonts[id(font)] = font
    missing = []
    for font in fonts.values():
        if font.get("/Subtype") != "/Type0":
            continue
        descendant = _resolve(font["/DescendantFonts"][0])
        gid_map = _resolve(descendant.get("/CIDToGIDMap"))
        gids = gid_map.get_data() if hasattr(gid_map, "get_data") else None
        code_to_cid = _code_to_cid(font)
        for code, text in _to_unicode(font).items():
            cid = code if code_to_cid is None else code_to_cid.get(code, 0)
            gid = cid if gids is None else int.from_bytes(gids[2 * cid : 2 * cid + 2], "big")
            if gid == 0:
                missing.append((str(descendant.get("/BaseFont")), text))
    return missing


def characters_by_font(pdf: bytes) -> dict[str, set[str]]:
    """Which characters each font draws: {'Noto-Sans-Bold': {'A', 'b', ...}, ...}."""
    reader = PdfReader(BytesIO(pdf))
    seen: set[int] = set()
    drawn: dict[str, set[str]] = {}
    for page in reader.pages:
        for _name, font in _fonts(page.get("/Resources"), seen):
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
            drawn.setdefault(name, set()).update(_to_unicode(font).values())
    return drawn


def font_names(pdf: bytes) -> set[str]:
    """Base names of the embedded fonts, without the subset prefix: {'Noto-Sans', ...}."""
    reader = PdfReader(BytesIO(pdf))
    seen: set[int] = set()
    names = set()
    for page in reader.pages:
        for _name, font in _fonts(page.get("/Resources"), seen):
            names.add(str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1])
    return names


def pdf_text(pdf: bytes) -> str:
    """The text as poppler's pdftotext gives it (pages end with a form feed), NFC, without the
    direction marks it adds around right-to-left runs."""
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return unicodedata.normalize("NFC", text.translate(_BIDI_CONTROLS))


def _letters(text: str) -> str:
    return (
        "".join(unicodedata.normalize("NFC", text).split()).replace("-", "").replace("\u2010", "")
    )


def assert_prints(pdf: bytes, names: list[str]) -> None:
    """Every name prints with real glyphs and comes back whole from the PDF's text.

    Whitespace and hyphens are ignored in the comparison: a badge breaks a name over two lines,
    pdftotext guesses word gaps from glyph positions (it splits some Devanagari words) and joins a
    word broken at a line end without its hyphen."""
    assert empty_boxes(pdf) == []
    for font, characters in characters_by_font(pdf).items():
        if "Emoji" in font:  # an emoji font draws emoji only, never digits or spaces of the text
            assert all(ord(c) > 0x2000 for c in characters), (font, characters)
    text = _letters(pdf_text(pdf))
    for name in names:
        assert _letters(name) in text, (name, text)
