"""Alignment: sentences of a document and its translation (:mod:`.sentences`, the bead DP with its
anchors; :mod:`.documents`, pairing and aligning whole documents), words of a pair from a model's
attention (:mod:`.words`), and the sentence embeddings both use (:mod:`.embed`).

Imports the bottom floor, :mod:`translate.text`, :mod:`translate.mt` and :mod:`translate.qe`.
"""
