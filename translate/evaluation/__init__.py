"""Evaluations that produce figures: segmentation against gold boundaries (:mod:`.segment`), glossary
layers (:mod:`.terms`), quality estimation against corrupted pairs (:mod:`.qe`), sentence alignment
against gold beads (:mod:`.align`). The ``translate eval`` commands print them.

Imports every room of the library except :mod:`translate.run` and :mod:`translate.export`.
"""
