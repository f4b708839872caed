"""Translation engines, loaded by name. The registry maps names to ``module:Class`` and imports
lazily, so heavy libraries load only when an engine is used."""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import ConfigError
from .base import DecodeOptions, Engine

__all__ = ["ENGINES", "DecodeOptions", "Engine", "load_engine"]

ENGINES = {
    "ct2": "translate.backends.ct2:CT2Engine",
    "hf": "translate.backends.hf:HFEngine",
}


def load_engine(name: str, model: Any, **options: Any) -> Engine:
    """Build engine ``name`` (``ct2`` or ``hf``) for a :class:`~translate.models.ResolvedModel`."""
    try:
        target = ENGINES[name]
    except KeyError:
        raise ConfigError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}") from None
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)(model, **options)
