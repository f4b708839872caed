"""Machine translation: the engine protocol (:mod:`.engine`), the engines (:mod:`.ct2`, :mod:`.hf`)
and their tokenizers (:mod:`.tokenizer`), models (:mod:`.models`: aliases, resolution, conversion),
batching (:mod:`.batch`) and the translation stage (:mod:`.stream`).

Imports the bottom floor and :mod:`translate.text` only. Engines are opened by name with
:func:`open_engine`; the registry imports an engine's module (and its heavy libraries) only then.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from ..config import EngineConfig
from ..errors import ConfigError
from .engine import Engine

if TYPE_CHECKING:
    from .models import ResolvedModel

__all__ = ["ENGINES", "Engine", "open_engine"]

logger = logging.getLogger(__name__)

#: Engine name → ``module:Class``, imported when opened.
ENGINES = {
    "ct2": "translate.mt.ct2:CT2Engine",
    "hf": "translate.mt.hf:HFEngine",
}


def open_engine(name: str, model: str | ResolvedModel, *, device: str = "auto", threads: int | None = None,
                quantization: str | None = None, download: bool = True, full_vocabulary: bool = False) -> Engine:
    """Open engine ``name`` (``ct2`` or ``hf``) on ``model``: an alias, a Hugging Face id, a local
    folder (see :func:`translate.mt.models.resolve`; a missing Hub model is downloaded unless
    ``download`` is false or the hub is off) or an already resolved model. ``full_vocabulary`` keeps
    NLLB's whole output vocabulary on CTranslate2 (by default English output is decoded over the
    pieces English can use, :mod:`.vocabmap`)."""
    try:
        target = ENGINES[name]
    except KeyError:
        raise ConfigError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}") from None
    if isinstance(model, str):
        from .models import resolve

        model = resolve(model, download=download)
    logger.info("model %s at %s (%s)", model.id, model.path, model.spec.licence)
    module, _, cls = target.partition(":")
    engine: Engine = getattr(importlib.import_module(module), cls)(
        model, device=device, threads=threads, quantization=quantization, full_vocabulary=full_vocabulary)
    return engine


def open_configured(config: EngineConfig, model: ResolvedModel | None = None) -> Engine:
    """:func:`open_engine` from an :class:`~translate.config.EngineConfig` (``model`` when the caller
    has resolved it already)."""
    return open_engine(config.engine, model or config.model, device=config.device, threads=config.threads,
                       quantization=config.quantization, download=not config.offline,
                       full_vocabulary=config.full_vocabulary)
