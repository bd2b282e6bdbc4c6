"""Translatable content: what a reader sees, statuses, saving, source language choice."""

from __future__ import annotations

import pytest

from seminar.content import services
from seminar.content.diffs import word_diff
from seminar.content.models import ContentSource
from seminar.errors import ConflictError, DomainError
from tests.agenda.factories import make_item, make_person
from tests.factories import make_event, make_user


def test_reader_gets_the_translation_or_the_source_marked_as_fallback(db):
    event = make_event(title="Políticas migratorias")
    item = make_item(event, title="Apertura", description="")
    services.save(item, "title", "en", "Opening", version=0, user=None)

    english = services.text(item, "title", "en")
    assert (english, english.lang, english.is_fallback) == ("Opening", "en", False)
    spanish = services.text(item, "title", "es")
    assert (spanish, spanish.lang, spanish.is_fallback) == ("Apertura", "es", False)
    untranslated = services.text(event, "title", "en")
    assert (untranslated, untranslated.lang, untranslated.is_fallback) == (
        "Políticas migratorias",
        "es",
        True,
    )


def test_an_event_with_three_languages_has_a_status_per_language(db):
    event = make_event(languages="es,en,fr")
    person = make_person(event, position="Directora")
    services.save(person, "position", "fr", "Directrice", version=0, user=None)

    assert services.status(person, "position", "fr") == services.Status.CURRENT
    assert services.status(person, "position", "en") == services.Status.MISSING
    assert services.text(person, "position", "fr") == "Directrice"


def test_translation_becomes_outdated_when_the_source_changes_and_current_when_saved(db):
    event = make_event()
    item = make_item(event, title="Panel sobre remesas")
    services.save(item, "title", "en", "Panel on remittances", version=0, user=None)
    item.title = "Panel sobre remesas y desarrollo"
    db.flush()

    assert services.status(item, "title", "en") == services.Status.OUTDATED
    change = services.diff_source(item, "title", "en")
    assert (change.old, change.new) == ("Panel sobre remesas", "Panel sobre remesas y desarrollo")
    assert "<ins> y desarrollo</ins>" in str(word_diff(change.old, change.new))
    assert services.text(item, "title", "en") == "Panel on remittances"  # still shown

    saved = services.translation(item, "title", "en")
    services.save(
        item,
        "title",
        "en",
        "Panel on remittances and development",
        version=saved.version,
        user=None,
    )
    assert services.status(item, "title", "en") == services.Status.CURRENT
    assert services.diff_source(item, "title", "en") is None


def test_a_stale_version_is_refused_as_a_conflict(db):
    event = make_event()
    item = make_item(event)
    services.save(item, "title", "en", "Panel", version=0, user=None)
    with pytest.raises(ConflictError):
        services.save(item, "title", "en", "Another panel", version=0, user=None)
    assert services.text(item, "title", "en") == "Panel"


def test_saving_a_translation_bumps_the_event_version(db):
    event = make_event()
    item = make_item(event)
    before = event.version
    services.save(item, "title", "en", "Panel", version=0, user=make_user())
    assert event.version == before + 1


def test_a_language_the_event_does_not_offer_or_the_source_language_is_refused(db):
    event = make_event(languages="es,en")
    item = make_item(event)
    with pytest.raises(DomainError):
        services.save(item, "title", "fr", "Table ronde", version=None, user=None)
    with pytest.raises(DomainError):
        services.save(item, "title", "es", "Panel", version=None, user=None)


def test_choosing_the_translation_as_source_swaps_the_texts_and_keeps_both(db):
    event = make_event()
    item = make_item(event, title="Remittances panel")  # drafted in English
    services.set_source_language(item, "title", "en", None)
    assert services.source_language(item, "title") == "en"
    assert services.text(item, "title", "es").is_fallback
    services.save(item, "title", "es", "Panel de remesas", version=0, user=None)

    services.set_source_language(item, "title", "es", None)
    assert item.title == "Panel de remesas"
    assert services.text(item, "title", "en") == "Remittances panel"
    assert services.status(item, "title", "en") == services.Status.CURRENT
    assert db.query(ContentSource).count() == 0


def test_event_statuses_count_missing_outdated_and_current_per_owner(db):
    event = make_event(title="Seminario", subtitle="", description="")
    first = make_item(event, title="Apertura")
    second = make_item(event, title="Clausura")
    make_item(event, title="Almuerzo")
    services.save(first, "title", "en", "Opening", version=0, user=None)
    services.save(second, "title", "en", "Closing", version=0, user=None)
    second.title = "Clausura oficial"
    db.flush()

    summary = services.event_statuses(event, "en")
    agenda = next(part for part in summary.owners if part.owner.kind == "agenda_item")
    assert agenda.counts[services.Status.MISSING] == 1
    assert agenda.counts[services.Status.OUTDATED] == 1
    assert agenda.counts[services.Status.CURRENT] == 1
    assert summary.counts[services.Status.MISSING] >= 2  # the event's title too
    assert services.event_statuses(event, "es").counts[services.Status.MISSING] == 0


def test_preload_reads_every_translation_of_a_page_in_one_query_per_kind(db, app):
    from sqlalchemy import event as sa_event

    event = make_event()
    items = [make_item(event, title=f"Sesión {n}") for n in range(12)]
    for n, item in enumerate(items):
        services.save(item, "title", "en", f"Session {n}", version=None, user=None)
    db.commit()
    items = [db.merge(item) for item in items]
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    engine = db.get_bind()
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        services.preload(items, "en")
        titles = [services.text(item, "title", "en") for item in items]
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    assert titles == [f"Session {n}" for n in range(12)]
    assert len([s for s in statements if "content_" in s]) == 1  # translations and source choices
