"""Translations of content: which texts exist, what a reader sees, what a translator must do.

Areas register the models and fields that hold visible text (``register``); the column keeps the
text in its source language, ``ContentTranslation`` rows hold the other languages. Readers get
``Localized`` strings: the text in their language, or the source text marked as a fallback, so
templates can set a ``lang`` attribute. ``preload`` loads a whole page's translations in one query
per owner kind; ``text`` then reads from that per-transaction cache.
"""

from __future__ import annotations

import enum
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, Text, cast, event, literal, select, union_all
from sqlalchemy.orm import Session

from ..dbtypes import utcnow
from ..errors import ConflictError, DomainError
from ..events.models import Event
from ..extensions import db
from .models import ContentSource, ContentTranslation


class Localized(str):
    """A text with the language it is actually in; ``is_fallback`` when the reader's language
    had no translation and the source text is shown instead."""

    lang: str
    is_fallback: bool

    def __new__(cls, value: str, lang: str, is_fallback: bool = False) -> Localized:
        text = super().__new__(cls, value)
        text.lang = lang
        text.is_fallback = is_fallback
        return text


class Status(enum.StrEnum):
    MISSING = "missing"
    CURRENT = "current"
    OUTDATED = "outdated"


@dataclass(frozen=True)
class Owner:
    """A registered kind of object whose ``fields`` are visible texts."""

    kind: str
    model: type
    fields: tuple[str, ...]
    event_id: Callable[[Any], int]
    label: Any = None
    query: Callable[[Event], Select[Any]] | None = None
    endpoint: str | None = None

    def objects(self, event_: Event) -> list[Any]:
        """Every object of this kind in the event, in the order a translator reads them."""
        if self.query is not None:
            statement = self.query(event_)
        else:
            model: Any = self.model
            statement = select(model).where(model.event_id == event_.id).order_by(model.id)
        return list(db.session.scalars(statement))


_OWNERS: dict[str, Owner] = {}
_BY_MODEL: dict[type, Owner] = {}


def register(
    owner: str,
    model: type,
    fields: tuple[str, ...],
    event_id: Callable[[Any], int] | None = None,
    *,
    label: Any = None,
    query: Callable[[Event], Select[Any]] | None = None,
    endpoint: str | None = None,
) -> None:
    """Declare that ``model``'s ``fields`` are texts to translate, under the name ``owner``.

    ``event_id`` finds an object's event (default: its ``event_id`` column); ``query`` lists an
    event's objects (default: by ``event_id``); ``endpoint`` is the side-by-side page the
    translations overview links to (default: this area's page for the kind).
    """
    entry = Owner(
        kind=owner,
        model=model,
        fields=tuple(fields),
        event_id=event_id or (lambda obj: obj.event_id),
        label=label or owner,
        query=query,
        endpoint=endpoint,
    )
    _OWNERS[owner] = entry
    _BY_MODEL[model] = entry


def owners() -> list[Owner]:
    return list(_OWNERS.values())


def owner(kind: str) -> Owner:
    try:
        return _OWNERS[kind]
    except KeyError:
        raise LookupError(f"no translatable content registered as {kind!r}") from None


def owner_of(obj: Any) -> Owner:
    for cls in type(obj).__mro__:
        if cls in _BY_MODEL:
            return _BY_MODEL[cls]
    raise LookupError(f"{type(obj).__name__} has no registered translatable content")


def digest(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


# --- The per-transaction cache -------------------------------------------------------------------

_CACHE = "seminar.content"


@dataclass(frozen=True)
class SavedText:
    """A saved translation as readers and the status need it (read with its source choices)."""

    value: str
    source_digest: str
    source_text: str
    version: int


@dataclass
class _Cache:
    # (owner, owner_id, lang) -> {field: text}; a key present means "loaded", even if empty.
    translations: dict[tuple[str, int, str], dict[str, SavedText]] = field(default_factory=dict)
    # (owner, owner_id) -> {field: lang} for texts whose source is not the event's first language.
    sources: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    events_loaded: set[tuple[int, str]] = field(default_factory=set)


def _cache() -> _Cache:
    info = db.session.info
    if _CACHE not in info:
        info[_CACHE] = _Cache()
    return info[_CACHE]


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, *args: Any) -> None:
    session.info.pop(_CACHE, None)


def forget() -> None:
    """Drop this transaction's cache (after a change of many texts' source languages)."""
    _forget(db.session)


def _load(lang: str, *, event_id: int | None = None, kind: str = "", ids: Any = ()) -> None:
    """Translations into ``lang`` and the source-language choices of an event's texts (or of the
    objects ``ids`` of ``kind``), in ONE statement: pages keep a fixed number of queries."""
    tr = ContentTranslation.__table__.c
    src = ContentSource.__table__.c
    if event_id is not None:
        tr_where, src_where = [tr.event_id == event_id], [src.event_id == event_id]
    else:
        tr_where = [tr.owner == kind, tr.owner_id.in_(ids)]
        src_where = [src.owner == kind, src.owner_id.in_(ids)]
    empty = cast(literal(""), Text)
    statement = union_all(
        select(
            tr.owner, tr.owner_id, tr.field, tr.lang, tr.value, tr.source_digest,
            tr.source_text, tr.version, literal(0).label("is_source"),
        ).where(tr.lang == lang, *tr_where),
        select(
            src.owner, src.owner_id, src.field, src.lang, empty, empty, empty, literal(0),
            literal(1),
        ).where(*src_where),
    )  # fmt: skip
    cache = _cache()
    for (
        kind_,
        owner_id,
        name,
        lang_,
        value,
        digest_,
        text_,
        version,
        is_source,
    ) in db.session.execute(statement):
        if is_source:
            cache.sources.setdefault((kind_, owner_id), {})[name] = lang_
        else:
            saved = SavedText(
                value=value, source_digest=digest_, source_text=text_, version=version
            )
            cache.translations.setdefault((kind_, owner_id, lang_), {})[name] = saved


def preload(objs: Iterable[Any], lang: str) -> None:
    """Load the translations into ``lang`` (and the source-language choices) of all ``objs`` at
    once, so that ``text`` needs no query per object: one query per owner kind."""
    cache = _cache()
    wanted: dict[str, set[int]] = {}
    for obj in objs:
        kind = owner_of(obj).kind
        if (kind, obj.id, lang) not in cache.translations:
            wanted.setdefault(kind, set()).add(obj.id)
    for kind, ids in wanted.items():
        _load(lang, kind=kind, ids=sorted(ids))
        for owner_id in ids:
            cache.translations.setdefault((kind, owner_id, lang), {})
            cache.sources.setdefault((kind, owner_id), {})


def preload_event(event_id: int, lang: str) -> None:
    """Load every translation of an event into ``lang`` (one query, any number of texts)."""
    cache = _cache()
    if (event_id, lang) not in cache.events_loaded:
        _load(lang, event_id=event_id)
        cache.events_loaded.add((event_id, lang))


def _loaded(cache: _Cache, event_id: int, lang: str | None = None) -> bool:
    return any(e == event_id and lang in (None, code) for e, code in cache.events_loaded)


def _translations(kind: str, owner_id: int, event_id: int, lang: str) -> dict[str, SavedText]:
    cache = _cache()
    key = (kind, owner_id, lang)
    if key not in cache.translations and not _loaded(cache, event_id, lang):
        preload_owner(kind, owner_id, lang)
    return cache.translations.get(key, {})


def _sources(kind: str, owner_id: int, event_id: int) -> dict[str, str]:
    cache = _cache()
    key = (kind, owner_id)
    if key not in cache.sources and not _loaded(cache, event_id):
        preload_owner(kind, owner_id, "")
    return cache.sources.get(key, {})


def preload_owner(kind: str, owner_id: int, lang: str) -> None:
    _load(lang, kind=kind, ids=[owner_id])
    cache = _cache()
    cache.translations.setdefault((kind, owner_id, lang), {})
    cache.sources.setdefault((kind, owner_id), {})


def event_source_language(event_id: int) -> str:
    found = db.session.get(Event, event_id)
    return found.default_language if found is not None else "es"


# --- Reading -------------------------------------------------------------------------------------


def resolve(
    kind: str, owner_id: int, event_id: int, field_name: str, source_value: str, lang: str
) -> Localized:
    """The text of ``kind``/``owner_id``/``field_name`` in ``lang``, given its source value; used
    for published snapshots as well as for live objects."""
    source_lang = _sources(kind, owner_id, event_id).get(field_name) or event_source_language(
        event_id
    )
    source_value = source_value or ""
    if lang == source_lang or not source_value:
        return Localized(source_value, source_lang if source_value else lang)
    row = _translations(kind, owner_id, event_id, lang).get(field_name)
    if row is not None and row.value:
        return Localized(row.value, lang)
    return Localized(source_value, source_lang, is_fallback=True)


def source_language(obj: Any, field_name: str) -> str:
    """The language ``obj``'s column ``field_name`` is written in."""
    entry = owner_of(obj)
    event_id = entry.event_id(obj)
    chosen = _sources(entry.kind, obj.id, event_id).get(field_name)
    return chosen or event_source_language(event_id)


def text(obj: Any, field_name: str, lang: str) -> Localized:
    """``obj.field_name`` in ``lang``, or its source text marked as a fallback."""
    entry = owner_of(obj)
    if field_name not in entry.fields:
        raise LookupError(f"{entry.kind}.{field_name} is not a registered translatable text")
    return resolve(
        entry.kind, obj.id, entry.event_id(obj), field_name, getattr(obj, field_name) or "", lang
    )


def translation(obj: Any, field_name: str, lang: str) -> SavedText | None:
    """The saved translation of ``obj.field_name`` into ``lang`` (value, version, its source)."""
    entry = owner_of(obj)
    return _translations(entry.kind, obj.id, entry.event_id(obj), lang).get(field_name)


def status(obj: Any, field_name: str, lang: str) -> Status:
    """Missing (no translation), current, or outdated (the source changed since it was saved)."""
    if source_language(obj, field_name) == lang:
        return Status.CURRENT
    row = translation(obj, field_name, lang)
    if row is None or not row.value:
        return Status.MISSING
    if row.source_digest != digest(getattr(obj, field_name) or ""):
        return Status.OUTDATED
    return Status.CURRENT


@dataclass(frozen=True)
class SourceChange:
    """The source text when the translation was saved, and now."""

    old: str
    new: str


def diff_source(obj: Any, field_name: str, lang: str) -> SourceChange | None:
    """How the source changed since the translation into ``lang`` was saved (None if it did not)."""
    row = translation(obj, field_name, lang)
    if row is None or status(obj, field_name, lang) != Status.OUTDATED:
        return None
    return SourceChange(old=row.source_text, new=getattr(obj, field_name) or "")


# --- Writing -------------------------------------------------------------------------------------


def _event_of(obj: Any) -> Event:
    found = db.session.get(Event, owner_of(obj).event_id(obj))
    if found is None:
        raise DomainError(_("This text belongs to no event."))
    return found


def _touch(event_: Event) -> None:
    """A new event version: every cached public page and export of the event is rebuilt."""
    event_.updated_at = utcnow()


def _row(kind: str, owner_id: int, field_name: str, lang: str) -> ContentTranslation | None:
    return db.session.scalar(
        select(ContentTranslation).where(
            ContentTranslation.owner == kind,
            ContentTranslation.owner_id == owner_id,
            ContentTranslation.field == field_name,
            ContentTranslation.lang == lang,
        )
    )


def _remember(row: ContentTranslation) -> None:
    saved = SavedText(
        value=row.value,
        source_digest=row.source_digest,
        source_text=row.source_text,
        version=row.version,
    )
    _cache().translations.setdefault((row.owner, row.owner_id, row.lang), {})[row.field] = saved


def save(
    obj: Any, field_name: str, lang: str, value: str, *, version: int | None, user: Any
) -> ContentTranslation:
    """Save the translation of ``obj.field_name`` into ``lang`` (an empty value makes it missing).

    ``version`` is the translation's version the translator started from (0 for a new one);
    a different saved version raises ConflictError. Flushes, never commits.
    """
    entry = owner_of(obj)
    if field_name not in entry.fields:
        raise DomainError(_("This text cannot be translated."))
    event_ = _event_of(obj)
    if lang not in event_.language_list:
        raise DomainError(_("This event is not offered in that language."), field="value")
    if lang == source_language(obj, field_name):
        raise DomainError(_("This is the text's source language; edit the text itself."))
    row = _row(entry.kind, obj.id, field_name, lang)
    saved_version = row.version if row is not None else 0
    if version is not None and version != saved_version:
        raise ConflictError(_("Someone else saved this translation since you opened it."))
    if row is None:
        row = ContentTranslation(
            event_id=event_.id, owner=entry.kind, owner_id=obj.id, field=field_name, lang=lang
        )
        db.session.add(row)
    source = getattr(obj, field_name) or ""
    row.value = (value or "").replace("\r\n", "\n").strip()
    row.source_text = source
    row.source_digest = digest(source)
    row.updated_at = utcnow()
    row.updated_by_id = getattr(user, "id", None)
    _touch(event_)
    db.session.flush()
    _remember(row)
    return row


def set_source_language(obj: Any, field_name: str, lang: str, user: Any) -> None:
    """Make ``lang`` the source language of ``obj.field_name``.

    If a translation into ``lang`` exists, it becomes the column's text and the former source
    text becomes the (current) translation into the former source language: nothing is lost.
    Otherwise the column's text is declared to be written in ``lang``.
    """
    entry = owner_of(obj)
    event_ = _event_of(obj)
    if lang not in event_.language_list:
        raise DomainError(_("This event is not offered in that language."))
    old_lang = source_language(obj, field_name)
    if lang == old_lang:
        return
    row = _row(entry.kind, obj.id, field_name, lang)
    cache = _cache()
    if row is not None and row.value:
        old_text = getattr(obj, field_name) or ""
        new_text = row.value
        setattr(obj, field_name, new_text)
        db.session.delete(row)
        db.session.flush()
        cache.translations.get((entry.kind, obj.id, lang), {}).pop(field_name, None)
        former = ContentTranslation(
            event_id=event_.id,
            owner=entry.kind,
            owner_id=obj.id,
            field=field_name,
            lang=old_lang,
            value=old_text,
            source_text=new_text,
            source_digest=digest(new_text),
            updated_by_id=getattr(user, "id", None),
        )
        db.session.add(former)
        db.session.flush()
        _remember(former)
    choice = db.session.scalar(
        select(ContentSource).where(
            ContentSource.owner == entry.kind,
            ContentSource.owner_id == obj.id,
            ContentSource.field == field_name,
        )
    )
    if lang == event_.default_language:
        if choice is not None:
            db.session.delete(choice)
    elif choice is None:
        db.session.add(
            ContentSource(
                event_id=event_.id, owner=entry.kind, owner_id=obj.id, field=field_name, lang=lang
            )
        )
    else:
        choice.lang = lang
    cache.sources.setdefault((entry.kind, obj.id), {})[field_name] = lang
    _touch(event_)
    db.session.flush()


# --- What is left to translate -------------------------------------------------------------------


@dataclass(frozen=True)
class TextStatus:
    """One text of one object, as the translations overview lists it."""

    owner: str
    owner_id: int
    field: str
    status: Status
    source: Localized


@dataclass
class OwnerSummary:
    owner: Owner
    counts: Counter[Status]
    texts: list[TextStatus]


@dataclass
class TranslationSummary:
    """What is missing, outdated and current in one language, per owner kind."""

    lang: str
    owners: list[OwnerSummary]

    @property
    def counts(self) -> Counter[Status]:
        total: Counter[Status] = Counter()
        for summary in self.owners:
            total.update(summary.counts)
        return total


def owner_texts(event_: Event, entry: Owner, lang: str) -> list[tuple[Any, str, Status]]:
    """(object, field, status) for every non-empty text of ``entry`` that has another source
    language than ``lang``: what a translator into ``lang`` works on."""
    objs = entry.objects(event_)
    preload(objs, lang)
    found = []
    for obj in objs:
        for name in entry.fields:
            if not getattr(obj, name, "") or source_language(obj, name) == lang:
                continue
            found.append((obj, name, status(obj, name, lang)))
    return found


def event_statuses(event_: Event, lang: str) -> TranslationSummary:
    """Counts per status and the list of texts, per registered owner kind, for ``lang``."""
    summaries = []
    for entry in owners():
        texts = [
            TextStatus(
                owner=entry.kind,
                owner_id=obj.id,
                field=name,
                status=state,
                source=text(obj, name, source_language(obj, name)),
            )
            for obj, name, state in owner_texts(event_, entry, lang)
        ]
        counts: Counter[Status] = Counter({s: 0 for s in Status})
        counts.update(t.status for t in texts)
        summaries.append(OwnerSummary(owner=entry, counts=counts, texts=texts))
    return TranslationSummary(lang=lang, owners=summaries)
