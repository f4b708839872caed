"""Translation models: aliases, resolution to local files, download, and CTranslate2 conversion.

Nothing here downloads unless :func:`pull` is called: resolving a model only looks at local
directories and the standard Hugging Face cache (``$HF_HOME``, by default ``~/.cache/huggingface``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..config import DEFAULT_MODEL, cache_root
from ..errors import ModelError

__all__ = ["ALIASES", "DEFAULT_MODEL", "ModelSpec", "ResolvedModel", "convert", "describe", "hub_unreachable", "pull",
           "resolve"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """What the project knows about a model: where it lives and how to drive it."""

    name: str
    repo_id: str
    arch: str  # "nllb" (M2M100 with language codes) or "marian"
    licence: str
    src_lang: str | None = None  # NLLB language codes; None for single-pair Marian models
    tgt_lang: str | None = None
    max_input_tokens: int = 200
    description: str = ""


ALIASES: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec("nllb-600m", "facebook/nllb-200-distilled-600M", "nllb", "CC-BY-NC-4.0", "pes_Arab",
                  "eng_Latn", 200, "NLLB-200 distilled 600M (FLORES-200 fa→en chrF++ 57.7); the default"),
        ModelSpec("nllb-1.3b", "facebook/nllb-200-distilled-1.3B", "nllb", "CC-BY-NC-4.0", "pes_Arab",
                  "eng_Latn", 200, "NLLB-200 distilled 1.3B (chrF++ 60.4)"),
        ModelSpec("nllb-3.3b", "facebook/nllb-200-3.3B", "nllb", "CC-BY-NC-4.0", "pes_Arab", "eng_Latn",
                  200, "NLLB-200 3.3B (chrF++ 60.9)"),
        ModelSpec("opus-mt-iir-en", "Helsinki-NLP/opus-mt-iir-en", "marian", "Apache-2.0", None, None, 256,
                  "OPUS-MT Indo-Iranian→English, Marian base (commercial use allowed)"),
        ModelSpec("opus-mt-bible-big-iir-en", "Helsinki-NLP/opus-mt-tc-bible-big-iir-en", "marian",
                  "Apache-2.0", None, None, 256, "OPUS-MT Tatoeba Challenge big Indo-Iranian→English"),
    )
}


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    """A model found on disk."""

    spec: ModelSpec
    path: Path
    revision: str | None = None

    @property
    def id(self) -> str:
        return self.spec.repo_id

    def fingerprint(self) -> str:
        """What the model's files are: the Hub revision of a downloaded model; for a local folder,
        ``local-`` and a hash of its files' names, sizes and modification times and of the contents of
        its small files (configs, tokenizers), so a changed folder never serves old translations."""
        if self.revision:
            return self.revision
        return "local-" + _folder_hash(self.path)

    def content_fingerprint(self) -> str:
        """What the model's files hold, the same on every machine that has a copy: the Hub revision,
        or a hash of a local folder's file names, sizes and small files' contents (no modification
        times: a copy made with ``rsync``/``scp`` has others). Ray replicas compare it with the driver's."""
        if self.revision:
            return self.revision
        return "local-" + _folder_hash(self.path, times=False)


def _folder_hash(path: Path, times: bool = True) -> str:
    digest = hashlib.sha1()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        stat = file.stat()
        mtime = stat.st_mtime_ns if times else 0
        digest.update(f"{file.relative_to(path).as_posix()}|{stat.st_size}|{mtime}\n".encode())
        if stat.st_size <= 1 << 20:
            digest.update(hashlib.sha1(file.read_bytes()).digest())
    return digest.hexdigest()[:12]


def _guess_arch(path: Path) -> str:
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: no readable config.json ({exc}); is this a transformers model folder?") from None
    model_type = config.get("model_type", "")
    if model_type == "m2m_100":
        return "nllb"
    if model_type == "marian":
        return "marian"
    return model_type or "seq2seq"


def _local_spec(path: Path, name: str) -> ModelSpec:
    arch = _guess_arch(path)
    info_file = path / "translate-test-model.json"
    licence = "unknown (see the model's card)"
    if info_file.is_file():
        licence = "test model (random weights)"
    nllb = arch == "nllb"
    return ModelSpec(name, name, arch, licence, "pes_Arab" if nllb else None, "eng_Latn" if nllb else None,
                     200 if nllb else 256, "local model directory")


def offline() -> bool:
    """Whether the Hugging Face hub may not be reached (``HF_HUB_OFFLINE=1``, the hub's own switch)."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


#: How long the one probe of the hub may take before a missing model is declared out of reach.
HUB_PROBE_SECONDS = 3.0


def hub_endpoint() -> str:
    """The Hugging Face hub this machine downloads from (``HF_ENDPOINT``, by default huggingface.co)."""
    from huggingface_hub import constants

    return (os.environ.get("HF_ENDPOINT") or constants.ENDPOINT).rstrip("/")


def hub_unreachable(timeout: float | None = None) -> str | None:
    """Why the hub cannot be reached, or None when it answers: one HEAD request through the hub client's
    own session (its proxies and certificates), with no retry, bounded by ``timeout`` seconds in all
    (:data:`HUB_PROBE_SECONDS`; the bound covers a name lookup that hangs, which socket timeouts do not)."""
    import threading

    from huggingface_hub.utils import get_session

    limit = HUB_PROBE_SECONDS if timeout is None else timeout
    url = hub_endpoint()
    answer: list[str | None] = []

    def probe() -> None:
        try:
            status = get_session().head(url, timeout=limit).status_code
            answer.append(None if status < 500 else f"{url}: HTTP {status}")
        except Exception as exc:  # the client raises many kinds; all mean "no answer"
            reason = " ".join(str(exc).split())[:120] or type(exc).__name__
            answer.append(f"{url}: {reason}")

    thread = threading.Thread(target=probe, name="hub-probe", daemon=True)
    thread.start()
    thread.join(limit)
    return answer[0] if answer else f"{url}: no reply within {limit:g} s"


def _not_here(name: str, spec: ModelSpec, why: str) -> ModelError:
    """The error for a model that is neither on disk nor to be downloaded: what is missing, why, and the
    three ways on (a handful of lines, the first run's whole output on a machine without network)."""
    home = os.environ.get("HF_HOME", "~/.cache/huggingface")
    return ModelError(
        f"model {name!r} ({spec.repo_id}) is not downloaded and {why}.\n"
        "Three ways on:\n"
        f"  1. on a machine with network run 'translate models pull {name}', then copy its Hugging Face cache\n"
        f"     ({home}) to this machine, or point HF_HOME at the copy;\n"
        "  2. pass --model PATH, a model folder already on this machine;\n"
        "  3. try the pipeline with random weights (no real translation): 'translate models make-test-model\n"
        "     /tmp/test-model', then --model /tmp/test-model."
    )


def resolve(name: str, *, cache_dir: str | None = None, download: bool = False) -> ResolvedModel:
    """Find ``name`` — an alias, a local directory or a Hugging Face id — on disk. With ``download``
    (and the hub not switched off by ``HF_HUB_OFFLINE``), a Hub model that is not there is downloaded
    once into the standard cache, its licence logged first; otherwise, or when one quick probe finds
    the hub out of reach, a :class:`ModelError` says what is missing and the ways on.
    """
    path = Path(name).expanduser()
    if path.is_dir():
        return ResolvedModel(_local_spec(path, str(path)), path.resolve())
    if name not in ALIASES and ("/" not in name or name.startswith((".", "/", "~"))):
        known = ", ".join(ALIASES)
        raise ModelError(
            f"model {name!r} is neither a known alias ({known}), a Hugging Face id (org/name), "
            "nor an existing directory"
        )
    spec = ALIASES.get(name) or ModelSpec(name, name, "seq2seq", "unknown (see the model's card)")
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        local = Path(snapshot_download(spec.repo_id, local_files_only=True, cache_dir=cache_dir))
    except (LocalEntryNotFoundError, FileNotFoundError, OSError, ValueError):
        if download and not offline():
            return pull(name, cache_dir=cache_dir)
        why = "the hub is switched off (HF_HUB_OFFLINE or --offline)" if download else "this command does not download"
        raise _not_here(name, spec, why) from None
    if not (local / "config.json").is_file():
        raise ModelError(f"model {name!r} in {local} has no config.json: the download is incomplete; pull it again")
    if spec.arch == "seq2seq":
        spec = _local_spec(local, name)
    return ResolvedModel(spec, local, revision=local.name)


_PULL_PATTERNS = ["*.json", "*.safetensors", "*.model", "*.spm", "*.txt", "*.bin"]


def pull(name: str, *, cache_dir: str | None = None) -> ResolvedModel:
    """Download ``name`` into the Hugging Face cache (network needed). Prefers safetensors weights.

    The hub is probed once first (:func:`hub_unreachable`): without network this fails in seconds with
    the ways on, instead of the hub client's retries with back-off (about 25 s of warnings)."""
    spec = ALIASES.get(name) or ModelSpec(name, name, "seq2seq", "unknown")
    unreachable = hub_unreachable()
    if unreachable:
        raise _not_here(name, spec, f"the hub cannot be reached ({unreachable})")
    from huggingface_hub import list_repo_files, snapshot_download

    logger.warning("downloading %s (licence: %s) into the Hugging Face cache (%s), once; later runs use it",
                   spec.repo_id, spec.licence, os.environ.get("HF_HOME", "~/.cache/huggingface"))
    try:
        files = list_repo_files(spec.repo_id)
        patterns = list(_PULL_PATTERNS)
        if any(f.endswith(".safetensors") for f in files):
            patterns.remove("*.bin")  # no need for the pickled copy of the same weights
        snapshot_download(spec.repo_id, allow_patterns=patterns, cache_dir=cache_dir)
    except Exception as exc:  # the hub client raises many kinds; all mean "could not download"
        raise ModelError(f"could not download {spec.repo_id} ({exc}); on a machine without network, run "
                         f"'translate models pull {name}' elsewhere and copy the Hugging Face cache here, or pass "
                         "--model PATH to a local model directory") from None
    return resolve(name, cache_dir=cache_dir)


# --- CTranslate2 conversion ---------------------------------------------------------------------

def _model_key(path: Path, quantization: str, vmap: Path | None = None) -> str:
    """A key over the model's files (names, sizes, modification times), the quantization and the
    vocabulary map's name (which holds a hash of its pieces)."""
    import ctranslate2

    digest = hashlib.sha1(f"{path.resolve()}|{quantization}|ct2={ctranslate2.__version__}".encode())
    if vmap is not None:
        digest.update(f"|vmap={vmap.name}".encode())
    for file in sorted(p for p in path.iterdir() if p.is_file()):
        stat = file.stat()
        digest.update(f"|{file.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def ct2_cache_dir(model: ResolvedModel, quantization: str, vmap: Path | None = None) -> Path:
    """Where the CTranslate2 conversion of ``model`` lives: ``<cache>/ct2/NAME.ct2-QUANT-KEY``, the key
    covering the model's path, files, the quantization and the vocabulary map. Model folders are never
    written to (they may be shared or read-only)."""
    key = _model_key(model.path, quantization, vmap)
    # Hub models are named by their id, local folders by their folder name.
    name = model.spec.repo_id.replace("/", "--") if model.revision else model.path.name
    return cache_root() / "ct2" / f"{name}.ct2-{quantization}-{key}"


QUANTIZATIONS = ("int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32")


def convert(model: ResolvedModel, quantization: str = "int8", *, force: bool = False,
            vmap: Path | None = None) -> Path:
    """Convert ``model`` to CTranslate2 once; later calls return the cached conversion. ``vmap``, a
    vocabulary map file (:mod:`.vocabmap`), is stored with the conversion; translating with
    ``use_vmap`` then decodes over its pieces, without it over the whole vocabulary."""
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"unknown quantization {quantization!r}: choose one of {', '.join(QUANTIZATIONS)}")
    target = ct2_cache_dir(model, quantization, vmap)
    if (target / "model.bin").is_file() and not force:
        logger.info("using the CTranslate2 conversion in %s", target)
        return target
    import ctranslate2
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # the converter loads the model through transformers
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    logger.info("converting %s to CTranslate2 (%s) in %s", model.path, quantization, target)
    try:
        converter = ctranslate2.converters.TransformersConverter(str(model.path), load_as_float16=False)
        converter.convert(str(tmp / "model"), quantization=quantization, force=True,
                          vmap=str(vmap) if vmap is not None else None)
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp / "model", target)
    except Exception as exc:
        raise ModelError(f"{model.path}: CTranslate2 conversion ({quantization}) failed: {exc}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def describe(model: ResolvedModel) -> list[tuple[str, str]]:
    """What ``translate models info`` shows: where the model is, what it is, its licence and size."""
    config = json.loads((model.path / "config.json").read_text(encoding="utf-8"))
    spec = model.spec
    return [
        ("name", spec.name), ("hub id", spec.repo_id), ("path", str(model.path)),
        ("revision", model.revision or "-"), ("arch", f"{spec.arch} ({config.get('model_type')})"),
        ("licence", spec.licence), ("languages", f"{spec.src_lang or 'fa'} → {spec.tgt_lang or 'en'}"),
        ("max input tokens", str(spec.max_input_tokens)),
        ("d_model / layers", f"{config.get('d_model')} / {config.get('encoder_layers')}+{config.get('decoder_layers')}"),
        ("vocabulary", str(config.get("vocab_size"))),
        ("output map", _map_line(model)),
    ]


def _map_line(model: ResolvedModel) -> str:
    from . import vocabmap

    if not vocabmap.applies(model.spec.arch, model.spec.tgt_lang, model.path):
        return "none (the whole vocabulary is decoded)"
    vmap, _ = vocabmap.model_map(model.path, model.spec.tgt_lang, cache_root() / "vmap")
    classes = ", ".join(f"{k} {v:,}" for k, v in vmap.classes.items())
    return f"{len(vmap.pieces):,} of {vmap.vocabulary:,} pieces with ct2 ({classes}); --full-vocabulary turns it off"
