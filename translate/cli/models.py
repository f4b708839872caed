"""``translate models``: list, download, convert and inspect translation models; build test models."""

from __future__ import annotations

import click

from .common import CONTEXT, Group


@click.group(name="models", cls=Group, context_settings=CONTEXT)
def models_group() -> None:
    """List, download, convert and inspect translation models.

    \b
    Examples:
      translate models list
      translate models pull nllb-600m            # needs network; fills the Hugging Face cache
      translate models convert nllb-600m --quantization int8
      translate models make-test-model --arch nllb /tmp/tiny-nllb
    """


@models_group.command(name="list", context_settings=CONTEXT)
def models_list() -> None:
    """The model aliases, their Hub ids and licences, and whether each is on this machine."""
    from ..errors import TranslateError
    from ..mt.models import ALIASES, resolve

    click.echo(f"{'alias':<26} {'arch':<7} {'licence':<13} {'here':<5} hub id")
    for name, spec in ALIASES.items():
        try:
            resolve(name)
            here = "yes"
        except TranslateError:
            here = "no"
        click.echo(f"{name:<26} {spec.arch:<7} {spec.licence:<13} {here:<5} {spec.repo_id}")
        click.echo(f"{'':<26} {spec.description}")


@models_group.command(name="pull", context_settings=CONTEXT)
@click.argument("name")
def models_pull(name: str) -> None:
    """Download model NAME (an alias or a Hub id) into the Hugging Face cache. Needs network."""
    from ..mt.models import pull

    resolved = pull(name)
    click.echo(f"{resolved.id} is in {resolved.path} (licence: {resolved.spec.licence})")


@models_group.command(name="convert", context_settings=CONTEXT)
@click.argument("name")
@click.option("--quantization", default="int8", show_default=True,
              help="int8 for CPU; int8_float16 or float16 for CUDA; float32 keeps full precision.")
@click.option("--force", is_flag=True, help="Convert again even when a cached conversion exists.")
def models_convert(name: str, quantization: str, force: bool) -> None:
    """Convert model NAME to CTranslate2 (done once; the ct2 engine reuses the cached result)."""
    from ..mt.models import convert, resolve

    click.echo(str(convert(resolve(name), quantization, force=force)))


@models_group.command(name="info", context_settings=CONTEXT)
@click.argument("name")
def models_info(name: str) -> None:
    """Where model NAME is, what it is, its licence and its size."""
    from ..mt.models import describe, resolve

    for key, value in describe(resolve(name)):
        click.echo(f"{key:<17} {value}")


@models_group.command(name="make-test-model", context_settings=CONTEXT)
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--arch", type=click.Choice(["marian", "nllb"]), default="marian", show_default=True)
@click.option("--size", type=click.Choice(["tiny", "marian-base", "nllb-600m"]), default="tiny", show_default=True,
              help="tiny for tests; the real architectures' sizes (random weights) for benchmarks.")
@click.option("--seed", type=int, default=0, show_default=True)
def models_make_test_model(out: str, arch: str, size: str, seed: int) -> None:
    """Build a random-weight model with real tokenizer files in OUT (deterministic; seconds for tiny).

    It translates nothing useful: it exists to drive the real engines in tests and benchmarks.
    """
    from ..testing.models import ARCH_SIZES, build_test_model

    if size not in ARCH_SIZES[arch]:
        raise click.UsageError(f"size {size!r} is not for arch {arch!r}; {arch} sizes: {', '.join(ARCH_SIZES[arch])}")
    click.echo(str(build_test_model(out, arch=arch, size=size, seed=seed)))
