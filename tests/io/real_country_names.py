"""Country names as real participant lists write them, with the ISO alpha-3 each means.

Collected from UN meeting lists of participants (UN terminology short names), ISO 3166
short names as printed with typographic apostrophes, lists that still use a former name,
and lists written in the six UN languages or in the country's own script.
"""

from __future__ import annotations

REAL_LIST_NAMES: list[tuple[str, str]] = [
    # UN terminology short names: the parenthesis form and the long forms
    ("Bolivia (Plurinational State of)", "BOL"),
    ("Iran (Islamic Republic of)", "IRN"),
    ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("Micronesia (Federated States of)", "FSM"),
    ("Netherlands (Kingdom of the)", "NLD"),
    ("Republic of Moldova", "MDA"),
    ("United Republic of Tanzania", "TZA"),
    ("Russian Federation", "RUS"),
    ("Syrian Arab Republic", "SYR"),
    ("State of Palestine", "PSE"),
    ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
    ("Democratic Republic of the Congo", "COD"),
    # ISO 3166 short names with the "(the)" parenthesis, and typographic apostrophes
    ("Korea (the Democratic People’s Republic of)", "PRK"),
    ("Congo (the Democratic Republic of the)", "COD"),
    ("Gambia (the)", "GMB"),
    ("Côte d’Ivoire", "CIV"),
    ("Democratic People’s Republic of Korea", "PRK"),
    ("Lao People’s Democratic Republic", "LAO"),
    ("Lao Peopleʼs Democratic Republic", "LAO"),
    ("Timor–Leste", "TLS"),
    # former names still in use
    ("Swaziland", "SWZ"),
    ("Burma", "MMR"),
    ("Zaire", "COD"),
    ("Cape Verde", "CPV"),
    ("The former Yugoslav Republic of Macedonia", "MKD"),
    ("East Timor", "TLS"),
    ("Turkey", "TUR"),
    # the six UN languages
    ("Chine", "CHN"),
    ("Fédération de Russie", "RUS"),
    ("Rusia", "RUS"),
    ("Estados Unidos de América", "USA"),
    ("Казахстан", "KAZ"),
    ("Российская Федерация", "RUS"),
    ("中国", "CHN"),
    ("俄罗斯联邦", "RUS"),
    ("المملكة العربية السعودية", "SAU"),
    ("مصر", "EGY"),
    # the country's own script or language
    ("Қазақстан", "KAZ"),
    ("Россия", "RUS"),
    ("Brasil", "BRA"),
    ("Deutschland", "DEU"),
    ("भारत", "IND"),
    ("Türkiye", "TUR"),
    ("日本", "JPN"),
    ("대한민국", "KOR"),
]

# The ISO 3166 short name that holds an apostrophe (pycountry spells it so).
ISO_APOSTROPHE_NAME = ("Korea, Democratic People's Republic of", "PRK")
