from __future__ import annotations

import importlib.util
import logging
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "raisi-putin-call.fa.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"

# Tests never reach the network: a model that is not on disk is an error, never a download.
os.environ["HF_HUB_OFFLINE"] = "1"


# --- what a test needs beyond the project's install: skip, naming what to install -------------------
# The quick loop is `python -m pytest -m "not slow"`; these skips are for what is not installed at all.

def installed(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it: Ray alone takes seconds)."""
    return importlib.util.find_spec(module) is not None


def needs(module: str, install: str) -> pytest.MarkDecorator:
    """Skip unless ``module`` is installed; the reason says how to install it."""
    return pytest.mark.skipif(not installed(module), reason=f"needs {module}: {install}")


def needs_shared(*parts: str) -> pytest.MarkDecorator:
    """Skip unless the evaluation data ``../shared/data/PARTS`` is beside the project."""
    path = SHARED_DATA.joinpath(*parts)
    return pytest.mark.skipif(not path.exists(), reason=f"needs ../shared/data/{'/'.join(parts)} beside the project "
                                                        "(the evaluation data, kept outside this repository)")


needs_ray = needs("ray", "the Ray executor is an extra: pip install -e '.[ray]'")
CHROMIUM = shutil.which("chromium")
needs_browser = pytest.mark.skipif(
    CHROMIUM is None or not installed("playwright"),
    reason="needs Debian's Chromium (apt-get install chromium) and Playwright (pip install -e '.[test]'); "
           ".ci/run installs both")
needs_omegat = pytest.mark.skipif(shutil.which("omegat") is None,
                                  reason="needs OmegaT: apt-get install omegat (.ci/run installs it)")


@pytest.fixture(autouse=True)
def _project_logging_as_new():
    """Each test starts with the project's loggers as a fresh process has them, whatever ran before it in
    this process (under pytest-xdist the order differs run to run): a CLI invocation with -q leaves the
    'translate' logger at ERROR, and import-linter's lint_imports (tests/test_architecture.py) configures
    logging with dictConfig, which disables every logger that exists."""
    yield
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if (name == "translate" or name.startswith("translate.")) and isinstance(logger, logging.Logger):
            logger.disabled = False
    logging.getLogger("translate").setLevel(logging.NOTSET)
    logging.getLogger().setLevel(logging.WARNING)


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


HOSTILE = ("او نوشت: <script>alert('x')</script> و <img src=x onerror=alert(1)> را فرستاد.\n"
           "کارشناسان می گویند بارندگی ۲۵ تا ۱۰۰ میلیمتر خواهد بود.\n")


@pytest.fixture(scope="session")
def finished_run(tiny_models, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished run of the example article and a hostile one (markup in the Persian) with the tiny
    Marian model and the news glossary; tests copy it (see :func:`review_run`) before changing it."""
    return run_of({"example.txt": EXAMPLE.read_text(encoding="utf-8"), "hostile.txt": HOSTILE},
                  tiny_models["marian"], tmp_path_factory, "review")


def run_of(files: dict[str, str], model: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """The output folder of ``translate run`` over ``files`` (name → text) with ``model`` and the news
    glossary, greedy and short (a finished run for tests to read or copy)."""
    from click.testing import CliRunner

    from translate.cli import main

    src = tmp_path_factory.mktemp(f"{name}-in")
    for file, text in files.items():
        (src / file).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp(f"{name}-run") / "out"
    result = CliRunner().invoke(main, ["run", str(src), "-o", str(out), "--model", str(model),
                                       "-g", str(ROOT / "glossaries" / "news-fa-en.tsv"), "--beam", "1",
                                       "--max-length-ratio", "0.3"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture()
def review_run(finished_run: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`finished_run` for one test."""
    import shutil

    copy = tmp_path / "run"
    shutil.copytree(finished_run, copy)
    return copy
