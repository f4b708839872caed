"""A hypothesis' source–target attention as an engine that keeps it outside Python gives it: read into
Python only when asked, and for word links only the strongest source piece of each target piece.

CTranslate2 holds a translation's attention in C++ and builds Python lists of floats at every reading;
turning them into a normalized NumPy matrix for each of a run's sentences cost more than the engine's
own decoding of a tiny model. Word links need only each row's strongest source piece, which the
lists give directly; the matrix (what the glossary's repair reads, for sentences with hits) is built
when first asked for.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any

Rows = Sequence[Sequence[float]]


class Attention:
    """For each of ``pieces`` target pieces, its attention over ``source`` (the source's pieces):
    ``read()`` gives the engine's rows (one per target piece, possibly longer than the source: padding
    columns, ignored; not necessarily summing to one). As a sequence (``len``, indexing, iteration,
    ``numpy.asarray``) it is the matrix of rows renormalized over the source's pieces."""

    __slots__ = ("_read", "pieces", "source", "_matrix")

    def __init__(self, read: Callable[[], Rows], pieces: int, source: Sequence[str]) -> None:
        self._read = read
        self.pieces = pieces
        self.source = source
        self._matrix: Any = None

    def strongest(self, special: frozenset[str] | set[str]) -> list[int]:
        """For each target piece, the source piece it attends to most among those not in ``special``
        (the last of equals; ``-1`` where every source piece is special), read from the engine's rows
        (a run asks once a translation; the matrix is not built for it)."""
        return strongest(self._read()[: self.pieces], self.source, special)

    def matrix(self) -> Any:
        """The rows cut to the source's pieces and renormalized over them (a row of zeros kept), as a
        NumPy matrix; built once."""
        if self._matrix is None:
            matrix = normalized(as_matrix(self._read()[: self.pieces], len(self.source)))
            if not len(matrix):
                import numpy as np

                matrix = np.zeros((0, len(self.source)))
            self._matrix = matrix
        return self._matrix

    def __len__(self) -> int:
        return self.pieces

    def __getitem__(self, index: Any) -> Any:
        return self.matrix()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.matrix())

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        matrix = self.matrix()
        return matrix if dtype is None else matrix.astype(dtype)

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent to another process (a Ray worker's results): as the matrix, which needs no engine there.
        return (_fixed, (self.matrix(), self.pieces, tuple(self.source)))


def _fixed(matrix: Any, pieces: int, source: Sequence[str]) -> Attention:
    attention = Attention(lambda: matrix, pieces, source)
    attention._matrix = matrix
    return attention


def strongest(rows: Rows, source: Sequence[str], special: frozenset[str] | set[str]) -> list[int]:
    """For each row, the index of the source piece with the highest weight among those not in
    ``special``, the last of equals (``-1`` when there is none). Rows as Python lists are read in C:
    a reversed slice, ``max`` and ``index`` a row."""
    if hasattr(rows, "tolist"):  # a NumPy matrix (another engine's): its rows as lists, in C
        rows = rows.tolist()
    plain = [j for j, piece in enumerate(source) if piece not in special]
    if not plain:
        return [-1] * len(rows)
    low, high = plain[0], plain[-1] + 1
    if high - low == len(plain) and rows and min(map(len, rows)) >= high:
        # The usual case: special pieces only at the ends (a language code first, </s> last); each row
        # reversed and read by max and index (list's or tuple's), all in C.
        reversed_plain = slice(high - 1, low - 1 if low else None, -1)
        backwards = list(map(operator.getitem, rows, itertools.repeat(reversed_plain)))
        found = map(type(backwards[0]).index, backwards, map(max, backwards))
        return list(map(operator.sub, itertools.repeat(high - 1), found))
    last_first = plain[::-1]
    return [max((j for j in last_first if j < len(row)), key=row.__getitem__, default=-1) for row in rows]


def as_matrix(rows: Rows, width: int) -> Any:
    """``rows`` cut to their first ``width`` columns, as a NumPy matrix (rows of one length, as
    CTranslate2 gives them, are converted whole, then cut: a quarter faster than cutting each list)."""
    import numpy as np

    if not len(rows):
        return ()
    try:
        return np.asarray(rows, dtype=np.float64)[:, :width]
    except ValueError:  # rows of different lengths
        return np.asarray([row[:width] for row in rows], dtype=np.float64)


def normalized(matrix: Any) -> Any:
    """Each row of the float matrix divided by its sum (summed left to right, as Python's ``sum``), a
    row of zeros kept; in place (a new matrix for each step of the division would double the time)."""
    import numpy as np

    if len(matrix) == 0:
        return ()
    if matrix.shape[1]:
        totals = np.cumsum(matrix, axis=1)[:, -1:]
        np.divide(matrix, totals, out=matrix, where=totals > 0)
    return matrix
