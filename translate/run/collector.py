"""Python's cyclic garbage collector while a run works: run less often.

A run allocates millions of short-lived containers (the attention rows CTranslate2 hands over as lists,
each window's hypotheses and store rows) and keeps few of them; at the interpreter's default, a
collection of the youngest objects after every 700 such allocations, the collector took 1.5 s of the
main process's time on 20,000 sentences, 0.75 s of it in 16 full collections (0.37 s at
:data:`THRESHOLD`, none of them full). Memory is what it was: objects without reference cycles are
freed when their last reference goes, whatever the collector does.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Container allocations between two collections of the youngest generation while a run works.
THRESHOLD = 20_000


@contextmanager
def collecting_less() -> Iterator[None]:
    """Within the block, collect the youngest generation every :data:`THRESHOLD` allocations (unless
    the process collects less often already, or not at all); the thresholds as they were after it."""
    before = gc.get_threshold()
    if gc.isenabled():
        collect_less()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def collect_less() -> None:
    """Collect the youngest generation every :data:`THRESHOLD` allocations from now on, unless the
    process collects less often already (for a helper process, which does a run's work and nothing
    else, for the rest of its life)."""
    before = gc.get_threshold()
    if 0 < before[0] < THRESHOLD:
        gc.set_threshold(THRESHOLD, *before[1:])
