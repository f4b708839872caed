"""What the attention a run asks for costs, step by step: CTranslate2 decoding the sentences of
`run_vs_translate.py`'s folder without attention, with it, reading it into Python (the lists
CTranslate2 builds), and then either each row's strongest source piece (what a run's word links read:
the engine hands the rows on unread, see `translate/mt/attention.py`) or each hypothesis's rows as a
NumPy matrix (what the engine handed on before, and what the glossary's repair still reads).

    python bench/attention_cost.py --model MODEL [--sentences 2000] [--beam 1] [--ratio 0.5]

Every batch is submitted at once, as the engine does; each variant is timed twice, alternated.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run_vs_translate import make_folder  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--beam", type=int, default=1)
    parser.add_argument("--ratio", type=float, default=0.5)
    args = parser.parse_args()

    import numpy as np

    from translate.config import DecodeOptions
    from translate.mt import open_engine
    from translate.mt.attention import strongest
    from translate.mt.batch import plan_batches

    folder = Path(tempfile.mkdtemp(prefix="attention-cost-")) / "in"
    make_folder(folder, max(1, args.sentences // 100), 100)
    lines = [line for f in sorted(folder.iterdir()) for line in f.read_text(encoding="utf-8").splitlines() if line]
    engine = open_engine("ct2", args.model)
    sources = engine.tokenizer.source_pieces(lines)
    options = DecodeOptions(beam_size=args.beam, max_length_ratio=args.ratio)
    cap = options.batch_cap(engine.vocabulary)
    special = set(engine.tokenizer.special)
    batches = plan_batches([len(s) for s in sources], options.batch_tokens, cap)

    def decode(attention: bool, read: bool, matrix: bool, links: bool = False) -> tuple[float, int]:
        start = time.perf_counter()
        pending = []
        for batch in batches:
            rows = [sources[i] for i in batch]
            pending.append((batch, engine.translator.translate_batch(
                rows, asynchronous=True, beam_size=options.beam_size, max_input_length=0, return_scores=True,
                max_decoding_length=options.length_limit(max(len(r) for r in rows)), return_attention=attention)))
        weights = 0
        for batch, results in pending:
            for i, result in zip(batch, results):
                done = result.result()
                if read:
                    best = done.attention[0]
                    weights += sum(len(row) for row in best)
                    if matrix:
                        np.asarray(best, dtype=np.float64)
                    if links:
                        strongest(best, sources[i], special)
        return time.perf_counter() - start, weights

    variants = {"no attention": (False, False, False), "attention, not read": (True, False, False),
                "attention read into Python": (True, True, False), "read and made NumPy matrices": (True, True, True),
                "read, each row's strongest piece": (True, True, False, True)}
    print(f"{len(lines)} sentences, beam {args.beam}, length ratio {args.ratio}, model {args.model}")
    times: dict[str, list[float]] = {name: [] for name in variants}
    weights = 0
    for _ in range(2):
        for name, flags in variants.items():
            seconds, counted = decode(*flags)
            times[name].append(seconds)
            weights = max(weights, counted)
    for name, seconds in times.items():
        print(f"{name:34s} {', '.join(f'{s:.2f} s' for s in seconds)}")
    print(f"attention weights read: {weights:,} ({weights / len(lines):,.0f} a sentence)")


if __name__ == "__main__":
    main()
