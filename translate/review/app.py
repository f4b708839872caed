"""The review app as an ASGI application: the review page (the report's templates with actions, a
document a page at a time), the action and history endpoints, and the whole report for printing.

Every request must carry the session's token (first in the URL, then in a cookie named after the run
store, so two apps on two ports of one host keep theirs apart; actions also in a header, so another
site cannot post them), or gets 403. Every answer carries the security headers (no framing, no
sniffing, no referrer: the token sits in the URL; a Content-Security-Policy that runs only the app's
own script). A request body over ``max_body`` bytes gets 413 before the rest is read. A malformed
request gets a 4xx with a JSON ``{"error": …}`` saying what to send instead, never a 500.

Routes (``doc``: a document id; ``idx``: a sentence's 0-based index; ``rev``: the revision of the pair
the client saw — every row carries ``data-rev``):

- ``GET /?doc=&offset=&limit=&at=&q=&verdict=&reviewed=&missing=&flagged=&edited=``: a page of one
  document's pairs that pass the filters (computed over the whole document by the store; ``at``: the
  page holding sentence number ``at``, 1-based).
- ``POST /api/act`` ``{"doc", "idx", "action": edit|approve|reject|reset|undo, "text" (edit), "rev"}``:
  ``{"row", "rev", "state", "text", "doc", "idx", "delta"}`` (the row re-rendered; ``delta``: what the
  action changed in its document's counts: ok, review, bad, landed, terms, reviewed); 409 ``{"error",
  "current": {"text", "rev", "state", "row"}}`` when the pair changed since revision ``rev``.
- ``GET /api/history?doc=&idx=``: ``{"doc", "idx", "rev", "history": [...]}``.
- ``GET /report``: the whole run as the static report (for printing).
- ``GET /assets/review.js``, ``/assets/review.css``: the page's script and style; ``/favicon.ico``: 204
  (these three need no token: nothing in them is the run's).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request, cookie_parser
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ..errors import ConflictError, InputError, TranslateError
from ..export.base import DocumentInfo, Summary
from ..export.report import ReportRenderer
from ..export.view import asset, macros, row
from ..run.review import VERDICTS, DocumentProgress, Filters, ReviewSession

logger = logging.getLogger(__name__)

#: Request bodies larger than this get 413 (an edit is one sentence: a few hundred bytes).
MAX_BODY = 64 * 1024
#: Pairs on one page of the app.
PAGE_SIZE = 200
#: Largest page a client may ask for (``limit``).
MAX_PAGE = 1000
#: Largest sentence index or offset a request may name (SQLite integers are 64-bit; a document is far smaller).
MAX_INDEX = 2**31 - 1
#: Longest document id and search a request may carry.
MAX_ID, MAX_QUERY = 1000, 500

COOKIE_PREFIX = "translate_review_"

# 'self' only: the page's script and style are files the app serves (no inline script can run, so
# markup slipped into an article could not act even if it escaped escaping); no framing (clickjacking
# of the action buttons), nowhere to post forms or send requests but this app.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    # The token is in the URL of the first request: never send it to another site as a referrer.
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def cookie_name(store_id: str) -> str:
    """The session cookie of the run store ``store_id``: cookies ignore the port, so two apps on two
    ports of one host would overwrite one another's with one name."""
    return COOKIE_PREFIX + (re.sub(r"[^A-Za-z0-9]", "", store_id)[:12] or "run")


class RequestError(Exception):
    """A malformed request: answered with ``status`` and ``{"error": message}``."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class _TooLarge(Exception):
    pass


def _json_error(message: str, status: int, extra: Mapping[str, Any] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, **(extra or {})}, status_code=status)


class Guard:
    """ASGI middleware in front of every route: the security headers on every answer, the token gate,
    the body limit (413 from Content-Length before reading anything, or as soon as a chunked body
    passes the limit), and a JSON 500 for a bug, with the headers too."""

    def __init__(self, app: Any, *, token: str, cookie: str, max_body: int) -> None:
        self.app, self.token, self.cookie, self.max_body = app, token, cookie, max_body

    def _valid(self, value: str | None) -> bool:
        return value is not None and secrets.compare_digest(value.encode("utf-8", "replace"), self.token.encode())

    def _cookie(self, headers: Mapping[str, str]) -> str | None:
        # Starlette's lenient parser, as browsers send cookies: another local app's odd cookie on the
        # same host must not hide this one (http.cookies stops at the first it cannot parse).
        return cookie_parser(headers.get("cookie", "")).get(self.cookie)

    def _refusal(self, scope: dict[str, Any], headers: Mapping[str, str], query: Mapping[str, str]
                 ) -> Response | None:
        """403 without the token (the assets aside), 400/413 for a Content-Length that is not a number
        or over the limit; None to go on."""
        path = scope.get("path", "")
        if not path.startswith("/assets/") and path != "/favicon.ico":
            if scope["method"] not in ("GET", "HEAD"):
                allowed = self._valid(headers.get("x-review-token"))
            else:
                allowed = self._valid(query.get("token")) or self._valid(self._cookie(headers))
            if not allowed:
                return _json_error("this review session needs its token: open the URL that 'translate review' "
                                   "printed", 403)
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit() or len(length) > 18:
                return _json_error(f"Content-Length must be a number of bytes, not {_shown(length)}", 400)
            if int(length) > self.max_body:
                return _json_error(f"request body of {int(length)} bytes is over this app's limit of "
                                   f"{self.max_body} bytes", 413)
        return None

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]],
                       send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        set_cookie = False

        async def send_secured(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if set_cookie:
                    headers.append("set-cookie", f"{self.cookie}={self.token}; HttpOnly; Path=/; SameSite=Strict")
            await send(message)

        async def answer(response: Response) -> None:
            await response(scope, receive, send_secured)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        refused = self._refusal(scope, headers, query)
        if refused is not None:
            await answer(refused)
            return
        set_cookie = self._valid(query.get("token"))
        received = 0

        async def counted() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send_secured)
        except _TooLarge:
            if not started:
                await answer(_json_error(f"request body over this app's limit of {self.max_body} bytes", 413))
        except Exception:
            logger.exception("review app: %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await answer(_json_error("internal error in the review app (a bug: please report it with the "
                                         "server's log)", 500))


# --- reading requests ------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A value as an error message may quote it: ASCII (a lone surrogate cannot be encoded), short."""
    text = ascii(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: Any, name: str, longest: int) -> str:
    if not isinstance(value, str):
        raise RequestError(f"{name} must be a string, not {_shown(value)}")
    if len(value) > longest:
        raise RequestError(f"{name} is longer than {longest} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RequestError(f"{name} is not valid Unicode (it holds a lone surrogate): {_shown(value)}") from None
    return value


def _number(value: Any, name: str, low: int = 0, high: int = MAX_INDEX, *, query: bool = False) -> int:
    """A whole number from ``low`` to ``high``: a JSON integer (not a boolean, not 1.0, not 1e999, not
    "1") or, from a query string (``query``), ASCII digits (not ``٣``, which ``int`` would take)."""
    if query and isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,12}", value):
        value = int(value)
    if type(value) is not int or not low <= value <= high:
        raise RequestError(f"{name} must be a whole number from {low} to {high}, not {_shown(value)}")
    return value


def _flag(query: Mapping[str, str], name: str) -> bool:
    value = query.get(name, "")
    if value not in ("", "0", "1", "on", "yes", "no"):
        raise RequestError(f"{name} must be 1 or 0, not {_shown(value)}")
    return value in ("1", "on", "yes")


def _body(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # invalid JSON or UTF-8, digits past the int limit; nesting too deep
        raise RequestError('expected a JSON object: {"doc": …, "idx": …, "action": …, "rev": …}') from None
    if not isinstance(body, dict):
        raise RequestError(f"expected a JSON object with doc, idx and action, not {type(body).__name__}")
    return body


@dataclass(frozen=True, slots=True)
class View:
    """What a page request asks for (see the module docstring), checked."""

    doc: str | None
    offset: int
    limit: int
    at: int | None
    q: str
    verdict: str
    reviewed: str
    missing: bool
    flagged: bool
    edited: bool

    @classmethod
    def parse(cls, query: Mapping[str, str]) -> View:
        verdict, reviewed = query.get("verdict", ""), query.get("reviewed", "")
        if verdict and verdict not in VERDICTS:
            raise RequestError(f"verdict must be one of {', '.join(VERDICTS)}, not {_shown(verdict)}")
        if reviewed not in ("", "yes", "no"):
            raise RequestError(f"reviewed must be yes or no, not {_shown(reviewed)}")
        at = query.get("at", "")
        return cls(doc=_text(query["doc"], "doc", MAX_ID) if query.get("doc") else None,
                   offset=_number(query.get("offset", "0"), "offset", query=True),
                   limit=_number(query.get("limit", str(PAGE_SIZE)), "limit", 1, MAX_PAGE, query=True),
                   at=_number(at, "at", 1, query=True) if at else None,
                   q=_text(query.get("q", ""), "q", MAX_QUERY).strip(), verdict=verdict, reviewed=reviewed,
                   missing=_flag(query, "missing"), flagged=_flag(query, "flagged"), edited=_flag(query, "edited"))

    def filters(self) -> Filters:
        return Filters(verdict=self.verdict or None, missing_terms=self.missing, flagged=self.flagged,
                       reviewed=None if not self.reviewed else self.reviewed == "yes",
                       edited=True if self.edited else None, query=self.q)

    def params(self, doc: str, **changes: Any) -> list[tuple[str, str]]:
        """The query of this view of ``doc`` with ``changes`` (defaults left out)."""
        values: dict[str, Any] = {"doc": doc, "q": self.q, "verdict": self.verdict, "reviewed": self.reviewed,
                                  "missing": "1" if self.missing else "", "flagged": "1" if self.flagged else "",
                                  "edited": "1" if self.edited else "",
                                  "limit": "" if self.limit == PAGE_SIZE else str(self.limit), **changes}
        return [(k, str(v)) for k, v in values.items() if v not in ("", None) and not (k == "offset" and v == 0)]

    def href(self, doc: str, **changes: Any) -> str:
        return "?" + urlencode(self.params(doc, **changes))


# --- the page --------------------------------------------------------------------------------------


def _counts(d: DocumentProgress) -> dict[str, int]:
    return {"sentences": d.sentences, "ok": d.verdicts.get("ok", 0), "review": d.verdicts.get("review", 0),
            "bad": d.verdicts.get("bad", 0), "landed": d.terms_landed, "terms": d.terms_total, "reviewed": d.reviewed}


_EMPTY = DocumentProgress("", "", 0, 0, {})


def _nav_entry(d: DocumentProgress, href: str, current: bool) -> dict[str, Any]:
    return {"doc_id": d.doc_id, "href": href, "sentences": d.sentences,
            "to_review": d.verdicts.get("review", 0) + d.verdicts.get("bad", 0), "reviewed": d.reviewed,
            "counts": _counts(d), "current": current}


def _infos(documents: list[DocumentProgress]) -> list[DocumentInfo]:
    return [DocumentInfo(d.doc_id, d.name, Summary(d.sentences, d.verdicts, d.terms_landed, d.terms_total))
            for d in documents]


def _total(documents: list[DocumentProgress]) -> Summary:
    return Summary(sum(d.sentences for d in documents),
                   {v: sum(d.verdicts.get(v, 0) for d in documents) for v in VERDICTS},
                   sum(d.terms_landed for d in documents), sum(d.terms_total for d in documents))


def _pager(view: View, doc: str, offset: int, shown: int, total: int, limit: int) -> dict[str, Any]:
    last = max(0, (total - 1) // limit * limit)
    where = (f"sentences {offset + 1}–{offset + shown} of {total}" if shown else "no sentence passes these filters")
    return {"where": where,
            "first": view.href(doc, offset=0) if offset > 0 else None,
            "prev": view.href(doc, offset=max(0, offset - limit)) if offset > 0 else None,
            "next": view.href(doc, offset=offset + limit) if offset + limit < total else None,
            "last": view.href(doc, offset=last) if offset < last else None}


def render_page(session: ReviewSession, token: str, view: View) -> str:
    """The review page: one page of one document's pairs that pass the view's filters, actions on."""
    m = macros()
    documents = session.documents()
    doc = view.doc if view.doc is not None else (documents[0].doc_id if documents else "")
    this = next((d for d in documents if d.doc_id == doc), None)
    if this is None and documents:
        raise RequestError(f"no document {_shown(doc)} in this run; the page lists the run's documents", 404)
    filters = view.filters()
    limit, offset, focus = view.limit, view.offset, None
    if this is not None and this.sentences and view.at is not None:
        focus = min(view.at, this.sentences) - 1
        offset = session.offset_of(doc, focus, filters) // limit * limit
    page = session.page(doc, filters, offset=offset, limit=limit) if this is not None else None
    if page is not None and page.total and offset >= page.total:  # past the end (a stale link): the last page
        offset = (page.total - 1) // limit * limit
        page = session.page(doc, filters, offset=offset, limit=limit)
    pairs, total = (page.pairs, page.total) if page is not None else ([], 0)
    nav = [_nav_entry(d, view.href(d.doc_id), d.doc_id == doc) for d in documents]
    run_counts = {k: sum(_counts(d)[k] for d in documents) for k in _counts(this or _EMPTY)}
    pager = m.pager(_pager(view, doc, offset, len(pairs), total, limit)) if this is not None else ""
    sentences = this.sentences if this is not None else 0
    filtered = total != sentences
    shown = f"{total} of {sentences} sentences pass" if filtered else f"{sentences} sentences"
    hidden = [(k, v) for k, v in view.params(doc) if k != "offset"]
    context = {"doc": doc, "q": view.q, "verdict": view.verdict, "reviewed": view.reviewed, "missing": view.missing,
               "flagged": view.flagged, "edited": view.edited, "shown": shown, "focus": focus, "hidden": hidden,
               "sentences": sentences}
    out = [str(m.head(session.settings.get("title", "persian-translate review"), session.signature, nav,
                      m.summary_spans(run_counts), app=True, token=token, pager=pager, view=context, assets=True))]
    if this is not None:
        out.append(str(m.document(1, doc, m.summary_spans(_counts(this)))))
        out.extend(str(m.row(row(pair), app=True)) for pair in pairs)
        out.append(str(m.end_document()))
    out.append(str(m.foot(pager, assets=True)))
    return "".join(out)


# --- actions ---------------------------------------------------------------------------------------


def _do(session: ReviewSession, doc: str, idx: int, action: str, text: str | None, rev: int | None) -> Any:
    if action == "edit":
        if text is None:
            raise RequestError("an edit needs \"text\": the new English")
        return session.edit(doc, idx, text, rev=rev)
    if action in ("approve", "reject"):
        return session.set_state(doc, idx, "approved" if action == "approve" else "rejected", rev=rev)
    if action == "reset":
        return session.set_state(doc, idx, "machine", rev=rev)
    if action == "undo":
        return session.undo(doc, idx, rev=rev)
    raise RequestError(f"unknown action {_shown(action)}: edit, approve, reject, reset or undo")


def _share(pair: Any) -> dict[str, int]:
    """What one pair adds to its document's summary counts."""
    return {"ok": int(pair.verdict == "ok"), "review": int(pair.verdict == "review"), "bad": int(pair.verdict == "bad"),
            "landed": sum(t.landed for t in pair.terms), "terms": len(pair.terms),
            "reviewed": int(pair.state != "machine")}


def _acted(session: ReviewSession, doc: str, idx: int, action: str, text: str | None, rev: int | None
           ) -> dict[str, Any]:
    """Do the action; the reply holds the row re-rendered and what the action changed in its document's
    summary counts (``delta``: the pair's share after minus before), which the page adds to that
    document's counts and the run's. An action never recounts a document: on a 25,000-sentence one
    that is a scan of every pair, for a change of one. (With ``rev`` the pair read first is the one
    acted on: the session refuses the action if the pair changed in between.)"""
    before = session.pair(doc, idx)
    pair = _do(session, doc, idx, action, text, rev)
    old, new = _share(before), _share(pair)
    return {"row": str(macros().row(row(pair), app=True)), "rev": pair.rev, "state": pair.state, "text": pair.target,
            "doc": doc, "idx": idx, "delta": {k: new[k] - old[k] for k in new}}


class _Routes:
    """The app's endpoints over one session (see the module docstring)."""

    def __init__(self, session: ReviewSession, token: str, max_body: int) -> None:
        self.session, self.token, self.max_body = session, token, max_body

    async def index(self, request: Request) -> Response:
        view = View.parse(dict(request.query_params))
        return HTMLResponse(await run_in_threadpool(render_page, self.session, self.token, view))

    async def act(self, request: Request) -> Response:
        body = _body(await request.body())
        missing = [k for k in ("doc", "idx", "action") if k not in body]
        if missing:
            raise RequestError(f"missing {', '.join(missing)}: send {{\"doc\", \"idx\", \"action\", \"rev\"}}")
        doc = _text(body["doc"], "doc", MAX_ID)
        idx = _number(body["idx"], "idx")
        action = _text(body["action"], "action", 20)
        text = _text(body["text"], "text", self.max_body) if body.get("text") is not None else None
        rev = _number(body["rev"], "rev") if body.get("rev") is not None else None
        try:
            reply = await run_in_threadpool(_acted, self.session, doc, idx, action, text, rev)
        except ConflictError as exc:
            current = exc.current
            return _json_error(str(exc), 409, {"current": {
                "text": current.target, "rev": current.rev, "state": current.state,
                "row": str(macros().row(row(current), app=True))}})
        return JSONResponse(reply)

    async def history(self, request: Request) -> Response:
        query = dict(request.query_params)
        missing = [k for k in ("doc", "idx") if k not in query]
        if missing:
            raise RequestError(f"missing {', '.join(missing)}: ask /api/history?doc=…&idx=…")
        doc, idx = _text(query["doc"], "doc", MAX_ID), _number(query["idx"], "idx", query=True)

        def read() -> dict[str, Any]:
            entries = self.session.history(doc, idx)
            return {"doc": doc, "idx": idx, "rev": self.session.pair(doc, idx).rev, "history": entries}

        return JSONResponse(await run_in_threadpool(read))

    async def report(self, request: Request) -> Response:
        session = self.session
        documents = await run_in_threadpool(session.documents)
        render = ReportRenderer(title=session.settings.get("title", "persian-translate review"),
                                signature=session.signature, documents=_infos(documents),
                                summary=_total(documents), assets=True)

        def pieces() -> Iterator[str]:
            yield render.head()
            for info in _infos(documents):
                yield render.start_document(info)
                yield from (render.pair(p) for p in session.pairs(info.doc_id))
                yield render.end_document()
            yield render.foot()

        return StreamingResponse(pieces(), media_type="text/html; charset=utf-8")

    @staticmethod
    def asset(name: str, media: str) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            return Response(asset(name), media_type=media)
        return serve

    async def no_icon(self, request: Request) -> Response:
        return Response(status_code=204)  # browsers ask for it; the page has none

    # --- errors, all as {"error": …} ---

    async def request_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestError)
        return _json_error(str(exc), exc.status)

    async def library_error(self, request: Request, exc: Exception) -> Response:
        # InputError: no such document or sentence, or text that cannot be stored; ConfigError and the
        # rest: a state or filter out of range. Each says what to change.
        status = 404 if isinstance(exc, InputError) and "no such" in str(exc) else 400
        return _json_error(str(exc), status)

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _json_error(exc.detail, exc.status_code)

    async def too_large(self, request: Request, exc: Exception) -> Response:
        # raised by Guard's counting receive, through the route that was reading the body
        return _json_error(f"request body over this app's limit of {self.max_body} bytes", 413)

    async def bug(self, request: Request, exc: Exception) -> Response:
        return _json_error("internal error in the review app (a bug: please report it with the server's log)", 500)


def create_app(session: ReviewSession, token: str, *, max_body: int = MAX_BODY) -> Any:
    """The review app over ``session``, gated by ``token``; request bodies over ``max_body`` bytes get 413."""
    r = _Routes(session, token, max_body)
    routes = [Route("/", r.index), Route("/api/act", r.act, methods=["POST"]), Route("/report", r.report),
              Route("/api/history", r.history),
              Route("/assets/review.js", r.asset("review.js", "text/javascript; charset=utf-8")),
              Route("/assets/review.css", r.asset("review.css", "text/css; charset=utf-8")),
              Route("/favicon.ico", r.no_icon)]
    app = Starlette(routes=routes, exception_handlers={
        RequestError: r.request_error, TranslateError: r.library_error, HTTPException: r.http_error,
        _TooLarge: r.too_large, Exception: r.bug})
    return Guard(app, token=token, cookie=cookie_name(session.store_id), max_body=max_body)


def review_url(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={quote(token)}"
