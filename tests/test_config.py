"""The option types: validated on construction, the CLI's shortcuts, the library's defaults."""

from __future__ import annotations

import pytest

from translate.config import DEFAULT_LAYERS, OFF, DecodeOptions, EngineConfig, EnforceOptions, RunConfig
from translate.errors import ConfigError


def test_decode_options_are_checked() -> None:
    with pytest.raises(ConfigError, match="between 1 and the beam size"):
        DecodeOptions(beam_size=2, num_hypotheses=3)
    with pytest.raises(ConfigError, match="beam size must be at least 1"):
        DecodeOptions(beam_size=0)
    assert DecodeOptions(max_length=100, max_length_ratio=2).length_limit(20) == 50
    assert DecodeOptions(max_length=40).length_limit(20) == 40


@pytest.mark.parametrize(("source", "strict", "layers", "expected"), [
    ("none", False, DEFAULT_LAYERS, ("nbest", "force", "repair")),
    ("replace", False, DEFAULT_LAYERS, ("replace", "nbest", "force", "repair")),
    ("placeholder", True, DEFAULT_LAYERS, ("placeholder", "nbest", "force", "repair", "strict")),
    ("none", False, ("strict", "repair"), ("repair", "strict")),
    ("none", False, ("placeholder", "repair"), ("placeholder", "repair")),
])
def test_cli_shortcuts_build_the_layer_list(source: str, strict: bool, layers: tuple[str, ...],
                                            expected: tuple[str, ...]) -> None:
    options = EnforceOptions.of(source, strict=strict, layers=layers)
    assert options.layers == expected
    assert options.source == (expected[0] if expected[0] in ("replace", "placeholder") else "none")
    assert options.strict == ("strict" in expected)


def test_library_defaults_equal_the_cli_defaults() -> None:
    assert EnforceOptions() == EnforceOptions.of()
    assert EnforceOptions().source == "none" and not EnforceOptions().strict
    assert OFF.layers == () and OFF.source == "none"


@pytest.mark.parametrize("make", [
    lambda: EnforceOptions.of("both"),
    lambda: EnforceOptions.of("replace", layers=("placeholder",)),
    lambda: EngineConfig(device="tpu"),
    lambda: EngineConfig(threads=0),
    lambda: RunConfig(inputs=(), outdir="out"),
])
def test_contradictions_are_config_errors(make) -> None:
    with pytest.raises(ConfigError):
        make()


def test_a_run_config_from_python_behaves_as_the_command() -> None:
    from translate.config import DecodeOptions, RunConfig

    config = RunConfig(inputs=("a.txt",), outdir="out", decode=DecodeOptions(return_attention=False))
    assert config.decode.return_attention  # word links need the attention, whoever builds the config
    with pytest.raises(ConfigError, match=r"cannot include \['good'\]: choose from review, bad, rejected"):
        RunConfig(inputs=("a.txt",), outdir="out", include=("good",))


def test_the_signature_names_every_decoding_option_that_changes_a_translation() -> None:
    from dataclasses import replace

    from types import SimpleNamespace

    from translate.run.manifest import signature

    model = SimpleNamespace(id="m", fingerprint=lambda: "f")
    facts = SimpleNamespace(name="ct2", quantization="int8", device="cpu", vocabulary_map=None)
    sig = lambda d: signature(model, facts, d, EnforceOptions(), None, "0")  # type: ignore[arg-type]  # noqa: E731
    default = sig(DecodeOptions())
    assert "maxlen" not in default and "minlen" not in default  # runs with the defaults keep their signature
    changed = {sig(replace(DecodeOptions(), **{k: v})) for k, v in
               (("max_length", 64), ("min_length", 5), ("num_hypotheses", 2), ("beam_size", 2))}
    assert len(changed) == 4 and default not in changed
