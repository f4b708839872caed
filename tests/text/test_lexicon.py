"""hazm's lexicons, cached: the cached copy equals a fresh build, and the joining rule gives what hazm's
own ``token_spacing`` gives on every run of Persian words in the development data."""

from __future__ import annotations

import json
import marshal
import re

import pytest

from translate.text import lexicon as lexicon_module
from translate.text.lexicon import Lexicon, _save, build, lexicon

from ..conftest import SHARED_DATA

_RUN = re.compile("[\u0600-\u06ff\u200c]+(?: [\u0600-\u06ff\u200c]+)+")


@pytest.fixture(scope="module")
def hazm_normalizer():
    import hazm

    return hazm.Normalizer(persian_numbers=False)


@pytest.mark.slow  # hazm's lexicons built from scratch
def test_the_cached_lexicons_equal_a_fresh_build() -> None:
    cached, fresh = lexicon(), build()
    assert cached == fresh
    assert len(cached.words) > 100_000 and len(cached.verbs) > 100_000 and "ها" in cached.suffixes
    assert 10_000 < len(cached.counted) < len(cached.words) and cached.counted <= cached.words


def test_the_cache_file_gives_back_the_lexicons_saved(tmp_path, monkeypatch) -> None:
    # in a fresh environment lexicon() builds and saves: the reading of the file is checked here
    saved = lexicon()
    path = tmp_path / "lexicon.marshal"
    _save(str(path), saved)
    monkeypatch.setattr(lexicon_module, "_path", lambda: str(path))
    assert lexicon.__wrapped__() == saved


def test_a_cache_file_of_another_layout_is_built_again_and_replaced(tmp_path, monkeypatch) -> None:
    small = Lexicon("ي", "ی", "\u064b", frozenset({"کتاب", "", "خانه"}), frozenset({"کتاب"}), frozenset(),
                    frozenset({"ها"}))
    path = tmp_path / "lexicon.marshal"
    path.write_bytes(marshal.dumps(("ي", "ی", "", {"کتاب": 3}, ["کتاب"], ["ها"])))  # the first layout
    monkeypatch.setattr(lexicon_module, "_path", lambda: str(path))
    monkeypatch.setattr(lexicon_module, "build", lambda: small)
    assert lexicon.__wrapped__() == small
    monkeypatch.setattr(lexicon_module, "build", lambda: pytest.fail("built again: the saved file was not read"))
    assert lexicon.__wrapped__() == small


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="needs ../shared/data beside the project")
def test_joining_rule_equals_hazm_on_the_development_data(hazm_normalizer) -> None:
    runs = []
    for name in ("seraji_chunks.jsonl", "ntrex_fa_docs.jsonl", "ntrex_fa_chunks.jsonl"):
        for line in (SHARED_DATA / "sentseg" / name).read_text(encoding="utf-8").splitlines():
            runs.extend(m.group().split(" ") for m in _RUN.finditer(json.loads(line)["text"]))
    assert len(runs) > 4000
    ours = lexicon()
    differ = [tokens for tokens in runs if ours.token_spacing(tokens) != hazm_normalizer.token_spacing(tokens)]
    assert differ == []


@pytest.mark.parametrize(("tokens", "joined"), [
    (["کتاب", "ها"], ["کتاب\u200cها"]), (["او", "می", "رود"], ["او", "می\u200cرود"]),
    (["ماه", "می", "سال", "جدید"], ["ماه", "می", "سال", "جدید"]), (["زمین", "لرزه", "ای"], ["زمین\u200cلرزه\u200cای"]),
    ([], []),
])
def test_joining_rule_examples(tokens: list[str], joined: list[str]) -> None:
    assert lexicon().token_spacing(tokens) == joined
