"""What every command shares: the group class that turns library errors into one-line messages, the
option groups (each parsed into one config object), output to stdout or an atomic file, and the
report of skipped inputs."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

import click

from ..config import (DEFAULT_LAYERS, DEFAULT_MODEL, EXECUTORS, SOURCE_LAYERS, ClusterOptions, DecodeOptions, EngineConfig,
                      EnforceOptions)
from ..errors import InputError, TranslateError
from ..mt import ENGINES
from ..terms.layers import LAYERS

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

log = logging.getLogger("translate.cli")


class Group(click.Group):
    """A group whose commands turn library errors into clean ``Error: …`` messages (exit 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TranslateError as exc:
            raise click.ClickException(str(exc)) from None


def _bundle(target: str, build: Callable[..., Any], names: tuple[str, ...],
            options: list[Callable[[Any], Any]]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator adding ``options`` to a command and handing it one ``target`` argument built from
    their values (``build(**values)``) instead of each value."""
    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kwargs[target] = build(**{name: kwargs.pop(name) for name in names})
            return func(*args, **kwargs)

        for option in reversed(options):
            wrapper = option(wrapper)
        return wrapper
    return decorator


@dataclass(frozen=True, slots=True)
class Inputs:
    """The ``INPUT...`` arguments with how to read them."""

    paths: tuple[str, ...]
    encoding: str | None
    strict: bool


input_options = _bundle("inputs", Inputs, ("paths", "encoding", "strict"), [
    click.argument("paths", nargs=-1, required=True, metavar="INPUT..."),
    click.option("--encoding", metavar="NAME",
                 help="Decode every input with this encoding instead of detecting it (utf-8, utf-16, cp1256 …)."),
    click.option("--strict", is_flag=True, help="Fail (exit 1) when any input cannot be read, instead of skipping it."),
])

model_options = _bundle("engine", EngineConfig, ("model", "engine", "device", "threads", "quantization", "offline",
                                                  "full_vocabulary"), [
    click.option("-m", "--model", default=DEFAULT_MODEL, show_default=True, metavar="NAME|PATH",
                 help="Model alias (see 'translate models list'), Hugging Face id, or local directory."),
    click.option("-e", "--engine", type=click.Choice(list(ENGINES)), default="ct2", show_default=True,
                 help="ct2: CTranslate2 (converted once, int8 on CPU; fastest). hf: transformers."),
    click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
                 help="auto uses a CUDA GPU when there is one."),
    click.option("--threads", type=click.IntRange(1), metavar="N",
                 help="CPU threads (default: all cores this process may use)."),
    click.option("--quantization", metavar="TYPE",
                 help="ct2 weights: int8 (CPU default), int8_float16 (CUDA default), float16, float32 …"),
    click.option("--offline", is_flag=True,
                 help="Never download: a model that is not here is an error (HF_HUB_OFFLINE=1 does the same). "
                      "Otherwise a missing Hub model is downloaded once into the Hugging Face cache."),
    click.option("--full-vocabulary", is_flag=True,
                 help="ct2 + NLLB: decode over all 256k pieces of the 200 languages instead of the pieces English "
                      "can use (the default: about 2x faster on CPU; see docs/translation.md)."),
])


@dataclass(frozen=True, slots=True)
class Executor:
    """``--executor`` and the cluster options that go with it."""

    name: str
    cluster: ClusterOptions


def _executor(executor: str, address: str | None, actors_per_node: int | None, cpus_per_actor: int | None,
              gpus_per_actor: float, object_store_memory: int | None) -> Executor:
    return Executor(executor, ClusterOptions(address=address, actors_per_node=actors_per_node,
                                             cpus_per_actor=cpus_per_actor, gpus_per_actor=gpus_per_actor,
                                             object_store_memory=object_store_memory))


executor_options = _bundle("executor", _executor, ("executor", "address", "actors_per_node", "cpus_per_actor",
                                                   "gpus_per_actor", "object_store_memory"), [
    click.option("--executor", type=click.Choice(list(EXECUTORS)), default="local", show_default=True,
                 help="local: this process. ray: translate on a Ray cluster, an engine replica per actor "
                      "(pip install -e '.[ray]'; see docs/ray.md).", ),
    click.option("--address", metavar="ADDR",
                 help="Ray cluster to join (host:port of 'ray start --head', or auto). Default: a private "
                      "cluster on this machine."),
    click.option("--actors-per-node", type=click.IntRange(1), metavar="N",
                 help="Engine replicas per node (default: one per CPU node, using all its cores as the local engine "
                      "does and loading the model once; one per GPU with --gpus-per-actor 1)."),
    click.option("--cpus-per-actor", type=click.IntRange(1), metavar="N",
                 help="CPU threads each replica decodes with (default: the node's CPUs shared among its replicas)."),
    click.option("--gpus-per-actor", type=click.FloatRange(0), default=0, show_default=True,
                 help="GPUs each replica holds (1: one replica per GPU; 0: CPU)."),
    click.option("--object-store-memory", type=click.IntRange(1), metavar="BYTES",
                 help="Object store of a private cluster (default: Ray's, 30% of memory)."),
])


def _decode(beam: int, max_length_ratio: float, no_repeat_ngram: int, batch_tokens: int) -> DecodeOptions:
    return DecodeOptions(beam_size=beam, max_length_ratio=max_length_ratio, no_repeat_ngram_size=no_repeat_ngram,
                         batch_tokens=batch_tokens)


decode_options = _bundle("decode", _decode, ("beam", "max_length_ratio", "no_repeat_ngram", "batch_tokens"), [
    click.option("-b", "--beam", type=click.IntRange(1), default=4, show_default=True, help="Beam size (1: greedy)."),
    click.option("--max-length-ratio", type=click.FloatRange(0.1), default=3.0, show_default=True,
                 help="Stop decoding at this many target tokens per source token (+10)."),
    click.option("--no-repeat-ngram", type=click.IntRange(0), default=0, show_default=True,
                 help="Forbid repeating any n-gram of this size (0: off)."),
    click.option("--batch-tokens", type=click.IntRange(1), default=4096, show_default=True,
                 help="Padded token budget of one batch."),
])


def glossary_option(required: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("-g", "--glossary", "glossaries", multiple=True, required=required,
                        type=click.Path(exists=True, dir_okay=False),
                        help="Glossary file: TSV, CSV or TBX (repeat for several); see 'translate glossary'.")


def _enforce(terms_source: str, strict_terms: bool, terms_layers: str) -> EnforceOptions:
    layers = tuple(x.strip() for x in terms_layers.split(",") if x.strip())
    unknown = [x for x in layers if x not in LAYERS]
    if unknown:
        raise click.BadParameter(f"unknown layers {unknown}; choose from {', '.join(LAYERS)}",
                                 param_hint="--terms-layers")
    return EnforceOptions.of(terms_source, strict=strict_terms, layers=layers)


_OTHER_LAYERS = [name for name in LAYERS if name not in SOURCE_LAYERS and name != "strict"]


terms_options = _bundle("enforce", _enforce, ("terms_source", "strict_terms", "terms_layers"), [
    click.option("--terms-source", type=click.Choice(["none", *SOURCE_LAYERS]), default="none", show_default=True,
                 help="Source-side glossary layer: " + "; ".join(f"{name}: {LAYERS[name].help}" for name in SOURCE_LAYERS)
                      + "."),
    click.option("--strict-terms", is_flag=True, help=f"Add the strict layer: {LAYERS['strict'].help}."),
    click.option("--terms-layers", default=",".join(DEFAULT_LAYERS), show_default=True, metavar="LIST",
                 help="Glossary layers after the source side, comma-separated, in the order they apply: "
                      + "; ".join(f"{name}: {LAYERS[name].help}" for name in _OTHER_LAYERS)
                      + " (see 'translate eval terms' for what each achieves)."),
])


@contextmanager
def output(path: str | None) -> Iterator[TextIO]:
    """stdout, or an atomically written file."""
    if path is None or path == "-":
        yield sys.stdout
        return
    from ..export.atomic import atomic_open

    with atomic_open(path) as handle:
        yield handle


def report_skipped(errors: list[InputError], read: int, strict: bool, quiet: bool = False) -> None:
    """List unreadable inputs on stderr; an error (exit 1) with ``--strict`` or when nothing was read."""
    if not errors or (quiet and read and not strict):
        return
    lines = "\n".join(f"  {e}" for e in errors)
    message = f"skipped {len(errors)} of {len(errors) + read} inputs:\n{lines}"
    if strict or read == 0:
        raise click.ClickException(message if read else f"no input could be read:\n{lines}")
    click.echo(f"Warning: {message}", err=True)


def matcher_of(glossaries: tuple[str, ...]) -> Any:
    """The glossary matcher of ``-g`` files, or ``None``."""
    from ..terms.glossary import load_glossary

    return load_glossary(glossaries).matcher() if glossaries else None


def scoring_engine(model: str | None, engine: str, skipped: str) -> Any:
    """The engine that forces given pairs through ``--model``, or ``None`` (saying what is skipped)."""
    if not model:
        click.echo(skipped, err=True)
        return None
    from ..mt import open_engine

    return open_engine(engine, model)
