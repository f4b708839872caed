"""The review app over HTTP (Starlette's test client, then the real server): the token gate, the page,
actions saved at once and shown re-checked, escaping, and no lost edit after kill -9 of the server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from starlette.testclient import TestClient

from translate.review.app import COOKIE, create_app
from translate.run.review import ReviewSession

TOKEN = "s3cret-token"


def _client(run: Path) -> tuple[TestClient, ReviewSession]:
    session = ReviewSession(run)
    return TestClient(create_app(session, TOKEN)), session


def test_every_request_needs_the_token(review_run: Path) -> None:
    client, session = _client(review_run)
    with session:
        assert client.get("/").status_code == 403
        assert client.get("/?token=wrong").status_code == 403
        assert client.get("/report").status_code == 403
        first = client.get(f"/?token={TOKEN}")
        assert first.status_code == 200 and first.cookies.get(COOKIE) == TOKEN
        assert client.get("/").status_code == 200  # the cookie now
        # actions need the token in a header too: a page of another site cannot post them with the cookie
        body = {"doc": "example", "idx": 0, "action": "approve"}
        assert client.post("/api/act", json=body).status_code == 403
        assert client.post("/api/act", json=body, headers={"X-Review-Token": TOKEN}).status_code == 200
        assert TestClient(create_app(session, TOKEN)).post("/api/act", json=body).status_code == 403


def test_page_shows_reasons_terms_and_escapes_the_article(review_run: Path) -> None:
    client, session = _client(review_run)
    with session:
        page = client.get(f"/?token={TOKEN}").text
        assert '<meta name="viewport"' in page and f'<meta name="review-token" content="{TOKEN}">' in page
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page and "&lt;img" in page
        assert page.count("<script>") == 1  # the app's own
        assert "numbers differ: ۲۵, ۱۰۰ vs" in page  # the hostile article's numbers, in words
        assert 'class="term t-' in page and '<dt class="term t-missing">missing</dt>' in page
        assert page.count('class="pair ') == 15 + 2


def test_actions_are_saved_and_the_row_comes_back_rechecked(review_run: Path) -> None:
    client, session = _client(review_run)
    with session:
        client.get(f"/?token={TOKEN}")
        headers = {"X-Review-Token": TOKEN}
        text = "The presidents of Iran and Russia discussed the crisis of Palestine and Israel."
        res = client.post("/api/act", headers=headers, json={"doc": "example", "idx": 0, "action": "edit", "text": text})
        assert res.status_code == 200
        reply = res.json()
        assert "state-edited" in reply["row"] and "verdict-ok" in reply["row"] and "missing:" not in reply["row"]
        assert (reply["reviewed"], reply["sentences"]) == (1, 15)
        assert ReviewSession(review_run).pair("example", 0).target == text  # in the store, for any reader
        bad = client.post("/api/act", headers=headers, json={"doc": "example", "idx": 0, "action": "fly"})
        assert bad.status_code == 400 and "unknown action" in bad.json()["error"]
        assert client.post("/api/act", headers=headers, content=b"{").status_code == 400
        assert "state-machine" in client.post("/api/act", headers=headers,
                                              json={"doc": "example", "idx": 0, "action": "undo"}).json()["row"]
        report = client.get("/report").text
        assert report.count('class="pair ') == 17 and 'class="static"' in report


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
