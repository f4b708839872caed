"""The server through real HTTP: uvicorn in a thread on 127.0.0.1, httpx, LibreTranslate's client
(libretranslatepy) and curl, over the tiny random Marian model with the news glossary.

Random weights give meaningless English, so the tests check shapes, counts, order, the glossary
report against the glossary, and the errors' exact messages — never a translation's words."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Sequence
from typing import Any

import httpx
import pytest

from translate.serve.options import ServeOptions
from translate.serve.translator import Translated, Translator
from translate.text.clean import unclean

PUTIN = "رئیسی با پوتین گفتگو کرد. این خبر مهم است."
LIBRE = {"source": "fa", "target": "en"}


def post(server: Any, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.post(server.url + path.lstrip("/"), timeout=120, **kwargs)


# ------------------------------------------------------------------------------------------ shapes

def test_json_string_gets_libretranslate_answer_with_this_projects_fields(live: Any) -> None:
    res = post(live, "translate", json={"q": PUTIN + "\n\nسلام", **LIBRE})
    assert res.status_code == 200 and res.headers["content-type"] == "application/json"
    body = res.json()
    assert isinstance(body["translatedText"], str)
    assert body["translatedText"].count("\n") == 2  # one line out per line in, the empty one included
    assert body["translatedText"].split("\n")[1] == ""
    assert "detectedLanguage" not in body and "alternatives" not in body
    assert [s["source"] for s in body["sentences"]] == ["رئیسی با پوتین گفتگو کرد.", "این خبر مهم است.", "سلام"]
    assert all(s["verdict"] in ("ok", "review", "bad") and isinstance(s["confidence"], float) for s in body["sentences"])
    assert body["quality"]["verdict"] == max((s["verdict"] for s in body["sentences"]),
                                             key=["ok", "review", "bad"].index)
    # پوتین is in the news glossary: reported with its English, landed or missing.
    terms = body["terms"]
    assert terms["total"] == 1 and terms["landed"] == len(terms["enforced"])
    (term,) = terms["enforced"] + terms["missing"]
    assert (term["source"], term["target"]) == ("پوتین", "Putin")
    if terms["landed"]:
        assert "Putin" in body["translatedText"]


def test_a_list_gets_a_list_in_order(live: Any) -> None:
    texts = ["سلام", "", "این خبر مهم است.", PUTIN]
    body = post(live, "translate", json={"q": texts, **LIBRE}).json()
    assert isinstance(body["translatedText"], list) and len(body["translatedText"]) == 4
    assert body["translatedText"][1] == ""
    assert [[s["source"] for s in ss] for ss in body["sentences"]] == [
        ["سلام"], [], ["این خبر مهم است."], ["رئیسی با پوتین گفتگو کرد.", "این خبر مهم است."]]
    assert len(body["quality"]) == len(body["terms"]) == 4
    assert [t.count("\n") for t in body["translatedText"]] == [0, 0, 0, 0]


def test_form_encoded_as_libretranslatepy_sends_it(live: Any) -> None:
    res = post(live, "translate", data={"q": "سلام", **LIBRE, "format": "text"})
    assert res.status_code == 200 and isinstance(res.json()["translatedText"], str)
    repeated = post(live, "translate", content="q=%D8%B3%D9%84%D8%A7%D9%85&q=x&source=fa&target=en",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert len(repeated.json()["translatedText"]) == 2


def test_multipart_form(live: Any) -> None:
    res = post(live, "translate", data={"q": "سلام", **LIBRE}, files={"unused": ("x.txt", b"abc")})
    assert res.status_code == 400  # a file where none is taken
    res = httpx.post(live.url + "translate", timeout=30, files={"q": (None, "سلام"), "source": (None, "fa"),
                                                               "target": (None, "en")})
    assert res.status_code == 200 and isinstance(res.json()["translatedText"], str)


def test_auto_source_and_alternatives(live: Any) -> None:
    body = post(live, "translate", json={"q": "سلام دنیا", "source": "auto", "target": "en", "alternatives": 2}).json()
    assert body["detectedLanguage"] == {"confidence": 100.0, "language": "fa"}
    assert body["alternatives"] == []
    listed = post(live, "translate", json={"q": ["سلام", "hello"], "source": "auto", "target": "en"}).json()
    assert listed["detectedLanguage"] == [{"confidence": 100.0, "language": "fa"}, {"confidence": 0.0, "language": "fa"}]


def test_languages_health_settings_spec(live: Any) -> None:
    assert httpx.get(live.url + "languages").json() == [{"code": "fa", "name": "Persian", "targets": ["en"]},
                                                        {"code": "en", "name": "English", "targets": []}]
    health = httpx.get(live.url + "health").json()
    assert health["status"] == "ok" and health["slots"] == 2  # CTranslate2 on 2 threads: a batch per core
    settings = httpx.get(live.url + "frontend/settings").json()
    assert settings["charLimit"] == -1 and settings["language"]["source"]["code"] == "fa"
    spec = httpx.get(live.url + "spec").json()
    assert spec["openapi"].startswith("3.") and "/translate" in spec["paths"]
    assert httpx.post(live.url + "detect", data={"q": "سلام دنیا"}).json()[0] == {"confidence": 100.0, "language": "fa"}


def test_metrics_count_requests_batches_and_the_queue(live: Any) -> None:
    post(live, "translate", json={"q": "سلام", **LIBRE})
    text = httpx.get(live.url + "metrics").text
    assert 'translate_serve_requests_total{endpoint="/translate",status="200"}' in text
    assert "translate_serve_request_seconds_bucket" in text and "translate_serve_batch_sentences_count" in text
    assert "translate_serve_queue_sentences 0" in text
    httpx.get(live.url + "no/such/path")
    assert 'translate_serve_requests_total{endpoint="other",status="404"} 1' in httpx.get(live.url + "metrics").text


# ------------------------------------------------------------------------------------------ errors

@pytest.mark.parametrize("payload, status, message", [
    ({"source": "fa", "target": "en"}, 400, "Invalid request: missing q parameter"),
    ({"q": "", "source": "fa", "target": "en"}, 400, "Invalid request: missing q parameter"),
    ({"q": [], "source": "fa", "target": "en"}, 400, "Invalid request: missing q parameter"),
    ({"q": "سلام", "target": "en"}, 400, "Invalid request: missing source parameter"),
    ({"q": "سلام", "source": "fa"}, 400, "Invalid request: missing target parameter"),
    ({"q": "سلام", "source": "de", "target": "en"}, 400, "de is not supported"),
    ({"q": "سلام", "source": "fa", "target": "xx"}, 400, "xx is not supported"),
    ({"q": "سلام", "source": "fa", "target": "fa"}, 400,
     "Persian (fa) is not available as a target language from Persian (fa)"),
    ({"q": "سلام", "source": "fa", "target": "en", "format": "pdf"}, 400, "pdf format is not supported"),
    ({"q": [1, 2], "source": "fa", "target": "en"}, 400, "Invalid request: q must be a string or a list of strings"),
    ({"q": {"a": 1}, "source": "fa", "target": "en"}, 400, "Invalid request: q must be a string or a list of strings"),
    ({"q": "سلام", "source": ["fa"], "target": "en"}, 400, 'Invalid request: source must be a string, not ["fa"]'),
    ({"q": "سلام", "source": "fa", "target": "en", "alternatives": "x"}, 400,
     "Invalid request: alternatives parameter is not a number"),
    ({"q": "سلام", "source": "fa", "target": "en", "alternatives": 9}, 400,
     "Invalid request: alternatives parameter must be <= 3"),
])
def test_bad_requests_get_libretranslate_errors(live: Any, payload: dict[str, Any], status: int, message: str) -> None:
    res = post(live, "translate", json=payload)
    assert (res.status_code, res.json()) == (status, {"error": message})


@pytest.mark.parametrize("content, kind, message", [
    (b"{", "application/json", "Invalid request: the body is not valid JSON"),
    (b"[1]", "application/json", "Invalid JSON format: the body must be a JSON object"),
    (b'{"q": "\xff"}', "application/json", "Invalid request: the body is not valid JSON"),
    (b"[" * 100_000, "application/json", "Invalid request: the body is not valid JSON"),
    (b"--x\r\nbroken", "multipart/form-data; boundary=x", None),
])
def test_malformed_bodies_get_400(live: Any, content: bytes, kind: str, message: str | None) -> None:
    res = post(live, "translate", content=content, headers={"Content-Type": kind})
    assert res.status_code == 400
    assert res.json()["error"] == message if message else res.json()["error"].startswith("Invalid request")


def test_routing_errors_are_json(live: Any) -> None:
    missing = httpx.get(live.url + "nothing")
    assert (missing.status_code, missing.json()) == (404, {"error": "Not Found"})
    wrong = httpx.get(live.url + "translate")
    assert (wrong.status_code, wrong.json()) == (405, {"error": "Method Not Allowed"})


def test_char_and_batch_limits(serve: Any) -> None:
    with serve(ServeOptions(char_limit=10, batch_limit=2)) as server:
        res = post(server, "translate", json={"q": ["سلام", "سلام دنیا!"], **LIBRE})
        assert (res.status_code, res.json()) == (400, {"error": "Invalid request: request (14) exceeds text limit (10)"})
        res = post(server, "translate", json={"q": ["a", "b", "c"], **LIBRE})
        assert (res.status_code, res.json()) == (400, {"error": "Invalid request: request (3) exceeds text limit (2)"})
        assert post(server, "translate", json={"q": ["سلام", "دنیا"], **LIBRE}).status_code == 200
        assert httpx.get(server.url + "frontend/settings").json()["charLimit"] == 10


def test_body_limit_by_length_and_while_streaming(serve: Any) -> None:
    with serve(ServeOptions(max_body=4096)) as server:
        t0 = time.perf_counter()
        res = post(server, "translate", json={"q": "س" * 5000, **LIBRE})
        assert (res.status_code, res.json()) == (413, {"error": "Invalid request: the body is larger than 4096 bytes"})

        def chunks() -> Any:  # no Content-Length: the limit is found while reading
            for _ in range(10):
                yield b"x" * 1000

        res = post(server, "translate", content=chunks(), headers={"Content-Type": "application/json"})
        assert (res.status_code, res.json()) == (413, {"error": "Invalid request: the body is larger than 4096 bytes"})
        assert time.perf_counter() - t0 < 5
        assert post(server, "translate", json={"q": "سلام", **LIBRE}).status_code == 200  # and it goes on


def test_api_keys(serve: Any, tmp_path: Any) -> None:
    with serve(ServeOptions(api_keys=frozenset({"k1", "k2"}))) as server:
        res = post(server, "translate", json={"q": "سلام", **LIBRE})
        assert (res.status_code, res.json()) == (400, {"error": "Please contact the server operator to get an API key"})
        res = post(server, "translate", json={"q": "سلام", **LIBRE, "api_key": "k3"})
        assert (res.status_code, res.json()) == (403, {"error": "Invalid API key"})
        assert post(server, "translate", data={"q": "سلام", **LIBRE, "api_key": "k2"}).status_code == 200
        assert httpx.get(server.url + "languages").status_code == 200  # reading needs no key
        assert httpx.get(server.url + "frontend/settings").json()["keyRequired"] is True


def test_requests_per_minute_per_key(serve: Any) -> None:
    with serve(ServeOptions(req_limit=2, api_keys=frozenset({"a", "b"}))) as server:
        codes = [post(server, "translate", json={"q": "سلام", **LIBRE, "api_key": "a"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        res = post(server, "translate", json={"q": "سلام", **LIBRE, "api_key": "a"})
        assert res.json() == {"error": "Slowdown: 2 per 1 minute"} and 1 <= int(res.headers["Retry-After"]) <= 60
        assert post(server, "translate", json={"q": "سلام", **LIBRE, "api_key": "b"}).status_code == 200


def test_cors_is_off_unless_asked(live: Any, serve: Any) -> None:
    origin = {"Origin": "https://example.org"}
    assert "access-control-allow-origin" not in httpx.get(live.url + "languages", headers=origin).headers
    with serve(ServeOptions(cors=("https://example.org",))) as server:
        res = httpx.get(server.url + "languages", headers=origin)
        assert res.headers["access-control-allow-origin"] == "https://example.org"
        other = httpx.get(server.url + "languages", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        pre = httpx.options(server.url + "translate", headers={**origin, "Access-Control-Request-Method": "POST",
                                                               "Access-Control-Request-Headers": "content-type"})
        assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]


@pytest.mark.parametrize("text", ["سلام\x00دنیا\x1b[2J", "این\u2028آن\u2029و\x85اینجا\x0b\x0c", "\ud800سلام\udfff",
                                  "خبر\u202eمهم"])
def test_no_control_character_or_line_separator_reaches_an_answer(live: Any, text: str) -> None:
    raw = json.dumps({"q": [text, text + "\nدوم"], **LIBRE, "format": text}).encode("utf-8", "surrogatepass")
    for content in (raw, json.dumps({"q": text, **LIBRE}).encode()):
        res = post(live, "translate", content=content, headers={"Content-Type": "application/json"})
        decoded = res.content.decode("utf-8")  # valid UTF-8: no lone surrogate went out
        assert unclean(json.loads(decoded).__repr__()) == [] and unclean(decoded) == []
        for value in _strings(res.json()):
            assert unclean(value) == [], (value, res.json())


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


# ------------------------------------------------------------------------------------------ files

def test_translate_file_then_download(live: Any) -> None:
    text = "رئیسی با پوتین گفتگو کرد.\n\nاین خبر مهم است.\n"
    res = httpx.post(live.url + "translate_file", timeout=30, data=LIBRE,
                     files={"file": ("خبر ۱.txt", text.encode("utf-8"), "text/plain")})
    assert res.status_code == 200, res.text
    url = res.json()["translatedFileUrl"]
    assert url.startswith(live.url + "download_file/") and url.endswith(".translation.txt")
    got = httpx.get(url)
    assert got.status_code == 200 and got.headers["content-type"] == "text/plain; charset=utf-8"
    assert got.headers["content-disposition"] == ("attachment; filename=\"translation.txt\"; "
                                                  "filename*=UTF-8''%D8%AE%D8%A8%D8%B1%20%DB%B1.txt")
    assert got.text.count("\n") == 3 and got.text.split("\n")[1] == ""
    assert res.json()["terms"]["total"] == 1
    # Markdown comes back as Markdown (test_articles.py checks the structure of real articles).
    md = httpx.post(live.url + "translate_file", timeout=30, data=LIBRE,
                    files={"file": ("a.md", "# سلام\n\nدنیا".encode(), "text/markdown")})
    got = httpx.get(md.json()["translatedFileUrl"]).text
    assert got.startswith("# ") and got.count("\n") == 2


@pytest.mark.parametrize("files, message", [
    ({"file": ("a.pdf", b"%PDF", "application/pdf")},
     "Invalid request: file format not supported (send .txt, .md, .markdown, .html, .htm)"),
    ({"file": ("a.txt", b"", "text/plain")}, "Invalid request: a.txt: the file is empty"),
    ({"file": ("a.txt", b"\x00\x01" * 100, "text/plain")}, "Invalid request: a.txt: contains NUL bytes: a binary "
     "file, or UTF-16 without a byte-order mark (re-save it as UTF-8)"),
    ({}, "Invalid request: missing file parameter"),
])
def test_translate_file_errors(live: Any, files: dict[str, Any], message: str) -> None:
    res = httpx.post(live.url + "translate_file", timeout=30, data=LIBRE, files=files or {"x": ("", b"")})
    assert (res.status_code, res.json()) == (400, {"error": message})


def test_download_of_an_unknown_or_crafted_name_is_404(live: Any) -> None:
    res = httpx.get(live.url + "download_file/nope.txt")
    assert res.status_code == 404 and res.json()["error"].startswith("Invalid filename: no such translated file")
    for name in ("..%2F..%2Fetc%2Fpasswd", "%00", "..", "%2e%2e"):
        res = httpx.get(live.url + "download_file/" + name)
        assert res.status_code == 404 and set(res.json()) == {"error"}


# ------------------------------------------------------------------------------------------ real clients

def test_libretranslatepy_translate_detect_and_languages(live: Any) -> None:
    from libretranslatepy import LibreTranslateAPI

    lt = LibreTranslateAPI(live.url)
    out = lt.translate("رئیسی با پوتین گفتگو کرد.\nسلام", "fa", "en")
    assert isinstance(out, str) and out.count("\n") == 1
    assert lt.translate("سلام", "auto", "en")
    assert lt.languages()[0] == {"code": "fa", "name": "Persian", "targets": ["en"]}
    assert lt.detect("سلام دنیا")[0]["language"] == "fa"
    keyed = LibreTranslateAPI(live.url, api_key="unused")  # a key the server does not ask for is ignored
    assert isinstance(keyed.translate("سلام", "fa", "en"), str)


def test_libretranslatepy_sees_errors_as_http_errors(serve: Any) -> None:
    from urllib.error import HTTPError

    from libretranslatepy import LibreTranslateAPI

    with serve(ServeOptions(api_keys=frozenset({"right"}))) as server:
        with pytest.raises(HTTPError) as caught:
            LibreTranslateAPI(server.url, api_key="wrong").translate("سلام", "fa", "en")
        assert caught.value.code == 403 and json.loads(caught.value.read()) == {"error": "Invalid API key"}
        assert isinstance(LibreTranslateAPI(server.url, api_key="right").translate("سلام", "fa", "en"), str)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_plain_curl(live: Any) -> None:
    out = subprocess.run(["curl", "-sS", "--max-time", "30", live.url + "translate", "-H",
                          "Content-Type: application/json", "-d", json.dumps({"q": "سلام دنیا", **LIBRE})],
                         capture_output=True, text=True, check=True)
    assert isinstance(json.loads(out.stdout)["translatedText"], str)
    form = subprocess.run(["curl", "-sS", "--max-time", "30", live.url + "translate", "--data-urlencode", "q=سلام",
                           "-d", "source=fa", "-d", "target=en"], capture_output=True, text=True, check=True)
    assert isinstance(json.loads(form.stdout)["translatedText"], str)
    bad = subprocess.run(["curl", "-sS", "-o", "-", "-w", "\n%{http_code}", live.url + "translate", "-d", "q=x"],
                         capture_output=True, text=True, check=True)
    body, code = bad.stdout.rsplit("\n", 1)
    assert (code, json.loads(body)) == ("400", {"error": "Invalid request: missing source parameter"})


# ------------------------------------------------------------------------------------------ concurrency

class Slow:
    """A real engine slot whose engine calls take ``delay`` seconds longer, recording what each got —
    to hold requests in flight while a test disconnects or shuts down."""

    def __init__(self, slot: Translator, delay: float) -> None:
        self.slot, self.delay, self.calls = slot, delay, []  # type: list[list[str]]
        self.decode, self.batch_cap = slot.decode, slot.batch_cap

    def hits(self, sentences: Sequence[str]) -> Any:
        return self.slot.hits(sentences)

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        return self.slot.count_tokens(sentences)

    def translate(self, sentences: Sequence[str], hits: Any = None) -> list[Translated]:
        self.calls.append(list(sentences))
        time.sleep(self.delay)
        return self.slot.translate(sentences, hits)


def test_concurrent_clients_are_batched_and_each_gets_its_own(slots: list[Translator], serve: Any) -> None:
    texts = [f"خبر شماره {k} مهم است." for k in range(12)]

    async def main(url: str) -> list[Any]:
        async with httpx.AsyncClient(timeout=30) as client:
            return await asyncio.gather(*(client.post(url + "translate", json={"q": t, **LIBRE}) for t in texts))

    slow = Slow(slots[0], 0.2)
    with serve(ServeOptions(max_wait=0.05), slots=[slow]) as server:
        answers = asyncio.run(main(server.url))
        metrics = httpx.get(server.url + "metrics").text
    assert [a.json()["sentences"][0]["source"] for a in answers] == texts
    assert len(slow.calls) < len(texts)  # shared engine calls
    assert sorted(s for call in slow.calls for s in call) == sorted(texts)
    assert "translate_serve_batch_sentences_count" in metrics


def test_a_client_that_disconnects_is_cancelled(slots: list[Translator], serve: Any) -> None:
    slow = Slow(slots[0], 1.0)
    with serve(ServeOptions(max_wait=0.0), slots=[slow]) as server:
        host, port = "127.0.0.1", server.port
        busy = threading.Thread(target=post, args=(server, "translate"), kwargs={"json": {"q": "اول", **LIBRE}})
        busy.start()
        time.sleep(0.3)  # the only slot decodes "اول" for a second
        body = json.dumps({"q": "رفته", **LIBRE}).encode()
        with socket.create_connection((host, port)) as sock:  # queued behind it, then gone
            sock.sendall(b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            time.sleep(0.2)
        busy.join(10)
        time.sleep(0.3)
        metrics = httpx.get(server.url + "metrics").text
    assert slow.calls == [["اول"]]  # the gone client's sentence never reached the engine
    assert "translate_serve_cancelled_total 1" in metrics
    assert 'translate_serve_requests_total{endpoint="/translate",status="499"} 1' in metrics


def test_shutdown_answers_requests_in_flight(slots: list[Translator], serve: Any) -> None:
    slow = Slow(slots[0], 1.0)
    answers: list[httpx.Response] = []
    with serve(slots=[slow]) as server:
        thread = threading.Thread(target=lambda: answers.append(post(server, "translate", json={"q": "سلام", **LIBRE})))
        thread.start()
        time.sleep(0.3)
        server.uvicorn.should_exit = True  # as SIGTERM does
        t0 = time.perf_counter()
        server.thread.join(10)
        assert not server.thread.is_alive() and time.perf_counter() - t0 > 0.3  # it waited for the answer
        thread.join(10)
    assert answers and answers[0].status_code == 200 and isinstance(answers[0].json()["translatedText"], str)
