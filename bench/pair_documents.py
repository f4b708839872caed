"""Document pairing (``translate corpus pair``): precision and recall of document pairs on news with
unpaired distractors on both sides, against the length-and-shared-numbers baseline; and the cost
curve for 100, 300 and 1,000 documents a side. Prints figures; not a test.

    python bench/pair_documents.py [--data ../shared/data/parallel/ntrex_fa_en_docs.jsonl]
        [--trials 10] [--sizes 100,300,1000] [--threads 2] [--skip-eval] [--skip-scale]
        [--reuse-vectors] [--quiet-rate 80] [--threshold T] [--json OUT.json]

Results and how to read them: docs/crawl.md.

**Evaluation sets** (from NTREX, 62 news articles, English original and professional Persian
translation). The articles are split in two halves by a hash of their id: thresholds are tuned on
trials of one half (``tune``) and reported on trials of the other (``test``). Each trial writes the
half's articles as two folders of text files and then hides the answer:

- file names are random hex, unrelated across sides;
- paragraphs are regrouped independently on each side: the headline alone, then runs of 1–4 sentences
  (the segmenters have to find the sentences again; the heads no longer start or stop together);
- 15–25% of each side's documents are distractors (drawn per trial): their partners are removed from
  the other side, so every side holds documents with no translation there.

**Scaling sets** (100/300/1,000 documents a side) are synthesized from the 1,025 NTREX sentence pairs:
a document pair is a random draw of NTREX sentence pairs (the number of sentences drawn from the NTREX
articles' lengths, 4–30), the Persian side the translations of the English side in the same order, and
then written as above (regrouped, random names, 20% distractors a side). To keep the task honest with
sentences reused across documents (each is in about 18 documents at 1,000 a side): no two documents
share more than two sentences, so no distractor is a partial translation of another document; and the
embedder used for timing embeds every occurrence of a sentence (no cache), as a crawl of distinct
articles would. Caveat: such documents have no topic (each mixes sentences of many articles), so no two
documents are about the same story, as articles of one site often are; the NTREX sets keep that
difficulty (several articles share a topic), the synthetic ones measure cost.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.corpus.pairing import (  # noqa: E402
    BaselineOptions, PairingOptions, PairingResult, pair_by_numbers, pair_folders, read_side)

DATA = ROOT.parent / "shared" / "data" / "parallel" / "ntrex_fa_en_docs.jsonl"


# ------------------------------------------------------------------------------------------- building sets


def half_of(doc_id: str) -> str:
    return "tune" if hashlib.sha256(doc_id.encode()).digest()[0] < 128 else "test"


def regroup(sentences: Sequence[str], rng: random.Random, joiner: str = " ") -> str:
    """The headline alone, then the body in paragraphs of 1–4 sentences."""
    paragraphs = [sentences[0]]
    k = 1
    while k < len(sentences):
        n = rng.randint(1, 4)
        paragraphs.append(joiner.join(sentences[k:k + n]))
        k += n
    return "\n\n".join(paragraphs) + "\n"


def write_trial(pairs: Sequence[tuple[list[str], list[str]]], folder: Path, seed: int,
                distractors: tuple[float, float] = (0.15, 0.25)) -> dict[str, str]:
    """Write document pairs as ``folder/fa`` and ``folder/en`` with random names, regrouped paragraphs
    and a share of distractors on each side; return ``{fa_path: en_path}`` of the pairs kept whole."""
    rng = random.Random(seed)
    share = rng.uniform(*distractors)
    n = len(pairs)
    # d distractors a side among p + d documents: p + 2d = n and d = share·(p + d).
    d = round(share * n / (1 + share))
    order = list(range(n))
    rng.shuffle(order)
    only_fa, only_en, whole = set(order[:d]), set(order[d:2 * d]), order[2 * d:]
    for side in ("fa", "en"):
        (folder / side).mkdir(parents=True)
    gold, names = {}, set()

    def name() -> str:
        while True:
            candidate = f"{rng.getrandbits(48):012x}.txt"
            if candidate not in names:
                names.add(candidate)
                return candidate

    for k in range(n):
        fa, en = pairs[k]
        fa_path = en_path = None
        if k not in only_en:
            fa_path = folder / "fa" / name()
            fa_path.write_text(regroup(fa, rng), encoding="utf-8")
        if k not in only_fa:
            en_path = folder / "en" / name()
            en_path.write_text(regroup(en, rng), encoding="utf-8")
        if fa_path and en_path:
            gold[str(fa_path)] = str(en_path)
    assert len(gold) == len(whole)
    return gold


def synthetic_pairs(pool: Sequence[tuple[str, str]], lengths: Sequence[int], n: int, seed: int,
                    max_shared: int = 2) -> list[tuple[list[str], list[str]]]:
    """``n`` document pairs drawn from sentence pairs ``pool``; no two share more than ``max_shared``."""
    rng = random.Random(seed)
    holders: dict[int, list[int]] = {}
    docs: list[list[int]] = []
    while len(docs) < n:
        draw = rng.sample(range(len(pool)), rng.choice(lengths))
        shared: dict[int, int] = {}
        for s in draw:
            for other in holders.get(s, ()):
                shared[other] = shared.get(other, 0) + 1
        if shared and max(shared.values()) > max_shared:
            continue
        for s in draw:
            holders.setdefault(s, []).append(len(docs))
        docs.append(draw)
    return [([pool[s][0] for s in d], [pool[s][1] for s in d]) for d in docs]


# ------------------------------------------------------------------------------------------- scoring


def counts(matches: Sequence[tuple[str, str, float]], gold: dict[str, str], threshold: float) -> tuple[int, int, int]:
    """(correct, proposed, gold) of the matches scoring at least ``threshold``. Greedy best-first
    assignment stops at the threshold, so its pairs at a threshold are those at 0 scoring above it."""
    kept = [(a, b) for a, b, s in matches if s >= threshold]
    return sum(gold.get(a) == b for a, b in kept), len(kept), len(gold)


def prf(c: int, p: int, g: int) -> tuple[float, float, float]:
    precision, recall = (c / p if p else 1.0), (c / g if g else 1.0)
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def tune(trials: Sequence[tuple[list[tuple[str, str, float]], dict[str, str]]], grid: Sequence[float]) -> float:
    """The middle of the thresholds with the best F1 over all ``trials`` pooled."""
    scored = []
    for t in grid:
        c = p = g = 0
        for matches, gold in trials:
            a, b, d = counts(matches, gold, t)
            c, p, g = c + a, p + b, g + d
        scored.append((round(prf(c, p, g)[2], 6), t))
    best = max(f for f, _ in scored)
    top = [t for f, t in scored if f == best]
    return top[len(top) // 2]


def pooled(trials: Sequence[tuple[list[tuple[str, str, float]], dict[str, str]]], threshold: float
           ) -> tuple[float, float, float, int, int]:
    c = p = g = 0
    for matches, gold in trials:
        a, b, d = counts(matches, gold, threshold)
        c, p, g = c + a, p + b, g + d
    return (*prf(c, p, g), p - c, g - c)


def as_triples(result: PairingResult) -> list[tuple[str, str, float]]:
    return [(m.fa_path, m.en_path, m.score) for m in result.matches]


# ------------------------------------------------------------------------------------------- runs


class Uncached:
    """e5 without the embedder's cache: every sentence occurrence is embedded (honest timing on sets
    that reuse sentences). With ``reuse``, each distinct sentence is embedded once and the seconds an
    occurrence would have cost are added up instead (``modeled``: occurrences × measured seconds per
    distinct sentence), so that a set of 1,000 documents a side can be measured on a busy machine."""

    name = "e5 (uncached)"

    def __init__(self, threads: int | None, reuse: bool = False) -> None:
        from translate.align.e5 import E5Torch

        self.model = E5Torch(threads=threads)
        self.reuse = reuse
        self.vectors: dict[str, Any] = {}
        self.occurrences = self.distinct = 0
        self.seconds = 0.0

    def _embed(self, texts: list[str]) -> Any:
        import numpy as np

        clock = time.perf_counter()
        v = np.asarray(self.model.passage(texts), dtype=np.float32)
        self.seconds += time.perf_counter() - clock
        self.distinct += len(texts)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        self.occurrences += len(texts)
        if not self.reuse:
            return self._embed(list(texts))
        todo = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if todo:
            self.vectors.update(zip(todo, self._embed(todo)))
        return np.stack([self.vectors[t] for t in texts])

    def modeled(self) -> float:
        """Seconds embedding every occurrence would have taken at the speed measured."""
        return self.occurrences * self.seconds / max(1, self.distinct)


def evaluate(args: argparse.Namespace, docs: list[dict[str, Any]], work: Path, out: dict[str, Any]) -> float:
    from translate.align.embed import load_embedder

    embedder = load_embedder(threads=args.threads)
    halves = {h: [(d["src"], d["tgt"]) for d in docs if half_of(d["id"]) == h] for h in ("tune", "test")}
    halves["all"] = [(d["src"], d["tgt"]) for d in docs]
    runs: dict[str, dict[str, list[Any]]] = {}
    for half, pairs in halves.items():
        runs[half] = {"ours": [], "base": []}
        for seed in range(args.trials):
            folder = work / f"eval-{half}-{seed}"
            gold = write_trial(pairs, folder, seed=1000 * len(half) + seed)
            result = pair_folders(str(folder / "fa"), str(folder / "en"), embedder,
                                  options=PairingOptions(threshold=0.0))
            runs[half]["ours"].append((as_triples(result), gold))
            fa_docs, en_docs = read_side(str(folder / "fa")), read_side(str(folder / "en"))
            for weight in WEIGHTS:
                base = pair_by_numbers(fa_docs, en_docs, BaselineOptions(length_weight=weight, threshold=-1e9))
                runs[half]["base"].append((weight, as_triples(base), gold))
        sizes = [(len(list((work / f"eval-{half}-{s}" / "fa").iterdir())), len(g))
                 for s, (_, g) in enumerate(runs[half]["ours"])]
        print(f"{half}: {len(pairs)} articles; {args.trials} trials of "
              f"{min(s[0] for s in sizes)}–{max(s[0] for s in sizes)} "
              f"documents a side, {min(s[1] for s in sizes)}–{max(s[1] for s in sizes)} true pairs", flush=True)

    threshold = args.threshold if args.threshold is not None else tune(runs["tune"]["ours"], GRID)
    base_choice = max(((tune([(m, g) for w, m, g in runs["tune"]["base"] if w == weight], BASE_GRID), weight)
                       for weight in WEIGHTS),
                      key=lambda tw: pooled([(m, g) for w, m, g in runs["tune"]["base"] if w == tw[1]], tw[0])[2])
    base_threshold, base_weight = base_choice
    print(f"\nthresholds tuned on 'tune': pairing {threshold:.3f}; baseline {base_threshold:.3f} "
          f"(length weight {base_weight})")
    print("\n| set | method | precision | recall | F1 | wrong pairs | missed pairs |\n|---|---|---|---|---|---|---|")
    out["eval"] = {"threshold": threshold, "baseline": {"threshold": base_threshold, "length_weight": base_weight}}
    for half in ("tune", "test", "all"):
        ours = pooled(runs[half]["ours"], threshold)
        base = pooled([(m, g) for w, m, g in runs[half]["base"] if w == base_weight], base_threshold)
        for label, (p, r, f, wrong, missed) in (("e5 + aligner", ours), ("length + numbers", base)):
            print(f"| {half} | {label} | {p:.3f} | {r:.3f} | {f:.3f} | {wrong} | {missed} |")
            out["eval"].setdefault(half, {})[label] = {"precision": p, "recall": r, "f1": f, "wrong": wrong,
                                                       "missed": missed}
    true_scores = [s for matches, gold in runs["all"]["ours"] for a, b, s in matches if gold.get(a) == b]
    false_scores = [s for matches, gold in runs["all"]["ours"] for a, b, s in matches if gold.get(a) != b]
    median = sorted(true_scores)[len(true_scores) // 2]
    print(f"\nscores of true pairs: min {min(true_scores):.3f}, median {median:.3f}; "
          f"of wrong ones assigned at threshold 0: max {max(false_scores, default=0):.3f}")
    return threshold


WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.4)
GRID = [k / 200 for k in range(0, 121)]
BASE_GRID = [k / 100 - 0.5 for k in range(0, 151)]


def scale(args: argparse.Namespace, docs: list[dict[str, Any]], work: Path, threshold: float,
          out: dict[str, Any]) -> None:
    import os

    pool = [(fa, en) for d in docs for fa, en in zip(d["src"], d["tgt"])] if all(
        len(d["src"]) == len(d["tgt"]) for d in docs) else None
    if pool is None:
        raise SystemExit("the NTREX file is not line-aligned per document")
    lengths = [len(d["src"]) for d in docs]
    embedder = Uncached(args.threads, reuse=args.reuse_vectors)
    embedder.encode(["warm up"])
    # The embedder's speed now, on 300 NTREX sentences of both sides: on a shared machine the timings
    # below scale with it (a quiet 2-core AMD EPYC without native bfloat16 embeds about 80 a second).
    sample = [s for pair in pool[:150] for s in pair]
    clock = time.perf_counter()
    embedder.encode(sample)
    rate = len(sample) / (time.perf_counter() - clock)
    print(f"\nembedder now: {rate:.1f} sentences/s (load average {os.getloadavg()[0]:.1f})")
    out["embedder_rate"] = rate
    print(f"\nscaling (synthetic, 20% distractors a side, threshold {threshold:.3f}; "
          f"{os.cpu_count()} CPUs visible, torch threads {args.threads})")
    print("\n| documents a side | true pairs | sentences embedded | read+embed s | candidates s | confirm s "
          f"| total s | CPU s | est. s at {args.quiet_rate:g}/s | precision | recall | baseline s | baseline P / R "
          "| embedded/s | load average |\n" + "|---" * 15 + "|")
    out["scale"] = []
    for n in args.sizes:
        share = 0.2
        total = round(n * (1 + share))  # n a side: p + d = n and p + 2d = total
        pairs = synthetic_pairs(pool, lengths, total, seed=n)
        folder = work / f"scale-{n}"
        gold = write_trial(pairs, folder, seed=n, distractors=(share, share))
        options = PairingOptions(threshold=threshold)
        before = (embedder.occurrences, embedder.distinct, embedder.seconds)
        load_before = os.getloadavg()[0]
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        clock = time.perf_counter()
        result = pair_folders(str(folder / "fa"), str(folder / "en"), embedder, options=options)
        wall = time.perf_counter() - clock
        load = (load_before, os.getloadavg()[0])  # 1-minute load average when the size started and ended
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu_s = (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)
        occurrences = embedder.occurrences - before[0]
        embed_s = embedder.seconds - before[2]
        embed_all = occurrences * embedder.seconds / max(1, embedder.distinct) if args.reuse_vectors else embed_s
        if args.reuse_vectors:  # the embedding measured on distinct sentences, scaled to every occurrence
            wall += embed_all - embed_s
            result.seconds["read+embed"] += embed_all - embed_s
        # The same run with the embedder at its quiet speed (the other stages as measured, busy or not).
        estimate = wall - embed_all + occurrences / args.quiet_rate
        p, r, _ = prf(*counts(as_triples(result), gold, threshold))
        fa_docs, en_docs = read_side(str(folder / "fa")), read_side(str(folder / "en"))
        clock = time.perf_counter()
        base = pair_by_numbers(fa_docs, en_docs, BaselineOptions(**args.baseline))
        base_s = time.perf_counter() - clock
        bp, br, _ = prf(*counts(as_triples(base), gold, -1e9))
        s = result.seconds
        rate_now = (embedder.distinct - before[1]) / max(1e-9, embed_s)  # sentences embedded a second, this size
        print(f"| {len(fa_docs)} | {len(gold)} | {occurrences} | {s['read+embed']:.1f} | {s['candidates']:.2f} | "
              f"{s['confirm']:.1f} | {wall:.1f} | {cpu_s:.1f} | {estimate:.0f} | {p:.3f} | {r:.3f} | {base_s:.1f} | "
              f"{bp:.3f} / {br:.3f} | {rate_now:.1f} | {load[0]:.1f} → {load[1]:.1f} |",
              flush=True)
        out["scale"].append({"documents": len(fa_docs), "pairs": len(gold), "embedded": occurrences,
                             "seconds": s, "wall": wall, "cpu": cpu_s, "estimate": estimate, "precision": p,
                             "recall": r,
                             "candidates": result.candidates, "baseline_seconds": base_s,
                             "embedded_per_second": rate_now, "load_average": load,
                             "baseline_precision": bp, "baseline_recall": br})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--trials", type=int, default=10, help="trials per half (distractors, names, paragraphs)")
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--threads", type=int, default=None, help="PyTorch threads (default: all cores)")
    parser.add_argument("--threshold", type=float, help="skip tuning: use this pairing threshold")
    parser.add_argument("--reuse-vectors", action="store_true",
                        help="scaling: embed each distinct sentence once and count every occurrence at the "
                             "measured speed (a busy machine; total s and read+embed s are then modeled)")
    parser.add_argument("--quiet-rate", type=float, default=80.0,
                        help="sentences/s of the embedder on a quiet machine, for the estimate column (80: "
                             "2 cores without native bfloat16; 150 with it)")
    parser.add_argument("--skip-eval", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--json", help="write the figures here too")
    parser.add_argument("--keep", help="build the sets in this folder and keep them")
    args = parser.parse_args()
    args.sizes = [int(x) for x in args.sizes.split(",") if x]
    docs = [json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line.strip()]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="pair-bench-"))
    out: dict[str, Any] = {}
    try:
        threshold = args.threshold if args.threshold is not None else PairingOptions().threshold
        args.baseline = {"length_weight": BaselineOptions().length_weight, "threshold": BaselineOptions().threshold}
        if not args.skip_eval:
            threshold = evaluate(args, docs, work, out)
            args.baseline = {"length_weight": out["eval"]["baseline"]["length_weight"],
                             "threshold": out["eval"]["baseline"]["threshold"]}
        if not args.skip_scale:
            scale(args, docs, work, threshold, out)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
