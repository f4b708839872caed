"""Serving the app: a socket bound first (port 0 picks a free one, so the URL is known before serving),
uvicorn on it until SIGINT/SIGTERM. Shutting down is graceful: uvicorn stops accepting, answers every
request in flight (``graceful_timeout`` seconds at most), then the app's lifespan closes the batching
queue, which has translated everything it held by then."""

from __future__ import annotations

import socket
from typing import Any

from ..errors import ConfigError
from .app import create_app
from .batching import Batcher
from .metrics import Metrics
from .options import ServeOptions
from .translator import Translator


class TranslationServer:
    """``translate serve``'s server: the app over ``slots`` bound to ``host:port``."""

    def __init__(self, slots: list[Translator], options: ServeOptions = ServeOptions(), *, host: str = "127.0.0.1",
                 port: int = 5000, model: str = "", graceful_timeout: float = 30.0, backlog: int = 2048) -> None:
        self.options, self.graceful_timeout = options, graceful_timeout
        self.metrics = Metrics()
        self.batcher = Batcher(slots, max_wait=options.max_wait, batch_sentences=options.batch_sentences,
                               metrics=self.metrics)
        self.app = create_app(self.batcher, options, metrics=self.metrics, model=model)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((host, port))
            self.socket.listen(backlog)  # connections wait here until uvicorn serves them
        except OSError as exc:
            self.socket.close()
            raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port, or 0 "
                              "for any free one") from None
        self.host, self.port = host, self.socket.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{self.port}/"

    def server(self) -> Any:
        """The uvicorn server (not started): :meth:`serve` runs it; a test may run it in a thread."""
        import uvicorn

        config = uvicorn.Config(self.app, log_level="warning", access_log=False, server_header=False,
                                timeout_graceful_shutdown=self.graceful_timeout, lifespan="on",
                                log_config=None)
        return uvicorn.Server(config)

    def serve(self) -> None:
        """Serve until SIGINT or SIGTERM, then finish the requests in flight."""
        try:
            self.server().run(sockets=[self.socket])
        finally:
            self.close()

    def close(self) -> None:
        self.socket.close()
