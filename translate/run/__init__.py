"""The jobs, composed from the stages below: a run over documents (:mod:`.pipeline`, with
:mod:`.pairs` composing each document's stages, :mod:`.memory` the translation memory,
:mod:`.manifest` the signature and manifest, :mod:`.stats` counts and times), translating lines
(:mod:`.lines`) and scoring given pairs (:mod:`.scoring`).

The top of the library: imports every room below it, and is imported only by the CLI.
"""
