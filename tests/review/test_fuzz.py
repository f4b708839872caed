"""The review app's routes fuzzed with Hypothesis: whatever a client sends — any JSON (huge and
non-finite numbers, lone surrogates, nesting, wrong types, missing fields), any bytes, any query string
(percent-encoded bytes that are not UTF-8 included) — the answer is never a 5xx, and an error is JSON
with a message. Valid requests are drawn too, so the fuzzing also reaches the session (and changes a
private copy of the run)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from translate.review.app import create_app
from translate.run.review import ReviewSession

TOKEN = "fuzz-token"
HEADERS = {"X-Review-Token": TOKEN, "Content-Type": "application/json"}
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])

# Any character, lone surrogates (category Cs) included: JSON can carry them as \ud800.
chars = st.characters(exclude_categories=())
# The cases that broke the app before (issue 21), drawn often rather than left to chance.
SPECIAL_TEXT = ["\ud800", "a\udfffb", "\x00", "\u202e", "\u2028", "ي", "\u200c", "x" * 2000]
SPECIAL_NUMBERS = [2**63, 2**63 - 1, -(2**63) - 1, -1, 2**31, 2**64, float("inf"), float("-inf"), float("nan"), 1e308,
                   0.5]
text = st.sampled_from(SPECIAL_TEXT) | st.text(chars, max_size=30)
numbers = st.one_of(st.sampled_from(SPECIAL_NUMBERS), st.integers(), st.integers(-(2**70), 2**70),
                    st.floats(allow_nan=True, allow_infinity=True))
scalars = st.one_of(st.none(), st.booleans(), numbers, text)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
                      max_leaves=12)
specials = st.one_of(st.sampled_from(SPECIAL_TEXT), st.sampled_from(SPECIAL_NUMBERS),
                     st.sampled_from([None, True, [], {}, [[[[]]]], {"doc": "example"}]))
hostile = st.one_of(specials, specials, text, numbers, values)


@st.composite
def act_bodies(draw: st.DrawFn) -> bytes:
    """A valid action with one or two fields replaced by anything (or left out), sometimes an extra
    field, sometimes not an object at all; as JSON with surrogates escaped, or as their raw bytes."""
    body: dict[str, object] = {"doc": draw(st.sampled_from(["example", "hostile"])), "idx": draw(st.integers(0, 16)),
                               "action": draw(st.sampled_from(["edit", "approve", "reject", "reset", "undo"])),
                               "text": draw(st.sampled_from(["A person's English.", "Another one."]))}
    if draw(st.booleans()):
        body["rev"] = draw(st.integers(0, 3))
    fields = ["doc", "idx", "action", "text", "rev"]
    mutated = [draw(st.sampled_from(fields))] + draw(st.lists(st.sampled_from(fields), max_size=1))
    for field in mutated:
        if draw(st.integers(0, 5)) == 0:
            body.pop(field, None)
        else:
            body[field] = draw(hostile)
    if draw(st.integers(0, 4)) == 0:
        body[draw(text)] = draw(values)
    shape = draw(st.sampled_from(["object"] * 4 + ["raw", "wrapped"]))
    if shape == "wrapped":
        return json.dumps([body] if draw(st.booleans()) else draw(values)).encode()
    raw = json.dumps(body, ensure_ascii=shape == "object")
    return raw.encode("utf-8", "surrogatepass")


def _query(params: dict[str, str]) -> str:
    return "&".join(f"{quote(k.encode('utf-8', 'surrogatepass'))}={quote(v.encode('utf-8', 'surrogatepass'))}"
                    for k, v in params.items())


param_values = st.one_of(st.sampled_from(["0", "1", "-1", "1e999", "9223372036854775808", "ok", "bad", "yes",
                                                 "no", "example", "hostile", "٣", "0x10", "", "\ud800", "%", "1.0"]),
                         text, st.integers(-(2**70), 2**70).map(str), st.sampled_from(SPECIAL_NUMBERS).map(str))


@pytest.fixture(scope="module")
def client(finished_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    copy = tmp_path_factory.mktemp("fuzz") / "run"
    shutil.copytree(finished_run, copy)
    with ReviewSession(copy) as session:
        c = TestClient(create_app(session, TOKEN), raise_server_exceptions=False)
        assert c.get(f"/?token={TOKEN}").status_code == 200
        yield c


def _check(res) -> None:
    assert res.status_code < 500, (res.status_code, res.text[:500])
    if res.status_code >= 400:
        assert res.headers["content-type"] == "application/json" and res.json()["error"]
    assert res.headers["x-frame-options"] == "DENY"


@settings(FUZZ, max_examples=250)
@given(body=act_bodies())
# the requests that gave 500 before (issue 21), always tried
@example(body=b'{"doc": "example", "idx": 1e999, "action": "approve"}')
@example(body=b'{"doc": "example", "idx": 9223372036854775808, "action": "approve"}')
@example(body=b'{"doc": "\\ud800", "idx": 0, "action": "approve"}')
@example(body=b'{"doc": {"doc": "example"}, "idx": 0, "action": "approve"}')
def test_act_never_answers_5xx(client: TestClient, body: bytes) -> None:
    res = client.post("/api/act", headers=HEADERS, content=body)
    _check(res)
    if res.status_code == 200:
        assert isinstance(res.json()["rev"], int)


@FUZZ
@given(body=st.binary(max_size=300))
def test_act_with_any_bytes_never_answers_5xx(client: TestClient, body: bytes) -> None:
    _check(client.post("/api/act", headers=HEADERS, content=body))


@st.composite
def queries(draw: st.DrawFn, base: dict[str, object]) -> str:
    """A valid query (each value drawn from its strategy in ``base``) with one to three parameters
    replaced by anything or left out, and sometimes one more, percent-encoded as bytes."""
    params = {k: draw(v) for k, v in base.items() if draw(st.booleans()) or k in ("doc", "idx")}
    for key in [draw(st.sampled_from(list(base)))] + draw(st.lists(st.sampled_from(list(base)), max_size=2)):
        if draw(st.integers(0, 5)) == 0:
            params.pop(key, None)
        else:
            params[key] = draw(param_values)
    if draw(st.integers(0, 4)) == 0:
        params[draw(text)] = draw(param_values)
    return _query(params)


HISTORY = {"doc": st.sampled_from(["example", "hostile"]), "idx": st.integers(0, 16).map(str)}
PAGE = {"doc": st.sampled_from(["example", "hostile"]), "offset": st.integers(0, 20).map(str),
        "limit": st.integers(1, 20).map(str), "at": st.integers(1, 20).map(str),
        "q": st.sampled_from(["", "ايران", "a"]),
        "verdict": st.sampled_from(["", "ok", "review", "bad"]), "reviewed": st.sampled_from(["", "yes", "no"]),
        "missing": st.sampled_from(["", "1"]), "flagged": st.sampled_from(["", "1"]),
        "edited": st.sampled_from(["", "1"])}


@FUZZ
@given(query=queries(HISTORY))
def test_history_never_answers_5xx(client: TestClient, query: str) -> None:
    res = client.get("/api/history?" + query)
    _check(res)
    if res.status_code == 200:
        assert isinstance(res.json()["rev"], int) and isinstance(res.json()["history"], list)


@FUZZ
@given(query=queries(PAGE))
def test_page_never_answers_5xx(client: TestClient, query: str) -> None:
    res = client.get("/?" + query)
    _check(res)
    if res.status_code == 200:
        assert res.headers["content-type"].startswith("text/html") and "</html>" in res.text
