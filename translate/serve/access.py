"""The access log and request metrics: an ASGI middleware that times every request, counts it by
endpoint and status in :class:`~translate.serve.metrics.Metrics`, and writes one JSON object a request
to the ``translate.serve.access`` logger (time, client, method, path, status, seconds, bytes, and what a
handler adds: the key's id — never the key —, sentences, characters, cancellation)."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from ..text.clean import clean_text
from .metrics import Metrics

access_log = logging.getLogger("translate.serve.access")

#: The paths counted under their own name; anything else is ``other`` (a scanner cannot add series).
ENDPOINTS = ("/translate", "/translate_file", "/download_file", "/detect", "/languages", "/health", "/metrics",
             "/spec", "/frontend/settings")


def endpoint_of(path: str) -> str:
    if path.startswith("/download_file/"):
        return "/download_file"
    return path if path in ENDPOINTS else "other"


class AccessLog:
    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers when the app fails before starting a response
        sent = 0
        state = scope.setdefault("state", {})

        async def tracked(message: Any) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        finally:
            seconds = time.perf_counter() - started
            endpoint = endpoint_of(scope.get("path", ""))
            self.metrics.request(endpoint, status, seconds)
            if access_log.isEnabledFor(logging.INFO):
                client = scope.get("client") or ("", 0)
                record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "client": client[0],
                          "method": scope.get("method", ""), "path": clean_text(scope.get("path", ""))[0][:200],
                          "status": status, "seconds": round(seconds, 4), "bytes": sent}
                record.update({k: v for k, v in state.items() if k in ("key", "texts", "sentences", "characters",
                                                                       "cancelled", "error")})
                access_log.info(json.dumps(record, ensure_ascii=False))
