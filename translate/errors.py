"""The error hierarchy. Bottom floor: imports nothing.

The library raises only these; the CLI turns them into one-line ``Error: …`` messages (exit 1).
Messages say what went wrong, where, and how to fix it.
"""

from __future__ import annotations


class TranslateError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(TranslateError):
    """An input file or stream cannot be read as Persian text."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # pickled as made (another process reads some inputs: its errors come back whole)
        return (type(self), (self.source, self.problem))


class GlossaryError(TranslateError):
    """A glossary file is malformed."""


class ModelError(TranslateError):
    """A model cannot be found, loaded or converted."""


class ConfigError(TranslateError):
    """Options that contradict each other or are out of range."""


class OutputError(TranslateError):
    """An output cannot be written."""


class PipelineError(TranslateError):
    """A stage broke one of its promises (a stream came out shorter than it went in, a sentence lost
    characters). This is a bug in persian-translate: the message says where, to be reported."""


class ClusterError(TranslateError):
    """Work sent to a Ray cluster failed for good (a worker raised, or Ray gave up on it): the message
    names what was lost, why, and what is left."""


class ConflictError(TranslateError):
    """A change to a reviewed pair was based on an older revision than the one stored: someone else
    changed it meanwhile. ``current`` is the pair as it is now (its English and revision)."""

    def __init__(self, where: str, current: object, problem: str = "") -> None:
        super().__init__(f"{where}: {problem or 'changed by someone else since you opened it; reload to see both'}")
        self.where = where
        self.current = current
