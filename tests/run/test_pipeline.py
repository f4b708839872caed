"""A run from Python, without the CLI: ``Run(config).execute()`` returns what it did and writes every
output; the same object resumes from its memory."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from translate import __version__
from translate.config import DecodeOptions, EngineConfig, RunConfig
from translate.errors import ConfigError
from translate.run.pipeline import Run

from ..conftest import EXAMPLE, ROOT


def _config(tmp_path: Path, model: Path, **extra) -> RunConfig:
    return RunConfig(inputs=(str(EXAMPLE),), outdir=str(tmp_path / "out"), engine=EngineConfig(str(model)),
                     decode=DecodeOptions(beam_size=1, max_length_ratio=0.3, return_attention=True),
                     glossaries=(str(ROOT / "glossaries" / "news-fa-en.tsv"),), **extra)


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple] = []

    def started(self, documents: int, sentences: int) -> None:
        self.events.append(("started", documents, sentences))

    def advance(self, sentences: int, documents_done: int) -> None:
        self.events.append(("advance", sentences, documents_done))


def test_run_from_python(tmp_path: Path, tiny_models) -> None:
    from translate.mt import open_configured
    from translate.text.normalize import normalize_text

    # hazm's lexicons and the model's CTranslate2 conversion are built once into a cache (a session's,
    # in the tests): made by this run, they would be its start-up's and model load's work, more than its
    # engine's, whenever this module runs before any other that makes them
    normalize_text("")
    open_configured(_config(tmp_path, tiny_models["marian"]).engine)
    recorder = Recorder()
    result = Run(_config(tmp_path, tiny_models["marian"]), observer=recorder).execute()
    assert (result.stats.documents, result.stats.sentences, result.stats.from_memory) == (1, 15, 0)
    assert recorder.events[0] == ("started", 1, 15)
    assert sum(n for _, n, _ in recorder.events[1:]) == 15 and len(recorder.events) >= 2  # as batches finish
    assert result.stats.terms_total >= 60 and sum(result.stats.verdicts.values()) == 15
    manifest = json.loads((result.outdir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == json.loads(json.dumps(result.manifest))
    assert manifest["signature"].endswith(f"terms:none+nbest+force+repair|v:{__version__}")
    assert (result.outdir / "corpus.fa").read_text(encoding="utf-8").count("\n") == 15
    assert manifest["row_schema"] == 1  # as docs/formats.md says
    # each stage's time and its own peak memory (the engine's stage holds the model: the most)
    stages = manifest["stages"]
    assert list(stages) == ["start-up", "read+segment+match", "model load", "translate+terms", "score", "write"]
    assert abs(sum(s["seconds"] for s in stages.values()) - manifest["seconds"]) < 0.1
    peaks = {name: s["peak_rss_mb"] for name, s in stages.items()}
    assert all(50 < mb < 4000 for mb in peaks.values()) and max(peaks.values()) >= peaks["start-up"]
    cpu = {name: s["cpu_seconds"] for name, s in stages.items()}  # the engine's stage works the most
    assert all(c >= 0 for c in cpu.values()) and cpu["translate+terms"] == max(cpu.values()) > 0
    assert any(line.startswith("peak memory by stage: start-up ") for line in result.summary())
    again = Run(_config(tmp_path, tiny_models["marian"])).execute()
    assert again.stats.from_memory == 15


def test_unknown_format_is_refused_before_any_work(tmp_path: Path, tiny_models) -> None:
    with pytest.raises(ConfigError, match="unknown formats \\['docx'\\]"):
        Run(_config(tmp_path, tiny_models["marian"], formats=("tsv", "docx")))
    assert not (tmp_path / "out").exists()


def test_export_again_checks_formats_and_include_before_the_store(tmp_path: Path) -> None:
    from translate.run.pipeline import export_again

    with pytest.raises(ConfigError, match="unknown formats \\['docx'\\]"):
        export_again(str(tmp_path / "nowhere"), ("tsv", "docx"))
    with pytest.raises(ConfigError, match="cannot include \\['good'\\]"):
        export_again(str(tmp_path / "nowhere"), ("tsv",), include=("good",))


class StageRecorder(Recorder):
    """Also told how scoring and writing advance (optional observer methods)."""

    def scoring(self, done: int, total: int) -> None:
        self.events.append(("scoring", done, total))

    def writing(self, done: int, total: int) -> None:
        self.events.append(("writing", done, total))


def test_scoring_and_writing_report_their_progress(tmp_path: Path, tiny_models) -> None:
    recorder = StageRecorder()
    folder = tmp_path / "in"
    folder.mkdir()
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for k in range(3):
        (folder / f"part-{k}.txt").write_text("\n".join(lines[k::3]) + "\n", encoding="utf-8")
    config = _config(tmp_path, tiny_models["marian"])
    result = Run(replace(config, inputs=(str(folder),)), observer=recorder).execute()
    kinds = [e[0] for e in recorder.events]
    # translation, then scoring, then writing: each told a running total that ends at the whole
    assert kinds.index("scoring") > kinds.index("advance") and kinds.index("writing") > max(
        k for k, kind in enumerate(kinds) if kind == "scoring")
    scoring = [e[1:] for e in recorder.events if e[0] == "scoring"]
    writing = [e[1:] for e in recorder.events if e[0] == "writing"]
    assert scoring[-1] == (result.stats.sentences, result.stats.sentences)
    assert writing == [(1, 3), (2, 3), (3, 3)]
