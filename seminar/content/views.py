"""The content blueprint: the translations overview and the side-by-side translation pages."""

from __future__ import annotations

from flask import Blueprint

from . import jinja, registry  # noqa: F401  (registry: the core owners register on import)

bp = Blueprint("content", __name__)
bp.add_app_template_global(jinja.t, "t")
bp.add_app_template_global(jinja.lt, "content_lt")
bp.add_app_template_global(jinja.lt, "lt")
bp.add_app_template_global(jinja.t_md, "t_md")
bp.add_app_template_global(jinja.lang_attr, "lang_attr")

from . import views_transfer, views_translate  # noqa: E402,F401  (routes register on bp)
