"""Quality estimation: reference-free signals shared by the aligner and the scorer (:mod:`.signals`),
verdicts with their reasons (:mod:`.score`), reference metrics through sacrebleu (:mod:`.metrics`).

Imports the bottom floor and :mod:`translate.text` only; an embedder, when one is used, is passed in.
"""
