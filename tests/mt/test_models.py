"""Model aliases and resolution: never a download, always a message that says how to get the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import ModelError
from translate.mt.models import ALIASES, DEFAULT_MODEL, resolve


@pytest.fixture(autouse=True)
def empty_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path / "cache"))


def test_aliases_record_ids_and_licences() -> None:
    assert DEFAULT_MODEL == "nllb-600m"
    assert ALIASES["nllb-600m"].repo_id == "facebook/nllb-200-distilled-600M"
    assert ALIASES["nllb-600m"].licence == "CC-BY-NC-4.0"
    assert (ALIASES["nllb-600m"].src_lang, ALIASES["nllb-600m"].tgt_lang) == ("pes_Arab", "eng_Latn")
    assert {s.arch for s in ALIASES.values()} == {"nllb", "marian"}


def test_missing_alias_says_how_to_get_it() -> None:
    with pytest.raises(ModelError) as info:
        resolve("nllb-600m")
    message = str(info.value)
    assert message.startswith("model 'nllb-600m' (facebook/nllb-200-distilled-600M) is not downloaded")
    assert "translate models pull nllb-600m" in message and "HF_HOME" in message and "--model PATH" in message


def test_unknown_name() -> None:
    with pytest.raises(ModelError, match="neither a known alias .* nor an existing directory"):
        resolve("no-such-model")


def test_folder_without_config(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    with pytest.raises(ModelError, match="no readable config.json"):
        resolve(str(tmp_path / "m"))
