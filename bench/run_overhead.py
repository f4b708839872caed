"""How much does `translate run` add to the bare engine? Prints both times and the ratio.

    python bench/run_overhead.py --model /tmp/translate-bench-models/marian-base \
        --docs-from ../shared/data/parallel/ntrex_fa_en_docs.jsonl            # 62 articles as 62 files
    python bench/run_overhead.py --model … --docs-from … --one-file           # the same as one file
    python bench/run_overhead.py --model … --input ARTICLES/                  # any folder or file
    python bench/run_overhead.py --model … --docs-from … --device cuda        # both on a GPU

Runs the library's `Run` (greedy, length ratio 1, no glossary, every format, no resume) in this
process and reads its `RunResult`: the time from model loaded to every file written (reading,
segmentation, translation, scoring, writing) against the bare CTranslate2 call on exactly the
sentences it translated (corpus.fa), with the engine's own batch shape and decoding lengths, without
attention or any other stage. The models come from `python bench/engines.py --arch marian|nllb`.
`--device cuda` runs both on the GPU (the run as `translate run --device cuda` would: the engine's
default compute type there), the rest of the run on the CPU as always.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def documents_from(jsonl: Path, folder: Path, one_file: bool) -> Path:
    """The Persian side of each document of a JSONL (``id``, ``src``: its lines) as files in
    ``folder``, or all of them in one file; returns what to pass as input."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    if one_file:
        target = folder / "all.txt"
        target.write_text("\n\n".join("\n".join(d["src"]) for d in docs) + "\n", encoding="utf-8")
        return target
    for d in docs:
        (folder / f"{d['id']}.txt").write_text("\n".join(d["src"]) + "\n", encoding="utf-8")
    return folder


# `translate ARGS` in a child that writes its own peak resident memory (VmHWM) to stderr as it exits.
_CHILD = ("import atexit, sys\n"
          "atexit.register(lambda: sys.stderr.write([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]))\n"
          "import translate\n"
          "sys.stderr.write(f'PACKAGE {translate.__file__}\\n')\n"
          "from translate.cli import main\n"
          "sys.argv = ['translate', *sys.argv[1:]]\n"
          "main()\n")


def timed_command(args: list[str], code: str | None = None) -> dict:
    """Run ``translate ARGS`` in a child process: its wall ``seconds``, the ``stages`` of a run's
    "time by stage" line (seconds by stage name), its ``cpu_seconds`` (its processes') and its ``peak_mb``; exits with its stderr if it fails.
    ``code``: a checkout whose ``translate`` package the child imports instead of this one."""
    import os

    # -P: the working folder is not put before PYTHONPATH (it would import this checkout's package)
    root = Path(code or ROOT).resolve()
    env = {**os.environ, "PYTHONPATH": str(root)}
    import resource

    def children_cpu() -> float:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        return used.ru_utime + used.ru_stime

    t0, cpu0 = time.perf_counter(), children_cpu()
    done = subprocess.run([sys.executable, "-P", "-c", _CHILD, *args], capture_output=True, text=True, env=env)
    seconds, cpu = time.perf_counter() - t0, children_cpu() - cpu0
    if done.returncode:
        raise SystemExit(f"translate {' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")
    log = done.stdout + done.stderr
    package = re.search(r"PACKAGE (.+)", log)
    if not package or not Path(package.group(1)).resolve().is_relative_to(root):
        raise SystemExit(f"the child imported {package.group(1) if package else 'no'} translate package, not {root}'s")
    stages = {k: float(v) for k, v in re.findall(r"([\w+-]+(?: load)?) ([\d.]+) s", log.split("time by stage:")[-1])}
    peak = re.search(r"VmHWM:\s+(\d+) kB", log)
    return {"seconds": seconds, "cpu_seconds": cpu, "stages": stages, "peak_mb": int(peak.group(1)) / 1024 if peak else float("nan")}


def bare(model: str, sentences: list[str], threads: int, device: str = "cpu") -> float:
    """Seconds of the bare CTranslate2 call on ``sentences`` (normalized), as the engine batches them."""
    from translate.config import DecodeOptions
    from translate.mt import open_engine
    from translate.mt.batch import plan_batches
    from translate.text.normalize import normalize_text

    engine = open_engine("ct2", model, device=device, threads=threads)
    options = DecodeOptions(beam_size=1, max_length_ratio=1.0)
    tok = engine.tokenizer
    sources = tok.source_pieces([normalize_text(s) for s in sentences])
    prefix = tok.target_prefix
    t0 = time.perf_counter()
    pending = []
    for batch in plan_batches([len(s) for s in sources], options.batch_tokens, options.batch_cap(engine.vocabulary)):
        limit = options.length_limit(max(len(sources[i]) for i in batch)) + (1 if prefix else 0)
        pending.append(engine.translator.translate_batch(  # type: ignore[attr-defined]
            [sources[i] for i in batch], target_prefix=[prefix] * len(batch) if prefix else None, beam_size=1,
            max_decoding_length=limit, max_input_length=0, asynchronous=True,
            use_vmap=engine.use_vmap))  # type: ignore[attr-defined]  # as the engine decodes (NLLB: its English map)
    for results in pending:
        for r in results:
            r.result()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--input", help="A file or folder of articles.")
    source.add_argument("--docs-from", type=Path, help="JSONL of documents (id, src lines), e.g. NTREX's.")
    parser.add_argument("--one-file", action="store_true", help="With --docs-from: all documents in one file.")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu",
                        help="Where both the bare call and the run's engine decode.")
    parser.add_argument("--repeat", type=int, default=2, help="Alternate bare call and run this many times "
                        "(the machine is shared and noisy: ratios are taken pair by pair).")
    args = parser.parse_args()

    from translate.config import DecodeOptions, EngineConfig, RunConfig
    from translate.run.pipeline import Run

    work = Path(tempfile.mkdtemp(prefix="run-overhead-"))
    inputs = args.input or str(documents_from(args.docs_from, work / "in", args.one_file))
    config = RunConfig(inputs=(inputs,), outdir=str(work / "out"), resume=False,
                       engine=EngineConfig(args.model, device=args.device, threads=args.threads),
                       decode=DecodeOptions(beam_size=1, max_length_ratio=1.0, return_attention=True))
    ratios = []
    for attempt in range(args.repeat):
        t0 = time.perf_counter()
        result = Run(config).execute()
        total = time.perf_counter() - t0
        seconds = result.stats.seconds
        steady = sum(v for k, v in seconds.items() if k not in ("start-up", "model load"))
        sentences = (work / "out" / "corpus.fa").read_text(encoding="utf-8").split("\n")[:-1]
        base = bare(args.model, sentences, args.threads, args.device)
        ratios.append(base / steady)
        if attempt == 0:
            print(f"{result.stats.documents} documents, {len(sentences)} sentences, device {args.device}")
        print(f"bare CTranslate2 call: {base:.1f} s; translate run: {steady:.1f} s from model loaded to every file "
              f"written ({base / steady:.2f} × bare throughput); {total:.1f} s with start-up and model load")
        print("  time by stage: " + ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items()), flush=True)
    print(f"mean ratio: {sum(ratios) / len(ratios):.2f} × bare throughput")


if __name__ == "__main__":
    main()
