"""Model aliases and resolution: a missing Hub model downloaded once (through a fake hub: tests never
reach the network), or, offline, a message that says how to get it."""

from __future__ import annotations

import logging
import shutil
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from translate.errors import ModelError
from translate.mt import models
from translate.mt.models import ALIASES, DEFAULT_MODEL, hub_unreachable, resolve


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


class FakeHub:
    """huggingface_hub's two calls, served from a local folder: what a cache looks like before and
    after a download, and which calls were made."""

    def __init__(self, source: Path, cache: Path) -> None:
        self.source = source
        self.snapshot = cache / "models--facebook--nllb-200-distilled-600M" / "snapshots" / "0123abcd"
        self.calls: list[tuple[str, object]] = []

    def snapshot_download(self, repo_id: str, local_files_only: bool = False, cache_dir=None, allow_patterns=None):
        from huggingface_hub.errors import LocalEntryNotFoundError

        self.calls.append(("cache" if local_files_only else "download", allow_patterns))
        if not local_files_only:
            shutil.copytree(self.source, self.snapshot)
        if not self.snapshot.is_dir():
            raise LocalEntryNotFoundError(f"{repo_id} is not in the cache")
        return str(self.snapshot)

    def list_repo_files(self, repo_id: str) -> list[str]:
        self.calls.append(("list", repo_id))
        return ["config.json", "model.safetensors", "pytorch_model.bin", "sentencepiece.bpe.model"]


@pytest.fixture()
def online(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hub switched on, as on a user's machine (the tests' conftest switches it off; the hub client
    reads its switch once, at import)."""
    from huggingface_hub import constants

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)


class _Hub(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:  # the probe's one request
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def local_hub(monkeypatch: pytest.MonkeyPatch):
    """A hub endpoint on this machine that answers the probe (the downloads themselves are faked)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_address[1]}")
    yield
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_missing_model_is_downloaded_once_with_its_licence(tmp_path: Path, tiny_models, monkeypatch, caplog,
                                                             local_hub) -> None:
    from huggingface_hub import constants

    import huggingface_hub

    hub = FakeHub(tiny_models["nllb"], tmp_path / "hf" / "hub")
    monkeypatch.setattr(huggingface_hub, "snapshot_download", hub.snapshot_download)
    monkeypatch.setattr(huggingface_hub, "list_repo_files", hub.list_repo_files)
    with pytest.raises(ModelError, match="switched off \\(HF_HUB_OFFLINE or --offline\\)"):
        resolve("nllb-600m", download=True)  # the tests' HF_HUB_OFFLINE=1 keeps the clear error
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    with caplog.at_level(logging.WARNING, logger="translate"):
        model = resolve("nllb-600m", download=True)
    assert (model.path, model.revision, model.fingerprint()) == (hub.snapshot, "0123abcd", "0123abcd")
    assert "downloading facebook/nllb-200-distilled-600M (licence: CC-BY-NC-4.0)" in caplog.text
    kinds = [kind for kind, _ in hub.calls]
    assert kinds == ["cache", "cache", "list", "download", "cache"]
    assert "*.bin" not in hub.calls[3][1]  # safetensors weights only, not the pickled copy
    assert resolve("nllb-600m", download=True).path == hub.snapshot
    assert [kind for kind, _ in hub.calls][5:] == ["cache"]  # the second time: the cache, no download


def test_without_download_a_missing_model_is_an_error_naming_the_ways(monkeypatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    with pytest.raises(ModelError, match="this command does not download[.]\nThree ways on:\n.*"
                                         "run 'translate models pull nllb-600m'"):
        resolve("nllb-600m")


def _assert_the_ways_on(message: str) -> None:
    lines = message.splitlines()
    assert len(lines) <= 7  # with the CLI's "Error: " prefix on the first, the whole output stays within 8
    assert lines[1] == "Three ways on:"
    assert "'translate models pull nllb-600m'" in message and "HF_HOME" in message
    assert "--model PATH" in message and "translate models make-test-model" in message


def test_an_unreachable_hub_is_probed_once_and_the_error_names_the_ways(monkeypatch, online) -> None:
    import huggingface_hub

    port = _closed_port()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    calls: list[str] = []

    def snapshot_download(repo_id: str, local_files_only: bool = False, **kwargs):
        calls.append("cache" if local_files_only else "download")
        raise FileNotFoundError(f"{repo_id} is not in the cache")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", snapshot_download)
    monkeypatch.setattr(huggingface_hub, "list_repo_files", lambda *args, **kwargs: calls.append("list"))
    started = time.perf_counter()
    with pytest.raises(ModelError) as info:
        resolve("nllb-600m", download=True)
    assert time.perf_counter() - started < 5
    assert calls == ["cache"]  # the probe failed: no download was attempted, so no retries
    message = str(info.value)
    assert message.startswith(f"model 'nllb-600m' (facebook/nllb-200-distilled-600M) is not downloaded and the hub "
                              f"cannot be reached (http://127.0.0.1:{port}: ")
    _assert_the_ways_on(message)


def test_a_hub_that_never_answers_is_given_up_on_after_the_probe_time(monkeypatch, online) -> None:
    with socket.socket() as silent:  # accepts connections and never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{silent.getsockname()[1]}")
        monkeypatch.setattr(models, "HUB_PROBE_SECONDS", 0.5)
        started = time.perf_counter()
        why = hub_unreachable()
        elapsed = time.perf_counter() - started
    assert why is not None and why.startswith("http://127.0.0.1:")
    assert 0.4 < elapsed < 3


def test_a_hub_that_answers_is_reachable(online, local_hub) -> None:
    assert hub_unreachable() is None
