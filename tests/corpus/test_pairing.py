"""Document pairing: which Persian document translates which English one, among distractors.

The fast tests use a table embedder: each sentence pair of the test documents gets one random
direction, and each side adds its own constant offset (as e5's Persian and English vectors differ by
one) and a little noise; sentences it does not know get random vectors. So which documents translate
which is known by construction, and the real segmenters, normalizer, aligner and assignment run on
it. The real e5 runs in the slow test at the end. The Persian and English texts are written for
these tests.
"""

from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

from translate.config import ClusterOptions
from translate.corpus.pairing import (
    BaselineOptions, DocumentMatch, Head, PairingOptions, assign, candidate_pairs, confirmed_score,
    document_vectors, head_sentences, pair_by_numbers, pair_documents, pair_folders, write_pairs)
from translate.errors import ClusterError, ConfigError, InputError, OutputError
from translate.records import Document
from translate.text.normalize import normalize_text

PAIRS = [
    (["رئیس‌جمهور ایران روز دوشنبه به مسکو سفر کرد.", "او با همتای روسی خود درباره انرژی گفت‌وگو کرد.",
      "دو کشور ۱۲ سند همکاری امضا کردند."],
     ["Iran's president travelled to Moscow on Monday.", "He discussed energy with his Russian counterpart.",
      "The two countries signed 12 cooperation documents."]),
    (["بارش شدید باران در شمال کشور سیل به راه انداخت.", "دست‌کم ۸ نفر در استان گیلان جان باختند.",
      "امدادگران هنوز در جست‌وجوی مفقودان هستند."],
     ["Heavy rain caused flooding in the north of the country.", "At least 8 people died in Gilan province.",
      "Rescuers are still searching for the missing."]),
    (["تیم ملی فوتبال ایران در بازی دوستانه ۲ بر ۱ پیروز شد.", "گل پیروزی در دقیقه ۸۹ به ثمر رسید.",
      "سرمربی از عملکرد بازیکنان جوان راضی بود."],
     ["Iran's national football team won a friendly match 2-1.", "The winning goal came in the 89th minute.",
      "The head coach was pleased with the young players."]),
    (["قیمت طلا در بازار تهران امروز کاهش یافت.", "هر سکه بهار آزادی ۳ درصد ارزان‌تر شد.",
      "کارشناسان می‌گویند روند نزولی ادامه دارد."],
     ["The price of gold fell in the Tehran market today.", "Each Bahar Azadi coin became 3 percent cheaper.",
      "Experts say the downward trend will continue."]),
    (["نمایشگاه بین‌المللی کتاب تهران فردا آغاز می‌شود.", "بیش از ۲۰۰۰ ناشر در این نمایشگاه حضور دارند.",
      "ورود برای همه رایگان است."],
     ["The Tehran International Book Fair opens tomorrow.", "More than 2000 publishers are taking part.",
      "Entry is free for everyone."]),
    (["دانشمندان ایرانی یک ماهواره جدید به فضا پرتاب کردند.", "این ماهواره برای پایش محیط زیست طراحی شده است.",
      "پرتاب از پایگاه سمنان انجام شد."],
     ["Iranian scientists launched a new satellite into space.",
      "The satellite is designed to monitor the environment.",
      "The launch took place from the Semnan base."]),
    (["وزیر نفت از افزایش صادرات گاز خبر داد.", "صادرات گاز در سال گذشته ۱۵ درصد رشد کرد.",
      "مشتریان اصلی کشورهای همسایه هستند."],
     ["The oil minister announced an increase in gas exports.", "Gas exports grew 15 percent last year.",
      "The main customers are neighbouring countries."]),
    (["مسابقات جهانی کشتی در بلگراد به پایان رسید.", "کشتی‌گیران ایران ۵ مدال طلا گرفتند.",
      "تیم ایران در جایگاه دوم ایستاد."],
     ["The world wrestling championships ended in Belgrade.", "Iran's wrestlers won 5 gold medals.",
      "The Iranian team finished second."]),
]
ONLY_FA = [["شهرداری تهران طرح جدید ترافیک را اعلام کرد.", "این طرح از ماه آینده اجرا می‌شود.",
            "رانندگان باید عوارض بیشتری بپردازند."],
           ["یک زلزله ۴ ریشتری کرمان را لرزاند.", "خسارتی گزارش نشده است."]]
ONLY_EN = [["A new museum of modern art opened in Shiraz.", "It displays works by 40 artists.",
            "Admission costs 100,000 rials."],
           ["The central bank raised interest rates.", "Inflation reached 40 percent in May."]]


class TableEmbedder:
    """Sentence pairs share a direction; every vector has a large common part and its side's offset
    (so translations are at cosine about 0.93 and unrelated sentences about 0.7, as with e5);
    unknown sentences get random directions."""

    name = "table"
    DIM = 48

    def __init__(self, pairs=PAIRS, noise: float = 0.2) -> None:
        rng = np.random.default_rng(0)
        unit = np.sqrt(self.DIM)
        self.common = rng.normal(size=self.DIM) * 1.7 / unit
        self.offsets = {"fa": rng.normal(size=self.DIM) * 0.5 / unit, "en": rng.normal(size=self.DIM) * 0.5 / unit}
        self.noise = noise
        self.table: dict[str, np.ndarray] = {}
        for fa, en in pairs:
            for f, e in zip(fa, en):
                meaning = rng.normal(size=self.DIM) / unit
                self.table[normalize_text(f)] = self._vector(meaning, "fa", rng)
                self.table[e] = self._vector(meaning, "en", rng)

    def _vector(self, meaning, side, rng):
        return self.common + self.offsets[side] + meaning + rng.normal(size=self.DIM) * self.noise / np.sqrt(self.DIM)

    def encode(self, texts):
        out = []
        for t in texts:
            if t in self.table:
                v = self.table[t]
            else:
                rng = np.random.default_rng(int.from_bytes(hashlib.sha256(t.encode()).digest()[:4], "big"))
                side = "fa" if any("\u0600" <= ch <= "\u06ff" for ch in t) else "en"
                v = self._vector(rng.normal(size=self.DIM) / np.sqrt(self.DIM), side, rng)
            out.append(v / np.linalg.norm(v))
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.DIM)


def _write(folder: Path, docs: list[list[str]], rng: random.Random, names: list[str]) -> list[Path]:
    """Each document with its sentences in paragraphs of random sizes (the sides group them apart)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, sentences in zip(names, docs):
        paragraphs, k = [], 0
        while k < len(sentences):
            n = rng.randint(1, 2)
            paragraphs.append(" ".join(sentences[k:k + n]))
            k += n
        path = folder / name
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture()
def crawl(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    return write_crawl(tmp_path)


def write_crawl(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """Two folders: 8 translated pairs, 2 distractors a side; names carry no hint. Gold by path."""
    rng = random.Random(7)
    fa_names = [f"{rng.getrandbits(32):08x}.txt" for _ in range(10)]
    en_names = [f"{rng.getrandbits(32):08x}.html" if k % 3 == 0 else f"{rng.getrandbits(32):08x}.txt"
                for k in range(10)]
    fa_docs = [fa for fa, _ in PAIRS] + ONLY_FA
    en_docs = [en for _, en in PAIRS] + ONLY_EN
    order = list(range(10))
    rng.shuffle(order)
    fa_paths = _write(tmp_path / "fa", [fa_docs[k] for k in order], rng, fa_names)
    en_paths = _write(tmp_path / "en", [en_docs[k] for k in range(10)], rng, en_names)
    for p in en_paths:  # some English pages as HTML: read as the rest of the project reads them
        if p.suffix == ".html":
            body = "".join(f"<p>{para}</p>" for para in p.read_text(encoding="utf-8").split("\n\n"))
            p.write_text(f"<html><body><nav>Home | News</nav><article>{body}</article></body></html>", encoding="utf-8")
    gold = {str(fa_paths[pos]): str(en_paths[k]) for pos, k in enumerate(order) if k < len(PAIRS)}
    return tmp_path / "fa", tmp_path / "en", gold


def test_pairs_translations_and_leaves_distractors_out(crawl) -> None:
    fa_dir, en_dir, gold = crawl
    result = pair_folders(str(fa_dir), str(en_dir), TableEmbedder())
    assert {m.fa_path: m.en_path for m in result.matches} == gold
    assert len(result.unpaired_fa) == len(result.unpaired_en) == 2
    assert all(0.3 < m.score <= 1.0 for m in result.matches)
    assert result.rejected == []
    assert [m.score for m in result.matches] == sorted((m.score for m in result.matches), reverse=True)


def test_threshold_decides_what_is_left_out(crawl) -> None:
    fa_dir, en_dir, gold = crawl
    everything = pair_folders(str(fa_dir), str(en_dir), TableEmbedder(), options=PairingOptions(threshold=0.0))
    # At threshold 0 distractors are paired with leftovers among their candidates, and score far below
    # the translations.
    assert len(everything.matches) > 8
    wrong = [m.score for m in everything.matches if gold.get(m.fa_path) != m.en_path]
    right = [m.score for m in everything.matches if gold.get(m.fa_path) == m.en_path]
    assert len(right) == 8 and max(wrong) < 0.15 < min(right)
    nothing = pair_folders(str(fa_dir), str(en_dir), TableEmbedder(), options=PairingOptions(threshold=1.0))
    assert nothing.matches == [] and len(nothing.unpaired_fa) == 10


def test_one_to_one_with_a_duplicate_english_page(tmp_path: Path) -> None:
    fa = [Document(f"fa{k}", f"fa{k}.txt", "\n".join(p[0])) for k, p in enumerate(PAIRS[:3])]
    en = [Document(f"en{k}", f"en{k}.txt", "\n".join(p[1])) for k, p in enumerate(PAIRS[:3])]
    en.append(Document("copy", "copy.txt", "\n".join(PAIRS[1][1])))
    result = pair_documents(fa, en, TableEmbedder())
    pairs = {(m.fa_id, m.en_id) for m in result.matches}
    assert len(pairs) == 3 and ("fa0", "en0") in pairs and ("fa2", "en2") in pairs
    assert ("fa1", "en1") in pairs or ("fa1", "copy") in pairs
    assert len(result.unpaired_en) == 1 and result.unpaired_en[0] in ("en1", "copy")


def test_empty_side_pairs_nothing() -> None:
    fa = [Document("a", "a.txt", "\n".join(PAIRS[0][0]))]
    result = pair_documents(fa, [], TableEmbedder())
    assert result.matches == [] and result.unpaired_fa == ["a"]


def test_duplicate_ids_refused() -> None:
    doc = Document("same", "x/same.txt", PAIRS[0][1][0])
    with pytest.raises(InputError, match="two English documents have the id 'same'"):
        pair_documents([Document("a", "a.txt", "متن")], [doc, doc], TableEmbedder())


@pytest.mark.parametrize(("assignments", "threshold", "expected"), [
    ([(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.85), (1, 1, 0.5)], 0.0, [(0, 0, 0.9), (1, 1, 0.5)]),
    ([(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.85), (1, 1, 0.5)], 0.6, [(0, 0, 0.9)]),
    ([(0, 1, 0.7), (1, 1, 0.7), (1, 0, 0.2)], 0.0, [(0, 1, 0.7), (1, 0, 0.2)]),  # a tie: lower index first
    ([], 0.0, []),
])
def test_assign_is_greedy_one_to_one(assignments, threshold, expected) -> None:
    assert assign(assignments, threshold) == expected


def test_centering_removes_the_language_offset() -> None:
    rng = np.random.default_rng(1)
    meanings = rng.normal(size=(20, 16))
    offset_fa, offset_en = rng.normal(size=16) * 6, rng.normal(size=16) * 6
    # Each document's own detail varies in size, so without centering the side's offset dominates
    # and decides the neighbours by how small each document's meaning is, not which it is.
    scale = rng.uniform(0.3, 1.0, size=(20, 1))
    fa = [Head(("x",), (meanings[k:k + 1] * scale[k] + offset_fa).astype(np.float32)) for k in range(20)]
    en = [Head(("y",), (meanings[k:k + 1] * scale[(k + 7) % 20] + offset_en + rng.normal(size=(1, 16)) * 0.1)
               .astype(np.float32)) for k in range(20)]
    centered = document_vectors(fa, True) @ document_vectors(en, True).T
    raw = document_vectors(fa, False) @ document_vectors(en, False).T
    assert (centered.argmax(axis=1) == np.arange(20)).all()
    assert (raw.argmax(axis=1) != np.arange(20)).sum() >= 5


def test_candidates_are_nearest_both_ways() -> None:
    fa = np.eye(4, dtype=np.float32)
    en = np.array([[1, 0, 0, 0], [0.9, 0.1, 0, 0], [0, 0, 1, 0], [0, 0, 0.2, 0.9]], dtype=np.float32)
    en /= np.linalg.norm(en, axis=1, keepdims=True)
    found = candidate_pairs(fa, en, 1)
    # fa1's nearest is en1 (the only one with any of fa1); en1's nearest is fa0.
    assert set(found) == {(0, 0), (1, 1), (2, 2), (3, 3), (0, 1)}
    assert len(candidate_pairs(fa, en, 10)) == 16  # k over the side: every pair


def test_confirmed_score_separates_translation_from_topic() -> None:
    emb = TableEmbedder()

    def head(sentences, lang):
        text = "\n".join(sentences)
        s = head_sentences(text, lang, 12)
        return Head(tuple(s), emb.encode(s))

    translation = confirmed_score(head(PAIRS[0][0], "fa"), head(PAIRS[0][1], "en"))
    other = confirmed_score(head(PAIRS[0][0], "fa"), head(PAIRS[1][1], "en"))
    assert translation > 0.4 > 0.1 > other
    assert confirmed_score(Head((), np.zeros((0, 48))), head(PAIRS[0][1], "en")) == 0.0


def test_head_sentences_reads_only_the_start() -> None:
    fa = "تیتر خبر\n\nجمله اول است. جمله دوم است.\n\nجمله سوم است.\n"
    assert head_sentences(fa, "fa", 2) == [normalize_text("تیتر خبر"), normalize_text("جمله اول است.")]
    en = "Headline\n\nFirst one. Second one.\nThird one.\n"
    assert head_sentences(en, "en", 3) == ["Headline", "First one.", "Second one."]
    with pytest.raises(ConfigError, match="'fa' or 'en'"):
        head_sentences("x", "ar", 3)


@pytest.mark.parametrize("options", [{"head": 0}, {"neighbours": True}, {"threshold": 1.5}, {"threshold": "0.3"}])
def test_options_validated(options) -> None:
    with pytest.raises(ConfigError):
        PairingOptions(**options)


def test_unreadable_files_are_rejected_and_the_rest_paired(crawl) -> None:
    fa_dir, en_dir, gold = crawl
    (fa_dir / "empty.txt").write_bytes(b"")
    (en_dir / "binary.txt").write_bytes(b"PK\x03\x04" + bytes(1000))  # a zip file, say
    result = pair_folders(str(fa_dir), str(en_dir), TableEmbedder())
    assert {m.fa_path: m.en_path for m in result.matches} == gold
    reasons = dict(result.rejected)
    assert reasons[str(fa_dir / "empty.txt")] == "the file is empty"
    assert "a binary file" in reasons[str(en_dir / "binary.txt")]


def test_folders_must_exist_and_hold_documents(tmp_path: Path) -> None:
    (tmp_path / "fa").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.txt").write_text("Hello there.", encoding="utf-8")
    with pytest.raises(InputError, match="is not a folder"):
        pair_folders(str(tmp_path / "missing"), str(tmp_path / "en"), TableEmbedder())
    with pytest.raises(InputError, match="no readable Persian document"):
        pair_folders(str(tmp_path / "fa"), str(tmp_path / "en"), TableEmbedder())


def test_write_pairs_is_plain_tsv(tmp_path: Path) -> None:
    matches = [DocumentMatch("c", "d", str(tmp_path / "fa/«c».txt"), str(tmp_path / "en/d.txt"), 0.4, 0.3),
               DocumentMatch("a", "b", str(tmp_path / "fa/a b.txt"), str(tmp_path / "en/x\ty.txt"), 0.61234, 0.5)]
    path = tmp_path / "out" / "pairs.tsv"
    assert write_pairs(matches, path) == 2
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    # in the order of the Persian paths, relative to the listing's folder (as corpus build reads them)
    assert rows == [["fa_path", "en_path", "score"], ["../fa/a b.txt", "../en/x%09y.txt", "0.6123"],
                    ["../fa/«c».txt", "../en/d.txt", "0.4000"]]
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="cannot write the pairs"):
        write_pairs(matches, tmp_path / "file" / "pairs.tsv")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["pairs.tsv"]  # no temporary file left


def test_baseline_pairs_by_shared_numbers_and_length() -> None:
    fa = [Document("fa-a", "a", "در سال ۱۳۹۸ بیش از ۲۵۰۰ نفر و ۴۷ شرکت در این طرح بودند و " * 3),
          Document("fa-b", "b", "قیمت ۱۲ کالا در ماه ۷ به ۳۰۰ هزار رسید و " * 3),
          Document("fa-c", "c", "هیچ عددی در این متن نیست و " * 3)]
    en = [Document("en-b", "B", "The price of 12 goods reached 300 thousand in month 7 and " * 3),
          Document("en-a", "A", "In 2019 more than 2500 people and 47 firms were in the plan and " * 3),
          Document("en-x", "X", "Nothing here has a number at all, nothing, nothing and " * 3)]
    result = pair_by_numbers(fa, en, BaselineOptions(threshold=0.5))
    assert {(m.fa_id, m.en_id) for m in result.matches} == {("fa-b", "en-b")}  # 1398 ≠ 2019: fa-a falls short
    loose = pair_by_numbers(fa, en, BaselineOptions(threshold=0.2))
    assert {(m.fa_id, m.en_id) for m in loose.matches} == {("fa-a", "en-a"), ("fa-b", "en-b")}
    assert loose.unpaired_fa == ["fa-c"] and loose.unpaired_en == ["en-x"]


class BrokenEmbedder(TableEmbedder):
    def encode(self, texts):
        raise ValueError("the table is gone")


@pytest.mark.slow
def test_ray_executor_pairs_as_the_local_one_and_a_failure_names_the_documents(crawl) -> None:
    ray = pytest.importorskip("ray", reason="the Ray executor is an extra: pip install -e '.[ray]'")
    import sys

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the table embedder travels as it is
    fa_dir, en_dir, gold = crawl
    local = pair_folders(str(fa_dir), str(en_dir), TableEmbedder())
    cluster = ClusterOptions(actors_per_node=2, cpus_per_actor=1)
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        remote = pair_folders(str(fa_dir), str(en_dir), TableEmbedder(), executor="ray", cluster=cluster)
        assert remote.matches == local.matches
        assert {m.fa_path: m.en_path for m in remote.matches} == gold
        # the result says where it was made (the CLI prints it)
        assert local.executor == {"executor": "local"} and "Ray" not in local.summary()
        assert remote.executor["executor"] == "ray" and remote.executor["actors"] == 2
        assert f"on the Ray cluster at {remote.executor['address']} (1 node, 2 workers)" in remote.summary()
        said = (r"reading and embedding fa:\S+, fa:\S+, fa:\S+ and 17 more documents failed on the cluster: "
                r"the table is gone; nothing was written")
        with pytest.raises(ClusterError, match=said):
            pair_folders(str(fa_dir), str(en_dir), BrokenEmbedder(), executor="ray", cluster=cluster)
    finally:
        ray.shutdown()


@pytest.mark.slow
def test_real_embedder_pairs_news_among_distractors(crawl) -> None:
    from translate.align.embed import load_embedder

    fa_dir, en_dir, gold = crawl
    result = pair_folders(str(fa_dir), str(en_dir), load_embedder())
    assert {m.fa_path: m.en_path for m in result.matches} == gold
