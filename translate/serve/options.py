"""The translation server's settings: limits a request must keep, API keys, CORS, and how requests are
batched into engine calls. Frozen and validated on construction, like every option type of the library."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError

#: Request body limit (bytes) unless told otherwise: a long article as JSON, with room to spare.
MAX_BODY = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What the server allows and how it batches.

    ``char_limit``: most characters of text in one request (all of ``q``'s texts together, or a file's
    text; ``None``: no limit; LibreTranslate's ``--char-limit``). ``batch_limit``: most texts in one
    ``q`` list (``None``: no limit). ``max_body``: most bytes of a request body (a larger one gets 413
    before it is read). ``req_limit``: requests per minute per API key, or per client address without a
    key (``None``: no limit). ``api_keys``: when not empty, every translation request must carry one of
    them (``api_key``). ``cors``: origins a browser may call from (empty: no CORS headers at all; ``*``
    any). ``max_wait``: seconds the first queued sentence waits for others to share its engine call.
    ``batch_sentences``: most sentences in one engine call (``None``: the engine's batch cap for the
    decoding options). ``alternatives_limit``: most ``alternatives`` a request may ask for.
    ``file_ttl``/``max_files``: how long, and how many, translated files are kept for download.
    """

    char_limit: int | None = None
    batch_limit: int | None = None
    max_body: int = MAX_BODY
    req_limit: int | None = None
    api_keys: frozenset[str] = frozenset()
    cors: tuple[str, ...] = ()
    max_wait: float = 0.01
    batch_sentences: int | None = None
    alternatives_limit: int = 3
    file_ttl: float = 1800.0
    max_files: int = 256

    def __post_init__(self) -> None:
        for name in ("char_limit", "batch_limit", "req_limit", "batch_sentences"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ConfigError(f"{name.replace('_', ' ')} must be at least 1 (or no limit), not {value}")
        if self.max_body < 1024:
            raise ConfigError(f"the request body limit must be at least 1024 bytes, not {self.max_body}")
        if not 0 <= self.max_wait <= 10:
            raise ConfigError(f"the batching wait must be between 0 and 10 seconds, not {self.max_wait}")
        if self.alternatives_limit < 0 or self.max_files < 1 or self.file_ttl <= 0:
            raise ConfigError("the alternatives limit, kept files and their lifetime must be positive")
        for key in self.api_keys:
            if not key or not key.isprintable() or any(ch.isspace() for ch in key):
                raise ConfigError(f"API key {key[:4]!r}… holds spaces or unprintable characters; "
                                  "a key is one word of printable characters")
