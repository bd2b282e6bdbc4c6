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
from functools import wraps
from typing import Any, TypeVar, cast

from cachelib import BaseCache, SimpleCache
from flask import Flask, Response, current_app, g, request
from flask_babel import get_locale

log = logging.getLogger("seminar.cache")

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_TIMEOUT = 24 * 3600
EXPORT_CACHE_CONTROL = "public, max-age=300"
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


def peek(parts: tuple[Any, ...]) -> Any:
    """The cached value for these inputs, or None (also when the cache cannot be reached)."""
    try:
        return _backend().get(key_of(parts))
    except Exception:
        log.warning("cache unavailable", exc_info=True)
        return None


def add(parts: tuple[Any, ...], value: Any, *, timeout: int) -> None:
    """Store a value only where there is none (never over a newer one)."""
    try:
        _backend().add(key_of(parts), value, timeout=timeout)
    except Exception:
        log.warning("cache unavailable; value not stored", exc_info=True)


def put(parts: tuple[Any, ...], value: Any, *, timeout: int) -> None:
    try:
        _backend().set(key_of(parts), value, timeout=timeout)
    except Exception:
        log.warning("cache unavailable; value not stored", exc_info=True)


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
    """A page that is the same for every anonymous visitor who reads it in the same language: a
    304 while its inputs are unchanged, else the page (from the shared cache) with its ETag.

    Such a page carries no CSRF token and writes no session (the language switch of visitors is
    a link, see ``web.language_link``), so a reverse proxy may keep it for everyone."""
    validator = visitor_validator(parts)
    unchanged = not_modified(validator)
    if unchanged is not None:
        return _public(unchanged)
    body = get_or_build(("visitor-page", *validator), build)
    return _public(with_etag(Response(body, mimetype="text/html"), validator))


def visitor_validator(parts: tuple[Any, ...]) -> tuple[Any, ...]:
    return (GENERATION, *parts, request.full_path, str(get_locale()))


def may_be_signed_in() -> bool:
    """Whether the request carries a sign-in at all (a user in the session or a remember-me
    cookie). Without one, Flask-Login's loading of the user can be skipped."""
    from flask import session

    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or remembered in request.cookies


def is_anonymous_visit() -> bool:
    """No signed-in user and no message waiting to be shown: the page is the same for everyone."""
    from flask import session
    from flask_login import current_user

    if session.get("_flashes"):
        return False
    return not (may_be_signed_in() and current_user.is_authenticated)


def revalidated(
    parts_of: Callable[[Any], tuple[Any, ...] | None], *, page: bool = True
) -> Callable[[F], F]:
    """Answer an event's public page (``page``: for anonymous visitors) or a conditional request
    for an export before the event is loaded: its public state (events/public_state.py, shared
    cache or one Core row) gives ``parts_of`` what it needs to rebuild the validator; a match
    is a 304, and a page already built for that validator is answered from the cache, with no
    ORM, template or session work. Anything else goes on to the view, which builds its
    validator with the same ``parts_of``."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, slug: str, **kwargs: Any) -> Any:
            if is_anonymous_visit() if page else bool(request.if_none_match):
                answer = _answer_from_state(slug, parts_of, page)
                if answer is not None:
                    return answer
            return view(*args, slug=slug, **kwargs)

        return cast(F, wrapper)

    return decorator


def _answer_from_state(
    slug: str, parts_of: Callable[[Any], tuple[Any, ...] | None], page: bool
) -> Response | None:
    from .events.public_state import public_state

    state = public_state(slug)
    if state is None or not state.is_public:
        return None
    g.event_language = state.default_language  # the locale falls back to it, as with the event
    parts = parts_of(state)
    if parts is None:
        return None
    validator = visitor_validator(parts) if page else parts
    unchanged = not_modified(validator)
    if unchanged is not None and not page:
        unchanged.headers["Cache-Control"] = EXPORT_CACHE_CONTROL
        unchanged.headers["Vary"] = "Accept-Language, Cookie"
        return unchanged
    if unchanged is not None:
        return _public(unchanged)
    if page:
        body = peek(("visitor-page", *validator))
        if body is not None:
            return _public(with_etag(Response(body, mimetype="text/html"), validator))
    return None


def _public(response: Response) -> Response:
    response.headers["Cache-Control"] = "public, no-cache"
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


# Without Redis, one cache per process, shared by every application object in it (the web app
# and the CLI's or a test's second app see the same entries, as nodes share Redis).
_PROCESS_CACHE = SimpleCache(threshold=1000, default_timeout=DEFAULT_TIMEOUT)


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
        backend = _PROCESS_CACHE
    app.extensions["seminar.cache"] = backend
