"""Serving the review app: a socket bound first (port 0 picks a free one, so the URL is known before
serving), a fresh random token per session, uvicorn on that socket until Ctrl+C."""

from __future__ import annotations

import ipaddress
import secrets
import socket
from pathlib import Path

from ..errors import ConfigError
from ..run.review import ReviewSession
from .app import MAX_BODY, create_app, review_url


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ReviewServer:
    """The review app of ``outdir`` bound to ``host:port``; :attr:`url` carries the session token. Request
    bodies over ``max_body`` bytes get 413."""

    def __init__(self, outdir: str | Path, *, host: str = "127.0.0.1", port: int = 0, author: str | None = None,
                 max_body: int = MAX_BODY) -> None:
        if max_body < 1024:
            raise ConfigError(f"the request body limit must be at least 1024 bytes (an edit with its JSON), "
                              f"not {max_body}")
        self.max_body = max_body
        self.session = ReviewSession(outdir, author=author)
        self.token = secrets.token_urlsafe(24)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((host, port))
            self.socket.listen(64)  # connections wait in the queue until uvicorn serves them
        except OSError as exc:
            self.socket.close()
            self.session.close()
            raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port, or 0 "
                              "for any free one") from None
        self.host, self.port = host, self.socket.getsockname()[1]
        self.url = review_url(host, self.port, self.token)

    def app(self) -> object:
        return create_app(self.session, self.token, max_body=self.max_body)

    def server(self) -> object:
        """The uvicorn server (not started): :meth:`serve` runs it; a test may run it in a thread."""
        import uvicorn

        config = uvicorn.Config(self.app(), log_level="warning", access_log=False, server_header=False,
                                date_header=False)
        return uvicorn.Server(config)

    def serve(self) -> None:
        """Serve until interrupted (Ctrl+C); every edit is already in the store."""
        try:
            self.server().run(sockets=[self.socket])  # type: ignore[attr-defined]
        finally:
            self.close()

    def close(self) -> None:
        self.socket.close()
        self.session.close()
