"""``translate models`` and the clean error for a missing model."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import main


@pytest.fixture(autouse=True)
def empty_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path / "cache"))


ROOT = Path(__file__).resolve().parents[2]


def test_cli_missing_model_is_a_clean_error(tmp_path: Path) -> None:
    src = tmp_path / "in.fa"
    src.write_text("سلام.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["translate", str(src)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: model 'nllb-600m' (facebook/nllb-200-distilled-600M) is not downloaded")
    assert "Traceback" not in result.output


def test_a_first_run_without_network_explains_itself_in_seconds(tmp_path: Path) -> None:
    """The newcomer's first command on a machine without network, the hub not switched off: one quick
    probe, then a few lines naming what is missing and the ways on (not the hub client's retries)."""
    with socket.socket() as sock:  # a port nobody listens on: the hub "cannot be reached"
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    env.update(HF_ENDPOINT=f"http://127.0.0.1:{port}", HF_HOME=str(tmp_path / "hf"), HF_HUB_CACHE=str(tmp_path / "hf" / "hub"))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "translate", "run", str(ROOT / "examples"), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    elapsed = time.perf_counter() - started
    lines = (done.stdout + done.stderr).splitlines()
    assert done.returncode == 1, lines
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert len(lines) <= 8, lines
    assert lines[0].startswith("Error: model 'nllb-600m' (facebook/nllb-200-distilled-600M) is not downloaded and "
                               f"the hub cannot be reached (http://127.0.0.1:{port}: ")
    text = "\n".join(lines)
    assert "translate models pull nllb-600m" in text and "--model PATH" in text
    assert "translate models make-test-model" in text
    assert "Retrying" not in text and "Traceback" not in text


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
