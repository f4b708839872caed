"""Text in, sentences out: reading inputs (:mod:`.io`), Persian normalization with offsets
(:mod:`.normalize`), news sentence segmentation (:mod:`.segment`), English sentence splitting
(:mod:`.english`), the characters no output may carry (:mod:`.clean`), folding for search
(:mod:`.search`).

Imports only the bottom floor (records, errors, config); nothing here knows about models.
"""
