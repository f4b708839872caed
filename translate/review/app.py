"""The review app as an ASGI application: the review page (the report's templates with actions), the
action endpoint, and the whole report for printing. Every request must carry the session's token
(first in the URL, then in a same-site cookie; actions also in a header, so another site cannot post
them), or gets 403."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from ..errors import ConfigError, TranslateError
from ..export.base import DocumentInfo, Summary
from ..export.report import ReportRenderer, navigation, summary_text
from ..export.view import macros, row
from ..run.review import DocumentProgress, ReviewSession

COOKIE = "translate_review"
#: Rows on one page of the app (whole documents are kept together).
PAGE_ROWS = 1000


class TokenGate(BaseHTTPMiddleware):
    """403 for any request without the session's token."""

    def __init__(self, app: Any, token: str) -> None:
        super().__init__(app)
        self.token = token

    def _valid(self, value: str | None) -> bool:
        return value is not None and secrets.compare_digest(value.encode(), self.token.encode())

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        in_url = self._valid(request.query_params.get("token"))
        if request.method != "GET":
            allowed = self._valid(request.headers.get("x-review-token"))
        else:
            allowed = in_url or self._valid(request.cookies.get(COOKIE))
        if not allowed:
            return PlainTextResponse("403: this review session needs its token: open the URL that "
                                     "'translate review' printed", status_code=403)
        response = await call_next(request)
        if in_url:
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
        return response


def pages(documents: list[DocumentProgress], size: int = PAGE_ROWS) -> list[list[int]]:
    """Document positions grouped into pages of about ``size`` rows (a document is never cut)."""
    out: list[list[int]] = [[]]
    rows = 0
    for n, doc in enumerate(documents):
        if out[-1] and rows + doc.sentences > size:
            out.append([])
            rows = 0
        out[-1].append(n)
        rows += doc.sentences
    return out


def _infos(documents: list[DocumentProgress]) -> list[DocumentInfo]:
    return [DocumentInfo(d.doc_id, d.name, Summary(d.sentences, d.verdicts, d.terms_landed, d.terms_total))
            for d in documents]


def _total(documents: list[DocumentProgress]) -> Summary:
    return Summary(sum(d.sentences for d in documents),
                   {v: sum(d.verdicts.get(v, 0) for d in documents) for v in ("ok", "review", "bad")},
                   sum(d.terms_landed for d in documents), sum(d.terms_total for d in documents))


def _pager(groups: list[list[int]], current: int) -> str:
    if len(groups) < 2:
        return ""
    links = " ".join(f'<a href="?page={k}"{" aria-current=page" if k == current else ""}>{k + 1}</a>'
                     for k in range(len(groups)))
    return f'<p class="pager">page {links}</p>'


def _page(session: ReviewSession, token: str, number: int) -> Iterator[str]:
    """The review page: every document of page ``number``, a row per pair, actions on."""
    m = macros()
    documents = session.documents()
    groups = pages(documents)
    number = max(0, min(number, len(groups) - 1))
    on_page = {n: k for k, group in enumerate(groups) for n in group}
    infos = _infos(documents)
    nav = navigation(infos, lambda n, d: f"?page={on_page[n - 1]}#doc-{n}",
                     {d.doc_id: d.reviewed for d in documents})
    reviewed = sum(d.reviewed for d in documents)
    yield str(m.head(session.settings.get("title", "persian-translate review"), session.signature, nav,
                     f"{summary_text(_total(documents))} · {reviewed} reviewed", app=True, token=token,
                     pager=_pager(groups, number)))
    for n in groups[number]:
        yield str(m.document(n + 1, infos[n].doc_id, summary_text(infos[n].summary)))
        for pair in session.pairs(infos[n].doc_id):
            yield str(m.row(row(pair), app=True))
        yield str(m.end_document())
    yield str(m.foot())


def create_app(session: ReviewSession, token: str) -> Starlette:
    """The review app over ``session``, gated by ``token``."""

    async def index(request: Request) -> Response:
        try:
            number = int(request.query_params.get("page", "0"))
        except ValueError:
            number = 0
        return HTMLResponse("".join(_page(session, token, number)))

    async def act(request: Request) -> Response:
        try:
            body = await request.json()
            doc, idx, action = str(body["doc"]), int(body["idx"]), str(body["action"])
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"error": "expected JSON with doc, idx and action"}, status_code=400)
        try:
            pair = _do(session, doc, idx, action, body.get("text"))
        except TranslateError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        progress = next((d for d in session.documents() if d.doc_id == doc), None)
        return JSONResponse({"row": str(macros().row(row(pair), app=True)),
                             "reviewed": progress.reviewed if progress else 0,
                             "sentences": progress.sentences if progress else 0})

    async def report(request: Request) -> Response:
        documents = session.documents()
        render = ReportRenderer(title=session.settings.get("title", "persian-translate review"),
                                signature=session.signature, documents=_infos(documents),
                                summary=_total(documents))

        def pieces() -> Iterator[str]:
            yield render.head()
            for info in _infos(documents):
                yield render.start_document(info)
                yield from (render.pair(p) for p in session.pairs(info.doc_id))
                yield render.end_document()
            yield render.foot()

        return StreamingResponse(pieces(), media_type="text/html; charset=utf-8")

    async def history(request: Request) -> Response:
        try:
            doc, idx = request.query_params["doc"], int(request.query_params["idx"])
        except (KeyError, ValueError):
            return JSONResponse({"error": "expected ?doc=…&idx=…"}, status_code=400)
        return JSONResponse(session.history(doc, idx))

    routes = [Route("/", index), Route("/api/act", act, methods=["POST"]), Route("/report", report),
              Route("/api/history", history)]
    return Starlette(routes=routes, middleware=[Middleware(TokenGate, token=token)])


def _do(session: ReviewSession, doc: str, idx: int, action: str, text: Any) -> Any:
    if action == "edit":
        return session.edit(doc, idx, str(text or ""))
    if action in ("approve", "reject"):
        return session.set_state(doc, idx, "approved" if action == "approve" else "rejected")
    if action == "reset":
        return session.set_state(doc, idx, "machine")
    if action == "undo":
        return session.undo(doc, idx)
    raise ConfigError(f"unknown action {action!r}: edit, approve, reject, reset or undo")


def review_url(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={quote(token)}"
