"""``translate translate`` on the example: line-aligned output on both engines and both layouts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import main

from ..conftest import EXAMPLE

# transformers decodes the tiny models in 15-20 s a test: the quick loop (-m "not slow") keeps CTranslate2's
ENGINES = [("ct2", "marian"), ("ct2", "nllb"), pytest.param("hf", "marian", marks=pytest.mark.slow),
           pytest.param("hf", "nllb", marks=pytest.mark.slow)]


@pytest.mark.parametrize(("engine_name", "arch"), ENGINES)
def test_cli_output_is_line_aligned_with_the_example(tiny_models: dict[str, Path], engine_name: str, arch: str,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "out.en"
    result = CliRunner().invoke(main, ["translate", str(EXAMPLE), "-o", str(out), "--model", str(tiny_models[arch]),
                                       "--engine", engine_name, "--beam", "1", "--max-length-ratio", "0.2"])
    assert result.exit_code == 0, result.output
    source_lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    out_lines = out.read_text(encoding="utf-8").split("\n")
    assert out_lines[-1] == "" and len(out_lines) - 1 == len(source_lines)
    for fa, en in zip(source_lines, out_lines):
        assert (fa.strip() == "") == (en.strip() == "")


def test_cli_sentence_unit_gives_one_line_per_sentence(tiny_models: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["translate", str(EXAMPLE), "--unit", "sentence", "--model",
                                       str(tiny_models["marian"]), "--beam", "1", "--max-length-ratio", "0.2"])
    assert result.exit_code == 0
    assert len(result.output.split("\n")) - 1 == 15
