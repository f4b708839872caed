"""Output file names for documents: unique and deterministic for any set of inputs.

A document is named by its id (its path relative to the folder given, without the text suffix), with
``/`` written ``__`` so every output sits in one folder. Names that would collide — ``a.txt`` and
``a.md``, ``x/y.txt`` and ``x__y.txt``, names that differ only in case (a case-insensitive disk), the
corpus files' own name, a hidden name — get ``-2``, ``-3`` … in input order.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Names the run's own files use (``corpus.*``).
RESERVED = frozenset({"corpus", "held-back"})


def output_names(doc_ids: Sequence[str]) -> list[str]:
    """One output name per document id, in the same order."""
    taken: set[str] = set()
    names = []
    for doc_id in doc_ids:
        base = doc_id.removesuffix(".fa").replace("/", "__").strip() or "document"
        if base.startswith("."):
            base = "_" + base[1:]
        name, n = base, 1
        while name.casefold() in taken or name.casefold() in RESERVED:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.casefold())
        names.append(name)
    return names
