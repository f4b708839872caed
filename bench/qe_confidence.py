"""Do the quality signals track real quality? Prints Kendall's tau against sentence chrF++.

    python bench/qe_confidence.py --model ../shared/models/quran-fa-en-marian-small \
        --align ../shared/data/align/quran_fa_en_align_test.jsonl

The Persian of every 1-1 bead of the alignment test set is translated with the model (CTranslate2 int8,
beam 4); each translation gets its signals (model confidence = mean token log-probability, e5
similarity to the source, the verdict as ok=2/review=1/bad=0, and the combined quality score) and its
sentence chrF++ against the English of the bead; Kendall's tau-b is computed between each signal and
chrF++.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--align", required=True)
    parser.add_argument("--engine", default="ct2")
    args = parser.parse_args()

    from sacrebleu.metrics import CHRF
    from scipy.stats import kendalltau

    from translate.config import DecodeOptions
    from translate.mt import open_engine
    from translate.align.embed import load_embedder
    from translate.mt.models import resolve
    from translate.text.normalize import normalize_text
    from translate.qe.score import quality as quality_score, score_pairs
    from translate.mt.stream import translate_stream

    sources, references = [], []
    for line in Path(args.align).read_text(encoding="utf-8").split("\n"):
        if line.strip():
            unit = json.loads(line)
            for src, tgt in unit["gold"]:
                if len(src) == 1 and len(tgt) == 1:
                    sources.append(normalize_text(unit["src"][src[0]]))
                    references.append(unit["tgt"][tgt[0]])
    engine = open_engine(args.engine, resolve(args.model), device="cpu")
    t0 = time.perf_counter()
    hyps = list(translate_stream(engine, sources, DecodeOptions(beam_size=4)))
    seconds = time.perf_counter() - t0
    outputs = [h.text for h in hyps]
    scores = score_pairs(sources, outputs, embedder=load_embedder(), confidences=[h.score for h in hyps])
    chrf = CHRF(word_order=2)
    quality = [chrf.sentence_score(o, [r]).score for o, r in zip(outputs, references)]
    print(f"{len(sources)} one-to-one beads translated in {seconds:.1f} s; "
          f"corpus chrF++ {chrf.corpus_score(outputs, [references]).score:.1f}")
    signals = {
        "confidence (mean log-prob)": [s.confidence for s in scores],
        "similarity (e5 cosine)": [s.similarity for s in scores],
        "verdict (ok 2, review 1, bad 0)": [{"ok": 2, "review": 1, "bad": 0}[s.verdict] for s in scores],
        "quality score": [quality_score(s) for s in scores],
    }
    for name, values in signals.items():
        tau, p = kendalltau(values, quality)
        print(f"Kendall tau, {name:<32} vs sentence chrF++: {tau:+.3f} (p={p:.1e})")
    counts = {v: sum(s.verdict == v for s in scores) for v in ("ok", "review", "bad")}
    print("verdicts:", counts)


if __name__ == "__main__":
    main()
