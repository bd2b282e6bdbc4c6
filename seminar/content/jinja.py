"""Template helpers: a text in the page's language, with a ``lang`` attribute when it is not."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from markupsafe import Markup, escape

from ..text import render_markdown
from .services import Localized, text


def page_language() -> str:
    """The language of the page being rendered (``force_locale`` sets it for documents)."""
    locale = get_locale()
    return locale.language if locale is not None else "en"


def t(obj: Any, field: str, lang: str | None = None) -> Localized:
    """``obj.field`` in the page's language (or ``lang``), falling back to the source text."""
    return text(obj, field, lang or page_language())


def _value(obj: Any, field: str | None) -> Any:
    return t(obj, field) if field is not None else obj


def lt(obj: Any, field: str | None = None) -> Markup:
    """The text, wrapped in ``<span lang>`` when it is not in the page's language.

    ``lt(item, 'title')`` for a model object, ``lt(value)`` for a ``Localized`` value that is
    already resolved (published agenda snapshots)."""
    value = _value(obj, field)
    lang = getattr(value, "lang", None)
    if value and lang and lang != page_language():
        return Markup('<span lang="{}">{}</span>').format(lang, value)
    return escape(value if value is not None else "")


def lang_attr(value: Any) -> Markup:
    """`` lang="xx"`` for an element holding ``value`` when it is not in the page's language."""
    lang = getattr(value, "lang", None)
    if value and lang and lang != page_language():
        return Markup(' lang="{}"').format(lang)
    return Markup("")


def t_md(obj: Any, field: str | None = None) -> Markup:
    """Rendered, sanitized Markdown of the text, in a ``<div lang>`` when not in the page's
    language."""
    value = _value(obj, field)
    html = render_markdown(value)
    lang = getattr(value, "lang", None)
    if html and lang and lang != page_language():
        return Markup('<div lang="{}">{}</div>').format(lang, html)
    return html
