"""Schemathesis fuzzes the server from its own OpenAPI description (``GET /spec``), in-process over ASGI
(its ``from_asgi`` loader runs the app's lifespan, so the batching queue and the tiny random engine
answer): schema-valid requests (``positive``: they reach the engine, ``format=html`` included) and
schema-violating ones (``negative``: wrong types, missing fields, values outside the enums). Never a
5xx; every error a JSON object with an ``error`` string. test_fuzz.py adds what a schema does not
describe (any bytes under any content type, lone surrogates, broken multipart bodies)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.python.asgi import shutdown_lifespans

from translate.serve.app import create_app
from translate.serve.batching import Batcher
from translate.serve.options import ServeOptions

#: Examples per generation mode: about 5 s each on 2 cores with the tiny model (more for a deeper run:
#: ``SCHEMATHESIS_EXAMPLES=2000 python -m pytest tests/serve/test_schemathesis.py``).
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "300"))


@pytest.fixture()
def schema(slots: list[Any]) -> Iterator[Any]:
    # An app per test: schemathesis' pytest plugin ends the ASGI lifespans it started after each test,
    # and a closed queue does not open again (it answers 503, as a server shutting down does).
    options = ServeOptions(char_limit=4000, batch_limit=8, max_body=64 * 1024)
    app = create_app(Batcher(slots, max_wait=0.0), options)
    yield schemathesis.openapi.from_asgi("/spec", app)
    shutdown_lifespans()  # the app's lifespan: the queue finishes and its threads stop


@pytest.mark.slow  # hundreds of generated requests
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_schemathesis_finds_no_5xx_and_every_error_is_json(schema: Any, mode: GenerationMode) -> None:
    seen: dict[tuple[str, int], int] = {}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=schema.as_strategy(mode))
    def check(case: Any) -> None:
        response = case.call()
        seen[(case.path, response.status_code)] = seen.get((case.path, response.status_code), 0) + 1
        assert response.status_code < 500, (case.as_curl_command(), response.status_code, response.text[:300])
        if response.status_code >= 400 and case.method != "HEAD":
            error = response.json()
            assert isinstance(error, dict) and isinstance(error.get("error"), str) and error["error"], response.text
        if response.status_code == 200 and case.path == "/translate":
            assert "translatedText" in response.json()

    check()
    # Both kinds of answer were reached: translations and refusals.
    assert any(path == "/translate" and status == 200 for path, status in seen) or mode is GenerationMode.NEGATIVE
    assert any(400 <= status < 500 for _, status in seen)
