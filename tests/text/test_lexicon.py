"""hazm's lexicons, cached: the cached copy equals a fresh build, and the joining rule gives what hazm's
own ``token_spacing`` gives on every run of Persian words in the development data."""

from __future__ import annotations

import json
import re

import pytest

from translate.text.lexicon import build, lexicon

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
