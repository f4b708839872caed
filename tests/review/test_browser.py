"""The review app in a real browser (Debian's Chromium driven by Playwright; .ci/run installs both),
served by the real command: the token, editing and reloading, approving, filters and search answered by
the server, pages turned and sentences jumped to by keyboard, two tabs editing one pair (the second
sees both versions and merges), two apps of two runs side by side in one browser, the
Content-Security-Policy with nothing blocked, an article with markup shown as text, and screenshots at
desktop and phone sizes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import needs_browser

CHROMIUM = shutil.which("chromium")
pytestmark = [needs_browser, pytest.mark.slow]
TEXT = "The presidents of Iran and Russia discussed the crisis of Palestine and Israel."


def _start(run: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "translate", "review", str(run), "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _serve(run: Path) -> tuple[subprocess.Popen[str], str]:
    proc = _start(run)
    return proc, proc.stdout.readline().strip()


@pytest.fixture()
def served(review_run: Path) -> Iterator[str]:
    proc, url = _serve(review_run)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture()
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def _watch(page) -> list[str]:
    """Console errors and Content-Security-Policy reports of ``page`` (a blocked script or style)."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.append(str(e)))
    return seen


def _row(page, idx: int, doc: str = "example"):
    return page.locator(f'tr.pair[data-doc="{doc}"][data-index="{idx}"]')


def _indices(page) -> list[int]:
    return [int(i) for i in page.locator("tr.pair").evaluate_all("rs => rs.map(r => r.dataset.index)")]


def test_review_in_the_browser(served: str, browser, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = _watch(page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert page.goto(served.split("?")[0]).status == 403  # no token, no app
    errors.clear()  # the 403's own "failed to load" line
    response = page.goto(served)
    assert response.status == 200 and "frame-ancestors 'none'" in response.headers["content-security-policy"]
    first = _row(page, 0)
    assert "verdict-bad" in first.get_attribute("class") and first.locator("ul.missing li").count() > 0
    assert first.get_attribute("data-rev") == "0"
    # keyboard: j moves to the first row, e edits, Ctrl+Enter saves
    page.keyboard.press("j")
    assert "current" in first.get_attribute("class")
    page.keyboard.press("e")
    editor = first.locator("textarea.editor")
    assert editor.is_visible()
    editor.fill(TEXT)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('tr.pair[data-doc="example"][data-index="0"].state-edited')
    assert _row(page, 0).get_attribute("data-rev") == "1"
    assert page.locator('#total [data-n="reviewed"]').inner_text() == "1"  # the run's total, moved by the reply
    # the counts the click moved (bad −1, ok +1, terms landed, reviewed) are the ones the server counts afresh
    summaries = ("() => [...document.querySelectorAll('nav a .counts, #total, section.doc > p.summary')]"
                 ".map(e => e.textContent)")
    moved = page.evaluate(summaries)
    page.reload()
    assert page.evaluate(summaries) == moved
    first = _row(page, 0)
    assert first.locator(".target").inner_text() == TEXT
    assert "verdict-ok" in first.get_attribute("class") and first.locator("ul.missing").count() == 0
    # the glossary terms, found again in the person's English
    assert first.locator(".target .term").count() >= 4 and first.locator(".term.t-missing").count() == 0
    # approve the next one with the keyboard, reject and undo with the buttons
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_selector('tr.pair[data-doc="example"][data-index="1"].state-approved')
    _row(page, 2).locator("button[data-act=reject]").click()
    page.wait_for_selector('tr.pair[data-doc="example"][data-index="2"].state-rejected')
    page.keyboard.press("u")
    page.wait_for_selector('tr.pair[data-doc="example"][data-index="2"].state-machine')
    assert "2/15 reviewed" in page.locator('nav a[data-doc="example"]').inner_text()
    assert page.locator('section.doc[data-doc="example"] p.summary [data-n="reviewed"]').inner_text() == "2"
    assert page.locator('#total [data-n="reviewed"]').inner_text() == "2"
    moved = page.evaluate(summaries)
    page.reload()
    assert page.evaluate(summaries) == moved
    # filters: asked of the server, over the whole document
    with page.expect_navigation():
        page.check("#missing")
    assert "missing=1" in page.url and page.locator("#missing").is_checked()
    rows = page.locator("tr.pair")
    assert 0 < rows.count() < 15 and 0 not in _indices(page)
    assert all(rows.nth(k).locator("ul.missing").count() for k in range(rows.count()))
    with page.expect_navigation():
        page.uncheck("#missing")
    with page.expect_navigation():
        page.select_option("#reviewed", "yes")
    assert _indices(page) == [0, 1]
    with page.expect_navigation():
        page.select_option("#reviewed", "")
    # search: Enter asks the server; Arabic letters find the Persian ones
    page.fill("#search", "ميليمتر")
    with page.expect_navigation():
        page.press("#search", "Enter")
    assert page.locator("tr.pair").count() == 0 and "0 of 15" in page.locator("#shown").inner_text()
    with page.expect_navigation():
        page.locator('nav a[data-doc="hostile"]').click()  # the search stays on in the other document
    assert _indices(page) == [1] and page.input_value("#search") == "ميليمتر"
    page.fill("#search", "")
    with page.expect_navigation():
        page.press("#search", "Enter")
    # the article's markup is text, and nothing ran
    hostile = _row(page, 0, "hostile").locator("td.fa").inner_text()
    assert "<script>alert('x')</script>" in hostile and "<img src=x onerror=alert(1)>" in hostile
    assert dialogs == [] and page.locator("img").count() == 0
    # aligned words: hovering a Persian token lights its English partners, on the tokens shown
    page.goto(served.split("?")[0])
    linked = page.locator("tr.pair[data-align]:not([data-align=''])").first
    s, t = map(int, linked.get_attribute("data-align").split()[0].split("-"))
    persian, english = linked.locator("td.fa .w"), linked.locator("td.en .target .w")
    assert s < persian.count() and t < english.count()
    persian.nth(s).hover()
    assert "hl" in english.nth(t).get_attribute("class")
    assert errors == []  # the policy blocked nothing the page needs
    page.evaluate("document.querySelector('main').scrollTo(0, 0)")
    page.screenshot(path=str(tmp_path / "review-1400x900.png"))
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(served)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    phone.screenshot(path=str(tmp_path / "review-390x844.png"))
    shots = Path(__import__("os").environ.get("REVIEW_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    for name in ("review-1400x900.png", "review-390x844.png"):
        assert (tmp_path / name).stat().st_size > 10_000
        if shots != tmp_path:
            shutil.copy(tmp_path / name, shots / name)


def test_pages_turn_and_sentences_are_found_by_keyboard(served: str, browser) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = _watch(page)
    page.goto(served + "&limit=4")
    assert _indices(page) == [0, 1, 2, 3] and "sentences 1–4 of 15" in page.locator(".pager").first.inner_text()
    with page.expect_navigation():
        page.keyboard.press("n")
    assert _indices(page) == [4, 5, 6, 7]
    with page.expect_navigation():
        page.keyboard.press("n")
    with page.expect_navigation():
        page.keyboard.press("p")
    assert _indices(page) == [4, 5, 6, 7]
    # g, a sentence number, Enter: its page, the row focused
    page.keyboard.press("g")
    page.keyboard.type("14")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _indices(page) == [12, 13, 14] and "current" in _row(page, 13).get_attribute("class")
    # j/k then act on the focused row of this page
    page.keyboard.press("k")
    page.keyboard.press("a")
    page.wait_for_selector('tr.pair[data-doc="example"][data-index="12"].state-approved')
    # the last page has no next: n does nothing
    page.keyboard.press("n")
    page.wait_for_timeout(200)
    assert _indices(page) == [12, 13, 14]
    assert errors == []


def test_two_tabs_edit_one_pair_the_second_sees_both_and_merges(served: str, browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    one, two = context.new_page(), context.new_page()
    one.goto(served)
    two.goto(served)
    for tab, text in ((one, "First tab's English."), (two, "Second tab's English.")):
        row = _row(tab, 3)
        row.locator("button[data-act=edit]").click()
        row.locator("textarea.editor").fill(text)
    _row(one, 3).locator("button[data-act=save]").click()
    one.wait_for_selector('tr.pair[data-doc="example"][data-index="3"][data-rev="1"].state-edited')
    _row(two, 3).locator("button[data-act=save]").click()  # based on revision 0: a conflict
    box = _row(two, 3).locator(".conflict")
    box.wait_for()
    assert box.locator(".theirs").inner_text() == "First tab's English."
    assert box.locator(".yours").inner_text() == "Second tab's English."
    assert "revision 1" in box.inner_text() and "changed since you opened it" in box.inner_text()
    assert _row(two, 3).locator("textarea.editor").input_value() == "Second tab's English."  # nothing lost
    # merge by hand, and save: now based on their revision
    _row(two, 3).locator("textarea.editor").fill("Merged English.")
    box.locator("button[data-conflict=mine]").click()
    two.wait_for_selector('tr.pair[data-doc="example"][data-index="3"][data-rev="2"].state-edited')
    assert _row(two, 3).locator(".target").inner_text() == "Merged English."
    # the first tab's approve is stale now: it sees the merged text, and takes theirs
    _row(one, 3).locator("button[data-act=approve]").click()
    box = _row(one, 3).locator(".conflict")
    box.wait_for()
    assert box.locator(".theirs").inner_text() == "Merged English."
    box.locator("button[data-conflict=theirs]").click()
    assert _row(one, 3).get_attribute("data-rev") == "2" and _row(one, 3).locator(".conflict").count() == 0
    assert _row(one, 3).locator(".target").inner_text() == "Merged English."
    context.close()


def test_a_bidirectional_override_is_marked_in_the_row(served: str, browser) -> None:
    page = browser.new_page()
    page.goto(served)
    row = _row(page, 4)
    row.locator("button[data-act=edit]").click()
    row.locator("textarea.editor").fill("Price: \u202e001\u202c dollars.")
    row.locator("button[data-act=save]").click()
    marker = _row(page, 4).locator("p.bidi")
    marker.wait_for()
    assert marker.is_visible() and "English: RIGHT-TO-LEFT OVERRIDE, POP DIRECTIONAL FORMATTING" in marker.inner_text()
    assert _row(page, 5).locator("p.bidi").count() == 0


def test_two_apps_on_two_ports_in_one_browser(review_run: Path, tiny_models, tmp_path: Path, browser) -> None:
    from click.testing import CliRunner

    from translate.cli import main

    src = tmp_path / "other-in"
    src.mkdir()
    (src / "other.txt").write_text("کارشناسان می گویند بارندگی ادامه دارد.\nاین یک جمله دیگر است.\n", encoding="utf-8")
    other = tmp_path / "other-run"
    result = CliRunner().invoke(main, ["run", str(src), "-o", str(other), "--model", str(tiny_models["marian"]),
                                       "--beam", "1", "--max-length-ratio", "0.3", "--formats", "moses"])
    assert result.exit_code == 0, result.output
    started = [_start(review_run), _start(other)]  # both at once: each takes a second or two to start
    procs = [(proc, proc.stdout.readline().strip()) for proc in started]
    try:
        (_, first), (_, second) = procs
        assert first.split("/")[2] != second.split("/")[2]  # two ports of one host
        context = browser.new_context()
        tab1, tab2 = context.new_page(), context.new_page()
        assert tab1.goto(first).status == 200 and tab2.goto(second).status == 200
        names = sorted(c["name"] for c in context.cookies())
        assert len(names) == 2 and all(n.startswith("translate_review_") for n in names)
        # the links carry no token: each tab goes on with its own app's cookie, after the other was opened
        for tab, doc in ((tab1, "hostile"), (tab2, "other"), (tab1, "example")):
            with tab.expect_navigation() as nav:
                tab.locator(f'nav a[data-doc="{doc}"]').click()
            assert nav.value.status == 200
            _row(tab, 1, doc).locator("button[data-act=approve]").click()
            tab.wait_for_selector(f'tr.pair[data-doc="{doc}"][data-index="1"].state-approved')
        context.close()
    finally:
        for proc, _ in procs:
            proc.terminate()
            proc.wait(timeout=10)


def test_the_printable_report_filters_itself_with_letter_variants_folded(served: str, browser) -> None:
    page = browser.new_page()
    errors = _watch(page)
    page.goto(served)
    page.goto(served.split("?")[0] + "report")  # the whole run as the static report, its own search in the page
    assert page.locator("body.static").count() == 1 and page.locator("tr.pair").count() == 17
    shown = page.locator("tr.pair:not([hidden])")
    for query in ("ميليمتر", "می‌گویند", "ايران"):  # Arabic yeh; ZWNJ for the article's space; Arabic yeh again
        page.fill("#search", query)
        assert shown.count() >= 1, query
        assert all(query.replace("ي", "ی").replace("\u200c", " ") in shown.nth(k).locator("td.fa").inner_text()
                   for k in range(shown.count())), query
    page.fill("#search", "")
    page.check("#edited")
    assert shown.count() == 0  # nothing edited yet
    assert errors == []
