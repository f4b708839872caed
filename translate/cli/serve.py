"""``translate serve``: a LibreTranslate-compatible HTTP translation server."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from ..config import DecodeOptions, EngineConfig, EnforceOptions
from .common import CONTEXT, decode_options, glossary_option, matcher_of, model_options, terms_options


class _JsonLines(logging.Formatter):
    """The access log's records are JSON already; other records become JSON objects too."""

    def format(self, record: logging.LogRecord) -> str:
        import json

        if record.name == "translate.serve.access":
            return record.getMessage()
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname.lower(),
                 "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


@click.command(name="serve", context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface; put a TLS proxy in front).")
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True,
              help="Port (LibreTranslate's default; 0: any free one).")
@model_options
@decode_options
@glossary_option(required=False)
@terms_options
@click.option("--no-normalize", is_flag=True, help="Give the model the text as written (no Persian normalization).")
@click.option("--char-limit", type=click.IntRange(1), metavar="N",
              help="Most characters of text in one request (default: no limit; LibreTranslate's option).")
@click.option("--batch-limit", type=click.IntRange(1), metavar="N",
              help="Most texts in one request's q list (default: no limit; LibreTranslate's option).")
@click.option("--req-limit", type=click.IntRange(1), metavar="N",
              help="Requests per minute per API key, or per client address without one (default: no limit).")
@click.option("--api-key", "api_keys", multiple=True, metavar="KEY",
              help="Ask every request for this API key (repeat for several).")
@click.option("--api-keys-file", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="API keys, one a line (# comments); with --api-key, either is accepted.")
@click.option("--cors", multiple=True, metavar="ORIGIN",
              help="Let browser pages from ORIGIN call the server (repeat; * for any). Default: no CORS headers.")
@click.option("--max-body", type=click.IntRange(1024), default=2 * 1024 * 1024, show_default=True, metavar="BYTES",
              help="Largest request body; a larger one gets 413 before it is read.")
@click.option("--max-wait-ms", type=click.FloatRange(0, 10_000), default=10.0, show_default=True, metavar="MS",
              help="How long a queued sentence waits for others to share its engine call.")
@click.option("--batch-sentences", type=click.IntRange(1), metavar="N",
              help="Most sentences in one engine call (default: the engine's batch for the decoding options).")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, metavar="N",
              help="Engine replicas in this process (each loads the model; the CPU threads are shared among them). "
                   "On CPU one replica already decodes a batch per core.")
@click.option("--graceful-timeout", type=click.FloatRange(0), default=30.0, show_default=True, metavar="SECONDS",
              help="On SIGINT/SIGTERM, how long requests in flight may take to finish.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="One JSON object per request on stderr.")
@click.pass_obj
def serve_command(obj: dict[str, Any], host: str, port: int, engine: EngineConfig, decode: DecodeOptions,
                  glossaries: tuple[str, ...], enforce: EnforceOptions, no_normalize: bool, char_limit: int | None,
                  batch_limit: int | None, req_limit: int | None, api_keys: tuple[str, ...], api_keys_file: str | None,
                  cors: tuple[str, ...], max_body: int, max_wait_ms: float, batch_sentences: int | None, workers: int,
                  graceful_timeout: float, access_log: bool) -> None:
    """Serve translations over HTTP with LibreTranslate's API.

    LibreTranslate's clients (libretranslatepy, browser extensions, CAT-tool connectors) work
    unchanged: POST /translate (JSON or form: q, source fa|auto, target en, format, api_key),
    GET /languages, POST /translate_file, POST /detect, GET /health; GET /metrics for Prometheus
    and GET /spec for the OpenAPI description. Answers also carry each text's quality verdict,
    its glossary terms (enforced and missing) and its sentences. Requests from many clients are
    batched together into engine calls.

    \b
    Examples:
      translate serve -g glossaries/news-fa-en.tsv
      translate serve --model opus-mt-iir-en --beam 1 --port 5000 --char-limit 5000
      translate serve --host 0.0.0.0 --api-keys-file keys.txt --req-limit 60 --cors https://example.org
      curl -s localhost:5000/translate -H 'Content-Type: application/json' \\
           -d '{"q": "سلام دنیا", "source": "fa", "target": "en"}'

    Logs are JSON lines on stderr. SIGINT or SIGTERM stops accepting and answers every request
    in flight before exiting.
    """
    from ..serve.limits import read_keys
    from ..serve.options import ServeOptions
    from ..serve.server import TranslationServer
    from ..serve.translator import open_translators

    keys = list(api_keys) + (read_keys(api_keys_file) if api_keys_file else [])
    options = ServeOptions(char_limit=char_limit, batch_limit=batch_limit, max_body=max_body, req_limit=req_limit,
                           api_keys=frozenset(keys), cors=cors, max_wait=max_wait_ms / 1000,
                           batch_sentences=batch_sentences)
    _json_logs(obj, access_log)
    matcher = matcher_of(glossaries)
    slots = open_translators(engine, decode, matcher=matcher, enforce=enforce, normalize=not no_normalize,
                             replicas=workers)
    server = TranslationServer(slots, options, host=host, port=port, model=engine.model,
                               graceful_timeout=graceful_timeout)
    click.echo(server.url, err=False)  # the first line of stdout: where to send requests
    sys.stdout.flush()
    logging.getLogger("translate.serve").info("serving %s on %s with %d engine slot(s)", engine.model, server.url,
                                              len(slots))
    server.serve()


def _json_logs(obj: dict[str, Any], access_log: bool) -> None:
    """Every log record as one JSON line on stderr; the access log at INFO unless turned off."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonLines())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    access = logging.getLogger("translate.serve.access")
    access.setLevel(logging.INFO if access_log and not obj.get("quiet") else logging.WARNING)
    if not obj.get("quiet"):
        logging.getLogger("translate.serve").setLevel(min(logging.INFO, logging.getLogger("translate").level or logging.INFO))
