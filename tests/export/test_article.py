"""Translated articles from hand-made sentence pairs: text, Markdown and HTML, the markup placed on the
English words the links point to (or by proportion where there are none)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import lxml.html
import pytest
from markdown_it import MarkdownIt

from translate.errors import OutputError
from translate.export.article import ArticleExporter, article_path, render_article
from translate.export.base import DocumentInfo, RunInfo, Summary
from translate.records import SentencePair
from translate.text.markup import extract
from translate.text.segment import segment_text

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"
PERSIAN = re.compile("[\u0600-\u06ff]")


def _pairs(text: str, english: list[str], links: list[str] | None = None) -> list[SentencePair]:
    sentences = segment_text(text, "doc")
    assert len(sentences) == len(english), [s.text for s in sentences]
    return [SentencePair(s, e, alignment=links[i] if links else "") for i, (s, e) in enumerate(zip(sentences, english))]


def _translate(source: str, fmt: str, english=lambda i: f"English sentence {i}.") -> tuple[str, list[SentencePair]]:
    text = extract(source, fmt).text if fmt != "text" else source
    sentences = segment_text(text, "doc")
    pairs = _pairs(text, [english(i) for i in range(len(sentences))])
    return render_article(source, fmt, pairs), pairs


# --- text ------------------------------------------------------------------------------------------


def test_text_keeps_headline_paragraphs_blank_lines_and_list_lines() -> None:
    source = (ARTICLES / "bank.txt").read_text(encoding="utf-8")
    article, pairs = _translate(source, "text", lambda i: f"Sentence {i}.")
    assert len(pairs) == 11
    assert article == ("Sentence 0.\n\nSentence 1. Sentence 2. Sentence 3.\n\nSentence 4.\n- Sentence 5.\n"
                       "- Sentence 6.\n- Sentence 7.\n\n1. Sentence 8.\n2. Sentence 9.\n\nSentence 10.\n")


def test_text_keeps_line_ends_and_a_list_marker_the_english_kept() -> None:
    source = "سرخط خبر\r\n\r\n۱- مورد اول است.\r\n"
    pairs = _pairs(source, ["Headline", "1- The first item."])
    assert render_article(source, "text", pairs) == "Headline\r\n\r\n1- The first item.\r\n"


def test_a_sentence_joined_across_a_blank_line_keeps_the_blank_line() -> None:
    # The segmenter joins a line that cannot end a sentence ("… و") to the next paragraph; the
    # article keeps both paragraphs and splits the English where the links agree.
    source = "کارشناسان می‌گویند هزینه ها و\n\nتأثیرات آن زیاد است.\n"
    pairs = _pairs(source, ["Experts say the costs and effects are great."],
                   ["0-0 1-1 2-3 3-3 4-4 5-5 7-7 8-6 8-7"])
    assert render_article(source, "text", pairs) == "Experts say the costs and\n\neffects are great.\n"


def test_pairs_that_are_not_sentences_of_the_source_are_refused() -> None:
    pairs = _pairs("یک جمله.", ["A sentence."])
    with pytest.raises(OutputError, match="sentence doc:0 is not at 0:8 of the document"):
        render_article("دو جمله.", "text", pairs)


# --- HTML: placing the markup ----------------------------------------------------------------------

SENTENCE = '<p>رئیس جمهور <b>ایران</b> گفت که <a href="/x">همکاری</a> ادامه دارد.</p>'


def _body(article: str) -> str:
    return re.search(r"<body>(.*)</body>", article, re.S).group(1)


def test_markup_lands_on_the_words_the_links_point_to() -> None:
    text = extract(SENTENCE, "html").text
    pairs = _pairs(text, ["The president of Iran said that cooperation continues."],
                   ["0-1 1-1 2-3 3-4 4-5 5-6 6-7 7-7"])
    assert _body(render_article(SENTENCE, "html", pairs)) == (
        '<p>The president of <b>Iran</b> said that <a href="/x">cooperation</a> continues.</p>')


def test_without_links_markup_is_placed_by_proportion() -> None:
    # A person's edit has no links: "ایران" is the third of eight Persian words, so <b> takes the third
    # of eight English words; the link, the sixth.
    text = extract(SENTENCE, "html").text
    pairs = _pairs(text, ["The president of Iran said that cooperation continues."])
    assert _body(render_article(SENTENCE, "html", pairs)) == (
        '<p>The president <b>of</b> Iran said <a href="/x">that</a> cooperation continues.</p>')


def test_links_against_the_element_order_keep_the_tag_sequence() -> None:
    text = extract(SENTENCE, "html").text
    # "Cooperation with Iran continues, the president said.": the English puts همکاری before ایران
    pairs = _pairs(text, ["Cooperation with Iran continues, the president said."],
                   ["0-5 1-5 2-2 3-6 5-0 6-3 7-3"])
    body = lxml.html.fragment_fromstring(_body(render_article(SENTENCE, "html", pairs)))
    assert [el.tag for el in body.iter()] == ["p", "b", "a"]
    assert body.text_content().split() == "Cooperation with Iran continues, the president said.".split()
    assert body.find("b").text == "Iran" and body.find("a").text  # in order, each with words


def test_nested_markup_and_atoms_find_their_places() -> None:
    source = '<p>او <a href="/x">دیدار <em>مهمی</em></a> داشت <img src="i.png" alt="عکس">.</p>'
    text = extract(source, "html").text
    assert text == "او دیدار مهمی داشت .\n\nعکس"
    pairs = _pairs(text, ["He had an important meeting .", "Photo"], ["0-0 1-4 2-3 3-1", "0-0"])
    assert _body(render_article(source, "html", pairs)) == (
        '<p>He had an <a href="/x"><em>important</em> meeting</a> <img src="i.png" alt="Photo">.</p>')


def test_a_sentence_over_two_blocks_is_split_between_them() -> None:
    source = "<h2>هزینه ها و</h2><p>تأثیرات آن زیاد است.</p>"
    text = extract(source, "html").text
    pairs = _pairs(text, ["The costs and effects are great."], ["0-1 1-1 2-2 3-3 5-4 6-5"])
    assert _body(render_article(source, "html", pairs)) == "<h2>The costs and</h2><p>effects are great.</p>"


def test_english_is_escaped_never_markup() -> None:
    source = "<p>او نوشت: سلام.</p>"
    pairs = _pairs(extract(source, "html").text, ["He wrote: <script>alert(1)</script> & <b>hi</b>."])
    body = _body(render_article(source, "html", pairs))
    assert body == "<p>He wrote: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;hi&lt;/b&gt;.</p>"


# --- HTML: the page ----------------------------------------------------------------------------------


def _hidden(el) -> bool:
    return any(a.tag in ("script", "style", "code", "pre") or a.get("translate") == "no"
               for a in [el, *el.iterancestors()] if isinstance(a.tag, str))


def _visible_text_nodes(root) -> list[str]:
    """Every text node a reader sees (the <title> too; not in script, style, code, pre, translate="no")."""
    out = []
    for el in root.iter():
        if isinstance(el.tag, str) and not _hidden(el) and el.text and el.text.strip():
            out.append(el.text)
        parent = el.getparent()
        if parent is not None and not _hidden(parent) and el.tail and el.tail.strip():
            out.append(el.tail)
    return out


@pytest.mark.parametrize("name", ["news.html", "world/brief.html", "stories.html"])
def test_html_page_keeps_its_tree_attributes_and_code(name: str) -> None:
    source = (ARTICLES / name).read_text(encoding="utf-8")
    article, pairs = _translate(source, "html")
    before, after = lxml.html.document_fromstring(source), lxml.html.document_fromstring(article)
    assert [el.tag for el in before.iter()] == [el.tag for el in after.iter()]
    for a, b in zip(before.iter(), after.iter()):
        if not isinstance(a.tag, str):
            assert a.text == b.text  # comments
            continue
        assert set(a.attrib) | {"lang", "dir"} == set(b.attrib) | {"lang", "dir"}
        for key in set(a.attrib) - {"lang", "dir", "title", "alt", "aria-label", "placeholder"}:
            assert a.get(key) == b.get(key), (a.tag, key)
        for key in {"title", "alt", "aria-label", "placeholder"} & set(a.attrib):
            assert b.get(key).startswith("English sentence "), (a.tag, key, b.get(key))
        if a.tag in ("script", "style", "code", "pre") or a.get("translate") == "no":
            assert lxml.html.tostring(a, with_tail=False) == lxml.html.tostring(b, with_tail=False)
    assert (after.get("lang"), after.get("dir")) == ("en", "ltr")
    assert not [el for el in after.iter() if isinstance(el.tag, str) and el.get("dir") == "rtl"]
    visible = _visible_text_nodes(after)
    assert visible and not [t for t in visible if PERSIAN.search(t)]
    # every English word is in the page once, and nothing else is
    shown = " ".join(visible + [el.get(k) for el in after.iter() if isinstance(el.tag, str)
                      for k in ("title", "alt", "aria-label", "placeholder") if el.get(k)])
    assert sorted(shown.split()) == sorted(" ".join(p.target for p in pairs).split())


def test_rtl_only_css_is_left_as_it_is() -> None:
    source = (ARTICLES / "news.html").read_text(encoding="utf-8")
    article, _ = _translate(source, "html")
    css = re.search(r"<style>.*?</style>", source, re.S).group()
    assert css in article and "direction: rtl" in css


def test_a_page_without_a_doctype_gets_none() -> None:
    article, _ = _translate("<p>یک جمله.</p>", "html")
    assert article == '<html lang="en" dir="ltr"><body><p>English sentence 0.</p></body></html>\n'


# --- Markdown ----------------------------------------------------------------------------------------

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _structure(source: str) -> list[tuple[str, str, str]]:
    return [(t.type, t.tag, t.markup) for t in _MD.parse(source) if t.type != "inline"]


def _inline(source: str, kind: str) -> list[str]:
    """Every URL and piece of code of a Markdown text."""
    out = []
    for t in _MD.parse(source):
        if t.type in ("fence", "code_block", "html_block") and kind == "code":
            out.append(t.content)
        for c in t.children or []:
            if kind == "url" and c.type in ("link_open", "image"):
                out.append(c.attrGet("href") or c.attrGet("src"))
            if kind == "code" and c.type in ("code_inline", "html_inline"):
                out.append(c.content)
    return out


def test_markdown_keeps_its_block_structure_urls_and_code() -> None:
    source = (ARTICLES / "report.md").read_text(encoding="utf-8")
    article, _ = _translate(source, "markdown")
    assert _structure(article) == _structure(source)
    assert _inline(article, "url") == _inline(source, "url") and _inline(source, "url")
    assert _inline(article, "code") == _inline(source, "code") and _inline(source, "code")
    assert article.startswith("---\ntitle: گزارش هفتگی\nlang: fa\n---\n")  # front matter untouched
    shown = "\n".join(t.content for t in _MD.parse(article.split("---\n", 2)[2]) if t.type == "inline")
    assert not PERSIAN.search(re.sub(r'\(https?://[^)]*\)|`[^`]*`|<https?://[^>]*>', "", shown).replace("نرخ‌های روز", ""))


def test_markdown_english_is_escaped_and_shows_as_written() -> None:
    source = "# عنوان\n\nمتن ساده.\n\n| الف | ب |\n|---|---|\n| پ | ت |\n"
    english = ["1. *Not* a [list](x) #", "- <b>x</b> | y & &amp;", "a|b", "c", "`d`", "e_f_"]
    article, _ = _translate(source, "markdown", lambda i: english[i])
    assert _structure(article) == _structure(source)
    parsed = [t for t in _MD.parse(article) if t.type == "inline"]
    rendered = ["".join(c.content for c in t.children) for t in parsed]
    assert rendered == english


def test_markdown_line_breaks_stay_between_words() -> None:
    source = "> یک دو\n> سه چهار\n"
    pairs = _pairs(extract(source, "markdown").text, ["one two three four"], ["0-0 1-1 2-2 3-3"])
    assert render_article(source, "markdown", pairs) == "> one two\n> three four\n"
    # one English word: the break would end the quote's paragraph; it is dropped
    pairs = _pairs(extract(source, "markdown").text, ["everything"], ["0-0 1-0 2-0 3-0"])
    assert render_article(source, "markdown", pairs) == "> everything\n"


def test_markdown_link_and_alt_text_are_translated() -> None:
    source = "ببینید [این **پیوند** را](https://x.ir/a) و ![تصویر](https://x.ir/i.png) را.\n"
    text = extract(source, "markdown").text
    assert text == "ببینید این پیوند را و را.\n\nتصویر"
    pairs = _pairs(text, ["See this link and it.", "Picture"], ["0-0 1-1 2-2 3-2 4-3 5-4", "0-0"])
    assert render_article(source, "markdown", pairs) == (
        "See [this **link**](https://x.ir/a) and ![Picture](https://x.ir/i.png) it.\n")


# --- the exporter ------------------------------------------------------------------------------------


def _info(tmp_path: Path, doc: DocumentInfo, source) -> RunInfo:
    return RunInfo(tmp_path / "out", "sig", "0", [doc], Summary(1), source=source)


def _export(info: RunInfo, doc: DocumentInfo, pairs: list[SentencePair]) -> None:
    exporter = ArticleExporter(info)
    exporter.start_document(doc)
    for p in pairs:
        exporter.pair(p)
    exporter.end_document()
    exporter.commit()


def test_the_exporter_writes_each_article_under_its_input_path(tmp_path: Path) -> None:
    source = "# عنوان\n\nمتن.\n"
    doc = DocumentInfo("sub/a", "sub__a", Summary(2), "news/sub/a.md", "markdown")
    pairs = _pairs(extract(source, "markdown").text, ["Title", "Text."])
    _export(_info(tmp_path, doc, {"sub/a": source}.get), doc, pairs)
    assert (tmp_path / "out" / "articles" / "sub" / "a.md").read_text(encoding="utf-8") == "# Title\n\nText.\n"
    assert [p.name for p in (tmp_path / "out" / "articles" / "sub").iterdir()] == ["a.md"]  # no temporary file


def test_article_paths() -> None:
    assert str(article_path(DocumentInfo("sub/a", "sub__a", Summary(0), "in/sub/a.HTML", "html"))) == "sub/a.HTML"
    assert str(article_path(DocumentInfo("stdin", "stdin", Summary(0), "-", "text"))) == "stdin.txt"
    assert str(article_path(DocumentInfo("news.fa", "news.fa", Summary(0), "news.fa.txt", "text"))) == "news.fa.txt"
    assert str(article_path(DocumentInfo("../x", "x", Summary(0), "x.md", "markdown"))) == "x.md"


def test_an_old_store_reads_the_file_if_it_still_holds_the_sentences(tmp_path: Path, caplog) -> None:
    page = tmp_path / "a.txt"
    page.write_text("یک جمله.\n", encoding="utf-8")
    doc = DocumentInfo("a", "a", Summary(1), str(page), "text")
    pairs = _pairs("یک جمله.\n", ["One sentence."])
    _export(_info(tmp_path, doc, lambda doc_id: None), doc, pairs)
    assert (tmp_path / "out" / "articles" / "a.txt").read_text(encoding="utf-8") == "One sentence.\n"

    page.write_text("جمله‌ای دیگر.\n", encoding="utf-8")  # changed since: the sentences are not in it
    (tmp_path / "out" / "articles" / "a.txt").unlink()
    with caplog.at_level(logging.WARNING):
        _export(_info(tmp_path, doc, lambda doc_id: None), doc, pairs)
    assert not (tmp_path / "out" / "articles" / "a.txt").exists()
    assert "a: no translated article: sentence doc:0 is not at 0:8" in caplog.text

    page.unlink()
    with caplog.at_level(logging.WARNING):
        _export(_info(tmp_path, doc, lambda doc_id: None), doc, pairs)
    assert "the run store does not keep this document as written" in caplog.text


def test_a_killed_runs_temporary_article_is_swept(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "articles" / "sub"
    folder.mkdir(parents=True)
    dead = folder / ".a.md.999999999-abcdef.translate-tmp"  # no process has this id
    dead.write_text("half an article", encoding="utf-8")
    mine = folder / ".notes.translate-tmp"  # not this tool's name: never touched
    mine.write_text("a user's file", encoding="utf-8")
    source = "متن.\n"
    doc = DocumentInfo("sub/a", "sub__a", Summary(1), "in/sub/a.md", "markdown")
    _export(_info(tmp_path, doc, {"sub/a": source}.get), doc, _pairs(extract(source, "markdown").text, ["Text."]))
    assert sorted(p.name for p in folder.iterdir()) == [".notes.translate-tmp", "a.md"]
