"""The Starlette app: LibreTranslate's routes over the batching queue.

Request shapes are LibreTranslate's, so its clients work unchanged: ``POST /translate`` as JSON, as a
form (``application/x-www-form-urlencoded``: what ``libretranslatepy`` sends) or as multipart form data,
with ``q`` (a string, or a list of strings in JSON; a form may repeat ``q`` for a list), ``source``
(``fa`` or ``auto``), ``target`` (``en``), ``format`` (``text`` or ``html``), ``alternatives`` and
``api_key``; the answer ``{"translatedText": …}`` (a list for a list), ``detectedLanguage`` with
``source=auto``, ``alternatives`` when asked. Every error is ``{"error": "…"}`` with a 4xx status, as
LibreTranslate answers: 400 for a bad request, 403 for a wrong API key, 404, 405, 413 for a body over
the limit, 429 with ``Slowdown: …`` past the requests per minute, 503 while shutting down.

The answer carries what a LibreTranslate client ignores and this project adds: for each text,
``quality`` (the worst verdict of its sentences and the reasons), ``terms`` (glossary terms landed,
each enforced one with how, and the missing ones) and ``sentences`` (each sentence's source,
translation, verdict, reasons, model confidence and flags).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.datastructures import UploadFile
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..errors import InputError, TranslateError
from ..text.clean import clean_text
from ..text.io import read_bytes
from ..text.script import arabic_share
from .access import AccessLog
from .batching import Batcher, Closing
from .files import SUFFIXES, FileStore, disposition
from .limits import BodyLimit, BodyTooLarge, KeyRing, RateLimiter, key_id
from .metrics import Metrics
from .openapi import spec
from .options import ServeOptions
from .texts import FORMATS, Layout, join_text, split_document, split_text
from .translator import Translated

logger = logging.getLogger(__name__)

LANGUAGES = [{"code": "fa", "name": "Persian", "targets": ["en"]}, {"code": "en", "name": "English", "targets": []}]
_NAMES = {lang["code"]: lang["name"] for lang in LANGUAGES}
_RANK = {"ok": 0, "review": 1, "bad": 2}
#: Requests with more characters than this are split into sentences off the event loop.
_PREPARE_INLINE = 5000


class BadRequest(Exception):
    """A request this server refuses: its status and the message of the ``{"error": …}`` answer."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


def _safe(value: Any) -> Any:
    """``value`` fit for a JSON answer: strings cleaned (no control character, line separator or lone
    surrogate reaches a client), non-finite numbers as ``null``."""
    if isinstance(value, str):
        return clean_text(value)[0]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {_safe(k): _safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_safe(v) for v in value]
    return value


class Answer(JSONResponse):
    """JSON as LibreTranslate writes it (UTF-8, not ASCII-escaped), cleaned by :func:`_safe`."""

    def render(self, content: Any) -> bytes:
        return json.dumps(_safe(content), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Answer:
    return Answer({"error": message[:2000]}, status_code=status, headers=headers)


def _shown(value: Any) -> str:
    """A client's value inside an error message: short, and as a string."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:40] + "…"


# ---------------------------------------------------------------------------------------------- requests

async def _params(request: Request, *, files: bool = False) -> dict[str, Any]:
    """The request's parameters: a JSON object, or form fields (``q`` repeated becomes a list), over the
    query string's (as LibreTranslate's ``request.values``)."""
    params: dict[str, Any] = {}
    for name, value in parse_qsl(request.url.query, keep_blank_values=True, max_num_fields=100, errors="replace"):
        params.setdefault(name, value)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        body = await request.body()
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            raise BadRequest(400, "Invalid request: the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise BadRequest(400, "Invalid JSON format: the body must be a JSON object")
        params.update(data)
    elif kind == "multipart/form-data":
        try:
            form = await request.form(max_files=1 if files else 0, max_fields=100)
        except HTTPException as exc:  # malformed multipart, too many fields or files
            raise BadRequest(400, f"Invalid request: {exc.detail}") from None
        except AssertionError:  # python-multipart missing
            raise BadRequest(415, "multipart/form-data needs the python-multipart package on the server; "
                                  "send JSON or a urlencoded form") from None
        fields: dict[str, list[Any]] = {}
        for name, value in form.multi_items():
            fields.setdefault(name, []).append(value)
        params.update({k: v if k == "q" and len(v) > 1 else v[0] for k, v in fields.items()})
    else:
        body = await request.body()
        if body:
            try:
                pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=1000,
                                  errors="replace")
            except ValueError:
                raise BadRequest(400, "Invalid request: too many form fields") from None
            fields = {}
            for name, value in pairs:
                fields.setdefault(name, []).append(value)
            params.update({k: v if k == "q" and len(v) > 1 else v[0] for k, v in fields.items()})
    return params


def _string(params: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise BadRequest(400, f"Invalid request: missing {name} parameter")
        return None
    if not isinstance(value, str):
        raise BadRequest(400, f"Invalid request: {name} must be a string, not {_shown(value)}")
    return value


def _languages(params: dict[str, Any]) -> str:
    """Check ``source`` and ``target``; the source as given (``fa`` or ``auto``)."""
    source, target = _string(params, "source"), _string(params, "target")
    assert source is not None and target is not None
    if source not in ("fa", "auto"):
        raise BadRequest(400, f"{_shown(source)} is not supported")
    if target not in _NAMES:
        raise BadRequest(400, f"{_shown(target)} is not supported")
    if target != "en":
        raise BadRequest(400, f"{_NAMES[target]} ({target}) is not available as a target language from Persian (fa)")
    return source


class Guard:
    """API keys and requests per minute, checked in that order for every request that translates."""

    def __init__(self, options: ServeOptions) -> None:
        self.keys = KeyRing(options.api_keys)
        self.rate = RateLimiter(options.req_limit)
        self.req_limit = options.req_limit

    def check(self, request: Request, params: dict[str, Any]) -> None:
        key = params.get("api_key")
        if key is not None and not isinstance(key, str):
            raise BadRequest(400, "Invalid request: api_key must be a string")
        identity = "address:" + (request.client.host if request.client else "")
        if self.keys.required:
            if not key:
                raise BadRequest(400, "Please contact the server operator to get an API key")
            if not self.keys.valid(key):
                raise BadRequest(403, "Invalid API key")
            identity = "key:" + key_id(key)
            request.state.key = key_id(key)
        wait = self.rate.allow(identity)
        if wait:
            raise BadRequest(429, f"Slowdown: {self.req_limit} per 1 minute",
                             headers={"Retry-After": str(max(1, math.ceil(wait)))})


# ---------------------------------------------------------------------------------------------- answers

def _quality(results: Sequence[Translated]) -> dict[str, Any]:
    verdict = max((r.verdict for r in results), key=lambda v: _RANK.get(v, 0), default="ok")
    reasons: dict[str, None] = {}
    for r in results:
        reasons.update(dict.fromkeys(r.reasons))
    return {"verdict": verdict, "reasons": list(reasons)}


def _terms(results: Sequence[Translated]) -> dict[str, Any]:
    hits = [t for r in results for t in r.terms]
    return {"landed": sum(t.landed for t in hits), "total": len(hits),
            "enforced": [{"source": t.text, "entry": t.source, "target": t.target, "status": t.status}
                         for t in hits if t.landed],
            "missing": [{"source": t.text, "entry": t.source, "target": t.target} for t in hits if not t.landed]}


def _sentences(layout: Layout, results: Sequence[Translated]) -> list[dict[str, Any]]:
    return [{"source": s, "translation": r.text, "verdict": r.verdict, "reasons": list(r.reasons),
             "confidence": round(r.confidence, 4) if r.confidence is not None else None, "flags": sorted(r.flags)}
            for s, r in zip(layout.sentences, results)]


def _persian(texts: Sequence[str]) -> float:
    """Share (0–1) of the letters in Arabic script: all this server can tell of a text's language."""
    return min(1.0, arabic_share(" ".join(texts)))  # Persian punctuation (؟ ،) counts as script, not letters


def _detected(texts: Sequence[str]) -> dict[str, Any]:
    return {"confidence": round(100 * _persian(texts), 1), "language": "fa"}


class Service:
    """The routes' shared state: the queue, limits, kept files, metrics."""

    def __init__(self, batcher: Batcher, options: ServeOptions, metrics: Metrics, model: str) -> None:
        self.batcher, self.options, self.metrics, self.model = batcher, options, metrics, model
        self.guard = Guard(options)
        self.files = FileStore(ttl=options.file_ttl, most=options.max_files)

    async def translate_texts(self, request: Request, texts: Sequence[str],
                              fmt: str) -> tuple[list[Layout], list[list[Translated]]] | None:
        """Each text's layout and its sentences' translations; ``None`` when the client went away."""
        return await self.translate_layouts(request, sum(len(t) for t in texts),
                                            lambda: [split_text(t, fmt) for t in texts])

    async def translate_layouts(self, request: Request, characters: int, layouts_of: Callable[[], list[Layout]],
                                ) -> tuple[list[Layout], list[list[Translated]]] | None:
        """Translate the sentences of the texts ``layouts_of`` splits (``characters`` long in all, checked
        against the limit first) through the queue; ``None`` when the client went away."""
        limit = self.options.char_limit
        if limit is not None and characters > limit:
            raise BadRequest(400, f"Invalid request: request ({characters}) exceeds text limit ({limit})")
        request.state.characters = characters
        with self.metrics.lock:
            self.metrics.characters += characters

        def prepare() -> tuple[list[Layout], list[str], list[Any], list[int]]:
            layouts = layouts_of()
            sentences = [s for layout in layouts for s in layout.sentences]
            # The request is one document for the glossary: a short form counts once named in any text.
            return layouts, sentences, self.batcher.hits(sentences), self.batcher.count_tokens(sentences)

        if characters > _PREPARE_INLINE:
            layouts, sentences, hits, tokens = await asyncio.to_thread(prepare)
        else:
            layouts, sentences, hits, tokens = prepare()
        request.state.sentences = len(sentences)
        with self.metrics.lock:
            self.metrics.in_flight += 1
        try:
            done = await _unless_disconnected(request, self.batcher.translate(sentences, hits, tokens))
        finally:
            with self.metrics.lock:
                self.metrics.in_flight -= 1
        if done is None:
            return None
        out, k = [], 0
        for layout in layouts:
            n = len(layout.sentences)
            out.append(done[k:k + n])
            k += n
        return layouts, out


async def _joined(layouts: Sequence[Layout], results: Sequence[Sequence[Translated]], characters: int) -> list[str]:
    """Each text put back together from its translations (an article rebuilt off the event loop when the
    request is long)."""

    def join() -> list[str]:
        return [join_text(layout, [r.text for r in res], [r.alignment for r in res])
                for layout, res in zip(layouts, results)]

    return await asyncio.to_thread(join) if characters > _PREPARE_INLINE else join()


async def _unless_disconnected(request: Request, work: Awaitable[list[Translated]]) -> list[Translated] | None:
    """``work``'s result, or ``None`` (and ``work`` cancelled) when the client disconnects first."""

    async def disconnected() -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass

    task = asyncio.ensure_future(work)
    watch = asyncio.ensure_future(disconnected())
    try:
        await asyncio.wait({task, watch}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not task.done():
            task.cancel()
        watch.cancel()
    if task.cancelled() or not task.done():
        request.state.cancelled = True
        return None
    return task.result()


def _cancelled() -> Response:
    # Nobody reads it: the client is gone. 499 is the status logs know as "client closed request".
    return Response(status_code=499)


# ---------------------------------------------------------------------------------------------- routes

class Routes:
    """LibreTranslate's routes and this server's, over one :class:`Service`."""

    def __init__(self, service: Service) -> None:
        self.service, self.options = service, service.options

    async def translate(self, request: Request) -> Response:
        params = await _params(request)
        self.service.guard.check(request, params)
        texts, batch = _texts(params, self.options.batch_limit)
        source = _languages(params)
        fmt = _string(params, "format", required=False) or "text"
        if fmt not in FORMATS:
            raise BadRequest(400, f"{_shown(fmt)} format is not supported")
        alternatives = _alternatives(params, self.options.alternatives_limit)
        request.state.texts = len(texts)
        done = await self.service.translate_texts(request, texts, fmt)
        if done is None:
            return _cancelled()
        layouts, results = done
        translated = await _joined(layouts, results, request.state.characters)
        extras = {"quality": [_quality(r) for r in results], "terms": [_terms(r) for r in results],
                  "sentences": [_sentences(layout, r) for layout, r in zip(layouts, results)]}
        answer: dict[str, Any] = {"translatedText": translated if batch else translated[0]}
        if source == "auto":
            answer["detectedLanguage"] = [_detected([t]) for t in texts] if batch else _detected(texts)
        if alternatives:
            # One engine call decodes many requests with one setting: no n-best list per request.
            answer["alternatives"] = [[] for _ in texts] if batch else []
        answer.update({k: v if batch else v[0] for k, v in extras.items()})
        return Answer(answer)

    async def translate_file(self, request: Request) -> Response:
        params = await _params(request, files=True)
        self.service.guard.check(request, params)
        upload = params.get("file")
        if upload is None or isinstance(upload, (str, list)) or not isinstance(upload, UploadFile):
            raise BadRequest(400, "Invalid request: missing file parameter")
        _languages(params)
        filename = upload.filename or ""
        if not filename:
            raise BadRequest(400, "Invalid request: empty file")
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if suffix not in SUFFIXES:
            raise BadRequest(400, f"Invalid request: file format not supported (send {', '.join(SUFFIXES)})")
        data, source = await upload.read(), clean_text(filename)[0]
        try:
            # Read as a run reads its inputs (the format by the suffix): it comes back as its article.
            if len(data) > _PREPARE_INLINE:
                doc = await asyncio.to_thread(read_bytes, data, source)
            else:
                doc = read_bytes(data, source)
        except InputError as exc:
            raise BadRequest(400, f"Invalid request: {exc}") from None
        done = await self.service.translate_layouts(request, len(doc.text), lambda: [split_document(doc)])
        if done is None:
            return _cancelled()
        (layout,), (results,) = done
        (text,) = await _joined([layout], [results], len(doc.text))
        media = {".md": "text/markdown", ".markdown": "text/markdown", ".html": "text/html", ".htm": "text/html"}
        name = self.service.files.put(text.encode("utf-8"), filename, media.get(suffix, "text/plain") + "; charset=utf-8")
        url = str(request.url_for("download_file", filename=name))
        return Answer({"translatedFileUrl": url, "quality": _quality(results), "terms": _terms(results),
                       "sentences": _sentences(layout, results)})

    async def download_file(self, request: Request) -> Response:
        kept = self.service.files.get(request.path_params["filename"])
        if kept is None:
            raise BadRequest(404, "Invalid filename: no such translated file (files are kept "
                                  f"{int(self.options.file_ttl // 60)} minutes)")
        return Response(kept.data, media_type=kept.media_type, headers={"Content-Disposition": disposition(kept.filename)})

    async def detect(self, request: Request) -> Response:
        params = await _params(request)
        self.service.guard.check(request, params)
        q = params.get("q")
        texts = q if isinstance(q, list) else [q]
        if not q or not all(isinstance(t, str) for t in texts):
            raise BadRequest(400, "Invalid request: missing q parameter")
        share = _persian(texts)
        found = [{"confidence": round(100 * share, 1), "language": "fa"},
                 {"confidence": round(100 * (1 - share), 1), "language": "en"}]
        return Answer(sorted(found, key=lambda c: -c["confidence"]))

    async def languages(self, request: Request) -> Response:
        return Answer(LANGUAGES)

    async def health(self, request: Request) -> Response:
        return Answer({"status": "ok", "model": self.service.model, "slots": len(self.service.batcher.slots)})

    async def settings(self, request: Request) -> Response:
        options = self.options
        return Answer({"charLimit": options.char_limit or -1, "frontendTimeout": 500,
                       "apiKeys": bool(options.api_keys), "keyRequired": bool(options.api_keys),
                       "suggestions": False, "filesTranslation": True, "supportedFilesFormat": list(SUFFIXES),
                       "language": {"source": {"code": "fa", "name": "Persian"},
                                    "target": {"code": "en", "name": "English"}}})

    async def metrics(self, request: Request) -> Response:
        return PlainTextResponse(self.service.metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    async def spec(self, request: Request) -> Response:
        return Answer(spec(str(request.base_url)))

    def routes(self) -> list[Route]:
        return [
            Route("/translate", self.translate, methods=["POST"]),
            Route("/translate_file", self.translate_file, methods=["POST"]),
            Route("/download_file/{filename}", self.download_file, methods=["GET"], name="download_file"),
            Route("/detect", self.detect, methods=["POST"]),
            Route("/languages", self.languages, methods=["GET", "POST"]),
            Route("/health", self.health, methods=["GET"]),
            Route("/frontend/settings", self.settings, methods=["GET"]),
            Route("/metrics", self.metrics, methods=["GET"]),
            Route("/spec", self.spec, methods=["GET"]),
        ]


def _texts(params: dict[str, Any], batch_limit: int | None) -> tuple[list[str], bool]:
    """``q``'s texts, and whether it was a list."""
    q = params.get("q")
    if q is None or q == "" or q == []:
        raise BadRequest(400, "Invalid request: missing q parameter")
    batch = isinstance(q, list)
    texts = q if batch else [q]
    if not all(isinstance(t, str) for t in texts):
        raise BadRequest(400, "Invalid request: q must be a string or a list of strings")
    if batch and batch_limit is not None and len(texts) > batch_limit:
        raise BadRequest(400, f"Invalid request: request ({len(texts)}) exceeds text limit ({batch_limit})")
    return texts, batch


def _alternatives(params: dict[str, Any], limit: int) -> int:
    wanted = params.get("alternatives", 0)
    try:
        alternatives = max(0, int(wanted)) if not isinstance(wanted, bool) and wanted not in (None, "") else 0
    except (TypeError, ValueError, OverflowError):
        raise BadRequest(400, "Invalid request: alternatives parameter is not a number") from None
    if alternatives > limit:
        raise BadRequest(400, f"Invalid request: alternatives parameter must be <= {limit}")
    return alternatives


# ---------------------------------------------------------------------------------------------- errors

async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BadRequest)
    request.state.error = exc.message[:200]
    return error(exc.status, exc.message, exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error(exc.status_code, str(exc.detail), dict(exc.headers or {}) or None)


async def _gone(request: Request, exc: Exception) -> Response:
    request.state.cancelled = True
    return _cancelled()


async def _closing(request: Request, exc: Exception) -> Response:
    return error(503, str(exc), {"Retry-After": "5"})


async def _failed(request: Request, exc: Exception) -> Response:
    # The engine failed (not the request): a server error, said as LibreTranslate says it.
    logger.error("translation failed: %s", exc)
    return error(500, f"Cannot translate text: {exc}")


async def _crashed(request: Request, exc: Exception) -> Response:
    logger.exception("unexpected error on %s", request.url.path)
    return error(500, "internal server error (see the server's log)")


def create_app(batcher: Batcher, options: ServeOptions = ServeOptions(), *, metrics: Metrics | None = None,
               model: str = "") -> Starlette:
    """The server's app over ``batcher`` (started and closed by the app's lifespan)."""
    metrics = metrics or batcher.metrics
    routes = Routes(Service(batcher, options, metrics, model))

    async def too_large(request: Request, exc: Exception) -> Response:
        return error(413, f"Invalid request: the body is larger than {options.max_body} bytes")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await batcher.start()
        try:
            yield
        finally:
            await batcher.close()  # after uvicorn answered every request in flight

    middleware = [Middleware(AccessLog, metrics=metrics), Middleware(BodyLimit, limit=options.max_body, answer=error)]
    if options.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(options.cors), allow_methods=["GET", "POST"],
                                     allow_headers=["Content-Type", "Authorization"], max_age=600))
    handlers: dict[Any, Any] = {BadRequest: _refused, HTTPException: _http_error, BodyTooLarge: too_large,
                                ClientDisconnect: _gone, Closing: _closing, TranslateError: _failed,
                                Exception: _crashed}
    return Starlette(routes=routes.routes(), middleware=middleware, exception_handlers=handlers, lifespan=lifespan)
