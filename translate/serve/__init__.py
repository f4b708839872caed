"""The HTTP translation server (``translate serve``): LibreTranslate's API over the same engine, glossary
layers and quality estimation as ``translate run``, so LibreTranslate's clients, browser extensions and
CAT-tool connectors get this project's translations unchanged.

One concept per module:

- :mod:`.options`: the server's limits and batching settings (:class:`ServeOptions`);
- :mod:`.texts`: a request's text into lines of sentences, and the translations back into its text;
- :mod:`.translator`: one engine replica's worker: sentences in, translations with glossary reports and
  verdicts out;
- :mod:`.batching`: the queue that batches sentences of many requests into engine calls;
- :mod:`.limits`: API keys, requests per minute, the request body limit;
- :mod:`.metrics`: Prometheus counters and histograms;
- :mod:`.access`: the structured (JSON) access log and request metrics;
- :mod:`.files`: translated files kept for download (``/translate_file``);
- :mod:`.openapi`: the OpenAPI description served at ``/spec``;
- :mod:`.app`: the Starlette app (routes, request parsing, JSON errors);
- :mod:`.server`: the socket and uvicorn, with graceful shutdown.

Nothing is imported at package import: Starlette and the engine load when a server is built.
"""
