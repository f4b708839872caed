"""Each stage's peak memory is its own: after a reset, the high-water mark starts again from the
memory in use, so a stage that allocates less than an earlier one reports less."""

from __future__ import annotations

import sys

import pytest

from translate.run.memory import peak_mb, reset_peak


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the high-water mark is reset on Linux only")
def test_a_reset_forgets_an_earlier_peak() -> None:
    block = bytearray(300 * 1024 * 1024)  # 300 MB touched (zeroed), then freed
    for k in range(0, len(block), 4096):
        block[k] = 1
    high = peak_mb()
    del block
    assert reset_peak()
    after = peak_mb()
    assert high is not None and after is not None
    assert high - after > 250, (high, after)
