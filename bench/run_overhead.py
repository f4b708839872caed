"""How much does `translate run` add to the bare engine? Prints both times and the ratio.

    python bench/run_overhead.py --model /tmp/translate-bench-models/nllb-600m \
        --input /tmp/translate-bench-models/nllb-workload.fa

Runs `translate run` (greedy, length ratio 1, no glossary, default formats) on INPUT, reads back the
sentences it translated (corpus.fa), and times the bare CTranslate2 call on exactly those sentences with
the engine's own batch shape and decoding lengths, without attention or any other stage.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import ctranslate2

    from translate.config import DecodeOptions
    from translate.mt import open_engine
    from translate.mt.batch import plan_batches
    from translate.mt.models import resolve
    from translate.text.normalize import normalize_text

    out = Path(tempfile.mkdtemp(prefix="run-overhead-"))
    cmd = [sys.executable, "-m", "translate", "run", args.input, "-o", str(out), "--no-resume", "--model",
           args.model, "--beam", "1", "--max-length-ratio", "1", "--threads", str(args.threads)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    total = time.perf_counter() - t0
    stages = re.search(r"time by stage: (.*)", done.stderr).group(1)
    steady = sum(float(x) for name, x in re.findall(r"([a-z+-]+) ([\d.]+) s", stages) if name != "start-up")

    sentences = (out / "corpus.fa").read_text(encoding="utf-8").split("\n")[:-1]
    engine = open_engine("ct2", resolve(args.model), device="cpu", threads=args.threads)
    options = DecodeOptions(beam_size=1, max_length_ratio=1.0)
    tok = engine.tokenizer
    sources = tok.source_pieces([normalize_text(s) for s in sentences])
    prefix = tok.target_prefix
    translator: ctranslate2.Translator = engine.translator
    t0 = time.perf_counter()
    pending = []
    for batch in plan_batches([len(s) for s in sources], options.batch_tokens, options.batch_cap(engine.vocabulary)):
        limit = options.length_limit(max(len(sources[i]) for i in batch)) + (1 if prefix else 0)
        pending.append(translator.translate_batch(
            [sources[i] for i in batch], target_prefix=[prefix] * len(batch) if prefix else None, beam_size=1,
            max_decoding_length=limit, max_input_length=0, asynchronous=True))
    for results in pending:
        for r in results:
            r.result()
    bare = time.perf_counter() - t0
    print(f"{len(sentences)} sentences")
    print(f"bare CTranslate2 call: {bare:.1f} s")
    print(f"translate run: {steady:.1f} s from model loaded to every file written ({bare / steady:.2f} × bare "
          f"throughput); {total:.1f} s with start-up")
    print(f"time by stage: {stages}")


if __name__ == "__main__":
    main()
