"""What the free-text guard takes for personal data, and — as important — what it leaves alone."""

from __future__ import annotations

import pytest

from domain.personal_data import Finding, Kind, find_in, find_personal_data

PERSONAL = Kind.PERSONAL_IDENTITY_NUMBER
COORDINATION = Kind.COORDINATION_NUMBER
PHONE = Kind.PHONE
EMAIL = Kind.EMAIL

CAUGHT = [
    # personnummer: with and without century, with and without separator, in a sentence
    ("Brukaren 19121212-1212 har fått hjälp.", PERSONAL, "19121212-1212"),
    ("Eleven 121212-1212 behöver stöd.", PERSONAL, "121212-1212"),
    ("pnr 1212121212", PERSONAL, "1212121212"),
    ("pnr 191212121212", PERSONAL, "191212121212"),
    ("Född 811218-9876, bor ensam.", PERSONAL, "811218-9876"),
    ("(198112189876)", PERSONAL, "198112189876"),
    ("Mannen 121212+1212 är över hundra år.", PERSONAL, "121212+1212"),
    ("Eleven 850709–2388 (tankstreck)", PERSONAL, "850709–2388"),
    ("Barnet 20040229-1231 föddes på skottdagen.", PERSONAL, "20040229-1231"),
    ("040229-1231", PERSONAL, "040229-1231"),
    ("990101-1230.", PERSONAL, "990101-1230"),
    # samordningsnummer: the day + 60
    ("Samordningsnummer 701063-2383", COORDINATION, "701063-2383"),
    ("Hon har 811278-9873 tills vidare", COORDINATION, "811278-9873"),
    ("19811278-9873", COORDINATION, "19811278-9873"),
    # mobile numbers
    ("Ring anhörig på 070-123 45 67.", PHONE, "070-123 45 67"),
    ("070 123 45 67", PHONE, "070 123 45 67"),
    ("0701234567", PHONE, "0701234567"),
    ("073-1234567", PHONE, "073-1234567"),
    ("076-12 34 567", PHONE, "076-12 34 567"),
    ("072 - 123 45 67", PHONE, "072 - 123 45 67"),
    ("+46 70 123 45 67", PHONE, "+46 70 123 45 67"),
    ("+46701234567", PHONE, "+46701234567"),
    ("+46 (0)70-123 45 67", PHONE, "+46 (0)70-123 45 67"),
    ("0046 70 123 45 67", PHONE, "0046 70 123 45 67"),
    ("+46-73-123 45 67", PHONE, "+46-73-123 45 67"),
    ("Ring 070-123\u00a045\u00a067 efter 16", PHONE, "070-123\u00a045\u00a067"),
    ("070-123 45 67 12 gånger", PHONE, "070-123 45 67"),
    # landlines with area codes
    ("Stockholm 08-123 456 78", PHONE, "08-123 456 78"),
    ("08-12 34 56", PHONE, "08-12 34 56"),
    ("08-1234567", PHONE, "08-1234567"),
    ("Göteborg 031-123 45 67", PHONE, "031-123 45 67"),
    ("031 123 45 67", PHONE, "031 123 45 67"),
    ("Luleå 0920-123 45", PHONE, "0920-123 45"),
    ("0911-12 34 56", PHONE, "0911-12 34 56"),
    ("013–12 34 56", PHONE, "013–12 34 56"),
    ("040/12 34 56", PHONE, "040/12 34 56"),
    ("+46 8 123 456 78", PHONE, "+46 8 123 456 78"),
    ("+46 31 123 45 67", PHONE, "+46 31 123 45 67"),
    # e-mail
    ("Mejla anna.andersson@example.se om eleven", EMAIL, "anna.andersson@example.se"),
    ("ANNA_A+skola@skola.kommun.se.", EMAIL, "ANNA_A+skola@skola.kommun.se"),
    ("brukarens son: sven.åberg@gmail.com", EMAIL, "sven.åberg@gmail.com"),
]


@pytest.mark.parametrize(("text", "kind", "part"), CAUGHT, ids=[case[0] for case in CAUGHT])
def test_personal_data_is_found_as_written(text: str, kind: Kind, part: str) -> None:
    assert [(f.kind, f.text) for f in find_personal_data(text)] == [(kind, part)]


LOOK_ALIKES = [
    # dates and times
    "Mötet 2026-12-07 kl. 08.30",
    "Från 20261207 till 20261231",
    "Senast 7/12-2026",
    "07-12-2026",
    "kl 08:30–09:15",
    "v. 07–09",
    "Öppet 08–17 07–12",
    "Veckorna 07 08 09 10 11",
    "kl. 08 - 16 30 st",
    # references and identifiers that are not about a person
    "Ärende KL-2026-0001",
    "Se KL-2026-0123 och KL-2025-1234",
    "Kommunens organisationsnummer 212000-1355",
    "Org.nr 556677-8899",
    "Faktura 123456789",
    "OCR 0012345678",
    "Artikel 012345678",
    "Diarienummer SN 2026/123",
    "Dnr 2026-000123",
    # amounts, percentages, counts
    "Budget 1 250 000 kr",
    "Budget 1250000 kr",
    "1 040 250 000 kr i omsättning",
    "Underskott −250 000 kr (−3,5 %)",
    "Kostnad 12 345,50 kr",
    "85 % nöjda, 0,75 i snitt",
    "Ökning med 0,5 procentenheter",
    "12 medarbetare, 3 vakanser, 45 brukare",
    # periods and ranges
    "Läsåret 2025–2026",
    "2025-2026",
    "Perioden 2026-H2",
    "1990–2000-talet",
    # postal codes and addresses
    "Storgatan 12, 123 45 Småstad",
    "Box 123, 831 82 Östersund",
    # numbers that fail the personnummer checks
    "8112189875",
    "811218-9875",
    "19811218-9875",
    "121313-1212",
    "811232-1234",
    "010229-1234",
    "19000229-1239",
    "811298-9879",
    "1234567890",
    "9999999999",
    # look like phone numbers but are not
    "01 02 03 04 05",
    "070-123 45",
    "08-123",
    "0812345678",
    "tel. 112",
    "Version 0.7.12",
    # not an e-mail address
    "Träff @ Stadshuset",
    "user@localhost",
    "Twitter @kommunen",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_numbers_that_only_look_like_personal_data_are_left_alone(text: str) -> None:
    assert find_personal_data(text) == ()


def test_several_parts_are_found_in_order() -> None:
    text = "Ring 070-123 45 67 eller mejla a@b.se om 19121212-1212."
    found = find_personal_data(text)
    assert [(f.kind, f.text) for f in found] == [
        (PHONE, "070-123 45 67"),
        (EMAIL, "a@b.se"),
        (PERSONAL, "19121212-1212"),
    ]


def test_a_list_of_phone_numbers_is_found_whole() -> None:
    """Separated by spaces only, the second number follows a digit group as an amount's would."""
    found = find_personal_data("Anhöriga: 070-123 45 67 08-123 456 78 0731234567, 031-12 34 56")
    assert [f.text for f in found] == ["070-123 45 67", "08-123 456 78", "0731234567", "031-12 34 56"]


def test_several_texts_give_each_part_once() -> None:
    found = find_in(["121212-1212", None, "", "igen 121212-1212 och 070-123 45 67"])
    assert [f.text for f in found] == ["121212-1212", "070-123 45 67"]


def test_nothing_in_empty_or_plain_text() -> None:
    assert find_personal_data(None) == ()
    assert find_personal_data("") == ()
    assert find_personal_data("Vi behöver stöd i förbättringsarbetet under våren.") == ()


def test_a_finding_never_shows_its_text_in_a_log() -> None:
    finding = Finding(PERSONAL, "19121212-1212")
    assert "1212" not in repr(finding)
    assert "1212" not in str(finding)
    assert "1212" not in f"{finding!r} {finding}"
