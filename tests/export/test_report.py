"""The HTML review report: escaping, and behaviour in a real browser (Debian's Chromium driven by
Playwright; .ci/run installs both)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from translate.records import Score, Sentence, SentencePair, TermHit
from translate.export.report import write_report

from ..conftest import needs_browser

TERM = TermHit(source="غزه", type="place", start=7, end=10, text="غزه", target="Gaza", status="repaired",
               target_start=12, target_end=16)
PAIRS = [
    SentencePair(Sentence("news", 0, 0, 10, "سفر به غزه"), "The trip to Gaza",
                 scores=Score(similarity=0.93, length=0.1, confidence=-0.4, verdict="ok"),
                 terms=(TERM,), alignment="0-1 1-2 2-3"),
    SentencePair(Sentence("news", 1, 11, 60, "او نوشت <script>alert('x')</script> و رفت"),
                 "He wrote <script>alert('x')</script> and left",
                 scores=Score(similarity=0.70, length=-2.5, confidence=-2.0, verdict="bad")),
    SentencePair(Sentence("news", 2, 61, 80, "هوا سرد است"), "The weather is cold",
                 scores=Score(similarity=0.85, length=1.9, confidence=-1.0, verdict="review")),
]


def test_text_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    write_report([("news", PAIRS)], path, title="Review <run>", signature="model:x")
    page = path.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # only the report's own code
    assert "Review &lt;run&gt;" in page and "http" not in page.replace("http://www.w3.org", "")
    assert '<meta name="viewport"' in page and "@media print" in page


def test_reasons_in_words_and_terms_by_status(tmp_path: Path) -> None:
    missing = TermHit(source="اسرائیل", type="place", start=0, end=7, text="اسرائیل", target="Israel")
    pair = SentencePair(Sentence("news", 0, 0, 30, "اسرائیل ۲۵ تا ۱۰۰ میلیمتر"), "Israel got 1 to 40 inches",
                        scores=Score(numbers=0.0, verdict="bad", reasons=("numbers", "terms")), terms=(missing,))
    path = tmp_path / "report.html"
    write_report([("news", [pair])], path, title="t", signature="s")
    page = path.read_text(encoding="utf-8")
    assert "<li>numbers differ: ۱۰۰ vs 40</li>" in page  # 25 mm is the 1 inch; 100 mm is not 40
    assert '<li>missing: <bdi lang="fa">اسرائیل</bdi> → Israel</li>' in page  # listed in the row, not only on hover
    assert 'class="w term t-missing"' in page
    for status in ("found", "copied", "forced", "repaired", "missing"):  # the legend
        assert f'<dt class="term t-{status}">{status}</dt>' in page


CHROMIUM = shutil.which("chromium")


@needs_browser
@pytest.mark.slow
def test_report_in_a_real_browser(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    write_report([("news", PAIRS), ("other", PAIRS[:1])], path, title="Review", signature="model:x")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        page.goto(path.as_uri())
        # documents on the left, Persian right to left
        assert page.locator("nav a").count() == 2
        fa = page.locator("#doc-1 td.fa").first
        assert fa.get_attribute("dir") == "rtl"
        assert fa.evaluate("e => getComputedStyle(e).direction") == "rtl"
        # the script in the article is text, not code
        assert "<script>alert('x')</script>" in page.locator("#doc-1 tr.pair").nth(1).inner_text()
        # sorting by similarity
        order = lambda: page.locator("#doc-1 tbody tr").evaluate_all("rows => rows.map(r => r.dataset.index)")
        page.click("#doc-1 th[data-sort=similarity]")
        assert order() == ["1", "2", "0"]
        page.click("#doc-1 th[data-sort=similarity]")
        assert order() == ["0", "2", "1"]
        # the review/bad filter hides ok rows; search finds Persian and English
        page.select_option("#verdict", "flagged")
        assert page.locator("#doc-1 tr.verdict-ok").first.is_hidden()
        assert page.locator("#doc-1 tr.verdict-bad").first.is_visible()
        page.select_option("#verdict", "")
        page.fill("#search", "سرد")
        assert page.locator("tr.pair:not([hidden])").count() == 1
        page.fill("#search", "WEATHER")
        assert page.locator("tr.pair:not([hidden])").count() == 1
        page.fill("#search", "")
        # keyboard: Enter leaves the search box on the first row, j moves down the visible rows
        page.keyboard.press("Enter")
        page.keyboard.press("j")
        page.keyboard.press("j")
        assert page.locator("tr.pair.current").count() == 1
        # glossary hit on both sides, with the entry and status on hover
        source_term = page.locator("#doc-1 td.fa .term").first
        assert source_term.inner_text() == "غزه" and source_term.get_attribute("title") == "غزه → Gaza (place, repaired)"
        assert page.locator("#doc-1 td.en .term").first.inner_text() == "Gaza"
        # word alignment: hovering a Persian word highlights its English partner
        page.hover("#doc-1 tr.pair >> nth=0 >> td.fa .w >> nth=2")
        assert page.locator("#doc-1 tr.pair >> nth=0 >> td.en .target .w >> nth=3").get_attribute("class") == "w term t-repaired hl"
        # printing gives every row, one document after another, on more than one page
        page.fill("#search", "no such text")
        pdf = page.pdf()
        assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 2
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        browser.close()
    assert (tmp_path / "report.png").stat().st_size > 10_000


@pytest.mark.parametrize("text", ["سفر به غزه", "  two  spaces\tand a tab\n", "nbsp\u00a0ideographic\u3000space",
                                  "line\u2028separator \x1cfile-sep", "نیم\u200cفاصله stays one word",
                                  "<b>&\"'</b> a&b", "", " \t\n "])
def test_a_text_is_one_span_a_whitespace_token(text: str) -> None:
    """Word links index a text's whitespace tokens (``\\S+``): the page's spans are those, escaped, one
    space apart, whatever whitespace the text has."""
    import re

    from markupsafe import escape

    from translate.export.view import words_html

    html = str(words_html(text, []))
    spans = re.findall(r'<span class="w">([^<]*)</span>', html)
    assert spans == [str(escape(token)) for token in re.findall(r"\S+", text)]
    assert html == " ".join(f'<span class="w">{span}</span>' for span in spans)
