"""What keeps one client from taking the server: API keys, requests per minute per key (or per client
address without one), and the request body limit."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import OrderedDict, deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError


def read_keys(path: str | Path) -> list[str]:
    """API keys from a file: one a line; blank lines and lines starting with ``#`` are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the API keys file ({exc}); give a UTF-8 file, one key a line") from None
    keys = []
    for n, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.isprintable() or any(ch.isspace() for ch in line):
            raise InputError(f"{path}:{n}", "an API key is one word of printable characters")
        keys.append(line)
    if not keys:
        raise InputError(str(path), "holds no API key (one key a line; # starts a comment)")
    return keys


def key_id(key: str) -> str:
    """What logs show of a key: 8 hex digits of its SHA-256 (never the key)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]


class KeyRing:
    """The API keys a request may carry (none: keys are not asked for). Keys are kept as SHA-256
    digests and compared in constant time."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.digests = [hashlib.sha256(k.encode("utf-8")).digest() for k in keys]

    @property
    def required(self) -> bool:
        return bool(self.digests)

    def valid(self, key: str) -> bool:
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()
        found = False
        for known in self.digests:  # every key compared, so the time says nothing of which matched
            found |= hmac.compare_digest(known, digest)
        return found


class RateLimiter:
    """At most ``per_minute`` requests in any 60 seconds for one identity (a key, or an address).
    Remembers at most ``identities`` of them (the least recently seen forgotten first), so a flood of
    addresses cannot grow it without bound."""

    def __init__(self, per_minute: int | None, *, identities: int = 100_000, clock: Any = time.monotonic) -> None:
        if per_minute is not None and per_minute < 1:
            raise ConfigError(f"requests per minute must be at least 1, not {per_minute}")
        self.per_minute, self.identities, self.clock = per_minute, identities, clock
        self.seen: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, identity: str) -> float:
        """0 when the request may go on (and it is counted), else the seconds until it may."""
        if self.per_minute is None:
            return 0.0
        now = self.clock()
        times = self.seen.pop(identity, None) or deque()
        while times and times[0] <= now - 60:
            times.popleft()
        self.seen[identity] = times
        if len(self.seen) > self.identities:
            self.seen.popitem(last=False)
        if len(times) >= self.per_minute:
            return max(0.001, times[0] + 60 - now)
        times.append(now)
        return 0.0


class BodyTooLarge(Exception):
    """A request body went past the limit while it was read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")
        self.limit = limit


class BodyLimit:
    """ASGI middleware: a request whose ``Content-Length`` is over ``limit`` gets 413 before its body is
    read; one that streams past it (chunked) raises :class:`BodyTooLarge` in the handler reading it."""

    def __init__(self, app: Any, limit: int, answer: Any) -> None:
        self.app, self.limit, self.answer = app, limit, answer

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    size = int(value)
                except ValueError:
                    size = -1
                if size < 0 or size > self.limit:
                    text = (f"Invalid request: the body is larger than {self.limit} bytes" if size > 0
                            else "Invalid request: Content-Length is not a number of bytes")
                    await self.answer(413 if size > 0 else 400, text)(scope, receive, send)
                    return
        received = 0

        async def limited() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, limited, send)
