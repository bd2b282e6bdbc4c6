"""Finding people who may already be in the list, however their name is written, and the step
that offers to use them before a new person is created."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from seminar.agenda import person_services
from seminar.agenda.duplicates import Who, may_be_same, names_may_match
from seminar.agenda.models import Person
from tests.agenda.factories import make_person
from tests.factories import make_event


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Carmen Villanueva", "Carmen Rosa Villanueva Ñáñez"),
        ("Carmen Rosa Villanueva Ñáñez", "carmen villanueva"),
        ("José Luis Pérez", "Jose Perez Gutiérrez"),
        ("María de los Ángeles Choque", "Maria Angeles Choque Mamani"),
    ],
)
def test_names_with_a_middle_name_or_second_family_name_may_match(a, b):
    assert names_may_match(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Carmen Villanueva", "Rosa Villanueva"),  # another given name
        ("Carmen Villanueva", "Carmen Quispe"),  # another family name
        ("Carmen de la Cruz", "Carmen de la Fuente"),  # particles do not count
        ("Carmen", "Carmen Villanueva"),
    ],
)
def test_different_people_do_not_match(a, b):
    assert not names_may_match(a, b)


def test_a_similar_name_is_a_duplicate_only_with_the_same_position_and_country():
    carmen = Who("Carmen Villanueva", position="Directora General de Migración", country="BO")
    same = Who(
        "Carmen Rosa Villanueva Ñáñez", position="directora general de migracion", country="BO"
    )
    elsewhere = same._replace(country="PE")
    other_job = same._replace(position="Cónsul")
    unknown_job = same._replace(position="")
    assert may_be_same(carmen, same)
    assert not may_be_same(carmen, elsewhere)
    assert not may_be_same(carmen, other_job)
    assert may_be_same(carmen, unknown_job)


def test_people_list_flags_carmen_under_both_names(db):
    event = make_event()
    short = make_person(event, name="Carmen Villanueva", position="Directora", country="BO")
    long = make_person(
        event, name="Carmen Rosa Villanueva Ñáñez", position="Directora", country="BO"
    )
    make_person(event, name="Carmen Quispe", position="Directora", country="BO")
    assert person_services.likely_duplicates(person_services.people_for(event)) == [(short, long)]


def new_person(client, event, **values):
    data = {"name": "Carmen Villanueva", "position": "Directora General de Migración",
            "organization": "", "country": "BO", "honorific": "", "bio": "", "email": "",
            **values}  # fmt: skip
    return client.post(f"/manage/{event.slug}/people/new", data=data, follow_redirects=True)


def count(db) -> int:
    return db.scalar(select(func.count(Person.id)))


def test_adding_a_likely_duplicate_offers_to_use_the_existing_person(client, db, login_as):
    event = make_event()
    carmen = make_person(
        event, honorific="Sra.", name="Carmen Rosa Villanueva Ñáñez",
        position="Directora General de Migración", organization="Ministerio de Gobierno",
        country="BO",
    )  # fmt: skip
    login_as("organizer", event)

    page = new_person(client, event).get_data(as_text=True)

    assert count(db) == 1
    assert "This may be someone already in the list" in page
    assert "Sra. Carmen Rosa Villanueva Ñáñez" in page
    assert f'href="/manage/{event.slug}/people/{carmen.id}"' in page
    assert "Use Sra. Carmen Rosa Villanueva Ñáñez" in page
    assert 'value="Carmen Villanueva"' in page  # what was typed is kept
    assert 'name="create_anyway"' in page


def test_create_anyway_adds_the_new_person(client, db, login_as):
    event = make_event()
    make_person(event, name="Carmen Rosa Villanueva Ñáñez",
                position="Directora General de Migración", country="BO")  # fmt: skip
    login_as("organizer", event)
    page = new_person(client, event, create_anyway="Add as a new person anyway")
    assert "Carmen Villanueva has been added." in page.get_data(as_text=True)
    assert count(db) == 2


def test_someone_new_is_added_without_the_extra_step(client, db, login_as):
    event = make_event()
    make_person(event, name="Carmen Rosa Villanueva Ñáñez", position="Cónsul", country="PE")
    login_as("organizer", event)
    page = new_person(client, event).get_data(as_text=True)
    assert "Carmen Villanueva has been added." in page
    assert count(db) == 2
