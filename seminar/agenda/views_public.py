"""Publishing (organizers) and the published agenda: public pages and exports.

Every public page and export reads only the latest publication, never the working copy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import TextAreaField
from wtforms.validators import Length

from .. import cache, documents
from ..accounts.permissions import can_manage_event, event_route, public_event_route
from ..content.services import text
from ..content.snapshots import localized_programme
from ..events.models import Event
from ..extensions import db
from ..forms import strip
from ..i18n import format_clock
from ..links import public_root, public_url
from ..uow import work
from ..validation import optional_int
from . import agenda_pdf as agenda_pdf_module
from . import changes, exports, publish_checks, publishing
from . import programme as programme_module
from .models import AgendaPublication, Theme
from .views import bp


class PublishForm(FlaskForm):
    note = TextAreaField(
        _l("Note for this version"),
        description=_l("Optional. Shown with the version, e.g. “Lunch moved to 13:00”."),
        filters=[strip],
        validators=[Length(max=500)],
    )


@bp.route("/manage/<slug>/agenda/publish", methods=["GET", "POST"])
@event_route(can_manage_event)
def publish(event: Event) -> Any:
    form = PublishForm()
    if form.validate_on_submit():
        with work(form) as done:
            publication = publishing.publish(event, by=current_user, note=form.note.data or "")
        if done:
            flash(
                _("Version %(number)s of the agenda is now public.", number=publication.number),
                "success",
            )
            return redirect(url_for("agenda.publish", slug=event.slug))
    latest, pending = publishing.pending_changes(event)
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "agenda/publish.html",
        form=form,
        latest=latest,
        pending=pending,
        has_pending=changes.has_changes(pending),
        checks=publish_checks.before_publishing(event),
        versions=publishing.publications(event),
        has_editor="agenda.editor" in current_app.view_functions,
    ), status


def _ink(color: str) -> str:
    """Black or white text, whichever contrasts more with the theme colour."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#ffffff" if (1.05 / (lum + 0.05)) >= ((lum + 0.05) / 0.05) else "#1b2733"


def _valid_color(color: str) -> str:
    value = (color or "").strip().lower()
    if len(value) == 7 and value[0] == "#" and all(c in "0123456789abcdef" for c in value[1:]):
        return value
    return "#0b5cab"


@bp.get("/events/<slug>/themes.css")
@public_event_route
def themes_css(event: Event) -> Response:
    """``.theme-<id>`` classes with each theme's colours (the CSP forbids style attributes).

    ``.theme-<id>`` fills with the colour (with readable text); ``.theme-accent-<id>`` only sets
    the ``--theme`` custom property, for a coloured edge.
    """
    colors: dict[int, str] = {}
    latest = publishing.latest_publication(event)
    if latest is not None:
        colors.update({t["id"]: t["color"] for t in latest.snapshot.get("themes", [])})
    themes = db.session.scalars(db.select(Theme).where(Theme.event_id == event.id))
    colors.update({t.id: t.color for t in themes})
    rules = []
    for theme_id, raw in sorted(colors.items()):
        color = _valid_color(raw)
        rules.append(
            f".theme-{theme_id}{{--theme:{color};--theme-ink:{_ink(color)};"
            f"background-color:{color};border-color:{color};color:{_ink(color)}}}\n"
            f".theme-accent-{theme_id}{{--theme:{color}}}\n"
        )
    response = Response("".join(rules), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


@bp.app_template_global("kind_label")
def kind_label(kind: str) -> str:
    return programme_module.kind_label(kind)


@bp.app_template_global("role_name")
def role_name(role: str, count: int = 1) -> str:
    return programme_module.role_label(role, count)


@bp.app_template_global("person_name")
def person_name(person: dict[str, Any]) -> str:
    return programme_module.person_name(person)


@bp.app_template_global("initials")
def initials(name: str) -> str:
    """'Ana Quispe Mamani' -> 'AQ' (given name, first surname): stands in for a missing photo."""
    words = [w for w in name.split() if w[:1].isalpha()]
    if not words:
        return ""
    surname = words[-2] if len(words) >= 3 else words[-1]
    return (words[0][0] + (surname[0] if len(words) > 1 else "")).upper()


@bp.app_template_filter("agenda_local")
def agenda_local(value: Any) -> Any:
    """An ISO 8601 string or aware datetime from a snapshot, in the event's time zone."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    event = g.get("event")
    return programme_module.to_zone(moment, event.timezone if event is not None else "UTC")


@bp.app_template_filter("hm")
def hm(value: Any) -> str:
    """A time of day in the event's zone, in the reader's language's one pattern (i18n.py)."""
    return format_clock(agenda_local(value).time())


# --- The published agenda: pages and exports -----------------------------------------------------


def _locale() -> str:
    """The reader's language: ``?lang=`` (exports) when the app speaks it, else the page's."""
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"]:
        return str(asked)
    return str(get_locale())


def _published(event: Event) -> Any:
    """The latest version's summary row (a cache key), or 404 when nothing is public yet."""
    summary = publishing.latest_publication_summary(event)
    if summary is None:
        abort(404)
    return summary


def _programme(event: Event, summary: Any) -> programme_module.Programme:
    """The programme of a version in the reader's language (translations as they are now)."""
    return localized_programme(event, _full(summary), _locale())


def _inputs(event: Event, publication: Any, *detail: Any) -> tuple[Any, ...]:
    """Everything a public page or export is made from: the publication, the event as it is now
    (a rename changes its version), the language, the public URL and the page's own details."""
    return (
        cache.GENERATION,
        *programme_module.publication_key(publication),
        event.id,
        event.version,
        _locale(),
        public_root(),
        *detail,
    )


def _cached(event: Event, publication: Any, *detail: Any, build: Any) -> Any:
    return cache.get_or_build(_inputs(event, publication, *detail), build)


def _absolute(endpoint: str, **values: Any) -> str:
    return public_url(endpoint, **values)


def _export(
    event: Event, publication: Any, kind: str, build: Any, mimetype: str, filename: str
) -> Response:
    """A cached export that answers conditional requests (304) without building anything."""
    inputs = _inputs(event, publication, kind)
    unchanged = cache.not_modified(inputs)
    if unchanged is not None:
        unchanged.headers["Vary"] = "Accept-Language, Cookie"
        unchanged.headers["Content-Language"] = _locale()
        return unchanged
    lang = _locale()
    with force_locale(lang):  # labels ("All rooms", roles) in the reader's language too
        body = cache.get_or_build(inputs, build)
    response = _download(body, mimetype, filename)
    response.headers["Content-Language"] = lang
    return cache.with_etag(response, inputs)


def _download(body: bytes, mimetype: str, filename: str, *, inline: bool = True) -> Response:
    response = Response(body, mimetype=mimetype)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Access-Control-Allow-Origin"] = "*"  # conference apps fetch these
    response.headers["Cache-Control"] = cache.EXPORT_CACHE_CONTROL
    response.headers["Vary"] = "Accept-Language, Cookie"  # labels follow the visitor's language
    return response


def _int_arg(name: str) -> int | None:
    return optional_int(request.args.get(name))


def _visitor_parts(kind: str) -> Any:
    """The inputs of a public page or export from the event's Core row (cache.revalidated) or
    the event itself: both give the same validator. None while nothing is published."""

    def parts_of(event: Any) -> tuple[Any, ...] | None:
        summary = publishing.latest_publication_summary(event)
        return None if summary is None else _inputs(event, summary, kind)

    return parts_of


@bp.get("/events/<slug>/agenda")
@cache.revalidated(_visitor_parts("page"))
@public_event_route
def public_agenda(event: Event) -> Any:
    summary = publishing.latest_publication_summary(event)
    if summary is None:
        return render_template("agenda/public/not_published.html")
    if not cache.is_anonymous_visit():
        return _render_agenda(event, _full(summary))
    # Anonymous visitors all get the same page for a publication, language and address.
    return cache.visitor_page(
        _inputs(event, summary, "page"), lambda: _render_agenda(event, _full(summary))
    )


def _full(summary: Any) -> AgendaPublication:
    publication = db.session.get(AgendaPublication, summary.id)
    if publication is None:  # removed since the summary was read
        abort(404)
    return publication


def _render_agenda(event: Event, publication: AgendaPublication) -> str:
    programme = localized_programme(event, publication, _locale())
    day = _int_arg("day")
    theme = _int_arg("theme")
    if day is not None and not any(d.index == day for d in programme.days):
        day = None
    if theme is not None and theme not in programme.theme_by_id:
        theme = None
    body = _cached(
        event,
        publication,
        "agenda",
        day,
        theme,
        build=lambda: Markup(  # noqa: S704 - our own template output, escaped by Jinja
            render_template(
                "agenda/public/_programme.html",
                publication=publication,
                programme=programme,
                days=programme.filtered_days(day=day, theme=theme),
                day=day,
                theme=theme,
            )
        ),
    )
    return render_template(
        "agenda/public/agenda.html", publication=publication, programme=programme, body=body
    )


@bp.get("/events/<slug>/speakers")
@public_event_route
def public_speakers(event: Event) -> Any:
    publication = publishing.latest_publication(event)
    if publication is None:
        return render_template("agenda/public/not_published.html", speakers_page=True)
    programme = localized_programme(event, publication, _locale())
    return render_template(
        "agenda/public/speakers.html", publication=publication, programme=programme
    )


@bp.get("/events/<slug>/agenda.pdf")
@public_event_route
def agenda_pdf(event: Event) -> Response:
    """Rendered by a job once per publication, event version, language and layout."""
    publication = _published(event)
    flowing = request.args.get("layout") == "flow"
    with force_locale(_locale()):  # ?lang= chooses the document's language
        html = _cached(
            event,
            publication,
            "pdf-html",
            flowing,
            build=lambda: agenda_pdf_module.agenda_html(
                _programme(event, publication),
                event=event,
                number=publication.number,
                published_at=publication.published_at,
                flowing=flowing,
            ),
        )
    filename = f"{event.slug}-agenda-v{publication.number}.pdf"
    response = documents.respond(
        "agenda", html=html, filename=filename, event_id=event.id, public=True
    )
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


@bp.get("/events/<slug>/agenda.ics")
@cache.revalidated(_visitor_parts("ics"), page=False)
@public_event_route
def agenda_ics(event: Event) -> Response:
    publication = _published(event)
    return _export(
        event,
        publication,
        "ics",
        lambda: exports.icalendar(
            _programme(event, publication),
            title=text(event, "title", _locale()),
            published_at=publication.published_at,
            sequence=publication.number - 1,
            agenda_url=_absolute("agenda.public_agenda", slug=event.slug),
        ),
        "text/calendar",
        f"{event.slug}.ics",
    )


@bp.get("/events/<slug>/agenda/<uid>.ics")
@public_event_route
def item_ics(event: Event, uid: str) -> Response:
    publication = _published(event)
    programme = _programme(event, publication)
    item = programme.item(uid)
    if item is None:
        abort(404)
    body = exports.icalendar(
        programme,
        title=text(event, "title", _locale()),
        published_at=publication.published_at,
        sequence=publication.number - 1,
        agenda_url=_absolute("agenda.public_agenda", slug=event.slug),
        items=[item],
    )
    return _download(body, "text/calendar", f"{exports.ascii_slug(item.title) or 'item'}.ics")


def _frab_args(event: Event, publication: Any) -> dict[str, Any]:
    return {
        "title": text(event, "title", _locale()),
        "event_slug": event.slug,
        "version": f"{publication.number} ({publication.published_at:%Y-%m-%d %H:%M} UTC)",
        "agenda_url": _absolute("agenda.public_agenda", slug=event.slug),
        "base_url": public_root(),
    }


@bp.get("/events/<slug>/schedule.json")
@cache.revalidated(_visitor_parts("json"), page=False)
@public_event_route
def schedule_json(event: Event) -> Response:
    publication = _published(event)
    return _export(
        event,
        publication,
        "json",
        lambda: exports.schedule_json(
            _programme(event, publication), **_frab_args(event, publication)
        ),
        "application/json",
        "schedule.json",
    )


@bp.get("/events/<slug>/schedule.xml")
@cache.revalidated(_visitor_parts("xml"), page=False)
@public_event_route
def schedule_xml(event: Event) -> Response:
    publication = _published(event)
    return _export(
        event,
        publication,
        "xml",
        lambda: exports.schedule_xml(
            _programme(event, publication),
            xml_url=_absolute("agenda.schedule_xml", slug=event.slug),
            **_frab_args(event, publication),
        ),
        "text/xml",
        "schedule.xml",
    )
