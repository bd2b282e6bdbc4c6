"""The English translation of the demo report (the Spanish texts in ``demo.py`` are the source).

Each English text is saved as the translation of the Spanish text it renders, found by the
Spanish text itself: a text someone has edited since the demo was loaded is left alone. One
section's Spanish source is then changed after its translation was saved, so the demo shows an
outdated translation and what changed in its source.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date

from ..content import services as content
from ..i18n import country_name
from . import acronyms, demo, services, translations
from .models import Report

FOREWORD = """\
Bolivia is today, all at once, a country of origin, transit, destination and return for migrants.
Nearly one in three Bolivians lives abroad, and their decisions, their remittances and their rights
are as much a part of national life as what happens within our borders.

In this conviction, the Organization's Office in Bolivia, the Regional Office for the Andean
Countries and the Ministry of Foreign Affairs of the Plurinational State of Bolivia brought
together in La Paz, on {dates}, more than fifty migration policy makers from the Andean
region, Central America and Spain.

This report faithfully records the analysis and the recommendations of those two days. We make it
available to governments, to civil society and to migrant communities themselves, in the hope that
it will guide the policies of the coming years.

*The organizing institutions*
"""

ACKNOWLEDGEMENTS = """\
The organizing institutions thank the Ministry of Foreign Affairs of the Plurinational State of
Bolivia and the Directorate General of Migration for their constant support in preparing the
seminar, and the Regional Office for the Andean Countries for its technical guidance.

The seminar was made possible by funding from Spanish cooperation, through the Spanish Agency for
International Development Cooperation (AECID), and by the support of the European Union (EU) for
regional migration dialogue processes.

We also thank the Andean Community (CAN), the Southern Common Market (MERCOSUR), the Economic
Commission for Latin America and the Caribbean (CEPAL), the International Labour Organization (OIT)
and the Office of the United Nations High Commissioner for Refugees (ACNUR) for their technical
contributions, and the International Organization for Migration (OIM) for sharing its data on the
region's migration routes. Their contributions bring the region's work closer to the Sustainable
Development Goals (ODS).

Finally, we thank the panellists, moderators, interpreters and participants, whose generosity made
these two days a space for frank dialogue.
"""

SUMMARY = """\
The international seminar **"Migration Policies, Development and Human Rights"** brought together in
La Paz migration, consular, labour and development authorities from eleven countries, together with
international organizations, academia and civil society organizations.

The debates started from a shared finding: migration drives development when people migrate
safely, in an orderly and regular way, and when their rights are protected at every stage of the
migration cycle. About **3 of Bolivia's 9 million inhabitants** live abroad, mainly in **Argentina,
Spain and the United States**; the remittances they send make up a significant share of the income
of thousands of households.

The main conclusions were:

- the region's migration policies have advanced in their legal framework, but their implementation
  remains uneven and depends on limited institutional capacities;
- remittances are a private resource of families; public policies should make them cheaper to send
  and broaden financial inclusion, without trying to direct their use;
- cooperation among countries of origin, transit and destination is indispensable for the protection
  of migrants, especially along overland corridors;
- consular protection and the participation of communities abroad require services that are closer,
  digital and rights-based.

The participants adopted the recommendations in chapter 4, addressed to the governments of the
region, to the ministries of foreign affairs and to the Organization.
"""

CONTEXT = """\
The Andean region is living through the period of greatest human mobility in its recent history.
Over the last decade, traditional emigration to Argentina, Spain and the United States has been
joined by large intraregional flows and return movements.

In the case of Bolivia, available estimates indicate that **about three million people**, nearly a
third of a population of nine million, live outside the country. The Bolivian community in
Argentina is the largest, followed by those in Spain and the United States; in recent years the
communities in Chile and Brazil have also grown.

| Country of residence | Relative weight in the diaspora | Main features |
|---|---|---|
| Argentina | the largest community | labour, circular and family migration |
| Spain | second community | high share of women, care work |
| United States | third community | long-standing migration, higher income |

Remittances received by Bolivian households comfortably exceed one billion dollars a year and are,
for many families, their main source of income. However, the cost of sending them remains above
the 3% target set in the 2030 Agenda for Sustainable Development.

The 2013 Migration Law and the residence agreements of MERCOSUR and the Andean Community have given
the region an advanced legal framework. The seminar was convened to examine how that framework is
applied in practice and which policies the next decade needs.
"""

ANALYSIS = [
    """\
The countries of the region recognize the link between migration and development in their
national development plans, but rarely translate it into targets, budgets and indicators.
Information on migrants and returnees is fragmented: consular registers, household surveys and
border data are not cross-checked.

Existing return programmes focus on immediate labour reintegration and reach a small number of
people. The most promising experiences combine the certification of skills acquired abroad with
access to credit and local employment services.
""",
    """\
The average cost of sending 200 dollars from Spain or the United States to Bolivia is above 5%,
and higher in the corridors with less competition. Digital channels lower the cost, but they are
still little used by older people and in rural areas, where the network of payout points is thin.

The participants agreed that remittances are private resources. Public policies can, however,
broaden the savings, credit and insurance options of receiving households, particularly of women,
who are the majority of recipients.
""",
    """\
The residence agreements of MERCOSUR and the Andean Community have made it possible to regularize
hundreds of thousands of people. Practical obstacles persist, however: procedure fees, documentary
requirements that are hard to meet and long response times.

Technical cooperation among countries of origin, transit and destination still relies on
short-term projects. The participants stressed the need for permanent mechanisms to exchange
information and for common protocols for assistance at borders.
""",
    """\
The Bolivian consular network serves a population scattered across dozens of cities with limited
resources. Mobile consulates and online appointments have improved the service, but people in an
irregular situation still use the services less, out of fear or for lack of information.

The political participation of communities abroad has advanced with voting from abroad; what is
still missing is a standing forum for consultation between the State and migrant organizations.
""",
]

NOTES_BY_THEME: list[tuple[str, str, str]] = [
    (
        "The panel examined how to integrate migration into national and local development "
        "planning. The speakers agreed that the lack of comparable data makes it impossible to "
        "measure the effect of migration on the territories of origin.",
        "- Include migration targets in development plans.\n"
        "- Recognize skills acquired abroad.\n"
        "- Link return programmes with local employment services.",
        '> "Migration is not a problem to be solved, but a reality to be managed with rights."',
    ),
    (
        "The session analysed the cost of sending remittances and the financial inclusion options "
        "of receiving households, with experiences from Bolivia, Ecuador and Spain.",
        "- The average cost still exceeds 5% in several corridors.\n"
        "- Digital channels make sending cheaper, but do not reach rural areas.\n"
        "- Women are the majority of recipients.",
        '> "Remittances are wages, not aid: decisions on their use belong to families."',
    ),
    (
        "Representatives of countries of origin, transit and destination presented the progress "
        "and obstacles of the residence agreements and of cooperation at borders.",
        "- Regional residence agreements have regularized hundreds of thousands of people.\n"
        "- Fees and documentary requirements still prevent people from completing procedures.\n"
        "- A common protocol for assistance at borders was proposed.",
        '> "No country can protect on its own the migrants who cross its borders."',
    ),
    (
        "The session focused on consular protection and on the participation of Bolivian "
        "communities in Argentina, Spain and the United States.",
        "- Mobile consulates bring services closer to scattered communities.\n"
        "- People in an irregular situation go to consulates less often.\n"
        "- A standing advisory council of communities abroad was called for.",
        '> "The consulate must be the home of every Bolivian, with or without papers."',
    ),
]

OPENING_NOTE = (
    "The host authorities opened the seminar and recalled that nearly three of Bolivia's nine "
    "million people live abroad. They highlighted the regional character of the meeting and the "
    "commitment to turn its conclusions into policies.",
    "- Migration as a driver of development.\n- A human rights approach at every stage of the "
    "migration cycle.",
    "",
)

CLOSING_NOTE = (
    "The plenary examined the conclusions of the working groups and adopted by consensus the "
    "recommendations in chapter 4. The organizing institutions undertook to present the final "
    "report to the participating governments and to follow up on its implementation at a "
    "forthcoming regional meeting.",
    "- Adoption of the recommendations by consensus.\n- Presentation of the report to "
    "governments.\n- Follow-up at a forthcoming regional meeting.",
    '> "This document does not end here: it starts being applied tomorrow in each of our '
    'countries."',
)

# (text, addressee) in the order of ``demo.RECOMMENDATIONS``.
RECOMMENDATIONS: list[tuple[str, str]] = [
    ("Include migration and development targets, budgets and indicators in national and "
     "subnational development plans.", "Governments of the region"),
    ("Create a national migration information system that cross-checks consular registers, "
     "household surveys and border data, with protection of personal data.",
     "Governments of the region"),
    ("Set up programmes to certify skills acquired abroad to ease the labour reintegration of "
     "returnees.", "Ministries of Labour"),
    ("Bring the cost of sending remittances below 3% through competition among operators and "
     "transparent fees.", "Governments of the region"),
    ("Extend the network of payout points and digital financial services in rural areas, with "
     "financial education programmes aimed at women recipients.",
     "Central banks and financial authorities"),
    ("Promote savings, credit and insurance products linked to remittances, respecting their "
     "nature as private resources of families.", "The Organization"),
    ("Lower the fees and simplify the documentary requirements of the residence procedures "
     "provided for in the regional agreements.", "Governments of the region"),
    ("Adopt a common regional protocol for assistance and protection at border crossings, with "
     "special attention to unaccompanied children and adolescents.",
     "Ministries of Foreign Affairs"),
    ("Create a permanent mechanism for exchanging information and good practices among countries "
     "of origin, transit and destination.", "The Organization"),
    ("Expand mobile consulates and online consular services, ensuring that people in an irregular "
     "situation can come forward without fear.", "Ministry of Foreign Affairs"),
    ("Establish an advisory council of Bolivian communities abroad, with representatives from "
     "Argentina, Spain and the United States.", "Ministry of Foreign Affairs"),
    ("Train consular staff in human rights, gender and assistance to victims of trafficking in "
     "persons and migrant smuggling.", "The Organization"),
    ("Conclude bilateral social security agreements that allow contributions paid in countries "
     "of destination to be added up.", "Governments of the region"),
]  # fmt: skip

COVER = {
    "Políticas migratorias, desarrollo y derechos humanos": (
        "Migration Policies, Development and Human Rights"
    ),
    "Informe final del seminario internacional": "Final report of the international seminar",
}

# The imprint's texts (the citation is generated from the English title and publisher).
IMPRINT = {
    "publisher": "The Organization's Office in Bolivia",
    "disclaimer": (
        "The opinions expressed in this report are those of the participants and do not "
        "necessarily reflect those of the organizing institutions or of their Member States. The "
        "designations employed and the presentation of the material do not imply any opinion "
        "concerning the legal status of any country, territory, city or area, or of its "
        "authorities, or concerning the delimitation of its frontiers or boundaries."
    ),
}

# The meanings in the list of acronyms (the acronyms stay as the Spanish text uses them).
ACRONYMS = {
    "ACNUR": "Office of the United Nations High Commissioner for Refugees (UNHCR)",
    "AECID": "Spanish Agency for International Development Cooperation",
    "CAN": "Andean Community",
    "CEPAL": "Economic Commission for Latin America and the Caribbean (ECLAC)",
    "MERCOSUR": "Southern Common Market",
    "ODS": "Sustainable Development Goals (SDGs)",
    "OIM": "International Organization for Migration (IOM)",
    "OIT": "International Labour Organization (ILO)",
    "UE": "European Union (EU)",
}

# The change made to the Spanish context after its English translation was saved.
CONTEXT_UPDATE = (
    "\n\nDatos actualizados tras el seminario: el Banco Central de Bolivia informó que las remesas "
    "recibidas en 2025 crecieron un 4 % respecto del año anterior."
)


def _english_days(first: date, last: date) -> str:
    """'2 and 3 December 2026', as the English foreword names the seminar's days."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} and {format_date(last, 'd MMMM y', locale='en')}"
    return " and ".join(format_date(day, "d MMMM y", locale="en") for day in (first, last))


def _pairs(report: Report) -> dict[str, str]:
    """Spanish demo text -> its English translation."""
    event = report.event
    days = (event.starts_on, event.ends_on)
    pairs = {
        demo.FOREWORD.format(dates=demo._spanish_days(*days)): FOREWORD.format(
            dates=_english_days(*days)
        ),
        demo.SUMMARY: SUMMARY,
        demo.CONTEXT: CONTEXT,
        **dict(zip(demo.ANALYSIS, ANALYSIS, strict=True)),
        **COVER,
    }
    acknowledgements = getattr(demo, "ACKNOWLEDGEMENTS", None)
    if acknowledgements:
        pairs[acknowledgements] = ACKNOWLEDGEMENTS
    for spanish, english in zip(
        [*demo.NOTES_BY_THEME, demo.OPENING_NOTE, demo.CLOSING_NOTE],
        [*NOTES_BY_THEME, OPENING_NOTE, CLOSING_NOTE],
        strict=True,
    ):
        pairs.update((s, e) for s, e in zip(spanish, english, strict=True) if s)
    for spanish_rec, (text, addressee) in zip(demo.RECOMMENDATIONS, RECOMMENDATIONS, strict=True):
        pairs[spanish_rec[1]] = text
        pairs[spanish_rec[2]] = addressee
    pairs.update((demo.IMPRINT[key], english) for key, english in IMPRINT.items())
    spanish_meanings = acronyms.KNOWN["es"]
    pairs.update((spanish_meanings[key], english) for key, english in ACRONYMS.items())
    if event.city and event.country:  # the cover's place, as the report drafts it
        spanish_place = ", ".join((event.city, country_name(event.country, "es")))
        pairs[spanish_place] = ", ".join((event.city, country_name(event.country, "en")))
    return pairs


def translate(report: Report, author: Any) -> None:
    """Save the English translation of every demo text that has none yet."""
    if "en" not in translations.languages(report):
        return
    pairs = _pairs(report)
    for text in translations.texts(report, "en"):
        english = pairs.get(str(text.source))
        if english is not None and text.status == content.Status.MISSING:
            content.save(text.obj, text.field, "en", english, version=None, user=author)


def outdate_context(report: Report) -> None:
    """Change the Spanish context after its English translation was saved (once)."""
    section = services.get_section(report, "context")
    if section is None or section.id is None or CONTEXT_UPDATE in section.body:
        return
    if content.status(section, "body", "en") != content.Status.CURRENT:
        return
    section.body = section.body.rstrip("\n") + CONTEXT_UPDATE + "\n"
    services.reopen_if_final(report)
