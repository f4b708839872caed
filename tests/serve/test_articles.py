"""HTML and Markdown through the server: ``format=html`` on ``POST /translate`` and ``POST /translate_file``
for .html, .md and .txt, over real HTTP (httpx, and curl for a file upload) with the tiny random Marian
model and the news glossary, checked by parsing the output.

Random weights give meaningless English (Persian-looking pieces included: the vocabulary is shared), so
"translated" is checked against the answer's own ``sentences``: the words a reader sees in the output
are exactly the words of the sentences' translations, and every visible text node of the input with
Persian in it reads differently. HTML: the same element sequence and attributes (``lang``/``dir`` aside;
``title``/``alt``/``aria-label``/``placeholder`` translated), ``<script>``, ``<style>``, ``<code>``,
``<pre>`` byte for byte. Markdown: the same block structure (markdown-it-py's tokens), URLs and code
byte for byte. (libretranslatepy 2.1.4 has neither a ``format`` argument nor file upload: its
``translate()`` is checked in test_app.py.)"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import lxml.html
import pytest
from markdown_it import MarkdownIt

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
LIBRE = {"source": "fa", "target": "en"}
PERSIAN = re.compile("[\u0600-\u06ff]")
OPAQUE = ("script", "style", "code", "pre")
SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")

# A fragment as a browser extension sends it: nested inline markup, a table, code, a script, attributes.
FRAGMENT = ('<p class="lead">رئیس جمهور <a href="https://example.ir/iran" title="صفحه ایران"><strong>ایران</strong>'
            '</a> در این گفتگو گفت که همکاری دو کشور <em>ادامه <b>خواهد</b> داشت</em>.</p>\n'
            '<table><tr><th>سال</th><th>حجم تجارت</th></tr><tr><td>امسال</td><td>پنج میلیارد دلار</td></tr></table>\n'
            '<p>از دستور <code>curl https://api.example.ir/trade</code> استفاده کنید.</p>'
            '<pre>داده = دریافت("تجارت")</pre>\n'
            '<script>var x = "<p>این متن ترجمه نمی‌شود</p>";</script>'
            '<p><img src="/img/call.jpg" alt="روسای جمهور در حال گفتگو"> عکس از خبرگزاری.</p>')


def post(server: Any, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.post(server.url + path.lstrip("/"), timeout=120, **kwargs)


def upload(server: Any, name: str, data: bytes, media: str) -> tuple[dict[str, Any], httpx.Response]:
    res = post(server, "translate_file", data=LIBRE, files={"file": (name, data, media)})
    assert res.status_code == 200, res.text
    answer = res.json()
    got = httpx.get(answer["translatedFileUrl"], timeout=30)
    assert got.status_code == 200
    return answer, got


def english_words(sentences: list[dict[str, Any]]) -> list[str]:
    return sorted(" ".join(s["translation"] for s in sentences).split())


# ------------------------------------------------------------------------------------------ HTML

def _hidden(el: Any) -> bool:
    return any(isinstance(a.tag, str) and (a.tag in OPAQUE or a.get("translate") == "no")
               for a in [el, *el.iterancestors()])


def _visible(el: Any, where: str) -> str | None:
    """``el``'s text (``where`` ``text``) or tail, when a reader sees it."""
    if where == "text":
        return el.text if isinstance(el.tag, str) and not _hidden(el) else None
    parent = el.getparent()
    return el.tail if parent is not None and not _hidden(parent) else None


def check_html(source: str, output: str, sentences: list[dict[str, Any]], *, page: bool) -> None:
    before, after = lxml.html.document_fromstring(source), lxml.html.document_fromstring(output)
    pairs = list(zip(before.iter(), after.iter()))
    assert [a.tag for a in before.iter()] == [b.tag for b in after.iter()]  # the same element sequence
    in_body = {id(el) for body in before.iter("body") for el in body.iter()}
    for a, b in pairs:
        if not isinstance(a.tag, str):
            assert a.text == b.text  # comments
            continue
        assert set(a.attrib) - {"lang", "dir"} == set(b.attrib) - {"lang", "dir"}, a.tag
        for key in set(a.attrib) - {"lang", "dir", *SHOWN_ATTRIBUTES}:
            assert a.get(key) == b.get(key), (a.tag, key)  # href, src, class … byte for byte
        for key in set(SHOWN_ATTRIBUTES) & set(a.attrib):
            if id(a) in in_body and not _hidden(a):
                assert b.get(key) != a.get(key), (a.tag, key, b.get(key))
        if a.tag in OPAQUE:
            assert lxml.html.tostring(a, with_tail=False) == lxml.html.tostring(b, with_tail=False)
        if a.get("dir") and not _hidden(a):
            assert b.get("dir") == "ltr"
        for where in ("text", "tail"):
            shown = _visible(a, where)
            if shown and PERSIAN.search(shown):
                assert getattr(b, where) != shown, (a.tag, where, shown)  # every visible text node translated
    if page:
        assert (after.get("lang"), after.get("dir")) == ("en", "ltr")
    # What a reader sees is the sentences' English, every word once, and nothing else.
    shown_text = [t for a in after.iter() for t in (_visible(a, "text"), _visible(a, "tail")) if t and t.strip()]
    shown_text += [el.get(k) for body in after.iter("body") for el in body.iter() if isinstance(el.tag, str)
                   and not _hidden(el) for k in SHOWN_ATTRIBUTES if el.get(k)]
    assert sorted(" ".join(shown_text).split()) == english_words(sentences)


def test_format_html_fragment_keeps_its_markup_and_stays_a_fragment(live: Any) -> None:
    res = post(live, "translate", json={"q": FRAGMENT, **LIBRE, "format": "html"})
    assert res.status_code == 200, res.text
    body = res.json()
    out = body["translatedText"]
    assert not re.search(r"<(html|body|head)\b", out)  # a fragment in, a fragment out
    assert out.count("\n") == FRAGMENT.count("\n")
    # The sentences are those of the text a reader sees (not the markup), translated through the queue.
    sources = [s["source"] for s in body["sentences"]]
    assert sources[0] == "رئیس جمهور ایران در این گفتگو گفت که همکاری دو کشور ادامه خواهد داشت."
    assert "روسای جمهور در حال گفتگو" in sources and "صفحه ایران" in sources  # alt and title
    assert not [s for s in sources if "curl" in s or "داده" in s or "var x" in s]
    check_html(FRAGMENT, out, body["sentences"], page=False)
    # glossary and QE as for text
    assert body["terms"]["total"] >= 1 and body["quality"]["verdict"] in ("ok", "review", "bad")


def test_format_html_page_and_a_list_of_texts(live: Any) -> None:
    page = (ARTICLES / "news.html").read_text(encoding="utf-8")
    res = post(live, "translate", data={"q": [page, "<p>سلام <b>دنیا</b></p>", ""], **LIBRE, "format": "html"})
    assert res.status_code == 200, res.text
    body = res.json()
    out = body["translatedText"]
    assert len(out) == 3 and out[0].startswith("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">")
    check_html(page, out[0], body["sentences"][0], page=True)
    check_html("<p>سلام <b>دنیا</b></p>", out[1], body["sentences"][1], page=False)
    assert out[1].startswith("<p>") and out[1].endswith("</p>") and "<b>" in out[1]
    assert out[2] == "" and body["sentences"][2] == []


@pytest.mark.parametrize("q", ["<p></p>", "<script>var a = 1;</script>", "<!-- یادداشت -->", "   ", "<", "</p>",
                               "&nbsp;", "<p>1404</p>", "<html><body></body></html>"])
def test_format_html_without_text_comes_back(live: Any, q: str) -> None:
    res = post(live, "translate", json={"q": q, **LIBRE, "format": "html"})
    assert res.status_code == 200, res.text
    out = res.json()["translatedText"]
    assert isinstance(out, str)
    if "<script>" in q:
        assert out == q
    if q.startswith("<html"):
        assert out.startswith('<html lang="en" dir="ltr">')


def test_html_file_comes_back_as_the_page_in_english(live: Any) -> None:
    page = (ARTICLES / "news.html").read_bytes()
    answer, got = upload(live, "خبر.html", page, "text/html")
    assert answer["translatedFileUrl"].endswith(".html")
    assert got.headers["content-type"] == "text/html; charset=utf-8"
    check_html(page.decode("utf-8"), got.text, answer["sentences"], page=True)
    assert '<p translate="no">این بند نباید ترجمه شود.</p>' in got.text
    css = re.search(r"<style>.*?</style>", page.decode("utf-8"), re.S)
    assert css and css.group() in got.text  # right-to-left-only CSS left alone
    assert answer["terms"]["total"] >= 1 and answer["quality"]["verdict"] in ("ok", "review", "bad")


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_html_file_with_curl(live: Any, tmp_path: Path) -> None:
    path = tmp_path / "fragment.htm"
    path.write_text(FRAGMENT, encoding="utf-8")
    out = subprocess.run(["curl", "-sS", "--max-time", "60", live.url + "translate_file", "-F", "source=fa",
                          "-F", "target=en", "-F", f"file=@{path};type=text/html"],
                         capture_output=True, text=True, check=True)
    answer = json.loads(out.stdout)
    got = subprocess.run(["curl", "-sS", "--max-time", "30", answer["translatedFileUrl"]],
                         capture_output=True, text=True, check=True).stdout
    # A file is a page: it comes back as one, marked English.
    assert got.startswith('<html lang="en" dir="ltr">')
    check_html(FRAGMENT, got, answer["sentences"], page=True)


# ------------------------------------------------------------------------------------------ Markdown

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _without_front_matter(source: str) -> str:
    return source.split("---\n", 2)[2] if source.startswith("---\n") else source


def _structure(source: str) -> list[tuple[str, str, str, Any]]:
    return [(t.type, t.tag, t.markup, t.map and t.map[1] - t.map[0]) for t in _MD.parse(source) if t.type != "inline"]


def _code_and_urls(source: str) -> list[str]:
    out = []
    for t in _MD.parse(source):
        if t.type in ("fence", "code_block", "html_block"):
            out.append(t.content)
        for c in t.children or []:
            if c.type in ("link_open", "image"):
                out += [c.attrGet("href") or c.attrGet("src") or "", c.attrGet("title") or ""]
            if c.type in ("code_inline", "html_inline"):
                out.append(c.content)
    return out


def _shown(children: list[Any]) -> str:
    """The text a reader sees of inline tokens: text, line breaks as spaces, an image's alt text (a
    sentence of its own); code, inline HTML and an autolink's URL are not text."""
    out, autolink = [], False
    for c in children:
        if c.type in ("link_open", "link_close"):
            autolink = c.type == "link_open" and c.markup == "autolink"
        elif autolink:
            continue
        elif c.type in ("text", "text_special"):
            out.append(c.content)
        elif c.type in ("softbreak", "hardbreak", "code_inline", "html_inline"):
            out.append(" ")
        elif c.type == "image":
            out.append(" " + _shown(c.children or []) + " ")
    return "".join(out)


def check_markdown(source: str, output: str, sentences: list[dict[str, Any]]) -> None:
    assert _structure(output) == _structure(source)
    assert _code_and_urls(output) == _code_and_urls(source) and _code_and_urls(source)
    shown = [_shown(t.children or []) for t in _MD.parse(_without_front_matter(output)) if t.type == "inline"]
    assert sorted(" ".join(shown).split()) == english_words(sentences)
    before = [_shown(t.children or []) for t in _MD.parse(_without_front_matter(source)) if t.type == "inline"]
    assert len(before) == len(shown) and all(a != b for a, b in zip(before, shown) if PERSIAN.search(a))


def test_markdown_file_keeps_its_structure_urls_and_code(live: Any) -> None:
    source = (ARTICLES / "report.md").read_text(encoding="utf-8")
    answer, got = upload(live, "report.md", source.encode("utf-8"), "text/markdown")
    assert answer["translatedFileUrl"].endswith(".report.md")
    assert got.headers["content-type"] == "text/markdown; charset=utf-8"
    check_markdown(source, got.text, answer["sentences"])
    assert got.text.startswith("---\ntitle: گزارش هفتگی\nlang: fa\n---\n")  # front matter untouched
    assert "|---|---|" in got.text and "```python\n# محاسبه نرخ\n" in got.text


def test_markdown_with_links_images_and_code(live: Any) -> None:
    source = ("# گزارش *اقتصاد* ایران\n\n"
              "این گزارش درباره [نرخ ارز](https://example.ir/rates \"نرخ روز\") و "
              "![نمودار تورم](https://example.ir/chart.png) است. تابع `rate()` را ببینید.\n\n"
              "| شاخص | مقدار |\n|:---|---:|\n| تورم | چهل درصد |\n\n"
              "```\nکد = ۱\n```\n")
    answer, got = upload(live, "a.markdown", source.encode("utf-8"), "text/markdown")
    check_markdown(source, got.text, answer["sentences"])


# ------------------------------------------------------------------------------------------ text

def test_text_file_keeps_its_paragraphs_and_list_lines(live: Any) -> None:
    source = (ARTICLES / "bank.txt").read_text(encoding="utf-8")
    answer, got = upload(live, "bank.txt", source.encode("utf-8"), "text/plain")

    def paragraphs(text: str) -> list[int]:
        return [len(p.splitlines()) for p in re.split(r"\n\s*\n", text.strip())]

    assert paragraphs(got.text) == paragraphs(source)
    assert got.text.endswith("\n") == source.endswith("\n")
    assert not [s["source"] for s in answer["sentences"] if s["source"] in got.text]
    # list-like lines keep their markers (digits as ASCII)
    markers = [m.group(1) for m in re.finditer(r"^([-•]|\d+\.|[۰-۹]+\.)\s", source, re.M)]
    shown = [m.group(1) for m in re.finditer(r"^([-•]|\d+\.)\s", got.text, re.M)]
    assert len(shown) == len(markers)


# ------------------------------------------------------------------------------------------ word links

def test_engine_slots_give_word_links_over_the_sentence_as_written(slots: list[Any]) -> None:
    """The links that place inline markup come from the model's attention, as a run's do, moved from
    the normalized sentence the model read onto the sentence as given (``می کند``: two tokens)."""
    sentence = "او کار می کند."
    (result,) = slots[0].translate([sentence])
    links = [tuple(map(int, link.split("-"))) for link in result.alignment.split()]
    assert links and all(0 <= s < len(sentence.split()) and 0 <= t < len(result.text.split()) for s, t in links)
