"""A request's text into lines of sentences and back: one output line per input line, empty lines kept,
characters no output may carry cleaned where the text enters. HTML (``format=html``) and files come back
as their article: the markup kept, the English put where the Persian was."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.errors import PipelineError
from translate.serve.texts import Layout, join_text, split_text


@pytest.mark.parametrize("text, lines, trailing, cleaned", [
    ("سلام.", [["سلام."]], False, 0),
    ("رئیسی با پوتین گفتگو کرد. این خبر مهم است.", [["رئیسی با پوتین گفتگو کرد.", "این خبر مهم است."]], False, 0),
    ("سلام.\n\nخداحافظ.\n", [["سلام."], [], ["خداحافظ."]], True, 0),
    ("سلام.\r\nخداحافظ.", [["سلام."], ["خداحافظ."]], False, 0),
    # U+2028 is not a line break here (the segmenter reads a space); it never reaches an output.
    ("این یک\u2028آزمایش است.", [["این یک آزمایش است."]], False, 1),
    ("کتاب\x00ها\x1b[31m", [["کتابها[31m"]], False, 2),
    ("می\u200cروم.", [["می\u200cروم."]], False, 0),  # ZWNJ is Persian spelling: kept
    ("", [], False, 0),
    ("  \n ", [], False, 0),
    ("\ud800سلام", [["\ufffdسلام"]], False, 1),
])
def test_split_text(text: str, lines: list[list[str]], trailing: bool, cleaned: int) -> None:
    layout = split_text(text)
    assert [list(line) for line in layout.lines] == lines
    assert (layout.trailing, layout.cleaned) == (trailing, cleaned)


@pytest.mark.parametrize("layout, translations, expected", [
    (Layout((("a", "b"), (), ("c",))), ["A.", "B.", "C."], "A. B.\n\nC."),
    (Layout((("a",),), trailing=True), ["A."], "A.\n"),
    (Layout((("a", "b"),)), ["", "B."], "B."),
    (Layout(()), [], ""),
])
def test_join_text(layout: Layout, translations: list[str], expected: str) -> None:
    assert join_text(layout, translations) == expected


def test_join_text_refuses_a_short_list() -> None:
    with pytest.raises(PipelineError, match="1 translations for 2 sentences"):
        join_text(Layout((("a", "b"),)), ["A."])


# ------------------------------------------------------------------------------------------ markup

SENTENCE = '<p>رئیس جمهور <b>ایران</b> گفت که <a href="/x">همکاری</a> ادامه دارد.</p>'


def test_html_is_split_into_the_sentences_a_reader_sees() -> None:
    layout = split_text(SENTENCE + "<pre>کد</pre><script>var a = 'متن';</script><img src=a.png alt='عکس'>", "html")
    assert layout.sentences == ["رئیس جمهور ایران گفت که همکاری ادامه دارد.", "عکس"]
    assert layout.markup is not None and layout.markup.fragment


def test_an_html_fragment_comes_back_a_fragment_with_markup_on_the_linked_words() -> None:
    layout = split_text(SENTENCE, "html")
    english = ["The president of Iran said that cooperation continues."]
    assert join_text(layout, english, ["0-1 1-1 2-3 3-4 4-5 5-6 6-7 7-7"]) == (
        '<p>The president of <b>Iran</b> said that <a href="/x">cooperation</a> continues.</p>')
    # without links (an engine without attention): by proportion
    assert join_text(layout, english) == (
        '<p>The president <b>of</b> Iran said <a href="/x">that</a> cooperation continues.</p>')


def test_an_html_page_comes_back_a_page_in_english() -> None:
    page = f'<!DOCTYPE html>\n<html lang="fa" dir="rtl"><head><title>خبر</title></head><body>{SENTENCE}</body></html>'
    layout = split_text(page, "html")
    assert layout.sentences == ["رئیس جمهور ایران گفت که همکاری ادامه دارد.", "خبر"]
    out = join_text(layout, ["The president of Iran said that cooperation continues.", "News"])
    assert out.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><title>News</title></head><body><p>')


@pytest.mark.parametrize("text", ["", "   ", "<!-- یادداشت -->", "</p>"])
def test_html_no_parser_makes_a_page_of_comes_back_as_it_is(text: str) -> None:
    layout = split_text(text, "html")
    assert layout.sentences == [] and join_text(layout, []) == text


def test_html_is_cleaned_where_it_enters() -> None:
    layout = split_text("<p>سلام\u2028دنیا\x00</p>", "html")
    assert layout.sentences == ["سلام دنیا"] and layout.cleaned == 2
    assert join_text(layout, ["Hello world"]) == "<p>Hello world</p>"


def test_a_markdown_file_comes_back_as_markdown() -> None:
    from translate.serve.texts import split_document
    from translate.text.io import read_bytes

    source = "# عنوان\n\nببینید [پیوند](https://x.ir/a) و `کد` را.\n"
    layout = split_document(read_bytes(source.encode("utf-8"), "a.md"))
    assert layout.sentences == ["عنوان", "ببینید پیوند و را."]
    assert join_text(layout, ["Title", "See the link and it."], ["0-0", "0-0 1-2 2-3 3-4"]) == (
        "# Title\n\nSee the [link](https://x.ir/a) and `کد` it.\n")


def test_a_text_file_keeps_its_paragraphs_and_list_markers() -> None:
    from translate.serve.texts import split_document
    from translate.text.io import read_bytes

    layout = split_document(read_bytes("سرخط\n\n۱- مورد اول است.\n- مورد دوم است.\n".encode("utf-8"), "a.txt"))
    assert layout.sentences == ["سرخط", "۱- مورد اول است.", "- مورد دوم است."]
    assert join_text(layout, ["Headline", "The first item.", "The second item."]) == (
        "Headline\n\n1- The first item.\n- The second item.\n")


_PIECES = ["<p>", "</p>", "<b>", "</b>", "<a href='x'>", "</a>", "<br>", "<pre>", "</pre>", "<code>", "</code>",
           "<script>", "</script>", "<table><tr><td>", "</td></tr></table>", "<img alt='عکس'>", "<!-- x -->", "<html>",
           "<body>", "<title>", "</title>", "&amp;", "&", "<", ">", "سلام", " دنیا", ".", "\n", " ", "\u2028", "\x00",
           "\ud800", "؟", "<li>", "<html lang=fa dir=rtl>", "<?php ?>", "<!DOCTYPE html>", "'", '"']


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=5), max_size=25))
def test_any_html_goes_back_together(pieces: list[str]) -> None:
    from translate.text.clean import unclean

    layout = split_text("".join(pieces), "html")
    out = join_text(layout, [f"S{i} <b>&" for i in range(len(layout.sentences))])
    assert isinstance(out, str) and not [c for _, c in unclean(out) if c not in "\t\n\r"]
