"""Folding for search: one form for every way a Persian (or English) word is typed."""

from __future__ import annotations

import sqlite3
import time

import pytest

from translate.text.search import fold

# (typed one way, typed another way): each pair must fold to the same text.
SAME = [
    ("علي", "علی"),                       # Arabic yeh
    ("مصطفى", "مصطفی"),                   # alef maksura
    ("پائیز", "پاییز"),                   # yeh with hamza in common spellings
    ("كتاب", "کتاب"),                     # Arabic kaf
    ("دائرة", "دایره"),                   # teh marbuta
    ("خانۀ ما", "خانه ما"),               # heh with yeh above (ezafe)
    ("خانهٔ ما", "خانه ما"),              # heh + hamza above, typed as two characters
    ("أمير", "امیر"),                     # alef with hamza above
    ("إسلام", "اسلام"),                   # alef with hamza below
    ("آمریکا", "امریکا"),                 # alef with madda
    ("\u0627\u0653مریکا", "آمریکا"),      # alef + combining madda (NFKC composes it)
    ("مؤسسه", "موسسه"),                   # waw with hamza
    ("می\u200cروم", "می روم"),            # ZWNJ or space between the parts of a word
    ("کتاب\u200c\u200cها", "کتاب ها"),    # a run of ZWNJ
    ("تهران\u00a0 \u2009\tشیراز", "تهران شیراز"),  # no-break, thin spaces, tab
    ("  سلام  ", "سلام"),                 # trimmed
    ("سَلامٌ عَلَیْکُم", "سلام علیکم"),      # harakat
    ("رحمٰن", "رحمن"),                    # superscript alef
    ("ســـــلام", "سلام"),                # kashida
    ("ﻛﺘﺎﺏ", "کتاب"),                     # Arabic presentation forms
    ("\u202eوارونه\u202c\u200e", "وارونه"),  # bidi controls and marks are invisible
    ("۱۴۰۲", "1402"),                     # Persian digits
    ("١٤٠٢", "1402"),                     # Arabic-Indic digits
    ("۲٫۵", "2.5"),                       # Arabic decimal separator
    ("Tehran Times", "tehran times"),     # English case
    ("STRASSE", "straße"),                # casefold, not lower
    ("IRNA  News", "irna news"),
]


@pytest.mark.parametrize(("typed", "other"), SAME)
def test_variants_fold_to_one_form(typed: str, other: str) -> None:
    assert fold(typed) == fold(other)


# Folding must not merge what is really different.
DIFFERENT = [
    ("کتاب", "کتب"),
    ("پ", "ب"), ("چ", "ج"), ("ژ", "ز"), ("گ", "ک"),  # Persian letters stay apart from their Arabic bases
    ("شیر", "سیر"),
    ("می\u200cروم", "میروم"),   # a separator is still a separator
    ("12", "1 2"),
    ("", "ا"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_words_stay_different(a: str, b: str) -> None:
    assert fold(a) != fold(b)


@pytest.mark.parametrize(("text", "folded"), [
    ("كتاب\u200cهاي  ۲ Book", "کتاب های 2 book"),
    ("سَلام   دنیا ۱۲", "سلام دنیا 12"),
    ("\u0622\u0645\u0631\u06cc\u06a9\u0627", "امریکا"),
    ("Mixed متن and English", "mixed متن and english"),
    ("", ""),
])
def test_fold_gives_the_plain_form(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_a_query_is_found_in_a_sentence_typed_otherwise() -> None:
    sentence = "رئيس‌جمهور آمريكا در ســـفر به دائرة المعارف ۳ كتاب هديه داد."
    for query in ["رئیس جمهور", "امریکا", "سفر", "دایره", "3 کتاب", "هدیه داد"]:
        assert fold(query) in fold(sentence), query


def test_fold_is_fast_enough_for_25000_sentences() -> None:
    # It runs as an SQL function over every sentence of a document at each search.
    sentence = "رئیس‌جمهور ایران در سفر به نیویورک گفت که همکاری دو کشور در سال ۱۴۰۲ گسترش می‌یابد. IRNA"
    start = time.perf_counter()
    for _ in range(25_000):
        fold(sentence)
    assert time.perf_counter() - start < 2.0


def test_fold_as_an_sql_function() -> None:
    # How a store searches: fold registered as an SQL function, applied to both sides.
    db = sqlite3.connect(":memory:")
    db.create_function("fold", 1, fold, deterministic=True)
    db.execute("CREATE TABLE pairs (idx INTEGER, source TEXT, target TEXT)")
    db.executemany("INSERT INTO pairs VALUES (?, ?, ?)", [
        (0, "رئيس‌جمهور آمريكا گفت", "The US President said"),
        (1, "كتاب‌هاي جديد", None),
        (2, "سال ۱۴۰۲", "in 1402"),
    ])

    def search(query: str) -> list[int]:
        rows = db.execute("SELECT idx FROM pairs WHERE instr(fold(source), fold(?)) OR instr(fold(target), fold(?)) "
                          "ORDER BY idx", (query, query))
        return [idx for (idx,) in rows]

    assert search("رئیس جمهور امریکا") == [0]
    assert search("کتاب های") == [1]
    assert search("1402") == [2]
    assert search("PRESIDENT") == [0]
    assert search("خانه") == []
