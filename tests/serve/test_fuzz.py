"""The server fuzzed with Hypothesis from its own OpenAPI description (``GET /spec``): every path and
method it lists (and some it does not), bodies built from the described fields with any of them
replaced by anything (wrong types, huge and non-finite numbers, lone surrogates, control characters,
nesting), any bytes under any content type, any query string. The answer is never a 5xx; an error is
``{"error": "…"}``; no answer carries a control character, a line separator or invalid UTF-8.

Valid requests are drawn too, so the fuzzing reaches the real engine (the tiny random model)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from translate.serve.app import create_app
from translate.serve.batching import Batcher
from translate.serve.options import ServeOptions
from translate.text.clean import unclean

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])

chars = st.characters(exclude_categories=())  # lone surrogates (Cs) included: JSON can carry them as \ud800
SPECIAL_TEXT = ["\ud800", "a\udfffb", "\x00", "\u202e", "\u2028", "\x85", "ي", "\u200c", "سلام دنیا.", "long " * 500,
                "fa", "en", "auto", "text", "html", "\n\n\n", "؟"]
SPECIAL_NUMBERS = [2**63, -(2**63) - 1, -1, 0, 3, 4, 2**64, float("inf"), float("-inf"), float("nan"), 1e308, 0.5]
text = st.sampled_from(SPECIAL_TEXT) | st.text(chars, max_size=30)
numbers = st.one_of(st.sampled_from(SPECIAL_NUMBERS), st.integers(-(2**70), 2**70),
                    st.floats(allow_nan=True, allow_infinity=True))
scalars = st.one_of(st.none(), st.booleans(), numbers, text)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
                      max_leaves=12)


@pytest.fixture(scope="module")
def client(slots: list[Any]) -> Iterator[TestClient]:
    options = ServeOptions(char_limit=4000, batch_limit=8, api_keys=frozenset(), max_body=64 * 1024)
    app = create_app(Batcher(slots, max_wait=0.0), options)
    with TestClient(app, raise_server_exceptions=False, base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    return client.get("/spec").json()


def _q(value: Any) -> str:
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def _fields(spec: dict[str, Any], path: str) -> dict[str, Any]:
    """The described request fields of ``path`` (JSON, else multipart)."""
    content = spec["paths"][path].get("post", {}).get("requestBody", {}).get("content", {})
    for kind in ("application/json", "multipart/form-data"):
        if kind in content:
            return content[kind]["schema"]["properties"]
    return {}


def _valid(name: str, schema: dict[str, Any], draw: st.DrawFn) -> Any:
    if "enum" in schema:
        return draw(st.sampled_from(schema["enum"]))
    if name == "q":
        sentence = st.sampled_from(["سلام دنیا.", "رئیسی با پوتین گفتگو کرد.", "", "خبر\n\nمهم"])
        return draw(sentence | st.lists(sentence, max_size=3))
    if schema.get("type") == "integer":
        return draw(st.integers(0, 3))
    return draw(text)


@st.composite
def requests(draw: st.DrawFn, spec: dict[str, Any]) -> tuple[str, str, dict[str, str], bytes]:
    """(method, path with query, headers, body)."""
    # Most draws where the work is: the routes that read a body.
    busy = ["/translate"] * 6 + ["/translate_file"] * 2 + ["/detect"]
    paths = busy + list(spec["paths"]) + ["/nothing", "/translate/", "/download_file/x.txt", "/download_file/..%2f..%2fetc"]
    path = draw(st.sampled_from(paths)).replace("{filename}", _q(draw(text)))
    posts = path in spec["paths"] and "post" in spec["paths"][path]
    method = "POST" if posts and draw(st.integers(0, 5)) else draw(st.sampled_from(["POST", "GET", "PUT", "OPTIONS",
                                                                                  "HEAD"]))
    fields = _fields(spec, path) if path in spec["paths"] else {}
    body: dict[str, Any] = {name: _valid(name, schema, draw) for name, schema in fields.items()
                            if name != "file" and (name in ("q", "source", "target") or draw(st.booleans()))}
    for name in draw(st.lists(st.sampled_from(list(fields) or ["q"]), max_size=2, unique=True)):
        if draw(st.integers(0, 4)) == 0:
            body.pop(name, None)
        else:
            body[name] = draw(values)
    if draw(st.integers(0, 5)) == 0:
        body[draw(text)] = draw(values)
    shapes = ["multipart"] * 6 if path == "/translate_file" else ["json", "json", "form", "multipart"]
    shape = draw(st.sampled_from(shapes + ["raw", "wrapped"]))
    headers: dict[str, str] = {}
    if shape == "json":
        raw = json.dumps(body, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
        headers["Content-Type"] = "application/json"
    elif shape == "wrapped":
        raw = json.dumps(draw(values)).encode()
        headers["Content-Type"] = draw(st.sampled_from(["application/json", "text/plain", ""]))
    elif shape == "form":
        raw = "&".join(f"{_q(k)}={_q(v)}" for k, v in body.items()).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif shape == "multipart":
        boundary = "fuzzboundary"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{_q(k)}"\r\n\r\n'
                 .encode() + str(v).encode("utf-8", "surrogatepass") + b"\r\n" for k, v in body.items()]
        if draw(st.integers(0, 3)):
            name = draw(st.sampled_from(["a.txt", "a.txt", "a.md", "a.pdf", "", "../x.txt", "خبر.html"]))
            data = draw(st.sampled_from(["سلام.\n\nخبر".encode()] * 3 + [b"\xd8\xb3\xd9\x84", b"", b"\x00" * 64,
                                                                   b"\xff\xfe\x00", b"\xd8"]))
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                         f"Content-Type: text/plain\r\n\r\n".encode() + data + b"\r\n")
        raw = b"".join(parts) + (f"--{boundary}--\r\n".encode() if draw(st.booleans()) else b"")
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    else:
        raw = draw(st.binary(max_size=200))
        headers["Content-Type"] = draw(st.sampled_from(["application/json", "multipart/form-data",
                                                        "multipart/form-data; boundary=x", "text/plain", ""]))
    query = draw(st.sampled_from(["", "?q=%D8%B3&source=fa&target=en", "?q=%ff%fe", "?api_key=%00", "?" + "a=1&" * 50]))
    return method, path + query, headers, raw


@FUZZ
@given(data=st.data())
def test_no_5xx_and_errors_are_json(client: TestClient, spec: dict[str, Any], data: st.DataObject) -> None:
    method, path, headers, body = data.draw(requests(spec))
    res = client.request(method, path, headers={k: v for k, v in headers.items() if v}, content=body)
    event(f"{method} {path.split('?')[0][:20]} {res.status_code}")
    assert res.status_code < 500, (method, path, headers, body[:200], res.status_code, res.text[:300])
    decoded = res.content.decode("utf-8")  # valid UTF-8 (no lone surrogate went out)
    assert not [c for _, c in unclean(decoded) if c not in "\t"], (path, decoded[:300])
    if res.status_code >= 400 and method != "HEAD" and res.status_code != 499:
        error = res.json()
        assert set(error) == {"error"} and isinstance(error["error"], str) and error["error"]
    if res.status_code == 200 and method == "POST" and path.split("?")[0] == "/translate":
        assert "translatedText" in res.json()
