"""The shared cache of rendered pages and exports, and conditional requests.

Values are cached under a key that holds every input they were built from (the publication, the
event's version, the language, the layout, the public URL...), hashed, so an entry can never be
served after what it shows has changed: a rename makes a new key, and the old entry just ages
out. Production keeps the cache in Redis, shared by every web node (``SEMINAR_REDIS_URL``);
otherwise it lives in the process (cachelib's SimpleCache), which is right for one machine. A
cache that cannot be reached is a cache miss, never an error page.

The same keys give ETags, so that browsers and a reverse proxy can ask "has it changed?" and get
a 304 without the page being built at all.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from cachelib import BaseCache, SimpleCache
from flask import Flask, Response, current_app, request
from flask_babel import get_locale

log = logging.getLogger("seminar.cache")

T = TypeVar("T")
DEFAULT_TIMEOUT = 24 * 3600
# The templates and translations the values were built with: a deploy never serves old markup.
GENERATION = ""


def _backend() -> BaseCache:
    return current_app.extensions["seminar.cache"]


def key_of(parts: tuple[Any, ...]) -> str:
    """A short, stable key for a tuple of inputs (strings, numbers, dates, None)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def get_or_build(parts: tuple[Any, ...], build: Callable[[], T]) -> T:
    """The cached value for these inputs, building and storing it when missing."""
    key = key_of(parts)
    try:
        value = _backend().get(key)
    except Exception:  # Redis down or slow: build it here
        log.warning("cache unavailable; building without it", exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            _backend().set(key, value, timeout=DEFAULT_TIMEOUT)
        except Exception:
            log.warning("cache unavailable; value not stored", exc_info=True)
    return value


def clear() -> None:
    try:
        _backend().clear()
    except Exception:
        log.warning("cache could not be cleared", exc_info=True)


def not_modified(parts: tuple[Any, ...]) -> Response | None:
    """A 304 answer when the client already has the version these inputs make, else None."""
    etag = key_of(("etag", *parts))
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        response.set_etag(etag, weak=True)
        return response
    return None


def with_etag(response: Response, parts: tuple[Any, ...]) -> Response:
    response.set_etag(key_of(("etag", *parts)), weak=True)
    return response


def _generation(app: Flask) -> str:
    from pathlib import Path

    digest = hashlib.sha256()
    roots = [Path(app.template_folder or "templates"), Path(app.root_path) / "translations"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".html", ".mo", ".txt", ".css"}:
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def visitor_page(parts: tuple[Any, ...], build: Callable[[], str]) -> Response:
    """A page that is the same for every anonymous visitor but for their own CSRF token: a 304
    while the page's inputs and the visitor's token are unchanged, else the page with its ETag."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    # The visitor's token exists before the validator is computed. Only when it is missing: the
    # signed form of it (an HMAC per call) is needed by the page, not by a 304.
    if "csrf_token" not in session:
        generate_csrf()
    validator = (GENERATION, *parts, str(get_locale()), session.get("csrf_token"))
    unchanged = not_modified(validator)
    if unchanged is not None:
        return unchanged
    response = Response(build(), mimetype="text/html")
    response.headers["Cache-Control"] = "private, no-cache"
    return with_etag(response, validator)


def init_app(app: Flask) -> None:
    global GENERATION
    GENERATION = _generation(app)
    backend: BaseCache
    url = app.config.get("REDIS_URL")
    if url and not app.config.get("CACHE_IN_PROCESS"):
        import redis
        from cachelib import RedisCache

        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        backend = RedisCache(host=client, key_prefix="seminar:cache:")
    else:
        backend = SimpleCache(threshold=1000, default_timeout=DEFAULT_TIMEOUT)
    app.extensions["seminar.cache"] = backend
