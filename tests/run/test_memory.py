"""Each stage's peak memory is its own (a stage that allocates less than the one before it reports
less), and the process's peak, which tools outside read, is left as it is."""

from __future__ import annotations

import sys
import time

import pytest

from translate.run.memory import StagePeaks, peak_mb, rss_mb


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory in use is read from /proc")
def test_each_stage_reports_its_own_peak_and_the_process_peak_stays() -> None:
    peaks = StagePeaks(interval=0.01)
    try:
        block = bytearray(300 * 1024 * 1024)  # 300 MB touched (zeroed) and held a moment, then freed
        for k in range(0, len(block), 4096):
            block[k] = 1
        time.sleep(0.1)
        del block
        first = peaks.lap()
        time.sleep(0.05)
        second = peaks.lap()
    finally:
        peaks.close()
    now = rss_mb()
    assert first is not None and second is not None and now is not None
    assert first - second > 250, (first, second)
    assert second < now + 20
    assert peak_mb() >= first - 1  # the kernel's high-water mark was not reset
