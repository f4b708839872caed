"""``translate serve`` as a user runs it: a process that prints its URL, answers curl and
libretranslatepy, writes one JSON access-log line per request on stderr, and on SIGTERM answers the
request in flight before it exits (as killed by SIGTERM: uvicorn raises the signal again once done, so
a supervisor sees how it ended)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from translate.cli import main

from .conftest import GLOSSARY


def test_help_and_bad_options() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["serve", "-h"])
    assert result.exit_code == 0 and "LibreTranslate" in result.output and "--char-limit" in result.output
    result = runner.invoke(main, ["serve", "--char-limit", "0"])
    assert result.exit_code == 2 and "0 is not in the range x>=1" in result.output


def test_a_keys_file_with_a_bad_line_is_a_one_line_error(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text("good\nnot good\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--api-keys-file", str(keys)])
    assert result.exit_code == 1
    assert result.output == f"Error: {keys}:2: an API key is one word of printable characters\n"


@pytest.mark.slow  # a server process started, loaded and stopped
def test_serve_process_answers_logs_json_and_stops_gracefully(tiny_models: dict[str, Path]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "translate", "serve", "--model", str(tiny_models["marian"]),
                             "--port", "0", "--beam", "1", "--max-length-ratio", "0.3", "-g", str(GLOSSARY),
                             "--api-key", "secret"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        res = httpx.post(url + "translate", data={"q": "رئیسی با پوتین گفتگو کرد.", "source": "fa", "target": "en",
                                                 "api_key": "secret"}, timeout=60)
        assert res.status_code == 200 and res.json()["terms"]["total"] == 1
        assert httpx.post(url + "translate", json={"q": "x", "source": "fa", "target": "en"}).status_code == 400
        # A long request in flight when SIGTERM comes is still answered.
        answer: list[httpx.Response] = []
        long_text = "\n".join(["این خبر مهم است."] * 60)
        thread = threading.Thread(target=lambda: answer.append(httpx.post(
            url + "translate", json={"q": long_text, "source": "fa", "target": "en", "api_key": "secret"}, timeout=60)))
        thread.start()
        time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        thread.join(60)
        assert proc.wait(60) == -signal.SIGTERM
    finally:
        if proc.poll() is None:
            proc.kill()
    assert answer and answer[0].status_code == 200 and answer[0].json()["translatedText"].count("\n") == 59
    records = [json.loads(line) for line in proc.stderr.read().splitlines() if line.startswith("{")]
    access = [r for r in records if "status" in r]
    assert [(r["method"], r["path"], r["status"]) for r in access] == [
        ("POST", "/translate", 200), ("POST", "/translate", 400), ("POST", "/translate", 200)]
    assert access[0]["key"] != "secret" and len(access[0]["key"]) == 8 and access[0]["sentences"] == 1
    assert access[1]["error"] == "Please contact the server operator to get an API key"
    assert any(r.get("message", "").startswith("serving ") for r in records)
