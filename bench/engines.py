"""Engine benchmark: throughput and memory of the translation engines on random-weight models with the
real architectures (Marian base, NLLB-200 distilled 600M). Prints a table; it is not a test.

    python bench/engines.py --arch marian            # Marian base: d 512, 6+6 layers, vocab ~60k
    python bench/engines.py --arch nllb --skip-hf-beam  # NLLB-600M: d 1024, 12+12, vocab 256,206
    python bench/engines.py --arch nllb --only ct2-int8-greedy-sorted-2x1,ct2-int8-greedy-vmap-2x1,\
        ct2-int8-beam4-sorted-2x1,ct2-int8-beam4-vmap-2x1      # the English vocabulary map, with and without

Workload: 200 news-like Persian sentences whose token lengths are drawn around a mean of 35 (range
8–90). Random weights never emit end-of-sentence, so every configuration decodes exactly as many
target tokens as the source has (batches decode to their longest member; the useful tokens counted
are the per-sentence lengths, so padding waste shows as lower throughput). Each configuration runs in
a fresh subprocess so peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"marian": "marian-base", "nllb": "nllb-600m"}


def workload(tokenizer_dir: Path, n: int, seed: int) -> list[str]:
    """``n`` Persian sentences with token lengths ~ N(35, 15) clipped to 8–90, built from the words
    of the bundled corpus."""
    from translate.mt.models import resolve
    from translate.mt.tokenizer import Tokenizer

    tok = Tokenizer(resolve(str(tokenizer_dir)))
    corpus = (ROOT / "translate" / "data" / "testmodel_corpus.txt").read_text(encoding="utf-8")
    # Words without sentence-final marks, so each line stays one sentence for the segmenter.
    words = [w.strip(".!?؟…:«»") for w in corpus.split() if any("\u0600" <= c <= "\u06ff" for c in w)]
    words = [w for w in words if w]
    rng = random.Random(seed)
    sentences = []
    for _ in range(n):
        target = min(90, max(8, int(rng.gauss(35, 15))))
        sent: list[str] = []
        while True:
            sent.append(rng.choice(words))
            length = len(tok.encode([" ".join(sent)])[0])
            if length >= target:
                break
        sentences.append(" ".join(sent))
    return sentences


def _rss_mb() -> float:
    """Peak resident memory of this process since it started (VmHWM). ``getrusage``'s ru_maxrss is
    not used: on Linux it carries over the parent's size from before ``exec``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _vmap_file(model, limit: int | None = None) -> Path:
    """The engine's English map, or (``limit``) a map of that many pieces — the special tokens and the
    first kept pieces — to see how speed follows the map's size (random weights: any subset decodes
    at the same speed as another of its size)."""
    from dataclasses import replace

    from translate.config import cache_root
    from translate.mt.vocabmap import english_map, model_vocabulary, piece_class, write_map

    vmap = english_map(model_vocabulary(model.path, model.spec.tgt_lang))
    if limit:
        special = [p for p in vmap.pieces if piece_class(p) == "special"]
        rest = [p for p in vmap.pieces if piece_class(p) != "special"]
        vmap = replace(vmap, pieces=tuple(special + rest[: limit - len(special)]), classes={"first": limit})
    return write_map(vmap, cache_root() / "vmap")


def run_one(config: dict) -> dict:
    """Run one configuration in this process and return its figures."""
    from translate.config import DecodeOptions
    from translate.mt.engine import model_vocabulary
    from translate.mt.batch import plan_batches
    from translate.mt.models import convert, resolve
    from translate.mt.tokenizer import PieceTokenizer, Tokenizer

    model = resolve(config["model"])
    sentences = json.loads(Path(config["sentences"]).read_text(encoding="utf-8"))
    if config.get("convert_only"):  # conversions happen before the measured runs, never inside them
        convert(model, config["quantization"], vmap=_vmap_file(model, config.get("vmap_limit")) if config.get("vmap") else None)
        return {}
    if config["engine"] == "hf":
        tok = Tokenizer(model)
        ids = tok.encode(sentences)
        lengths = [len(x) for x in ids]
    else:  # as the ct2 engine does: SentencePiece directly, no transformers import
        tok = PieceTokenizer(model)
        sources = tok.source_pieces(sentences)
        lengths = [len(x) for x in sources]
    useful = sum(lengths)
    vocabulary = model_vocabulary(model)
    vmap_file = None
    if config.get("vmap"):  # as the ct2 engine does for NLLB into English (translate.mt.vocabmap)
        vmap_file = _vmap_file(model, config.get("vmap_limit"))
        vocabulary = len(vmap_file.read_text(encoding="utf-8").split())
    threads = config["threads"]
    beam = config["beam"]
    batch = config["batch"]  # "1", "32-unsorted", "tokens-sorted"

    def batches() -> list[list[int]]:
        order = list(range(len(sentences)))
        if batch == "1":
            return [[i] for i in order]
        if batch == "32-unsorted":
            return [order[k : k + 32] for k in range(0, len(order), 32)]
        defaults = DecodeOptions(beam_size=beam)  # the engines' own batch shape
        if config.get("max_batch"):
            defaults = DecodeOptions(beam_size=beam, max_batch=config["max_batch"])
        return plan_batches(lengths, defaults.batch_tokens, defaults.batch_cap(vocabulary))

    if config["engine"] == "hf":
        import torch
        from transformers import AutoModelForSeq2SeqLM

        torch.set_num_threads(threads)
        hf = AutoModelForSeq2SeqLM.from_pretrained(str(model.path), dtype=torch.float32).eval()
        forced = tok.forced_bos_id
        extra = 1 if forced is not None else 0
        t0 = time.perf_counter()
        with torch.inference_mode():
            for b in batches():
                rows = [ids[i] for i in b]
                width = max(len(r) for r in rows)
                pad = hf.config.pad_token_id
                x = torch.full((len(rows), width), pad, dtype=torch.long)
                m = torch.zeros_like(x)
                for k, r in enumerate(rows):
                    x[k, : len(r)] = torch.tensor(r)
                    m[k, : len(r)] = 1
                hf.generate(input_ids=x, attention_mask=m, num_beams=beam, do_sample=False,
                            max_new_tokens=width + extra, min_new_tokens=width + extra,
                            forced_bos_token_id=forced)
        seconds = time.perf_counter() - t0
    else:
        import ctranslate2

        path = convert(model, config["quantization"], vmap=vmap_file)
        translator = ctranslate2.Translator(str(path), device="cpu", compute_type="default",
                                            inter_threads=config["inter"], intra_threads=config["intra"])
        prefix = tok.target_prefix
        t0 = time.perf_counter()
        pending = []
        for b in batches():
            width = max(lengths[i] for i in b) + config.get("plus", 0) + (1 if prefix else 0)
            pending.append(translator.translate_batch(
                [sources[i] for i in b], target_prefix=[prefix] * len(b) if prefix else None,
                beam_size=beam, max_decoding_length=width, min_decoding_length=width,
                max_input_length=0, asynchronous=True, use_vmap=vmap_file is not None))
        for results in pending:
            for r in results:
                r.result()
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "sentences_per_s": len(sentences) / seconds,
            "tokens_per_s": useful / seconds, "peak_rss_mb": _rss_mb(), "vocabulary": vocabulary}


def run_cli(model: str, sentences_file: Path, threads: int) -> dict:
    """``translate translate`` end to end on the same sentences (one a line), greedy, with the
    length limit equal to the source length (ratio 1, +10 as the CLI always adds)."""
    out = sentences_file.with_suffix(".en")
    cmd = [sys.executable, "-m", "translate", "-v", "translate", str(sentences_file), "-o", str(out),
           "--model", model, "--engine", "ct2", "--beam", "1", "--max-length-ratio", "1", "--threads", str(threads)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    total = time.perf_counter() - t0
    m = re.search(r"translated \d+ sentences in ([\d.]+) s", done.stderr)
    return {"seconds": total, "steady_seconds": float(m.group(1)) if m else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--arch", choices=["marian", "nllb"], default="marian")
    parser.add_argument("--models", default=str(Path(tempfile.gettempdir()) / "translate-bench-models"),
                        help="where the random-weight models are built (reused across runs)")
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip-hf-beam", action="store_true", help="skip HF beam 4 (slow for NLLB-600M)")
    parser.add_argument("--only", help="comma-separated config names to run")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one config (JSON) and print figures
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(json.loads(args.one))))
        return

    from translate.testing.models import build_test_model

    model_dir = Path(args.models) / SIZES[args.arch]
    if not (model_dir / "config.json").is_file():
        t0 = time.perf_counter()
        build_test_model(model_dir, arch=args.arch, size=SIZES[args.arch], seed=0)
        print(f"built {model_dir} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    sentences = workload(model_dir, args.sentences, seed=1)
    work = Path(args.models) / f"{args.arch}-workload.json"
    work.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
    lines = Path(args.models) / f"{args.arch}-workload.fa"
    lines.write_text("\n".join(sentences) + "\n", encoding="utf-8")

    t = args.threads
    base = {"model": str(model_dir), "sentences": str(work), "threads": t}
    configs = {
        "hf-fp32-greedy": {"engine": "hf", "beam": 1, "batch": "tokens-sorted"},
        "hf-fp32-beam4": {"engine": "hf", "beam": 4, "batch": "tokens-sorted"},
        "ct2-int8-greedy-b1": {"engine": "ct2", "quantization": "int8", "beam": 1, "batch": "1", "inter": 1, "intra": t},
        "ct2-int8-greedy-32unsorted": {"engine": "ct2", "quantization": "int8", "beam": 1, "batch": "32-unsorted", "inter": 1, "intra": t},
        "ct2-int8-greedy-sorted": {"engine": "ct2", "quantization": "int8", "beam": 1, "batch": "tokens-sorted", "inter": 1, "intra": t},
        "ct2-int8-greedy-sorted-2x1": {"engine": "ct2", "quantization": "int8", "beam": 1, "batch": "tokens-sorted", "inter": t, "intra": 1},
        "ct2-int8-beam4-sorted-2x1": {"engine": "ct2", "quantization": "int8", "beam": 4, "batch": "tokens-sorted", "inter": t, "intra": 1},
        "ct2-int8-greedy-vmap-2x1": {"engine": "ct2", "quantization": "int8", "beam": 1, "batch": "tokens-sorted", "inter": t, "intra": 1, "vmap": True},
        "ct2-int8-beam4-vmap-2x1": {"engine": "ct2", "quantization": "int8", "beam": 4, "batch": "tokens-sorted", "inter": t, "intra": 1, "vmap": True},
        # How the speed follows the map's size (the English map of the real NLLB vocabulary is not
        # available offline; the test model's is sized by translate.testing.models.NLLB_ENGLISH_SHARE).
        "ct2-int8-greedy-vmap32k-2x1": {"engine": "ct2", "quantization": "int8", "beam": 1, "batch": "tokens-sorted", "inter": t, "intra": 1, "vmap": True, "vmap_limit": 32_000},
        "ct2-int8-beam4-vmap32k-2x1": {"engine": "ct2", "quantization": "int8", "beam": 4, "batch": "tokens-sorted", "inter": t, "intra": 1, "vmap": True, "vmap_limit": 32_000},
        # Batch shapes with the map (the cap follows the map's size; is that the fastest shape?).
        "ct2-int8-greedy-vmap-b8-2x1": {"engine": "ct2", "quantization": "int8", "beam": 1, "batch": "tokens-sorted", "inter": t, "intra": 1, "vmap": True, "max_batch": 8},
        "ct2-int8-greedy-vmap-b16-2x1": {"engine": "ct2", "quantization": "int8", "beam": 1, "batch": "tokens-sorted", "inter": t, "intra": 1, "vmap": True, "max_batch": 16},
        "ct2-int8-beam4-vmap-b4-2x1": {"engine": "ct2", "quantization": "int8", "beam": 4, "batch": "tokens-sorted", "inter": t, "intra": 1, "vmap": True, "max_batch": 4},
        "ct2-int8-beam4-vmap-b6-2x1": {"engine": "ct2", "quantization": "int8", "beam": 4, "batch": "tokens-sorted", "inter": t, "intra": 1, "vmap": True, "max_batch": 6},
        "ct2-int8-greedy-vmap64k-2x1": {"engine": "ct2", "quantization": "int8", "beam": 1, "batch": "tokens-sorted", "inter": t, "intra": 1, "vmap": True, "vmap_limit": 64_000},
        "ct2-int8-beam4-vmap64k-2x1": {"engine": "ct2", "quantization": "int8", "beam": 4, "batch": "tokens-sorted", "inter": t, "intra": 1, "vmap": True, "vmap_limit": 64_000},
        "ct2-fp32-greedy-sorted-2x1": {"engine": "ct2", "quantization": "float32", "beam": 1, "batch": "tokens-sorted", "inter": t, "intra": 1},
        "ct2-fp32-beam4-sorted-2x1": {"engine": "ct2", "quantization": "float32", "beam": 4, "batch": "tokens-sorted", "inter": t, "intra": 1},
    }
    if args.skip_hf_beam:
        configs.pop("hf-fp32-beam4")
    if args.arch != "nllb":
        configs = {k: v for k, v in configs.items() if not v.get("vmap")}
    if args.only:
        configs = {k: v for k, v in configs.items() if k in args.only.split(",")}
    results = {}
    print(f"{'configuration':<30} {'sent/s':>8} {'tok/s':>8} {'seconds':>8} {'peak RSS MB':>12} {'output vocab':>12}")
    for name, config in configs.items():
        if config["engine"] == "ct2":
            subprocess.run([sys.executable, __file__, "--one", json.dumps({**base, **config, "convert_only": True})],
                           capture_output=True, text=True, check=True)
        done = subprocess.run([sys.executable, __file__, "--one", json.dumps({**base, **config})],
                              capture_output=True, text=True, check=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        results[name] = r
        print(f"{name:<30} {r['sentences_per_s']:>8.2f} {r['tokens_per_s']:>8.0f} {r['seconds']:>8.1f} {r['peak_rss_mb']:>12.0f}"
              f" {r['vocabulary']:>12}", flush=True)
    for greedy, beam in (("hf-fp32-greedy", "ct2-int8-greedy-sorted-2x1"), ("hf-fp32-beam4", "ct2-int8-beam4-sorted-2x1")):
        if greedy in results and beam in results:
            print(f"speed-up {beam} over {greedy}: {results[beam]['tokens_per_s'] / results[greedy]['tokens_per_s']:.1f}x")
    for decoding in ("greedy", "beam4"):
        full = results.get(f"ct2-int8-{decoding}-sorted-2x1")
        for variant in ("vmap", "vmap-b16", "vmap-b8", "vmap-b6", "vmap-b4", "vmap64k", "vmap32k"):
            mapped = results.get(f"ct2-int8-{decoding}-{variant}-2x1")
            if full and mapped:
                print(f"map of {mapped['vocabulary']:,} of {full['vocabulary']:,} pieces, {decoding}: "
                      f"{mapped['tokens_per_s'] / full['tokens_per_s']:.2f}x the tokens/s of the whole vocabulary; "
                      f"peak RSS {mapped['peak_rss_mb']:.0f} MB vs {full['peak_rss_mb']:.0f} MB")
    if "ct2-int8-greedy-sorted-2x1" in results:
        # The CLI stops decoding at ratio × longest source + 10 tokens per batch; run the raw call with
        # the same lengths, then the whole command (start-up, model load, reading, segmentation,
        # tokenization, batching, writing) on the same sentences.
        raw_config = {**base, **configs["ct2-int8-greedy-sorted-2x1"], "plus": 10}
        done = subprocess.run([sys.executable, __file__, "--one", json.dumps(raw_config)],
                              capture_output=True, text=True, check=True)
        raw = json.loads(done.stdout.strip().splitlines()[-1])
        cli = run_cli(str(model_dir), lines, t)
        print(f"raw CT2 call at the CLI's decoding lengths: {raw['seconds']:.1f} s")
        print(f"translate translate: {cli['steady_seconds']:.1f} s from model loaded to last line written "
              f"(throughput {raw['seconds'] / cli['steady_seconds']:.2f} × raw); {cli['seconds']:.1f} s end to end "
              f"with start-up ({raw['seconds'] / cli['seconds']:.2f} × raw)")


if __name__ == "__main__":
    main()
