"""Batching the sentences of many requests into engine calls.

Every request's sentences join one queue (in arrival order; a request's glossary hits are matched
before, as one document, so its sentences may be split across engine calls and still read their
context). An engine slot that is free takes sentences from the head of the queue when it holds a fair
batch: the sentences in the system (queued and decoding) shared among the slots, or the recent
batches' size, at most a full batch (the engine's batch cap, or the padded token budget). Short of that
it waits up to half an engine call from the oldest queued sentence's arrival (the clients just answered
are sending again); with a fair batch on an idle engine it waits ``max_wait`` to gather the burst it may
be part of (so one client alone pays that much).
Random weights and real models alike decode a batch in about the time of its longest member, so small
batches waste the engine: measured with 16 clients, dispatching whatever had arrived after 10 ms made
most calls one or two sentences long, at 0.56× the throughput of batches of 16. When several slots are
free the queue is shared among them, so a CTranslate2 engine keeps all its workers busy (one batch each)
instead of decoding one batch while the other cores idle.

Engine calls run in worker threads (one per slot): the event loop stays free to read and answer
requests while the engine decodes. A request whose client goes away is cancelled: its sentences still
in the queue are dropped, and the results of those already decoding are thrown away.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from ..errors import PipelineError
from ..terms.glossary import Hit
from .metrics import Metrics
from .translator import Translated, Translator

logger = logging.getLogger(__name__)


class Closing(PipelineError):
    """The server is shutting down and takes no new work."""


class Job:
    """One request's sentences on their way through the queue."""

    __slots__ = ("sentences", "hits", "tokens", "results", "left", "queued", "future", "arrived", "cancelled")

    def __init__(self, sentences: Sequence[str], hits: Sequence[Sequence[Hit]], tokens: Sequence[int],
                 future: asyncio.Future[list[Translated]], arrived: float) -> None:
        self.sentences, self.hits, self.tokens = list(sentences), list(hits), list(tokens)
        self.results: list[Translated | None] = [None] * len(self.sentences)
        self.left = self.queued = len(self.sentences)
        self.future, self.arrived, self.cancelled = future, arrived, False


class Batcher:
    """The queue and the engine slots behind it. :meth:`start` inside the running event loop, then
    :meth:`translate` from request handlers; :meth:`close` finishes what is queued and stops."""

    def __init__(self, slots: Sequence[Translator], *, max_wait: float = 0.01, batch_sentences: int | None = None,
                 metrics: Metrics | None = None) -> None:
        if not slots:
            raise PipelineError("server bug: no engine slot to translate with")
        self.slots = list(slots)
        self.max_wait = max_wait
        self.cap = batch_sentences or self.slots[0].batch_cap
        self.budget = self.slots[0].decode.batch_tokens
        self.metrics = metrics or Metrics()
        self.metrics.slots = len(self.slots)
        self.metrics.queue_sentences = lambda: self.waiting
        self.metrics.queue_requests = lambda: len({id(job) for job, _ in self._queue if not job.cancelled})
        self.metrics.slots_busy = lambda: len(self.slots) - len(self._free)
        self.waiting = 0  # sentences in the queue whose request is still there
        self.decoding = 0  # sentences in engine calls now
        self.call_seconds = 0.0  # moving average of an engine call's duration
        self.batch_size = 0.0  # moving average of an engine call's sentences
        self._queue: deque[tuple[Job, int]] = deque()
        self._free: list[Translator] = list(reversed(self.slots))
        self._wake = asyncio.Event()
        self._closing = False
        self._task: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[None]] = set()  # engine calls in flight
        self._executor: ThreadPoolExecutor | None = None

    async def start(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=len(self.slots), thread_name_prefix="translate-engine")
        self._task = asyncio.get_running_loop().create_task(self._run(), name="translate-batcher")

    async def close(self) -> None:
        """Translate what is queued, wait for the engine calls in flight, stop."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task
        if self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        if self._executor is not None:
            self._executor.shutdown(wait=True)

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        return self.slots[0].count_tokens(sentences)

    def hits(self, sentences: Sequence[str]) -> list[list[Hit]]:
        return self.slots[0].hits(sentences)

    async def translate(self, sentences: Sequence[str], hits: Sequence[Sequence[Hit]] | None = None,
                        tokens: Sequence[int] | None = None) -> list[Translated]:
        """The translations of one request's sentences, in order. Cancelling the awaiting task (its
        client went away) takes the request's sentences out of the queue."""
        if not sentences:
            return []
        if self._closing or self._task is None:
            raise Closing("the server is shutting down: send the request again to another server")
        loop = asyncio.get_running_loop()
        job = Job(sentences, hits if hits is not None else self.hits(sentences),
                  tokens if tokens is not None else self.count_tokens(sentences), loop.create_future(), loop.time())
        self._queue.extend((job, k) for k in range(len(job.sentences)))
        self.waiting += len(job.sentences)
        self._wake.set()
        try:
            return await job.future  # type: ignore[return-value]
        except asyncio.CancelledError:
            self._cancel(job)
            raise

    def _cancel(self, job: Job) -> None:
        if job.cancelled or job.future.done() and not job.future.cancelled():
            return
        job.cancelled = True
        self.waiting -= job.queued
        job.queued = 0
        with self.metrics.lock:
            self.metrics.cancelled += 1
        self._wake.set()

    async def _sleep(self, timeout: float | None) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), timeout)
        except TimeoutError:
            pass
        self._wake.clear()

    def _prune(self) -> None:
        while self._queue and self._queue[0][0].cancelled:
            self._queue.popleft()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self._prune()
            if not self._queue:
                if self._closing and len(self._free) == len(self.slots):
                    return
                await self._sleep(None)
                continue
            if not self._free:
                await self._sleep(None)
                continue
            target = self._target()
            if not self._closing and not self._full():
                idle = len(self._free) == len(self.slots)
                # Short of a fair batch: wait for it (bounded); a fair batch on an idle engine: gather the
                # burst it may be part of for max_wait; a fair batch while another slot decodes: go.
                wait = self._patience() if self.waiting < target else self.max_wait if idle else 0.0
                delay = self._queue[0][0].arrived + wait - loop.time()
                if delay > 0:
                    await self._sleep(delay)
                    continue
            short = self.waiting < target and not self._full()
            share = self.cap if self._full() else max(target, math.ceil(self.waiting / len(self._free)))
            items = self._take(max(1, min(self.cap, share)))
            if short or not self.batch_size:  # waited for clients who did not come: stop expecting them
                self.batch_size = float(len(items))
            else:
                self.batch_size = 0.8 * self.batch_size + 0.2 * len(items)
            slot = self._free.pop()
            self.decoding += len(items)
            task = loop.create_task(self._call(slot, items))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    def _target(self) -> int:
        """A fair batch, at most a full one: the sentences in the system (queued and decoding) shared
        among the slots, or the recent batches' size (clients just answered are sending again, but are
        not in the system yet). With 16 clients and 2 slots, 8: a slot that comes free
        waits for the clients it answered instead of decoding the first one back alone (a small batch
        costs nearly what a full one does, so throughput would fall apart)."""
        fair = math.ceil((self.waiting + self.decoding) / len(self.slots))
        return max(1, min(self.cap, max(fair, round(self.batch_size))))

    def _patience(self) -> float:
        """How long the oldest queued sentence may wait for a fair batch: half a recent engine call, at
        least ``max_wait``. A client gone for good costs at most that, once: a batch that left short
        sets the recent batch size to its own (so one client left after a load waits once, not on)."""
        return max(self.max_wait, 0.5 * self.call_seconds)

    def _full(self) -> bool:
        """The queue holds at least one full batch (sentences or padded tokens)."""
        if self.waiting >= self.cap:
            return True
        longest = n = 0
        for job, k in self._queue:
            if job.cancelled:
                continue
            longest, n = max(longest, job.tokens[k]), n + 1
            if longest * n > self.budget:
                return True
        return False

    def _take(self, most: int) -> list[tuple[Job, int]]:
        """Up to ``most`` sentences from the head of the queue, within the padded token budget (one
        sentence longer than the budget goes alone)."""
        items: list[tuple[Job, int]] = []
        longest = 0
        while self._queue and len(items) < most:
            job, k = self._queue[0]
            if job.cancelled:
                self._queue.popleft()
                continue
            size = max(longest, job.tokens[k])
            if items and size * (len(items) + 1) > self.budget:
                break
            self._queue.popleft()
            job.queued -= 1
            self.waiting -= 1
            items.append((job, k))
            longest = size
        return items

    async def _call(self, slot: Translator, items: list[tuple[Job, int]]) -> None:
        loop = asyncio.get_running_loop()
        texts = [job.sentences[k] for job, k in items]
        hits = [job.hits[k] for job, k in items]
        started = time.perf_counter()
        try:
            results = await loop.run_in_executor(self._executor, slot.translate, texts, hits)
        except Exception as exc:  # the engine failed: every request of the batch gets the error
            logger.exception("engine call of %d sentences failed", len(items))
            for job, _ in items:
                if not job.future.done():
                    job.future.set_exception(exc)
        else:
            seconds = time.perf_counter() - started
            self.metrics.batch(len(items), seconds)
            self.call_seconds = seconds if not self.call_seconds else 0.8 * self.call_seconds + 0.2 * seconds
            for (job, k), result in zip(items, results):
                job.results[k] = result
                job.left -= 1
                if job.left == 0 and not job.future.done():
                    job.future.set_result(job.results)
        finally:
            self.decoding -= len(items)
            self._free.append(slot)
            self._wake.set()
