"""Corpus building (``translate corpus build``): from document pairs to a clean, deduplicated, split
and published parallel dataset. :mod:`.config` holds the rules (TOML, with defaults), :mod:`.inputs`
finds the document pairs, :mod:`.store` is the build's SQLite store (resumable, bounded memory),
:mod:`.aligning` aligns and scores one document pair, :mod:`.filters` the composable rules, :mod:`.dedup` exact and MinHash near-duplicate removal,
:mod:`.build` the job, :mod:`.publish` the Parquet shards, Moses files, dataset card, statistics page
and manifest; :mod:`.cluster` aligns document pairs on Ray actors.

Sits beside :mod:`translate.run`: imports align, qe, export and text; only the CLI and the
evaluation import it.
"""
