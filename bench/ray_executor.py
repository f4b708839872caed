"""The Ray executor against the local one: `translate run` on the same folder of articles, each in its
own output folder, alternated; the start-up cost of a private Ray cluster; peak RSS of the driver.
Prints figures; it is not a test.

    python bench/engines.py --arch marian --only ct2-int8-greedy-sorted-2x1   # builds the model once
    python bench/ray_executor.py --model /tmp/translate-bench-models/marian-base \\
        --docs-from ../shared/data/parallel/ntrex_fa_en_docs.jsonl            # 62 articles as 62 files

Greedy, length ratio 1 (random weights never stop: every sentence decodes to its limit), no glossary,
formats moses,tsv,jsonl. The Ray runs start a private cluster on this machine (``ray.init``), as ``--executor
ray`` does without ``--address``: by default one engine replica with both cores (inside it the engine's
single-threaded worker per core, as in the local run), and two one-core replicas for comparison. Throughput is sentences per
second from start to finish of `translate run`, cluster start-up included, and without it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_overhead import documents_from, timed_command  # noqa: E402

def one_run(model: str, inputs: Path, out: Path, executor: str, actors_per_node: int | None = None) -> dict:
    args = ["-v", "run", str(inputs), "-o", str(out), "--model", model, "--beam", "1", "--max-length-ratio", "1",
            "--formats", "moses,tsv,jsonl", "--no-resume", "--executor", executor]
    r = timed_command(args + (["--actors-per-node", str(actors_per_node)] if actors_per_node else []))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {**r, "sentences": manifest["counts"]["sentences"], "executor": manifest["executor"]}


def cluster_start() -> float:
    """Seconds for ``ray.init`` of a private cluster and one trivial task (a fresh process)."""
    code = ("import time; t = time.perf_counter(); import ray; ray.init(include_dashboard=False, log_to_driver=False); "
            "ray.get(ray.remote(lambda: 1).remote()); print(time.perf_counter() - t); ray.shutdown()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--docs-from", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ray-bench-"))
    inputs = documents_from(args.docs_from, work / "in", one_file=False)
    starts = [cluster_start() for _ in range(3)]
    print(f"private Ray cluster start-up (ray.init + first task): {min(starts):.1f}-{max(starts):.1f} s", flush=True)
    # ray: the default, one replica with the node's two cores; ray-2x1: two replicas of one core each (a
    # run of one window — 1,037 sentences is one window — keeps one replica busy while the other waits).
    shapes = {"local": ("local", None), "ray": ("ray", None), "ray-2x1": ("ray", 2)}
    runs: dict[str, list[dict]] = {name: [] for name in shapes}
    for k in range(args.repeat):
        for name, (executor, actors) in shapes.items():
            r = one_run(args.model, inputs, work / f"{name}{k}", executor, actors)
            runs[name].append(r)
            translate = r["stages"].get("translate+terms", float("nan"))
            print(f"{name:<8} {r['sentences']} sentences: {r['seconds']:6.1f} s end to end "
                  f"({r['sentences'] / r['seconds']:5.1f} sent/s), model load {r['stages'].get('model load', 0):.1f} s, "
                  f"translate {translate:.1f} s ({r['sentences'] / translate:5.1f} sent/s); driver peak RSS "
                  f"{r['peak_mb']:.0f} MB; {r['executor']}", flush=True)
    for name in ("ray", "ray-2x1"):
        for what, key in (("end to end", None), ("translation stage", "translate+terms")):
            ratios = [(b["stages"][key] if key else b["seconds"]) / (a["stages"][key] if key else a["seconds"])
                      for a, b in zip(runs[name], runs["local"])]
            print(f"{name} / local throughput, {what}: " + ", ".join(f"{x:.2f}" for x in ratios)
                  + f" (mean {sum(ratios) / len(ratios):.2f})")


if __name__ == "__main__":
    main()
