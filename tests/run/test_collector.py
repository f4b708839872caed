"""The collector's thresholds while a run works, and after."""

from __future__ import annotations

import gc

import pytest

from translate.run.collector import THRESHOLD, collecting_less


@pytest.fixture(autouse=True)
def _thresholds():
    before, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.set_threshold(*before)
    (gc.enable if enabled else gc.disable)()


def test_a_run_collects_less_often_and_leaves_the_thresholds_as_they_were() -> None:
    gc.set_threshold(700, 10, 10)
    with collecting_less():
        assert gc.get_threshold() == (THRESHOLD, 10, 10)
        with collecting_less():  # the run's export inside the run
            assert gc.get_threshold() == (THRESHOLD, 10, 10)
        assert gc.get_threshold() == (THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)
    with pytest.raises(RuntimeError), collecting_less():
        raise RuntimeError("a failed run")
    assert gc.get_threshold() == (700, 10, 10)


def test_a_process_that_collects_less_or_not_at_all_is_left_so() -> None:
    gc.set_threshold(50_000, 5, 5)
    with collecting_less():
        assert gc.get_threshold() == (50_000, 5, 5)
    gc.set_threshold(700, 10, 10)
    gc.disable()
    with collecting_less():
        assert gc.get_threshold() == (700, 10, 10) and not gc.isenabled()
    assert not gc.isenabled()
