"""Glossaries of names and titles: files, checks and matching in Persian (:mod:`.glossary`), finding
targets in English (:mod:`.check`), the sentence under enforcement (:mod:`.sentence`), the enforcement
layers and their registry (:mod:`.layers`), and the stage that translates with them (:mod:`.enforce`).

Imports the bottom floor, :mod:`translate.text`, :mod:`translate.mt` and :mod:`translate.align`
(word positions from attention).
"""
