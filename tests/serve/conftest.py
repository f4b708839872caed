"""Fixtures of the server tests: engine slots of the tiny random Marian model with the news glossary,
and the real uvicorn server in a thread on 127.0.0.1 (never another address)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from translate.config import DecodeOptions, EngineConfig
from translate.serve.options import ServeOptions
from translate.serve.server import TranslationServer
from translate.serve.translator import Translator, open_translators

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "glossaries" / "news-fa-en.tsv"
# Random weights never stop: a short length limit keeps every test request fast.
DECODE = DecodeOptions(beam_size=1, max_length_ratio=0.3)


@pytest.fixture(scope="session")
def slots(tiny_models: dict[str, Path]) -> list[Translator]:
    from translate.terms.glossary import load_glossary

    matcher = load_glossary([str(GLOSSARY)]).matcher()
    return open_translators(EngineConfig(model=str(tiny_models["marian"]), device="cpu", threads=2), DECODE,
                            matcher=matcher)


@contextmanager
def running(slots: list[Any], options: ServeOptions = ServeOptions(), **kwargs: Any) -> Iterator[TranslationServer]:
    """A :class:`TranslationServer` served by uvicorn in a thread until the block ends (gracefully)."""
    server = TranslationServer(slots, options, host="127.0.0.1", port=0, **kwargs)
    uv = server.server()
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [server.socket]}, daemon=True)
    thread.start()
    for _ in range(200):
        if uv.started:
            break
        time.sleep(0.02)
    assert uv.started, "uvicorn did not start"
    server.uvicorn = uv  # type: ignore[attr-defined]
    server.thread = thread  # type: ignore[attr-defined]
    try:
        yield server
    finally:
        uv.should_exit = True
        thread.join(timeout=30)
        server.close()


@pytest.fixture(scope="module")
def live(slots: list[Translator]) -> Iterator[TranslationServer]:
    """One server with default options for the module's tests."""
    with running(slots) as server:
        yield server


@pytest.fixture()
def serve(slots: list[Translator]) -> Callable[..., Any]:
    default = slots
    """``with serve(options) as server:`` a private server (``serve(options, slots=[...])`` over other slots)."""
    return lambda options=ServeOptions(), slots=None, **kw: running(slots or default, options, **kw)
