"""What the pipeline around the engine costs on a folder of news: `translate run` against `translate
translate` on exactly the same sentences, both as commands in child processes, alternated (the machine
is shared and noisy: each ratio is taken pair by pair), with the run's time by stage and both peak RSS.

    python bench/run_vs_translate.py --model MODEL                      # 200 documents × 100 sentences
    python bench/run_vs_translate.py --model MODEL --docs 20 --per-doc 100 --repeat 1
    git worktree add /tmp/before-tree OLD; python bench/run_vs_translate.py --model MODEL --before /tmp/before-tree
    python bench/run_vs_translate.py --model MODEL --also '--processes 1'  # a variant of the run beside it
    python bench/run_vs_translate.py --model MODEL --beam 4 --ratio 3   # the commands' own decoding
    python bench/run_vs_translate.py --model MODEL --device cuda        # both commands on a GPU

The documents are NTREX-128 Persian news sentences (../shared/data/parallel/ntrex.fa-en.fa), 100 a
file, each sentence tagged with its document's number so that no two sentences of the folder are the
same (the run's translation memory would otherwise translate repeats once, which `translate translate`
does not). Both commands decode with the same beam and length ratio (by default greedily with a ratio
of 0.5: random weights decode to the length limit, so this is the cheapest an engine gets and the
pipeline's share is largest; `--beam 4 --ratio 3` is what both commands do unless told otherwise); the
run writes every default format. Models: `translate models make-test-model DIR` (tiny) or `python bench/engines.py --arch marian`
(Marian-base size).
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run_overhead import timed_command  # noqa: E402

NTREX = ROOT.parent / "shared" / "data" / "parallel" / "ntrex.fa-en.fa"
DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def make_folder(folder: Path, docs: int, per_doc: int) -> int:
    """``docs`` files of ``per_doc`` sentences each; returns how many sentences."""
    lines = [s.strip() for s in NTREX.read_text(encoding="utf-8").splitlines() if s.strip()]
    folder.mkdir(parents=True)
    for d in range(docs):
        tag = f" (گزارش {str(d + 1).translate(DIGITS)})"
        body = [lines[(d * per_doc + i) % len(lines)].rstrip(".") + tag + "." for i in range(per_doc)]
        (folder / f"news-{d:04d}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
    return docs * per_doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--per-doc", type=int, default=100)
    parser.add_argument("--ratio", default="0.5", help="--max-length-ratio of both commands (random weights "
                        "decode to the limit: keep it low for tiny models).")
    parser.add_argument("--beam", default="1", help="--beam of both commands (the commands' default is 4).")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu", help="--device of both commands.")
    parser.add_argument("--formats", default=None, help="The run's --formats (default: the run's default).")
    parser.add_argument("--also", default=None, metavar="ARGS", help="Arguments of a second `translate run` "
                        "timed in the same alternation, e.g. '--processes 1'.")
    parser.add_argument("--before", default=None, help="A checkout of an earlier version: its `translate run` "
                        "is timed too, in the same alternation.")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="run-vs-translate-"))
    folder = work / "in"
    n = make_folder(folder, args.docs, args.per_doc)
    print(f"{args.docs} documents, {n} sentences; model {args.model}; beam {args.beam}, length ratio {args.ratio}; "
          f"device {args.device}",
          flush=True)
    common = ["--model", args.model, "--beam", args.beam, "--max-length-ratio", args.ratio, "--device", args.device]
    a_run = ["run", str(folder), "-o", str(work / "out"), "--no-resume", *common,
             *(["--formats", args.formats] if args.formats else [])]
    ratios = []
    for attempt in range(args.repeat):
        shutil.rmtree(work / "out", ignore_errors=True)
        bare = timed_command(["-q", "translate", str(folder), "--unit", "sentence", "-o", str(work / "out.en"),
                              *common])
        run = timed_command(a_run)
        stages = json.loads((work / "out" / "manifest.json").read_text(encoding="utf-8"))["stages"]
        also = None
        if args.also:
            shutil.rmtree(work / "out", ignore_errors=True)
            also = timed_command([*a_run, *shlex.split(args.also)])
            also_stages = json.loads((work / "out" / "manifest.json").read_text(encoding="utf-8"))["stages"]
        earlier = None
        if args.before:
            shutil.rmtree(work / "out", ignore_errors=True)
            earlier = timed_command(a_run, code=args.before)
        lines = (work / "out.en").read_text(encoding="utf-8").count("\n")
        ratio = run["seconds"] / bare["seconds"]
        ratios.append(ratio)
        print(f"[{attempt + 1}] translate translate: {bare['seconds']:.1f} s ({lines} lines), CPU {bare['cpu_seconds']:.1f} s, "
              f"peak {bare['peak_mb']:.0f} MB; translate run: {run['seconds']:.1f} s, CPU {run['cpu_seconds']:.1f} s, "
              f"peak {run['peak_mb']:.0f} MB; ratio {ratio:.2f}")
        print("    run time by stage: " + ", ".join(f"{k} {v:.1f} s" for k, v in run["stages"].items()), flush=True)
        if all("cpu_seconds" in s for s in stages.values()):
            print("    run CPU by stage (with its helper processes): "
                  + ", ".join(f"{k} {s['cpu_seconds']:.1f} s" for k, s in stages.items()), flush=True)
        if also:
            peak = max(s.get("peak_rss_mb", 0) for s in also_stages.values())
            print(f"    translate run {args.also}: {also['seconds']:.1f} s, CPU {also['cpu_seconds']:.1f} s, peak "
                  f"{peak:.0f} MB with its helper processes; ratio {also['seconds'] / bare['seconds']:.2f}; by stage: "
                  + ", ".join(f"{k} {v:.1f} s" for k, v in also["stages"].items()), flush=True)
        if earlier:
            print(f"    the earlier version's run: {earlier['seconds']:.1f} s, peak {earlier['peak_mb']:.0f} MB; ratio "
                  f"{earlier['seconds'] / bare['seconds']:.2f}; by stage: "
                  + ", ".join(f"{k} {v:.1f} s" for k, v in earlier["stages"].items()), flush=True)
    print(f"ratio run / translate: {', '.join(f'{r:.2f}' for r in ratios)} (mean {sum(ratios) / len(ratios):.2f})")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
