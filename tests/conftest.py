from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "raisi-putin-call.fa.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"

# Tests never reach the network: a model that is not on disk is an error, never a download.
os.environ["HF_HUB_OFFLINE"] = "1"


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny random-weight Marian and NLLB models with real tokenizer files, built once per session.
    CTranslate2 conversions go to a session cache folder, never to the user's."""
    from translate.testing.models import build_test_model

    root = tmp_path_factory.mktemp("models")
    os.environ["TRANSLATE_CACHE"] = str(root / "cache")
    return {arch: build_test_model(root / arch, arch=arch, size="tiny", seed=0) for arch in ("marian", "nllb")}
