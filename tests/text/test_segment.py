"""Segmentation rules, one table row per rule, with literal Persian; the coverage invariant is checked
on every document (segment_text runs it, and these tests run it again)."""

from __future__ import annotations

import json

import pytest

from translate.records import Document
from translate.errors import PipelineError
from translate.records import one_line
from translate.text.segment import check_coverage, iter_sentences, segment, segment_text

from ..conftest import ROOT

CASES = [
    # terminal punctuation and runs of it
    ("rule: period", "هوا سرد است. باران می‌بارد.", ["هوا سرد است.", "باران می‌بارد."]),
    ("rule: question marks", "چرا؟ نمی‌دانم! شاید.", ["چرا؟", "نمی‌دانم!", "شاید."]),
    ("rule: runs", "واقعاً؟! بله... شاید!!! نه.", ["واقعاً؟!", "بله... شاید!!!", "نه."]),
    ("rule: ellipsis ends a line", "او رفت…\nما ماندیم.", ["او رفت…", "ما ماندیم."]),
    ("rule: ellipsis in a list", "کیهان و رسالت و جام و… دیده می‌شد.", ["کیهان و رسالت و جام و… دیده می‌شد."]),
    # punctuation inside closing quotes (hazm misses these)
    ("rule: .» then next", "او گفت: «ما آماده‌ایم.» سپس رفت.", ["او گفت: «ما آماده‌ایم.»", "سپس رفت."]),
    ("rule: ». then next", "او گفت «خیلی ترسناکه». بعد خندید.", ["او گفت «خیلی ترسناکه».", "بعد خندید."]),
    ("rule: ؟» then next", "پرسید: «چرا؟» پاسخی نیامد.", ["پرسید: «چرا؟»", "پاسخی نیامد."]),
    ("rule: ؟» و continues", "گفت: «می‌خواهی ببینی؟» و سپس رفت.", ["گفت: «می‌خواهی ببینی؟» و سپس رفت."]),
    ("rule: two quotations", "«من نمی‌دانستم» «من سرم را پایین انداختم.»", ["«من نمی‌دانستم»", "«من سرم را پایین انداختم.»"]),
    ("rule: bidi mark after quote", "«بازگردانم؟»\u200f او رفت.", ["«بازگردانم؟»", "او رفت."]),
    # headlines and subheads
    ("rule: headline", "روسای جمهور گفتگو کردند\nرئیس جمهور گفت که خوب است.",
     ["روسای جمهور گفتگو کردند", "رئیس جمهور گفت که خوب است."]),
    ("rule: subhead between paragraphs", "متن اول است.\n\nتیتر فرعی\n\nمتن دوم است.",
     ["متن اول است.", "تیتر فرعی", "متن دوم است."]),
    # datelines
    ("rule: dateline with colon", "پکن - ایرنا: رئیس جمهور چین گفت.", ["پکن - ایرنا:", "رئیس جمهور چین گفت."]),
    ("rule: dateline with dash", "تهران - ایرنا - وزیر خارجه گفت.", ["تهران - ایرنا -", "وزیر خارجه گفت."]),
    ("rule: agency alone", "واحد مرکزی خبر: جلسه برگزار شد.", ["واحد مرکزی خبر:", "جلسه برگزار شد."]),
    ("rule: score is no dateline", "Livingston 1 - 0 Rangers: گل Menga تعیین کننده بود.",
     ["Livingston 1 - 0 Rangers: گل Menga تعیین کننده بود."]),
    # decimals in both digit sets
    ("rule: decimals", "رشد ۲.۵ درصد و 2.5 درصد و ۲٫۵ درصد بود. تمام.",
     ["رشد ۲.۵ درصد و 2.5 درصد و ۲٫۵ درصد بود.", "تمام."]),
    ("rule: number ends a sentence", "او در سال ۱۳۹۸. سپس رفت.", ["او در سال ۱۳۹۸.", "سپس رفت."]),
    ("rule: list numbering", "۱. مقدمه را بخوانید.", ["۱. مقدمه را بخوانید."]),
    # abbreviations and initials
    ("rule: ه.ق.", "او در سال ۶۰ ه.ق. درگذشت. پایان.", ["او در سال ۶۰ ه.ق. درگذشت.", "پایان."]),
    ("rule: ق.م.", "در قرن پنجم ق.م. ساخته شد.", ["در قرن پنجم ق.م. ساخته شد."]),
    ("rule: ج.ا.ا.", "نیروی دریایی ج.ا.ا. اعلام کرد. خبر تمام شد.", ["نیروی دریایی ج.ا.ا. اعلام کرد.", "خبر تمام شد."]),
    ("rule: Persian initial", "به گزارش آ. رحیمی جلسه لغو شد.", ["به گزارش آ. رحیمی جلسه لغو شد."]),
    ("rule: U.S.", "مقامات U.S. اعلام کردند. پایان.", ["مقامات U.S. اعلام کردند.", "پایان."]),
    ("rule: Dr.", "به گفته Dr. Smith این دارو موثر است.", ["به گفته Dr. Smith این دارو موثر است."]),
    # URLs and e-mail
    ("rule: URL", "به www.irna.ir/news/123.html مراجعه کنید. تمام.",
     ["به www.irna.ir/news/123.html مراجعه کنید.", "تمام."]),
    ("rule: URL ends sentence", "نشانی https://example.com/a.b است. تمام.", ["نشانی https://example.com/a.b است.", "تمام."]),
    ("rule: e-mail", "با info@irna.ir تماس بگیرید. ممنون.", ["با info@irna.ir تماس بگیرید.", "ممنون."]),
    # colons and semicolons are not boundaries
    ("rule: colon and semicolon", "او گفت: این درست است؛ آن غلط است.", ["او گفت: این درست است؛ آن غلط است."]),
    # a paragraph broken mid-sentence is joined back
    ("rule: broken paragraph", "هزینه ها و\n\nتأثیرات سنگینی دارد.", ["هزینه ها و\n\nتأثیرات سنگینی دارد."]),
    ("rule: broken after comma", "در غزه،\nجنگ ادامه دارد.", ["در غزه،\nجنگ ادامه دارد."]),
    ("rule: hard-wrapped paragraph",
     "این یک متن طولانی خبری است که در چند خط با عرض ثابت\nشکسته شده است و خواننده باید آن را یک جمله\nبداند.",
     ["این یک متن طولانی خبری است که در چند خط با عرض ثابت\nشکسته شده است و خواننده باید آن را یک جمله\nبداند."]),
    ("rule: one unpunctuated sentence a line stays apart",
     "رئیس جمهور به مسکو رفت\nقیمت نفت در بازارهای جهانی امروز کاهش یافت\nهوا سرد است",
     ["رئیس جمهور به مسکو رفت", "قیمت نفت در بازارهای جهانی امروز کاهش یافت", "هوا سرد است"]),
    # line ends
    ("rule: CRLF", "تیتر خبر\r\nمتن خبر است.\r\n", ["تیتر خبر", "متن خبر است."]),
    ("rule: CR", "تیتر خبر\rمتن خبر است.", ["تیتر خبر", "متن خبر است."]),
    ("rule: U+2028 is not a line end", "بخش اول\u2028بخش دوم است.", ["بخش اول\u2028بخش دوم است."]),
    # edges
    ("rule: leading and trailing space", "\n\n  جمله اول.  \n\n", ["جمله اول."]),
    ("rule: only space", " \n\t\u200c\n", []),
    ("rule: no final punctuation", "جمله بی پایان", ["جمله بی پایان"]),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rules(name: str, text: str, expected: list[str]) -> None:
    sentences = segment_text(text, "d")
    assert [s.text for s in sentences] == expected
    check_coverage(text, sentences)
    for i, s in enumerate(sentences):
        assert (s.doc_id, s.index, s.id) == ("d", i, f"d:{i}")
        assert text[s.start : s.end] == s.text


def test_example_article_matches_gold(example_text: str) -> None:
    gold = json.loads((ROOT / "tests" / "data" / "raisi-putin-call.gold.jsonl").read_text(encoding="utf-8"))
    assert gold["text"] == example_text
    sentences = segment(Document("raisi", "x", example_text))
    assert len(sentences) == 15
    assert [[s.start, s.end] for s in sentences] == gold["spans"]
    assert [s.text for s in sentences] == gold["sentences"]


def test_one_line_flattens_line_breaks_only() -> None:
    assert one_line("هزینه ها و\n\nتأثیرات") == "هزینه ها و تأثیرات"
    assert one_line("a\r\n b  c") == "a b  c"


def test_coverage_check_catches_loss() -> None:
    sentences = segment_text("یک. دو.", "d")
    with pytest.raises(PipelineError, match="not covered"):
        check_coverage("یک. دو.", sentences[:1])
    with pytest.raises(PipelineError, match="overlaps"):
        check_coverage("یک. دو.", [sentences[0], sentences[0]])


def test_iter_sentences_streams_documents_in_order() -> None:
    docs = [Document("a", "a", "یک. دو."), Document("b", "b", "سه.")]
    assert [s.id for s in iter_sentences(docs)] == ["a:0", "a:1", "b:0"]


@pytest.mark.slow  # five megabytes segmented
def test_five_megabyte_single_line() -> None:
    sentence = "این جمله‌ای طولانی برای آزمودن است و "
    text = sentence * (5_000_000 // len(sentence))  # one line, no terminal punctuation
    sentences = segment_text(text, "big")
    assert len(sentences) == 1 and sentences[0].end == len(text.rstrip())
    text = ("این جمله کوتاه است. " * 250_000).strip()
    sentences = segment_text(text, "big")
    assert len(sentences) == 250_000
