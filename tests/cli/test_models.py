"""``translate models`` and the clean error for a missing model."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import main


@pytest.fixture(autouse=True)
def empty_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path / "cache"))


def test_cli_missing_model_is_one_clean_line(tmp_path: Path) -> None:
    src = tmp_path / "in.fa"
    src.write_text("سلام.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["translate", str(src)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: model 'nllb-600m' (facebook/nllb-200-distilled-600M) is not downloaded")
    assert "Traceback" not in result.output


def test_models_list_shows_licences_and_absence() -> None:
    result = CliRunner().invoke(main, ["models", "list"])
    assert result.exit_code == 0
    line = next(row for row in result.output.splitlines() if row.startswith("nllb-600m "))
    assert line.split() == ["nllb-600m", "nllb", "CC-BY-NC-4.0", "no", "facebook/nllb-200-distilled-600M"]


def test_make_test_model_and_info(tmp_path: Path) -> None:
    out = tmp_path / "tiny-nllb"
    result = CliRunner().invoke(main, ["models", "make-test-model", "--arch", "nllb", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    info = CliRunner().invoke(main, ["models", "info", str(out)])
    assert info.exit_code == 0
    assert "test model (random weights)" in info.output
    assert "nllb (m2m_100)" in info.output
    assert "pes_Arab → eng_Latn" in info.output


def test_make_test_model_rejects_a_wrong_size(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["models", "make-test-model", "--arch", "marian", "--size", "nllb-600m",
                                       str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "nllb-600m" in result.output
