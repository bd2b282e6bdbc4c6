"""Absolute links, built from the configured public address and never from the request.

A request's ``Host`` header is chosen by whoever sends it: links built from it (``_external=True``,
``request.url_root``) would let anyone make the app e-mail a password reset link, print a QR code or
cache an iCalendar file that points at their own server. Every absolute URL therefore comes from
``PUBLIC_URL`` (``SEMINAR_PUBLIC_URL``), with or without a request; in production, requests for any
other host (but the configured aliases) are refused.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from flask_babel import gettext as _


def public_root() -> str:
    """The public base address with a trailing slash: ``https://seminar.example.org/``."""
    return str(current_app.config["PUBLIC_URL"]).rstrip("/") + "/"


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint`` on the public address (``url_for`` with ``_external``)."""
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path.rstrip("/") or "/", url_scheme=parts.scheme
    )
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url


def allowed_hosts(app: Flask) -> set[str]:
    """Host names this site answers to: the public address's and the configured aliases."""
    hosts = {urlsplit(app.config["PUBLIC_URL"]).hostname or ""}
    hosts.update(alias.strip().lower() for alias in app.config["PUBLIC_URL_ALIASES"])
    return {host.lower() for host in hosts if host}


def _hostname(host: str) -> str:
    """``Example.org:8443`` -> ``example.org``; ``[::1]:5000`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def init_app(app: Flask) -> None:
    app.jinja_env.globals["public_url"] = public_url  # for e-mail and PDF templates
    if app.config["ENV_NAME"] != "production":
        return
    hosts = allowed_hosts(app)

    @app.before_request
    def _refuse_foreign_host() -> None:
        if _hostname(request.host) not in hosts:
            abort(400, description=_("This site is not served at this address."))
