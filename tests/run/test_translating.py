"""The run's translation worker translates the next window while the driver stores the last one:
the results are those of one window at a time, progress is told a window at a time in the caller's
thread, and an engine's error reaches the caller at the window that failed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from translate.config import DecodeOptions, EnforceOptions
from translate.mt import open_engine
from translate.run.store import Place, StoredSentence
from translate.run.translating import Window, WindowTranslator
from translate.text.normalize import normalize_text

SENTENCES = ["تهران پایتخت ایران است.", "امروز هوا سرد بود.", "این خبر را رویترز منتشر کرد.",
             "دولت برنامهٔ تازه‌ای اعلام کرد.", "قیمت نفت بالا رفت.", "جلسه فردا برگزار می‌شود.",
             "او گفت که خسته است.", "بازار امروز آرام بود."]
DECODE = DecodeOptions(beam_size=1, max_length_ratio=0.5, return_attention=True)


def _windows(size: int) -> list[Window]:
    rows = [StoredSentence("d", i, Place(0, i), s, normalize_text(s), f"k{i}", []) for i, s in enumerate(SENTENCES)]
    return [Window(rows[k + size - 1 if k + size <= len(rows) else -1].place, len(rows[k:k + size]),
                   rows[k:k + size], 0) for k in range(0, len(rows), size)]


@pytest.fixture(scope="module")
def engine(tiny_models: dict[str, Path]):
    return open_engine("ct2", str(tiny_models["marian"]), threads=2)


def test_windows_translated_ahead_give_what_each_window_alone_gives(engine) -> None:
    translator = WindowTranslator(engine, None, DECODE, EnforceOptions())
    alone = [next(iter(translator.results([w]))) for w in _windows(3)]
    told: list[tuple[float, int, str]] = []  # (sentences, windows taken so far, thread)
    taken = 0

    def progress(n: float) -> None:
        told.append((n, taken, threading.current_thread().name))

    together = []
    for result in translator.results(_windows(3), progress):
        together.append(result)
        taken += 1
    assert together == alone
    assert [key for result in together for key, _ in result] == [f"k{i}" for i in range(len(SENTENCES))]
    assert all(t.alignment for result in together for _, t in result)  # word links drawn from the attention
    # every sentence told once, in this thread, and never a window's before the one before it was taken
    assert sum(n for n, _, _ in told) == pytest.approx(len(SENTENCES))
    assert {name for _, _, name in told} == {threading.current_thread().name}
    sizes = [len(w.todo) for w in _windows(3)]
    for k in range(len(sizes)):
        assert sum(n for n, at, _ in told if at <= k) <= sum(sizes[:k + 1]) + 1e-9


def test_an_engine_error_reaches_the_caller_at_its_window(engine) -> None:
    real = engine.translate
    calls = 0

    def failing_second(*args, **kwargs):  # a fault injected into the real engine: its second window fails
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("out of memory in the second window")
        return real(*args, **kwargs)

    engine.translate = failing_second
    try:
        results = WindowTranslator(engine, None, DECODE, EnforceOptions()).results(_windows(3))
        first = next(results)
        assert [key for key, _ in first] == ["k0", "k1", "k2"]
        with pytest.raises(RuntimeError, match="second window"):
            next(results)
    finally:
        engine.translate = real


def test_a_closed_translator_leaves_no_thread_behind(engine) -> None:
    """Closing the results (Ctrl-C, an error in the driver) ends the translating thread before it
    returns: a thread still inside CTranslate2 when the interpreter exits aborts the process."""
    results = WindowTranslator(engine, None, DECODE, EnforceOptions()).results(_windows(2))
    next(results)  # the second window is at work in the thread now
    results.close()
    assert not [t for t in threading.enumerate() if t.name == "translate-windows"]
