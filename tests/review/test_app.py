"""The review app over HTTP (Starlette's test client, then the real server): the token gate and its
per-store cookie, the security headers, the page a document at a time (paging, jumping, filters and
search over the whole document, letter variants folded), actions saved at once with revisions (a stale
one is a 409 with both versions), malformed requests answered 4xx in JSON, the body limit, and no lost
edit after kill -9 of the server."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from translate.review.app import MAX_BODY, cookie_name, create_app
from translate.review.server import ReviewServer
from translate.run.review import Filters, ReviewSession
from translate.text.search import fold

TOKEN = "s3cret-token"
HEADERS = {"X-Review-Token": TOKEN}
TEXT = "The presidents of Iran and Russia discussed the crisis of Palestine and Israel."


@pytest.fixture()
def app(review_run: Path) -> Iterator[tuple[TestClient, ReviewSession]]:
    with ReviewSession(review_run) as session:
        client = TestClient(create_app(session, TOKEN))
        assert client.get(f"/?token={TOKEN}").status_code == 200
        yield client, session


def _rows(page: str) -> list[tuple[str, int, int]]:
    """``(doc, idx, rev)`` of every pair row of a page, in order."""
    return [(d, int(i), int(r)) for d, i, r in
            re.findall(r'<tr class="pair [^"]*"[^>]*data-doc="([^"]*)" data-index="(\d+)" data-rev="(\d+)"', page)]


def test_every_request_needs_the_token_and_the_cookie_is_the_stores(review_run: Path) -> None:
    with ReviewSession(review_run) as session:
        client = TestClient(create_app(session, TOKEN))
        name = cookie_name(session.store_id)
        assert name == "translate_review_" + re.sub(r"[^A-Za-z0-9]", "", session.store_id)[:12]
        for url in ("/", "/?token=wrong", "/report", "/api/history?doc=example&idx=0"):
            res = client.get(url)
            assert res.status_code == 403 and "token" in res.json()["error"]
        first = client.get(f"/?token={TOKEN}")
        assert first.status_code == 200 and first.cookies.get(name) == TOKEN
        assert "translate_review=" not in first.headers["set-cookie"]
        assert client.get("/").status_code == 200  # the cookie now
        # actions need the token in a header too: a page of another site cannot post them with the cookie
        body = {"doc": "example", "idx": 0, "action": "approve"}
        assert client.post("/api/act", json=body).status_code == 403
        assert client.post("/api/act", json=body, headers=HEADERS).status_code == 200
        assert TestClient(create_app(session, TOKEN)).post("/api/act", json=body).status_code == 403
        # a cookie of another store's app is no token for this one
        other = TestClient(create_app(session, TOKEN), cookies={"translate_review_otherstore00": TOKEN})
        assert other.get("/").status_code == 403
        # another local app's odd cookie beside it hides nothing
        odd = TestClient(create_app(session, TOKEN)).get("/", headers={"Cookie": f'x="a b; weird; {name}={TOKEN}'})
        assert odd.status_code == 200


def test_security_headers_on_every_answer(app: tuple[TestClient, ReviewSession]) -> None:
    client, _ = app
    answers = [client.get("/"), TestClient(client.app).get("/?token=wrong"), client.get("/report"),
               client.get("/assets/review.js"), client.get("/assets/review.css"), client.get("/nowhere"),
               client.put("/api/act", headers=HEADERS), client.get("/api/history?doc=example&idx=0"),
               client.get("/api/history?doc=example&idx=-1"),
               client.post("/api/act", headers=HEADERS, json={"doc": "example", "idx": 0, "action": "approve"}),
               client.post("/api/act", headers=HEADERS, content=b"x" * (MAX_BODY + 1))]
    assert sorted({a.status_code for a in answers}) == [200, 400, 403, 404, 405, 413]
    for a in answers:
        csp = a.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert (a.headers["x-frame-options"], a.headers["x-content-type-options"], a.headers["referrer-policy"]) == (
            "DENY", "nosniff", "no-referrer")
        if a.status_code >= 400:
            assert a.headers["content-type"] == "application/json" and a.json()["error"]


def test_page_shows_reasons_terms_and_escapes_the_article(app: tuple[TestClient, ReviewSession]) -> None:
    client, _ = app
    page = client.get("/?doc=hostile").text
    assert '<meta name="viewport"' in page and f'<meta name="review-token" content="{TOKEN}">' in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page and "&lt;img" in page
    # no inline script or style: the policy runs only the app's own files
    assert re.findall(r"<script[^>]*>", page) == ['<script src="assets/review.js">'] and "<style" not in page
    assert '<link rel="stylesheet" href="assets/review.css">' in page
    assert "numbers differ: ۲۵, ۱۰۰ vs" in page  # the hostile article's numbers, in words
    assert [(d, i) for d, i, _ in _rows(page)] == [("hostile", 0), ("hostile", 1)]
    page = client.get("/").text  # the first document
    assert 'class="term t-' in page and '<dt class="term t-missing">missing</dt>' in page
    assert [(d, i, r) for d, i, r in _rows(page)] == [("example", i, 0) for i in range(15)]
    assert client.get("/assets/review.js").text.startswith("(function")
    assert client.get("/assets/review.js").headers["content-type"].startswith("text/javascript")
    report = client.get("/report").text
    assert report.count('class="pair ') == 17 and 'class="static"' in report and "<script>" not in report


def _counts(page: str) -> dict[str, dict[str, int]]:
    """The numbers of a page's summaries: the run's total and the document's (``data-n`` spans)."""
    def spans(html: str) -> dict[str, int]:
        return {k: int(v) for k, v in re.findall(r'<span data-n="(\w+)">(\d+)</span>', html)}
    total = re.search(r'<p class="summary" id="total">(.*?)</p>', page, re.S).group(1)
    doc = re.search(r'<section class="doc"[^>]*><h2>.*?</h2>\s*<p class="summary">(.*?)</p>', page, re.S).group(1)
    return {"total": spans(total), "doc": spans(doc)}


def test_actions_carry_revisions_and_say_what_they_changed(app: tuple[TestClient, ReviewSession],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    client, session = app
    before = _counts(client.get("/?doc=example").text)
    assert before["doc"]["sentences"] == 15 and before["doc"]["reviewed"] == 0 and before["doc"]["bad"] > 0
    assert before["total"]["sentences"] == 17
    # an action recounts no document's summary: it says what it changed in its own
    for name in ("documents", "progress"):
        monkeypatch.setattr(session, name, lambda *a: pytest.fail(f"an action called {name}()"))
    res = client.post("/api/act", headers=HEADERS, json={"doc": "example", "idx": 0, "action": "edit", "text": TEXT,
                                                         "rev": 0})
    assert res.status_code == 200
    reply = res.json()
    assert "state-edited" in reply["row"] and "verdict-ok" in reply["row"] and "missing:" not in reply["row"]
    assert reply["rev"] == 1 and 'data-rev="1"' in reply["row"] and (reply["state"], reply["text"]) == ("edited", TEXT)
    # sentence 0 was bad with missing terms; the person's English is ok with every term
    delta = reply["delta"]
    assert delta["bad"] == -1 and delta["ok"] == 1 and delta["reviewed"] == 1 and delta["landed"] > 0
    assert delta["terms"] == 0
    approve = client.post("/api/act", headers=HEADERS, json={"doc": "example", "idx": 1, "action": "approve"}).json()
    assert approve["delta"] == {"ok": 0, "review": 0, "bad": 0, "landed": 0, "terms": 0, "reviewed": 1}
    monkeypatch.undo()
    # the page's counts plus the deltas are the counts the session computes afresh
    after = _counts(client.get("/?doc=example").text)
    for scope in ("doc", "total"):
        assert after[scope] == {k: v + delta.get(k, 0) + approve["delta"].get(k, 0) for k, v in before[scope].items()}
    progress = session.progress("example")
    assert after["doc"]["reviewed"] == progress.reviewed == 2 and after["doc"]["ok"] == progress.verdicts.get("ok", 0)
    with ReviewSession(session.outdir) as other:
        assert other.pair("example", 0).target == TEXT  # in the store, for any reader
    bad = client.post("/api/act", headers=HEADERS, json={"doc": "example", "idx": 0, "action": "fly"})
    assert bad.status_code == 400 and "unknown action" in bad.json()["error"]
    undone = client.post("/api/act", headers=HEADERS, json={"doc": "example", "idx": 0, "action": "undo", "rev": 1})
    assert undone.status_code == 200 and "state-machine" in undone.json()["row"] and undone.json()["rev"] == 2
    assert undone.json()["delta"] == {k: -v for k, v in delta.items()}
    history = client.get("/api/history?doc=example&idx=0").json()
    assert (history["doc"], history["idx"], history["rev"]) == ("example", 0, 2)
    assert [e["action"] for e in history["history"]] == ["undo", "edit"]  # newest first
    assert _rows(client.get("/").text)[0] == ("example", 0, 2)  # the row carries its revision


def test_two_edits_from_one_revision_the_second_is_a_conflict(app: tuple[TestClient, ReviewSession]) -> None:
    client, session = app
    rev = _rows(client.get("/").text)[3][2]
    first = client.post("/api/act", headers=HEADERS,
                        json={"doc": "example", "idx": 3, "action": "edit", "text": "Mine, first.", "rev": rev})
    assert first.status_code == 200 and first.json()["rev"] == rev + 1
    second = client.post("/api/act", headers=HEADERS,
                         json={"doc": "example", "idx": 3, "action": "edit", "text": "Yours, second.", "rev": rev})
    assert second.status_code == 409
    body = second.json()
    assert "example:3" in body["error"] and body["current"]["text"] == "Mine, first."
    assert body["current"]["rev"] == rev + 1 and 'data-rev="%d"' % (rev + 1) in body["current"]["row"]
    assert session.pair("example", 3).target == "Mine, first."  # the first stays
    for action in ("approve", "undo", "reset"):  # every action checks the revision it was based on
        stale = client.post("/api/act", headers=HEADERS,
                            json={"doc": "example", "idx": 3, "action": action, "rev": rev})
        assert stale.status_code == 409 and stale.json()["current"]["rev"] == rev + 1
    merged = client.post("/api/act", headers=HEADERS, json={"doc": "example", "idx": 3, "action": "edit",
                                                            "text": "Merged.", "rev": rev + 1})
    assert merged.status_code == 200 and merged.json()["text"] == "Merged."


def test_a_bidirectional_override_is_flagged_with_its_name(app: tuple[TestClient, ReviewSession]) -> None:
    client, _ = app
    text = "The price is \u202e001 dollars\u202c today."
    res = client.post("/api/act", headers=HEADERS, json={"doc": "example", "idx": 2, "action": "edit", "text": text})
    assert res.status_code == 200
    row = res.json()["row"]
    assert 'data-bidi="1"' in row and "English: RIGHT-TO-LEFT OVERRIDE, POP DIRECTIONAL FORMATTING" in row
    assert 'data-bidi' not in _rows_html(client.get("/").text, 1)


def _link(page: str, which: str) -> dict[str, str] | None:
    """The query of the pager's ``which`` link (first, prev, next, last), or None."""
    from html import unescape
    from urllib.parse import parse_qsl

    m = re.search(rf'<a href="\?([^"]*)"[^>]*data-page="{which}"', page)
    return dict(parse_qsl(unescape(m.group(1)))) if m else None


def _rows_html(page: str, idx: int) -> str:
    return re.search(rf'<tr class="pair [^>]*data-index="{idx}".*?</tr>', page, re.S).group()


def test_pages_jumps_and_filters_over_the_whole_document(app: tuple[TestClient, ReviewSession]) -> None:
    client, session = app
    page = client.get("/?doc=example&limit=4").text
    assert [i for _, i, _ in _rows(page)] == [0, 1, 2, 3]
    assert _link(page, "next") == {"doc": "example", "offset": "4", "limit": "4"} and _link(page, "prev") is None
    assert _link(page, "last") == {"doc": "example", "offset": "12", "limit": "4"}
    assert "sentences 1–4 of 15" in page
    page = client.get("/?doc=example&limit=4&offset=12").text
    assert [i for _, i, _ in _rows(page)] == [12, 13, 14] and _link(page, "next") is None
    assert _link(page, "prev") == {"doc": "example", "offset": "8", "limit": "4"}
    assert _link(page, "first") == {"doc": "example", "limit": "4"}
    # past the end (a stale link): the last page
    assert [i for _, i, _ in _rows(client.get("/?doc=example&limit=4&offset=400").text)] == [12, 13, 14]
    # jump to sentence 10 (1-based): its page, and the row to focus
    page = client.get("/?doc=example&limit=4&at=10").text
    assert [i for _, i, _ in _rows(page)] == [8, 9, 10, 11] and '<main data-focus="9">' in page
    # filters: the rows and counts the session finds over the whole document
    for query, filters in [("verdict=bad", Filters(verdict="bad")), ("reviewed=no", Filters(reviewed=False)),
                           ("missing=1", Filters(missing_terms=True)), ("edited=1", Filters(edited=True))]:
        expected = session.page("example", filters, limit=200)
        page = client.get(f"/?doc=example&{query}").text
        assert [i for _, i, _ in _rows(page)] == [p.source.index for p in expected.pairs], query
        assert (f"{expected.total} of 15 sentences pass" in page) == (expected.total != 15)
    assert _rows(client.get("/?doc=example&verdict=bad").text)  # the example has bad pairs, so the filter did something
    client.post("/api/act", headers=HEADERS, json={"doc": "example", "idx": 5, "action": "edit", "text": TEXT})
    assert [i for _, i, _ in _rows(client.get("/?doc=example&edited=1").text)] == [5]
    assert [i for _, i, _ in _rows(client.get("/?doc=example&reviewed=yes").text)] == [5]
    # filters stay on across pages and documents
    page = client.get("/?doc=example&verdict=bad&limit=1").text
    assert _link(page, "next") == {"doc": "example", "verdict": "bad", "offset": "1", "limit": "1"}
    assert re.search(r'href="\?doc=hostile&amp;verdict=bad&amp;limit=1"', page)
    assert "sentences 1–1 of" in page


@pytest.mark.parametrize(("query", "doc", "expected"), [
    ("ايران", "example", True),          # Arabic yeh for Persian ی
    ("اِیران", "example", True),          # a kasra typed in
    ("می‌گویند", "hostile", True),        # ZWNJ where the article has a space
    ("ميليمتر", "hostile", True),         # Arabic yeh twice
    ("۱۰۰ میلیمتر", "hostile", True),
    ("طبعا", "example", True),            # the article writes طبعاً (with tanween)
    ("زلزله", "example", False),
])
def test_search_folds_letter_variants_over_the_whole_document(app: tuple[TestClient, ReviewSession], query: str,
                                                              doc: str, expected: bool) -> None:
    client, session = app
    page = client.get("/", params={"doc": doc, "q": query, "limit": 3}).text
    found = _rows(page)
    assert bool(found) == expected
    for _, idx, _ in found:
        pair = session.pair(doc, idx)
        assert fold(query) in fold(pair.source.text) or fold(query) in fold(pair.target)
    if expected:
        total = session.page(doc, Filters(query=query)).total
        assert total >= len(found) and (f"{total} of" in page or total == session.progress(doc).sentences)
        assert f'value="{query}"' in page  # the search box keeps the query


def test_search_finds_a_sentence_however_its_letters_were_typed(app: tuple[TestClient, ReviewSession]) -> None:
    client, _ = app
    # an edit puts Arabic letters into the English side: a Persian-keyboard query still finds it
    client.post("/api/act", headers=HEADERS, json={"doc": "example", "idx": 7, "action": "edit",
                                                    "text": "Quoted: كتاب‌هاي ايران"})
    for query in ("کتاب های ایران", "كتاب‌هاي", "QUOTED: کتاب"):
        assert 7 in [i for _, i, _ in _rows(client.get("/", params={"q": query}).text)], query


@pytest.mark.parametrize("body", [
    '{"doc": "example", "idx": 1e999, "action": "approve"}',
    '{"doc": "example", "idx": 9223372036854775808, "action": "approve"}',
    '{"doc": "example", "idx": 9223372036854775807, "action": "approve"}',
    '{"doc": "example", "idx": -1, "action": "approve"}',
    '{"doc": "example", "idx": 1.0, "action": "approve"}',
    '{"doc": "example", "idx": true, "action": "approve"}',
    '{"doc": "example", "idx": "0", "action": "approve"}',
    '{"doc": "\\ud800", "idx": 0, "action": "approve"}',
    '{"doc": "example", "idx": 0, "action": "edit", "text": "a \\ud800 b"}',
    '{"doc": "example", "idx": 0, "action": "edit", "text": "a \\u0000 b"}',
    '{"doc": "example", "idx": 0, "action": "edit", "text": "a \\u2028 b"}',
    '{"doc": "example", "idx": 0, "action": "edit", "text": ["nested"]}',
    '{"doc": "example", "idx": 0, "action": "edit"}',
    '{"doc": {"doc": "example"}, "idx": 0, "action": "approve"}',
    '{"doc": "example", "idx": 0, "action": "approve", "rev": -1}',
    '{"doc": "example", "idx": 0, "action": "approve", "rev": "x"}',
    '{"doc": "example", "idx": 0, "action": ["approve"]}',
    '{"doc": "example", "idx": 0}',
    '{"idx": 0, "action": "approve"}',
    '{"doc": "nowhere", "idx": 0, "action": "approve"}',
    '{"doc": "example", "idx": 99999, "action": "approve"}',
    '[{"doc": "example", "idx": 0, "action": "approve"}]',
    '"approve"', "null", "1e999", "", "{", "\xff\xfe", "[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000,
    '{"doc": "example", "idx": ' + "9" * 5000 + ', "action": "approve"}',
])
def test_a_malformed_action_is_a_4xx_in_json(app: tuple[TestClient, ReviewSession], body: str) -> None:
    client, session = app
    res = client.post("/api/act", headers={**HEADERS, "Content-Type": "application/json"},
                      content=body.encode("utf-8", "surrogatepass"))
    assert 400 <= res.status_code < 500, (res.status_code, res.text)
    assert res.headers["content-type"] == "application/json" and res.json()["error"]
    assert session.pair("example", 0).rev == 0  # nothing changed


@pytest.mark.parametrize("query", [
    "doc=example&idx=1e999", "doc=example&idx=9223372036854775808", "doc=example&idx=-1", "doc=example&idx=",
    "doc=example&idx=%ED%A0%80", "doc=%ED%A0%80&idx=0", "doc=example&idx=0x1", "doc=example&idx=%D9%A3",
    "doc=example", "idx=0", "", "doc=nowhere&idx=0", "doc=example&idx=99999", "doc=example&idx=1.0",
    "doc=example&idx=%00", "doc[]=example&idx=0",
])
def test_a_malformed_history_request_is_a_4xx_in_json(app: tuple[TestClient, ReviewSession], query: str) -> None:
    client, _ = app
    res = client.get("/api/history?" + query)
    assert 400 <= res.status_code < 500 and res.json()["error"], (res.status_code, res.text)


@pytest.mark.parametrize("query", [
    "offset=1e999", "offset=-1", "offset=9223372036854775808", "limit=0", "limit=100000", "limit=x", "at=0",
    "at=-1", "at=1e999", "verdict=great", "reviewed=maybe", "missing=2", "doc=nowhere", "doc=%ED%A0%80",
    "q=" + "x" * 600, "edited=%00",
])
def test_a_malformed_page_request_is_a_4xx_in_json(app: tuple[TestClient, ReviewSession], query: str) -> None:
    client, _ = app
    res = client.get("/?" + query)
    assert 400 <= res.status_code < 500 and res.json()["error"], (res.status_code, res.text)


def test_bodies_over_the_limit_get_413_unread(review_run: Path) -> None:
    with ReviewSession(review_run) as session:
        client = TestClient(create_app(session, TOKEN, max_body=2048))
        small = {"doc": "example", "idx": 0, "action": "edit", "text": "x" * 1500}
        assert client.post("/api/act", headers=HEADERS, json=small).status_code == 200
        big = {**small, "text": "x" * 3000}
        res = client.post("/api/act", headers=HEADERS, json=big)
        assert res.status_code == 413 and "2048 bytes" in res.json()["error"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it comes
            yield b'{"doc": "example", "idx": 0, "action": "edit", "text": "'
            for _ in range(100):
                yield b"y" * 100
            yield b'"}'

        res = client.post("/api/act", headers=HEADERS, content=chunks())
        assert res.status_code == 413 and session.pair("example", 0).target == "x" * 1500
        bad = client.post("/api/act", headers={**HEADERS, "Content-Length": "-5"}, content=b"")
        assert 400 <= bad.status_code < 500


@pytest.fixture()
def real_server(review_run: Path) -> Iterator[ReviewServer]:
    """The real uvicorn server of :class:`ReviewServer` in a thread."""
    server = ReviewServer(review_run)
    uv = server.server()
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [server.socket]}, daemon=True)
    thread.start()
    for _ in range(100):
        if uv.started:
            break
        time.sleep(0.05)
    try:
        yield server
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
        server.close()


def test_a_2_mb_edit_gets_413_at_once_and_the_server_goes_on(real_server: ReviewServer) -> None:
    base = real_server.url.split("?")[0]
    headers = {"X-Review-Token": real_server.token}
    body = b'{"doc": "example", "idx": 0, "action": "edit", "text": "' + b"x" * 2_000_000 + b'"}'
    t0 = time.perf_counter()
    res = httpx.post(base + "api/act", headers={**headers, "Content-Type": "application/json"}, content=body,
                     timeout=10)
    assert res.status_code == 413 and time.perf_counter() - t0 < 1.0
    assert res.headers["x-frame-options"] == "DENY"
    # chunked, no Content-Length: 413 once the count passes the limit
    with socket.create_connection((real_server.host, real_server.port), timeout=5) as raw:
        raw.sendall(b"POST /api/act HTTP/1.1\r\nHost: x\r\nX-Review-Token: " + real_server.token.encode() +
                    b"\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n")
        t0 = time.perf_counter()
        try:
            for _ in range(40):
                raw.sendall(b"%x\r\n" % 65536 + b"x" * 65536 + b"\r\n")
        except OSError:
            pass  # the server answered and closed before all of it was sent
        assert raw.recv(200).startswith(b"HTTP/1.1 413") and time.perf_counter() - t0 < 1.0
    ok = httpx.post(base + "api/act", headers=headers, timeout=10,
                    json={"doc": "example", "idx": 0, "action": "edit", "text": TEXT})
    assert ok.status_code == 200 and ok.json()["text"] == TEXT
    assert real_server.session.pair("example", 0).target == TEXT


def test_no_edit_lost_when_the_server_is_killed(review_run: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "translate", "review", str(review_run), "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and "?token=" in url
        token = url.split("?token=")[1]
        base = url.split("?")[0]
        assert httpx.get(base).status_code == 403
        for idx in range(5):
            r = httpx.post(base + "api/act", headers={"X-Review-Token": token},
                           json={"doc": "example", "idx": idx, "action": "edit", "text": f"Edited sentence {idx}."})
            assert r.status_code == 200
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    with ReviewSession(review_run) as session:
        assert [session.pair("example", i).target for i in range(5)] == [f"Edited sentence {i}." for i in range(5)]
