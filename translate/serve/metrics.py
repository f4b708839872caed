"""The server's numbers in Prometheus' text format (``GET /metrics``): requests by endpoint and status,
request latency, engine batch sizes and durations, the queue's depth, sentences translated, requests
cancelled because their client went away. Written by hand (a few counters do not need a client library);
every label value comes from a fixed set, so no client can grow the series without bound."""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from collections.abc import Callable

#: Latency buckets (seconds): a sentence alone on a small model up to a long article under load.
SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
#: Batch-size buckets (sentences in one engine call).
SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256)

PREFIX = "translate_serve_"


class Histogram:
    """Cumulative buckets, sum and count of observations, per label value."""

    def __init__(self, buckets: tuple[float, ...]) -> None:
        self.buckets = buckets
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0] * (len(buckets) + 1))
        self.sums: dict[str, float] = defaultdict(float)

    def observe(self, value: float, label: str = "") -> None:
        self.counts[label][bisect.bisect_left(self.buckets, value)] += 1
        self.sums[label] += value

    def lines(self, name: str, label_name: str) -> list[str]:
        out = []
        for label in sorted(self.counts):
            tag = f'{label_name}="{label}",' if label_name else ""
            running = 0
            for bound, count in zip((*self.buckets, float("inf")), self.counts[label]):
                running += count
                le = "+Inf" if bound == float("inf") else repr(float(bound))
                out.append(f'{name}_bucket{{{tag}le="{le}"}} {running}')
            plain = f"{{{tag.rstrip(',')}}}" if tag else ""
            out.append(f"{name}_sum{plain} {self.sums[label]:.6f}")
            out.append(f"{name}_count{plain} {running}")
        return out


class Metrics:
    """Everything ``/metrics`` shows. Safe to update from the worker threads (one lock)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: dict[tuple[str, int], int] = defaultdict(int)
        self.latency = Histogram(SECONDS)
        self.batch_sentences = Histogram(SIZES)
        self.batch_seconds = Histogram(SECONDS)
        self.sentences = 0
        self.characters = 0
        self.cancelled = 0
        self.in_flight = 0
        #: Read when rendered: the queue's sentences and requests waiting for an engine slot.
        self.queue_sentences: Callable[[], int] = lambda: 0
        self.queue_requests: Callable[[], int] = lambda: 0
        self.slots_busy: Callable[[], int] = lambda: 0
        self.slots: int = 0

    def request(self, endpoint: str, status: int, seconds: float) -> None:
        with self.lock:
            self.requests[(endpoint, status)] += 1
            self.latency.observe(seconds, endpoint)

    def batch(self, sentences: int, seconds: float) -> None:
        with self.lock:
            self.batch_sentences.observe(sentences)
            self.batch_seconds.observe(seconds)
            self.sentences += sentences

    def render(self) -> str:
        p = PREFIX
        with self.lock:
            lines = [f"# HELP {p}requests_total HTTP requests answered, by endpoint and status.",
                     f"# TYPE {p}requests_total counter"]
            lines += [f'{p}requests_total{{endpoint="{e}",status="{s}"}} {n}'
                      for (e, s), n in sorted(self.requests.items())]
            lines += [f"# HELP {p}request_seconds Time from a request's arrival to its answer.",
                      f"# TYPE {p}request_seconds histogram", *self.latency.lines(f"{p}request_seconds", "endpoint")]
            lines += [f"# HELP {p}batch_sentences Sentences in one engine call.",
                      f"# TYPE {p}batch_sentences histogram", *self.batch_sentences.lines(f"{p}batch_sentences", "")]
            lines += [f"# HELP {p}batch_seconds Duration of one engine call (glossary and scoring included).",
                      f"# TYPE {p}batch_seconds histogram", *self.batch_seconds.lines(f"{p}batch_seconds", "")]
            scalars = [
                ("sentences_total", "counter", "Sentences translated.", self.sentences),
                ("characters_total", "counter", "Characters of text received for translation.", self.characters),
                ("cancelled_total", "counter", "Requests whose client went away before the answer.", self.cancelled),
                ("in_flight_requests", "gauge", "Translation requests being answered.", self.in_flight),
                ("queue_sentences", "gauge", "Sentences waiting for an engine slot.", self.queue_sentences()),
                ("queue_requests", "gauge", "Requests with sentences waiting for an engine slot.", self.queue_requests()),
                ("slots_busy", "gauge", "Engine slots decoding now.", self.slots_busy()),
                ("slots", "gauge", "Engine slots (replicas times the batches each decodes at once).", self.slots),
            ]
        for name, kind, text, value in scalars:
            lines += [f"# HELP {p}{name} {text}", f"# TYPE {p}{name} {kind}", f"{p}{name} {value}"]
        return "\n".join(lines) + "\n"
