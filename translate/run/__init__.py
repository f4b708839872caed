"""The jobs, composed from the stages below: a run over documents (:mod:`.pipeline`: :mod:`.ingest`
reads the inputs into the run store, :mod:`.translating` translates across documents with the store as
translation memory, :mod:`.scoring` scores, :mod:`.exporting` writes every format from the store;
:mod:`.cluster` runs the translation stage on a Ray cluster; :mod:`.store` is the SQLite
store, :mod:`.lock` the output folder's lock, :mod:`.manifest` the signature and manifest, :mod:`.stats` counts and times), translating lines (:mod:`.lines`) and scoring given
pairs (:mod:`.scoring`).

The top of the library: imports every room below it, and is imported only by the CLI.
"""
