"""The annexes list people by family name with the collation of the report's language, with
honorifics in that language."""

from __future__ import annotations

import pytest

from seminar.registration.models import Sex
from seminar.reports.collation import sort_key, translate_honorific
from tests.registration.factories import make_registration
from tests.reports.factories import make_seminar


def test_spanish_collation_keeps_accents_in_place_and_puts_enye_after_n():
    names = ["Ñúñez", "Zapata", "Núñez", "Benítez", "Nuñez", "Álvarez", "Nunez", "Nuno", "Oliva"]
    ordered = sorted(names, key=lambda n: sort_key(n, "es"))
    assert ordered == [
        "Álvarez", "Benítez", "Nunez", "Nuno", "Nuñez", "Núñez", "Ñúñez", "Oliva", "Zapata",
    ]  # fmt: skip
    # English has no letter ñ: "Ñúñez" sorts as "Nunez" does.
    assert sorted(["Ñúñez", "Nuno"], key=lambda n: sort_key(n, "en")) == ["Ñúñez", "Nuno"]


@pytest.mark.parametrize(
    ("typed", "sex", "spanish", "english"),
    [
        ("Mr.", None, "Sr.", "Mr."),
        ("Ms", None, "Sra.", "Ms."),
        ("Mrs.", None, "Sra.", "Ms."),
        ("Dr.", True, "Dra.", "Dr."),
        ("Dr", False, "Dr.", "Dr."),
        ("H.E.", True, "Excma.", "H.E."),
        ("H.E.", False, "Excmo.", "H.E."),
        ("Sra.", None, "Sra.", "Ms."),
        ("Embajadora", None, "Embajadora", "Ambassador"),
        ("Capitán", None, "Capitán", "Capitán"),  # unknown: as typed
        ("", None, "", ""),
    ],
)
def test_honorifics_in_the_document_language(typed, sex, spanish, english):
    assert translate_honorific(typed, "es", is_female=sex) == spanish
    assert translate_honorific(typed, "en", is_female=sex) == english


def test_participants_annex_sorted_by_family_name_with_spanish_honorifics(client, db, login_as):
    seminar = make_seminar()  # a Spanish report
    people = [
        ("Mr.", "Bruno", "Ñúñez Rojas", Sex.MALE),
        ("Ms", "Ana", "Zapata", Sex.FEMALE),
        ("Dr.", "Carla", "Núñez", Sex.FEMALE),
        ("Mr.", "Diego", "Nuñez", Sex.MALE),
        ("H.E.", "Elena", "Benítez", Sex.FEMALE),
        ("Mr.", "Félix", "Álvarez", Sex.NOT_STATED),
        ("Prof.", "Gael", "Álvarez", Sex.MALE),
    ]
    for honorific, given, family, sex in people:
        make_registration(
            seminar.event, honorific=honorific, given_name=given, family_name=family, sex=sex,
            country="BO", consents_to_list=True,
        )  # fmt: skip
    login_as("rapporteur", seminar.event)
    html = client.get(f"/manage/{seminar.event.slug}/report/preview").get_data(as_text=True)
    annex = html[html.index('id="annex-participants"') :]
    expected = [
        "Sr. Félix Álvarez",
        "Prof. Gael Álvarez",
        "Excma. Elena Benítez",
        # Nuñez and Núñez differ by an accent only: the given name decides, as in a directory.
        "Dra. Carla Núñez",
        "Sr. Diego Nuñez",
        "Sr. Bruno Ñúñez Rojas",
        "Sra. Ana Zapata",
    ]
    positions = [annex.index(f'<p class="person-name">{name}</p>') for name in expected]
    assert positions == sorted(positions)
    assert "Mr." not in annex
    assert "Ms" not in annex
    assert "H.E." not in annex


def test_speakers_annex_sorted_by_family_name(client, db, login_as):
    seminar = make_seminar()  # speakers "Ana Quispe Mamani" and "Sr. Íñigo Arrieta Núñez"
    login_as("rapporteur", seminar.event)
    html = client.get(f"/manage/{seminar.event.slug}/report/preview").get_data(as_text=True)
    annex = html[html.index('id="annex-speakers"') : html.index('id="annex-participants"')]
    assert annex.index("Íñigo Arrieta Núñez") < annex.index("Ana Quispe Mamani")
