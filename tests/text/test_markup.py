"""The translatable text of HTML pages and Markdown articles, and its map back to the source."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import InputError
from translate.text.io import read_bytes, read_documents
from translate.text.markup import extract
from translate.text.segment import segment_text

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"

PAGE = """<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>عنوان صفحه</title>
<style>p { direction: rtl; }</style><script>var x = "<p>نوشته‌ی اسکریپت</p>";</script></head>
<body><nav aria-label="پیمایش">خانه | <a href="/news" title="همه خبرها">اخبار</a></nav>
<article><h1>روسای جمهور گفتگو کردند</h1>
<p>رئیس جمهور <a href="https://example.ir/iran"><strong>ایران</strong></a> گفت که همکاری
   <em>ادامه دارد</em>. او از <code>api.call()</code> نام برد.</p>
<pre>کد پیش‌قالب</pre><p translate="no">این بند ترجمه نمی‌شود.</p>
<p>خط اول<br>خط دوم <img src="a.png" alt="تصویر رئیس"></p></article>
<footer><input placeholder="جستجو"><input type="submit" value="برو"><input value="مقدار"></footer></body></html>"""


def _blocks(extracted):
    return [extracted.text[b.start:b.end] for b in extracted.blocks]


def test_html_text_is_what_a_reader_sees_article_first() -> None:
    ex = extract(PAGE, "html")
    assert _blocks(ex) == [
        "روسای جمهور گفتگو کردند",
        "رئیس جمهور ایران گفت که همکاری ادامه دارد. او از نام برد.",
        "خط اول\nخط دوم",
        "تصویر رئیس",  # the image's alt, after its paragraph
        "عنوان صفحه",  # then the rest of the page, in document order
        "پیمایش",
        "خانه | اخبار",
        "همه خبرها",
        "جستجو",
        "برو",  # a button's label; a field's value is the reader's, not the page's
    ]
    assert ex.text == "\n\n".join(_blocks(ex))
    for hidden in ("اسکریپت", "direction", "api.call", "کد پیش‌قالب", "ترجمه نمی‌شود", "example.ir", "a.png"):
        assert hidden not in ex.text


def test_a_sentence_across_inline_markup_is_one_sentence_and_the_markup_maps_onto_it() -> None:
    ex = extract(PAGE, "html")
    paragraph = ex.blocks[1]
    sentences = [s.text for s in segment_text(ex.text) if paragraph.start <= s.start < paragraph.end]
    assert sentences == ["رئیس جمهور ایران گفت که همکاری ادامه دارد.", "او از نام برد."]
    link, em, code = paragraph.children
    assert (link.handle.tag, ex.text[link.start:link.end]) == ("a", "ایران")
    (strong,) = link.children
    assert (strong.handle.tag, ex.text[strong.start:strong.end]) == ("strong", "ایران")
    assert (em.handle.tag, ex.text[em.start:em.end]) == ("em", "ادامه دارد")
    # inline code is an atom: no text, at its place between "از" and "نام"
    assert code.atom and code.handle.tag == "code" and ex.text[code.start - 3:code.start] == " از"
    assert (code.space_before, code.space_after) == (True, True)
    assert [b.handle[0] for b in ex.blocks[:4]] == ["text", "text", "text", "attr"]
    assert ex.blocks[3].handle[2] == "alt"


def test_html_whitespace_collapses_and_persian_marks_stay() -> None:
    ex = extract("<p>  می\u200cروم\n\t به   <b> خانه </b>\u00a0امروز &#x2028;ها </p>", "html")
    # ZWNJ is part of the word; runs of whitespace (NBSP, tab, line feed, U+2028) are one space
    assert ex.text == "می\u200cروم به خانه امروز ها"
    (b,) = ex.blocks[0].children
    assert ex.text[b.start:b.end] == "خانه"


def test_an_inline_element_holding_a_block_is_a_block() -> None:
    ex = extract("<body><a href='/x'><div>عنوان خبر</div><span>خلاصه خبر</span></a>پس از آن</body>", "html")
    assert _blocks(ex) == ["عنوان خبر", "خلاصه خبر", "پس از آن"]


MARKDOWN = """---
title: عنوان پنهان
---
# گزارش *مهم* امروز

این [پیوند **مهم**](https://example.ir/a "عنوان") است و `کد` را ببینید.
خط دوم با \\* ستاره و &amp; علامت.

> نقل قول
> ادامه

| ستون | ستون \\| دوم |
|---|---|
| الف | ب |

![نمودار **تورم**](https://example.ir/c.png) زیر نمودار

```
بلوک کد
```

<div>بلوک اچ‌تی‌ام‌ال</div>
"""


def test_markdown_text_leaves_out_urls_code_html_and_front_matter() -> None:
    ex = extract(MARKDOWN, "markdown")
    assert _blocks(ex) == [
        "گزارش مهم امروز",
        "این پیوند مهم است و را ببینید. خط دوم با * ستاره و & علامت.",
        "نقل قول ادامه",
        "ستون", "ستون | دوم", "الف", "ب",
        "زیر نمودار",
        "نمودار تورم",  # the image's alt text, a block after its paragraph
    ]
    for hidden in ("example.ir", "کد", "بلوک", "عنوان پنهان", "**", "`"):
        assert hidden not in ex.text


def test_markdown_blocks_and_markup_map_to_the_source_byte_for_byte() -> None:
    ex = extract(MARKDOWN, "markdown")
    regions = [MARKDOWN[b.handle[1]:b.handle[2]] for b in ex.blocks]
    assert regions[0] == "گزارش *مهم* امروز"
    assert regions[1] == ("این [پیوند **مهم**](https://example.ir/a \"عنوان\") است و `کد` را ببینید.\n"
                          "خط دوم با \\* ستاره و &amp; علامت.")
    assert regions[2] == "نقل قول\n> ادامه"
    assert regions[4] == "ستون \\| دوم"
    assert regions[8] == "نمودار **تورم**"
    link, code, soft = ex.blocks[1].children
    (opening, closing) = link.handle[1:]
    assert (MARKDOWN[slice(*opening)], MARKDOWN[slice(*closing)]) == ("[", '](https://example.ir/a "عنوان")')
    assert ex.text[link.start:link.end] == "پیوند مهم"
    (strong,) = link.children
    assert [MARKDOWN[slice(*s)] for s in strong.handle[1:]] == ["**", "**"]
    assert code.atom and MARKDOWN[slice(*code.handle[1])] == "`کد`"
    assert soft.line_break and MARKDOWN[slice(*soft.handle[1])] == "\n"
    (quote_break,) = ex.blocks[2].children
    assert MARKDOWN[slice(*quote_break.handle[1])] == "\n> "  # the next line's container prefix with it
    image = ex.blocks[7].children[0]
    assert image.inner == [ex.blocks[8]]


def test_markdown_with_crlf_line_ends_maps_to_the_source() -> None:
    source = "# سر *خط*\r\n\r\nیک خط\r\nدو خط  \r\nسه خط\r\n"
    ex = extract(source, "markdown")
    assert _blocks(ex) == ["سر خط", "یک خط دو خط\nسه خط"]
    assert source[ex.blocks[1].handle[1]:ex.blocks[1].handle[2]] == "یک خط\r\nدو خط  \r\nسه خط"
    soft, hard = ex.blocks[1].children
    assert source[slice(*soft.handle[1])] == "\r\n" and source[slice(*hard.handle[1])] == "  \r\n"


@pytest.mark.parametrize("name", ["news.html", "world/brief.html", "stories.html", "report.md"])
def test_extraction_is_deterministic(name: str) -> None:
    source = (ARTICLES / name).read_text(encoding="utf-8")
    fmt = "html" if name.endswith(".html") else "markdown"
    first, second = extract(source, fmt), extract(source, fmt)
    assert first.text == second.text and first.text.strip()
    assert [(b.start, b.end) for b in first.blocks] == [(b.start, b.end) for b in second.blocks]
    # blocks are separated by a blank line, and hold text
    assert all(first.text[b.start:b.end].strip() for b in first.blocks)
    assert "".join(first.text[b.start:b.end] for b in first.blocks) == first.text.replace("\n\n", "")


def test_reading_markdown_and_html_keeps_the_markup() -> None:
    md = read_bytes(MARKDOWN.encode(), "report.md")
    assert (md.format, md.markup, md.text) == ("markdown", MARKDOWN, extract(MARKDOWN, "markdown").text)
    page = read_bytes(PAGE.encode(), "page.HTML")
    assert (page.format, page.markup) == ("html", PAGE) and page.text.startswith("روسای جمهور")
    text = read_bytes("# نه عنوان\n\nمتن **ساده**.\n".encode(), "plain.txt")
    assert (text.format, text.markup, text.text) == ("text", None, "# نه عنوان\n\nمتن **ساده**.\n")


def test_markdown_without_text_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "code.md"
    page.write_text("```\nکد\n```\n\n<div>اچ‌تی‌ام‌ال</div>\n", encoding="utf-8")
    with pytest.raises(InputError, match="code.md: the Markdown file has no text to translate"):
        list(read_documents([str(page)]))


def test_entities_that_spell_line_separators_are_cleaned() -> None:
    doc = read_bytes("<p>یک&#x2028;دو&#x1b;سه</p>".encode(), "a.html")
    # U+2028 is whitespace (collapsed); ESC is a control: replaced by a space and counted
    assert (doc.text, doc.cleaned) == ("یک دو سه", 1)
