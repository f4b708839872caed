"""Glossary files and matching in Persian text, with literal examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import GlossaryError
from translate.terms.glossary import check_glossaries, load_glossary

Z = "\u200c"
HEADER = "source\ttarget\ttype\tnote\tshort\n"
ROWS = [
    "آیت‌الله سید ابراهیم رئیسی\tAyatollah Seyyed Ebrahim Raisi\tperson\tPresident 2021–2024\tرئیسی=Raisi|آیت‌الله رئیسی=Ayatollah Raisi",
    "ولادیمیر پوتین\tVladimir Putin\tperson\t\t*پوتین=Putin",
    "فلسطین\tPalestine\tplace\t\t",
    "فلسطینی\tPalestinian\tterm\t\t",
    "ایران\tIran\tplace\t\t",
    "جمهوری اسلامی ایران\tIslamic Republic of Iran\tplace\t\t",
    "رئیس‌جمهور\tPresident\ttitle\t\t",
    "غزه\tGaza\tplace\t\t",
    "ایرنا\tIRNA\torg\t\t",
    "شورای امنیت سازمان ملل\tUN Security Council\torg\t\t",
    "سازمان ملل\tUnited Nations\torg\t\t",
    "اسرائیل|اسراییل\tIsrael\tplace\t\t",
]


@pytest.fixture
def glossary(tmp_path: Path):
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return load_glossary(path)


def found(glossary, text: str) -> list[tuple[str, str]]:
    return [(h.text, h.target) for h in glossary.matcher().find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spacing, ZWNJ and Arabic letters
        ("آیت‌الله سید ابراهیم رئیسی گفت", [("آیت‌الله سید ابراهیم رئیسی", "Ayatollah Seyyed Ebrahim Raisi")]),
        ("آیت الله سید ابراهیم رئیسی گفت", [("آیت الله سید ابراهیم رئیسی", "Ayatollah Seyyed Ebrahim Raisi")]),
        ("آيت الله سيد ابراهيم رئيسي گفت", [("آيت الله سيد ابراهيم رئيسي", "Ayatollah Seyyed Ebrahim Raisi")]),
        ("رئیس جمهور و رئیس‌جمهور و رئیسجمهور", [("رئیس جمهور", "President"), ("رئیس‌جمهور", "President"),
                                                ("رئیسجمهور", "President")]),
        # diacritics and kashida
        ("غَزّه و غـــزه", [("غَزّه", "Gaza"), ("غـــزه", "Gaza")]),
        # quotes and attached endings
        ("«ولادیمیر پوتین» گفت", [("ولادیمیر پوتین", "Vladimir Putin")]),
        (f"غزه‌ای و غزه{Z}ها و فلسطین‌اش", [("غزه", "Gaza"), ("غزه", "Gaza"), ("فلسطین", "Palestine")]),
        ("اسرائیلها و اسراییل", [("اسرائیل", "Israel"), ("اسراییل", "Israel")]),
        # not inside another word
        ("مردم فلسطینی", [("فلسطینی", "Palestinian")]),
        ("صنایع ایرانی", []),
        ("ایرانشهر و ایرنای", []),
        # longest match wins
        ("نماینده جمهوری اسلامی ایران", [("جمهوری اسلامی ایران", "Islamic Republic of Iran")]),
        ("شورای امنیت سازمان ملل تشکیل شد", [("شورای امنیت سازمان ملل", "UN Security Council")]),
        # short forms: only after the entity was introduced, unless marked * (everywhere)
        ("رئیسی گفت", []),
        ("آیت الله سید ابراهیم رئیسی گفت و رئیسی افزود", [
            ("آیت الله سید ابراهیم رئیسی", "Ayatollah Seyyed Ebrahim Raisi"), ("رئیسی", "Raisi")]),
        ("پوتین گفت", [("پوتین", "Putin")]),
    ],
)
def test_matching(glossary, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(glossary, text) == expected


def test_spans_index_the_original(glossary) -> None:
    text = "به گزارش «ايرنا»، آيت‌الله  رئيسي..."
    hits = glossary.matcher().find(text)
    assert [(h.start, h.end, text[h.start:h.end]) for h in hits] == [(10, 15, "ايرنا")]


def test_short_forms_carry_across_sentences_of_a_document(glossary) -> None:
    sentences = ["آیت الله رئیسی گفت.", "آیت‌الله سید ابراهیم رئیسی افزود.", "آیت الله رئیسی تاکید کرد."]
    hits = list(glossary.matcher().find_in_document(sentences))
    assert [[(h.text, h.target, h.short) for h in hs] for hs in hits] == [
        [],
        [("آیت‌الله سید ابراهیم رئیسی", "Ayatollah Seyyed Ebrahim Raisi", False)],
        [("آیت الله رئیسی", "Ayatollah Raisi", True)],
    ]


def test_example_article_terms(example_text: str, glossary) -> None:
    hits = glossary.matcher().find(example_text)
    gaza = [h for h in hits if h.target == "Gaza"]
    assert len(gaza) == example_text.count("غزه") == 12
    palestine = [h for h in hits if h.target == "Palestine"]
    assert len(palestine) == 6  # 8 substrings, 2 of them inside فلسطینی
    assert all(example_text[h.end] != "ی" for h in palestine)


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "origin", "message"),
    [
        (HEADER + "ایران\tIran\tplace\n\tIraq\tplace\n", "g.tsv:3", "error: empty source"),
        (HEADER + "ایران\t\tplace\n", "g.tsv:2", "error: empty target"),
        (HEADER + "ایران\tIran\tplace\tx\ty\tz\n", "g.tsv:2", "error: expected 2–5 tab-separated fields, found 6"),
        (HEADER + "ایران\n", "g.tsv:2", "error: expected 2–5 tab-separated fields, found 1"),
        (HEADER + "ایران\tIran\tcountry\n", "g.tsv:2", "error: type 'country' is not one of person, org, place"),
        (HEADER + "ایران\tIran\tplace\nایران\tIran\tplace\n", "g.tsv:3", "error: duplicate of g.tsv:2"),
        (HEADER + "ایران\tIran\tplace\nايران\tPersia\tplace\n", "g.tsv:3", "error: 'ايران' → 'Persia' conflicts with g.tsv:2"),
        (HEADER + "رئیس‌جمهور\tPresident\ttitle\nرئیس جمهور\tPresident\ttitle\n", "g.tsv:3",
         "warning: 'رئیس جمهور' normalizes to the same key as g.tsv:2"),
        (HEADER + "ایران\tIran\tplace\nجمهوری اسلامی ایران\tIslamic Republic of Iran\tplace\n", "g.tsv:3",
         "info: contains 'ایران' (g.tsv:2)"),
        (HEADER + "پوتین\tPutin\tperson\t\tپوتین\n", "g.tsv:2", "error: short form 'پوتین' is not PERSIAN=English"),
        ("ایران\tIran\n", "g.tsv:1", "error: the first line must be a header"),
        (HEADER + "ایران\tIran\u2028Persia\tplace\n", "g.tsv:2", "error: the target holds U+2028"),
        (HEADER + "ایران\t\u202eIran\tplace\n", "g.tsv:2", "error: the target holds U+202E"),
        (HEADER + "ایران\tIr\x07an\tplace\n", "g.tsv:2", "error: the target holds U+0007"),
    ],
)
def test_check_reports_each_kind_with_file_and_line(tmp_path: Path, body: str, origin: str, message: str) -> None:
    path = _write(tmp_path, "g.tsv", body)
    _, problems = check_glossaries([path])
    expected = f"{path.parent / origin}: {message}".replace(" g.tsv:", f" {path}:").replace("(g.tsv:", f"({path}:")
    assert any(str(p).startswith(expected) for p in problems), [str(p) for p in problems]


def test_load_refuses_a_glossary_with_errors(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.tsv", HEADER + "ایران\t\tplace\n")
    with pytest.raises(GlossaryError, match=r"(?s)1 errors in the glossary .*g.tsv:2: empty target"):
        load_glossary(path)


def test_csv_and_tbx(tmp_path: Path) -> None:
    csv_path = _write(tmp_path, "g.csv", 'source,target,type\n"ایران",Iran,place\n"سازمان ملل, متحد",United Nations,org\n')
    tbx = _write(tmp_path, "g.tbx", """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="c1"><descrip type="entityType">person</descrip>
  <langSet xml:lang="fa"><tig><term>ولادیمیر پوتین</term></tig><tig><term>ولادیمیر پوتن</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>Vladimir Putin</term></tig></langSet></termEntry>
<termEntry id="c2"><langSet xml:lang="fa-IR"><ntig><termGrp><term>غزه</term></termGrp></ntig></langSet>
  <langSet xml:lang="en-US"><ntig><termGrp><term>Gaza</term></termGrp></ntig></langSet></termEntry>
</body></text></martif>""")
    glossary = load_glossary([csv_path, tbx])
    assert [(e.surfaces, e.target, e.type) for e in glossary.entries] == [
        (("ایران",), "Iran", "place"),
        (("سازمان ملل, متحد",), "United Nations", "org"),
        (("ولادیمیر پوتین", "ولادیمیر پوتن"), "Vladimir Putin", "person"),
        (("غزه",), "Gaza", "term"),
    ]
    assert len(glossary.files) == 2 and len(glossary.sha1) == 40


def test_tbx_entities_are_refused(tmp_path: Path) -> None:
    bomb = _write(tmp_path, "bomb.tbx", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><martif>&a;</martif>')
    _, problems = check_glossaries([bomb])
    assert [p.level for p in problems] == ["error"] and "not well-formed TBX/XML" in problems[0].message


def test_a_target_with_a_line_break_is_refused_at_load(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.csv", 'source,target,type\nایران,"Iran\nPersia",place\n')
    with pytest.raises(GlossaryError, match="the target holds U\\+000A"):
        load_glossary(path)
