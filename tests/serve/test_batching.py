"""The batching queue's logic: many requests share engine calls, a request's sentences come back in
order even when split across calls, a cancelled request leaves the queue, closing finishes the work.

A recording stand-in for the engine slot serves here (the queue's logic, not translation, is under
test); tests/serve/test_app.py drives the real engine through HTTP."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from typing import Any

import pytest

from translate.config import DecodeOptions
from translate.serve.batching import Batcher, Closing
from translate.serve.metrics import Metrics
from translate.serve.translator import Translated


class Slot:
    """Translates ``x`` into ``X:x`` after ``delay`` seconds, recording every call."""

    def __init__(self, calls: list[list[str]], *, delay: float = 0.0, cap: int = 8, tokens: int = 4096,
                 gate: threading.Event | None = None) -> None:
        self.calls, self.delay, self.batch_cap, self.gate = calls, delay, cap, gate
        self.decode = DecodeOptions(batch_tokens=tokens)
        self.lock = threading.Lock()

    def hits(self, sentences: Sequence[str]) -> list[list[Any]]:
        return [[] for _ in sentences]

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        return [len(s) for s in sentences]

    def translate(self, sentences: Sequence[str], hits: Any = None) -> list[Translated]:
        with self.lock:
            self.calls.append(list(sentences))
        if self.gate is not None:
            self.gate.wait(10)
        time.sleep(self.delay)
        return [Translated("X:" + s, "ok") for s in sentences]


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_concurrent_requests_share_one_engine_call() -> None:
    calls: list[list[str]] = []

    async def main() -> list[list[Translated]]:
        batcher = Batcher([Slot(calls, cap=32)], max_wait=0.05)
        await batcher.start()
        results = await asyncio.gather(*(batcher.translate([f"s{k}"]) for k in range(16)))
        await batcher.close()
        return results

    results = run(main())
    assert [r[0].text for r in results] == [f"X:s{k}" for k in range(16)]
    assert calls == [[f"s{k}" for k in range(16)]]  # one call, in arrival order


def test_a_full_batch_does_not_wait() -> None:
    calls: list[list[str]] = []

    async def main() -> float:
        batcher = Batcher([Slot(calls, cap=4)], max_wait=5.0)
        await batcher.start()
        t0 = time.perf_counter()
        await batcher.translate(["a", "b", "c", "d"])
        took = time.perf_counter() - t0
        await batcher.close()
        return took

    assert run(main()) < 1.0  # not the 5 s wait: the queue held a full batch
    assert calls == [["a", "b", "c", "d"]]


def test_a_request_split_across_calls_comes_back_in_order() -> None:
    calls: list[list[str]] = []

    async def main() -> list[Translated]:
        batcher = Batcher([Slot(calls, cap=3), Slot(calls, cap=3)], max_wait=0.0)
        await batcher.start()
        out = await batcher.translate([f"s{k}" for k in range(10)])
        await batcher.close()
        return out

    out = run(main())
    assert [r.text for r in out] == [f"X:s{k}" for k in range(10)]
    assert sorted(len(c) for c in calls) == [1, 3, 3, 3]


def test_a_short_queue_is_shared_among_free_slots() -> None:
    calls: list[list[str]] = []

    async def main() -> None:
        batcher = Batcher([Slot(calls, cap=32, delay=0.05), Slot(calls, cap=32, delay=0.05)], max_wait=0.02)
        await batcher.start()
        await asyncio.gather(*(batcher.translate([f"s{k}"]) for k in range(16)))
        await batcher.close()

    run(main())
    assert sorted(len(c) for c in calls) == [8, 8]  # both engine workers busy, not one batch of 16


def test_closed_loop_clients_keep_batches_fair() -> None:
    """16 clients that each send again 10–55 ms after an answer (longer than ``max_wait``: a network,
    a busy client), 2 slots: a slot that comes free waits for its clients instead of decoding whoever
    came back first alone."""
    calls: list[list[str]] = []

    async def client(batcher: Batcher, k: int) -> None:
        for n in range(4):
            await batcher.translate([f"c{k}-{n}"])
            await asyncio.sleep(0.01 + 0.003 * k)

    async def main() -> list[float]:
        batcher = Batcher([Slot(calls, cap=32, delay=0.2), Slot(calls, cap=32, delay=0.2)], max_wait=0.005)
        await batcher.start()
        await asyncio.gather(*(client(batcher, k) for k in range(16)))
        alone = []
        for n in range(3):  # then one client alone: it waits for company once, not on
            t0 = time.perf_counter()
            await batcher.translate([f"alone-{n}"])
            alone.append(time.perf_counter() - t0)
        await batcher.close()
        return alone

    alone = run(main())
    sizes = [len(c) for c in calls]
    assert sum(sizes) == 67 and len(sizes) <= 13, sizes  # 8 calls of 8 (dispatching the first back: 13+)
    assert all(seconds < 0.35 for seconds in alone[1:]), alone  # a 0.2 s call, no more waiting


def test_token_budget_bounds_a_call() -> None:
    calls: list[list[str]] = []

    async def main() -> None:
        batcher = Batcher([Slot(calls, cap=32, tokens=20)], max_wait=0.0)
        await batcher.start()
        await batcher.translate(["a" * 10, "b" * 10, "c" * 10, "d" * 30])
        await batcher.close()

    run(main())
    # padded size: 2 × 10 fits 20, a third does not; 30 is over the budget and goes alone
    assert calls == [["a" * 10, "b" * 10], ["c" * 10], ["d" * 30]]


def test_a_cancelled_request_leaves_the_queue() -> None:
    calls: list[list[str]] = []
    gate = threading.Event()
    metrics = Metrics()

    async def main() -> list[Translated]:
        batcher = Batcher([Slot(calls, cap=1, gate=gate)], max_wait=0.0, metrics=metrics)
        await batcher.start()
        first = asyncio.ensure_future(batcher.translate(["busy"]))
        await asyncio.sleep(0.05)  # the only slot is decoding "busy"
        gone = asyncio.ensure_future(batcher.translate(["gone1", "gone2"]))
        kept = asyncio.ensure_future(batcher.translate(["kept"]))
        await asyncio.sleep(0.05)
        assert batcher.waiting == 3
        gone.cancel()
        await asyncio.sleep(0.01)
        assert batcher.waiting == 1 and metrics.queue_sentences() == 1
        gate.set()
        out = await kept
        await first
        await batcher.close()
        return out

    out = run(main())
    assert out[0].text == "X:kept"
    assert calls == [["busy"], ["kept"]]  # the cancelled request's sentences never reached the engine
    assert metrics.cancelled == 1


def test_close_translates_what_is_queued_then_refuses() -> None:
    calls: list[list[str]] = []

    async def main() -> None:
        batcher = Batcher([Slot(calls, cap=2, delay=0.02)], max_wait=10.0)
        await batcher.start()
        pending = asyncio.ensure_future(batcher.translate(["a"]))
        await asyncio.sleep(0.01)
        await batcher.close()  # does not wait the 10 s: closing sends what is queued at once
        assert (await pending)[0].text == "X:a"
        with pytest.raises(Closing, match="shutting down"):
            await batcher.translate(["late"])

    t0 = time.perf_counter()
    run(main())
    assert time.perf_counter() - t0 < 5


def test_an_engine_failure_reaches_every_request_of_the_batch() -> None:
    class Broken(Slot):
        def translate(self, sentences: Sequence[str], hits: Any = None) -> list[Translated]:
            raise RuntimeError("CUDA out of memory")

    async def main() -> list[Any]:
        batcher = Batcher([Broken([], cap=8)], max_wait=0.02)
        await batcher.start()
        out = await asyncio.gather(batcher.translate(["a"]), batcher.translate(["b"]), return_exceptions=True)
        await batcher.close()
        return out

    out = run(main())
    assert [str(e) for e in out] == ["CUDA out of memory"] * 2


def test_metrics_count_batches() -> None:
    calls: list[list[str]] = []
    metrics = Metrics()

    async def main() -> None:
        batcher = Batcher([Slot(calls, cap=32)], max_wait=0.02, metrics=metrics)
        await batcher.start()
        await asyncio.gather(*(batcher.translate([f"s{k}", "t"]) for k in range(3)))
        await batcher.close()

    run(main())
    text = metrics.render()
    assert "translate_serve_sentences_total 6" in text
    assert "translate_serve_batch_sentences_count 1" in text
    assert 'translate_serve_batch_sentences_bucket{le="8.0"} 1' in text
    assert 'translate_serve_batch_sentences_bucket{le="4.0"} 0' in text
