"""API keys, requests per minute, kept files and the options' validation, without a server."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from translate.errors import ConfigError, InputError
from translate.serve.files import FileStore, disposition, safe_name
from translate.serve.limits import KeyRing, RateLimiter, key_id, read_keys
from translate.serve.options import ServeOptions


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_slides_over_a_minute() -> None:
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    assert [limiter.allow("a"), limiter.allow("a")] == [0.0, 0.0]
    assert limiter.allow("a") == pytest.approx(60.0)
    assert limiter.allow("b") == 0.0  # per identity
    clock.now += 30
    assert limiter.allow("a") == pytest.approx(30.0)
    clock.now += 30.5
    assert limiter.allow("a") == 0.0  # the first two are a minute old


def test_rate_limiter_forgets_the_least_recent_identities() -> None:
    limiter = RateLimiter(1, identities=3, clock=Clock())
    for name in "abcd":
        limiter.allow(name)
    assert list(limiter.seen) == ["b", "c", "d"]
    assert limiter.allow("a") == 0.0  # forgotten, so counted afresh


def test_no_limit_allows_everything() -> None:
    limiter = RateLimiter(None)
    assert all(limiter.allow("a") == 0.0 for _ in range(1000)) and not limiter.seen


def test_key_ring() -> None:
    ring = KeyRing(["k1", "کلید"])
    assert ring.required and ring.valid("k1") and ring.valid("کلید")
    assert not ring.valid("k2") and not ring.valid("") and not ring.valid("\ud800")
    assert not KeyRing().required
    assert key_id("k1") == hashlib.sha256(b"k1").hexdigest()[:8]


def test_read_keys(tmp_path: Path) -> None:
    path = tmp_path / "keys.txt"
    path.write_text("# the desk\nk1\n\n  k2  \n", encoding="utf-8")
    assert read_keys(path) == ["k1", "k2"]
    path.write_text("k1\ntwo words\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"keys.txt:2: an API key is one word of printable characters"):
        read_keys(path)
    path.write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no API key"):
        read_keys(path)
    with pytest.raises(InputError, match="cannot read the API keys file"):
        read_keys(tmp_path / "missing.txt")


@pytest.mark.parametrize("name, safe", [
    ("news.txt", "news.txt"),
    ("خبر ۱.txt", "translation.txt"),
    ("../../etc/passwd", "passwd.txt"),
    ("..\\..\\boot.ini", "boot.ini"),
    (".hidden.md", "hidden.md"),
    ("a b\x00c.html", "a_b_c.html"),
    ("", "translation.txt"),
])
def test_safe_name(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_disposition_carries_the_persian_name_encoded() -> None:
    assert disposition('خبر"\u2028.txt') == ("attachment; filename=\"translation.txt\"; "
                                            "filename*=UTF-8''%D8%AE%D8%A8%D8%B1%20.txt")


def test_file_store_expires_and_bounds() -> None:
    clock = Clock()
    store = FileStore(ttl=60, most=2, clock=clock)
    a = store.put(b"a", "a.txt", "text/plain")
    assert a.endswith(".a.txt") and len(a) == 32 + len(".a.txt") and store.get(a).data == b"a"
    b, c = store.put(b"b", "b.txt", "text/plain"), store.put(b"c", "c.txt", "text/plain")
    assert store.get(a) is None and store.get(b) is not None  # at most two kept
    clock.now += 61
    assert store.get(c) is None


@pytest.mark.parametrize("kwargs, message", [
    ({"char_limit": 0}, "char limit must be at least 1"),
    ({"req_limit": -1}, "req limit must be at least 1"),
    ({"max_body": 10}, "at least 1024 bytes"),
    ({"max_wait": 11}, "between 0 and 10 seconds"),
    ({"api_keys": frozenset({"two words"})}, "one word of printable characters"),
])
def test_options_validate(kwargs: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ServeOptions(**kwargs)
