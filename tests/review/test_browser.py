"""The review app in a real browser (Debian's Chromium driven by Playwright; .ci/run installs both),
served by the real command: the token, editing and reloading, approving, filters, search, keys, an
article with markup shown as text, and screenshots at desktop and phone sizes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
TEXT = "The presidents of Iran and Russia discussed the crisis of Palestine and Israel."


@pytest.fixture()
def served(review_run: Path) -> Iterator[str]:
    proc = subprocess.Popen([sys.executable, "-m", "translate", "review", str(review_run), "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        yield proc.stdout.readline().strip()
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


def _row(page, idx: int, doc: str = "example"):
    return page.locator(f'tr.pair[data-doc="{doc}"][data-index="{idx}"]')


def test_review_in_the_browser(served: str, browser, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert page.goto(served.split("?")[0]).status == 403  # no token, no app
    assert page.goto(served).status == 200
    first = _row(page, 0)
    assert "verdict-bad" in first.get_attribute("class") and first.locator("ul.missing li").count() > 0
    # keyboard: j moves to the first row, e edits, Ctrl+Enter saves
    page.keyboard.press("j")
    assert "current" in first.get_attribute("class")
    page.keyboard.press("e")
    editor = first.locator("textarea.editor")
    assert editor.is_visible()
    editor.fill(TEXT)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('tr.pair[data-doc="example"][data-index="0"].state-edited')
    page.reload()
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
    # filters: missing terms, reviewed, search in Persian and in English
    page.check("#missing")
    visible = page.locator("tr.pair:not([hidden])")
    assert visible.count() > 0 and _row(page, 0).is_hidden()
    assert all(visible.nth(k).locator("ul.missing").count() for k in range(visible.count()))
    page.uncheck("#missing")
    page.select_option("#reviewed", "yes")
    assert page.locator("tr.pair:not([hidden])").count() == 2
    page.select_option("#reviewed", "")
    page.fill("#search", "crisis of palestine")
    assert page.locator("tr.pair:not([hidden])").count() == 1 and _row(page, 0).is_visible()
    page.fill("#search", "میلیمتر")
    assert page.locator("tr.pair:not([hidden])").count() == 1 and _row(page, 1, "hostile").is_visible()
    page.fill("#search", "")
    # the article's markup is text, and nothing ran
    hostile = _row(page, 0, "hostile").locator("td.fa").inner_text()
    assert "<script>alert('x')</script>" in hostile and "<img src=x onerror=alert(1)>" in hostile
    assert dialogs == [] and page.locator("img").count() == 0
    # aligned words: hovering a Persian token lights its English partners, on the tokens shown
    linked = page.locator("tr.pair[data-align]:not([data-align=''])").first
    s, t = map(int, linked.get_attribute("data-align").split()[0].split("-"))
    assert s < linked.locator(".w[data-side=s]").count() and t < linked.locator(".w[data-side=t]").count()
    linked.locator(f'.w[data-side=s][data-i="{s}"]').hover()
    assert "hl" in linked.locator(f'.w[data-side=t][data-i="{t}"]').get_attribute("class")
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
