"""Corpus rules from TOML, validated in one place: defaults, overrides, and every bad value a one-line
error naming the file and the line (booleans are not numbers; unknown keys get the nearest name)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import main
from translate.corpus.config import CorpusConfig, DatasetInfo, FilterRules, Source, load_config
from translate.errors import ConfigError


def test_defaults_and_overrides(tmp_path: Path) -> None:
    assert load_config(None) == CorpusConfig()
    path = tmp_path / "corpus.toml"
    path.write_text('[filters]\nmin_similarity = false\nboilerplate = ["^Foo"]\nmax_words = 80\n[split]\n'
                    'validation = 0.1\n[dataset]\nlicense = "cc-by-4.0"\n[[sources]]\nname = "NTREX-128"\n'
                    'license = "cc-by-sa-4.0"\n[tmx]\ninclude = ["review"]\n', encoding="utf-8")
    config = load_config(path)
    assert config.filters.min_similarity is False and config.filters.boilerplate == ("^Foo",)
    assert config.filters.max_words == 80 and config.filters.max_length_deviation == 3.0
    assert config.split.validation == 0.1 and config.split.test == 0.05 and config.dataset.license == "cc-by-4.0"
    assert config.sources == (Source("NTREX-128", "", "cc-by-sa-4.0", ""),) and config.tmx.include == ("review",)
    assert config.to_dict()["filters"]["max_words"] == 80
    # the config a build writes beside its dataset reads back to the same rules, with the same fingerprint
    again = tmp_path / "again.toml"
    again.write_text(config.to_toml(), encoding="utf-8")
    assert load_config(again) == config and load_config(again).fingerprint() == config.fingerprint()
    assert config.fingerprint() != CorpusConfig().fingerprint()


@pytest.mark.parametrize("text,message", [
    ("filters = 3\n", "corpus.toml:1: filters must be a table ([filters] and its keys), not 3"),
    ("[dedup]\nnear = true\nnum_perm = 0\n", "corpus.toml:3: [dedup] num_perm = 0: expected a whole number from 4 to 1024"),
    ("[filters]\nmax_words = true\n",
     "corpus.toml:2: [filters] max_words = true: expected a whole number from 1 to 100000 (or false to turn the rule off)"),
    ("[filters]\nmin_similarity = true\n", "corpus.toml:2: [filters] min_similarity = true: expected a number from -1 to 1"),
    ("[filters]\nmin_words = 2.5\n", "corpus.toml:2: [filters] min_words = 2.5: expected a whole number"),
    ("[filters]\nmin_words = 9\nmax_words = 5\n", "corpus.toml:2: [filters] min_words = 9 is above max_words = 5"),
    ("[filters]\nmax_untranslated = 1.5\n", "corpus.toml:2: [filters] max_untranslated = 1.5: expected a number from 0 to 1"),
    ("[filters]\nunaligned = 1\n", "corpus.toml:2: [filters] unaligned = 1: expected true or false"),
    ("\n[filters]\nmin_simlarity = 0.8\n", "corpus.toml:3: [filters] unknown key 'min_simlarity'; did you mean 'min_similarity'?"),
    ("[split]\ndev = 0.1\n", "corpus.toml:2: [split] unknown key 'dev'; did you mean 'validation'?"),
    ("[split]\nvalidation = 0.6\ntest = 0.5\n", "corpus.toml:2: [split] validation + test = 1.1"),
    ("[split]\nblock_lines = 0\n", "corpus.toml:2: [split] block_lines = 0: expected a whole number from 1 to 100"),
    ("[filtres]\n", "corpus.toml:1: unknown section [filtres]; did you mean 'filters'?"),
    ('[filters]\nboilerplate = ["(unclosed"]\n', 'corpus.toml:2: [filters] boilerplate: "(unclosed" is not a regular expression'),
    ('[filters]\nmin_words = "one"\n', 'corpus.toml:2: [filters] min_words = "one": expected a whole number'),
    ("[filters\n", "corpus.toml:1: not valid TOML"),
    ('[dataset]\nname = "../../../x"\n', 'corpus.toml:2: [dataset] name = "../../../x": expected one file name'),
    ('[dataset]\nname = "a/b"\n', 'corpus.toml:2: [dataset] name = "a/b": expected one file name'),
    ('[dataset]\nname = ".."\n', 'corpus.toml:2: [dataset] name = "..": expected one file name'),
    ('[dataset]\nlicense = ""\n', 'corpus.toml:2: [dataset] license = "": name a licence'),
    ('[[sources]]\nname = "a"\n[[sources]]\nname = "b"\nlicence = "x"\n',
     "corpus.toml:5: [[sources]] unknown key 'licence'; did you mean 'license'?"),
    ('[[sources]]\nurl = "https://example.org"\n', "corpus.toml:1: [[sources]] name: every source needs a name"),
    ('[tmx]\ninclude = ["good"]\n', 'corpus.toml:2: [tmx] include = ["good"]: "good" is not one of "review", "bad"'),
    ('[pairing]\ndocuments = "title"\n',
     'corpus.toml:2: [pairing] documents = "title": expected one of "name", "content", "crawl"'),
    ("[pairing]\nthreshold = 1.5\n", "corpus.toml:2: [pairing] threshold = 1.5: expected a number from 0 to 1"),
    ("[pairing]\nhead = true\n", "corpus.toml:2: [pairing] head = true: expected a whole number from 1 to 100"),
    ("[pairing]\nneighbors = 3\n", "corpus.toml:2: [pairing] unknown key 'neighbors'; did you mean 'neighbours'?"),
    ("[crawl]\nmin_confidence = 2\n", "corpus.toml:2: [crawl] min_confidence = 2: expected a number from 0 to 1"),
])
def test_errors_say_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "corpus.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{tmp_path}/{message}"), str(caught.value)
    assert "\n" not in str(caught.value)


def test_pairing_and_crawl_rules(tmp_path: Path) -> None:
    path = tmp_path / "corpus.toml"
    path.write_text('[pairing]\ndocuments = "crawl"\nthreshold = 0.2\n[crawl]\nmin_confidence = 0.8\n', encoding="utf-8")
    config = load_config(path)
    assert config.pairing.documents == "crawl" and config.pairing.by_content and config.pairing.head == 10
    assert config.pairing.threshold == 0.2 and config.crawl.min_confidence == 0.8 and config.crawl.min_characters == 100
    again = tmp_path / "again.toml"
    again.write_text(config.to_toml(), encoding="utf-8")
    assert load_config(again) == config
    assert not CorpusConfig().pairing.by_content


def test_rules_made_in_code_are_held_to_the_same_checks() -> None:
    with pytest.raises(ConfigError, match=re.escape("[filters] max_words = true")):
        FilterRules(max_words=True)
    with pytest.raises(ConfigError, match=re.escape('[dataset] name = "../x"')):
        replace(DatasetInfo(), name="../x")
    assert FilterRules(max_length_deviation=2).max_length_deviation == 2.0  # an integer is a number


def test_a_bad_config_under_quiet_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.fa").write_text("یک\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("one\n", encoding="utf-8")
    config = tmp_path / "corpus.toml"
    for text, line in (("[filters]\nmax_words = true\n", 2), ("[dedup]\nnum_perm = 0\n", 2)):
        config.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["-q", "corpus", "build", str(tmp_path / "a.fa"), str(tmp_path / "a.en"),
                                           "-o", str(tmp_path / "out"), "-c", str(config)])
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"Error: {config}:{line}: ")
    missing = CliRunner().invoke(main, ["-q", "corpus", "build", str(tmp_path / "a.fa"), str(tmp_path / "a.en"),
                                        "-o", str(tmp_path / "out"), "-c", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 1 and missing.stderr.count("\n") == 1 and "cannot read the corpus config" in missing.stderr
    named = CliRunner().invoke(main, ["-q", "corpus", "build", str(tmp_path / "a.fa"), str(tmp_path / "a.en"),
                                      "-o", str(tmp_path / "out"), "--name", "../../../x"])
    assert named.exit_code == 1 and named.stderr.startswith('Error: --name: name = "../../../x": expected one file name')
    assert not (tmp_path / "out").exists() and not (tmp_path.parent / "x").exists()
