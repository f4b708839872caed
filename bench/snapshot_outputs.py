"""Run every command on fixed inputs and keep what it wrote, to prove a change kept outputs byte-identical.

    python bench/snapshot_outputs.py /tmp/after                      # this checkout
    git worktree add /tmp/before-tree v-before
    python bench/snapshot_outputs.py /tmp/before --repo /tmp/before-tree
    bash bench/compare_snapshots.sh /tmp/before /tmp/after           # nothing printed: identical

Inputs: the example article, the first 100 NTREX pairs (`../shared/data/parallel/`), the first 12
NTREX documents as files, and the Quran model's glossary test (`../shared/models/`), which exercises
every glossary layer on a model with real attention. Tiny random-weight models are built with the
checkout's own `translate models make-test-model` (deterministic). Each command's stdout and every file
it wrote are kept; `manifest.json` loses its times and absolute paths, and `eval terms` its seconds
column, since those change from run to run. stderr is kept too (times removed) in `stderr/`, outside
`out/`, for reading rather than comparing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--repo", type=Path, default=ROOT, help="Checkout whose code runs (default: this one).")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--only", help="Run only the commands whose name contains this.")
    args = parser.parse_args()
    repo, dest, shared = args.repo.resolve(), args.dest.resolve(), args.shared.resolve()
    if dest.exists():
        shutil.rmtree(dest)
    work, out, err = dest / "work", dest / "out", dest / "stderr"
    for d in (work, out, err):
        d.mkdir(parents=True)
    env = dict(os.environ, PYTHONPATH=str(repo), TRANSLATE_CACHE=str(work / "cache"), HF_HUB_OFFLINE="1")

    def translate(name: str, *argv: object, stdin: Path | None = None, ok: tuple[int, ...] = (0,),
                  always: bool = False) -> None:
        if args.only and args.only not in name and not always:
            return
        cmd = [sys.executable, "-m", "translate", *map(str, argv)]
        done = subprocess.run(cmd, cwd=repo, env=env, capture_output=True,
                              stdin=stdin.open("rb") if stdin else subprocess.DEVNULL)
        (out / f"{name}.stdout").write_bytes(done.stdout)
        (out / f"{name}.rc").write_text(f"{done.returncode}\n")
        stderr = re.sub(rb"\d+\.\d+ ?s\b", b"<time>", done.stderr)
        (err / f"{name}.stderr").write_bytes(stderr)
        if done.returncode not in ok:
            sys.exit(f"{name}: exit {done.returncode}\n{done.stderr.decode(errors='replace')}")
        print(f"{name}: ok", flush=True)

    # Inputs.
    example_dir = repo / "examples"
    example = example_dir / "raisi-putin-call.fa.txt"
    glossary = repo / "glossaries" / "news-fa-en.tsv"
    parallel = shared / "data" / "parallel"
    fa100, en100 = work / "ntrex100.fa", work / "ntrex100.en"
    fa100.write_text("".join((parallel / "ntrex.fa-en.fa").read_text(encoding="utf-8").splitlines(True)[:100]),
                     encoding="utf-8")
    en100.write_text("".join((parallel / "ntrex.fa-en.en").read_text(encoding="utf-8").splitlines(True)[:100]),
                     encoding="utf-8")
    docs = work / "ntrex-docs"
    docs.mkdir()
    for line in (parallel / "ntrex_fa_en_docs.jsonl").read_text(encoding="utf-8").splitlines()[:12]:
        doc = json.loads(line)
        (docs / f"{doc['id']}.txt").write_text("\n".join(doc["src"]) + "\n", encoding="utf-8")
    quran = shared / "models" / "quran-fa-en-marian-small"
    names = shared / "models" / "glossary-test"
    tiny = {arch: work / f"tiny-{arch}" for arch in ("nllb", "marian")}
    for arch, path in tiny.items():
        translate(f"make-test-model-{arch}", "models", "make-test-model", "--arch", arch, path, always=True)

    # segment
    translate("segment-example", "segment", example)
    translate("segment-example-jsonl-normalized", "segment", example, "-f", "jsonl", "--normalize")
    translate("segment-ntrex100-jsonl", "segment", fa100, "-f", "jsonl")
    translate("segment-stdin", "segment", "-", stdin=example)
    # glossary
    translate("glossary-match-example", "glossary", "match", example, "-g", glossary)
    translate("glossary-match-example-jsonl", "glossary", "match", example, "-g", glossary, "-f", "jsonl")
    translate("glossary-match-ntrex100", "glossary", "match", fa100, "-g", glossary)
    translate("glossary-check", "glossary", "check", glossary)
    translate("glossary-apply-ntrex100", "glossary", "apply", "--src", fa100, "--tgt", en100, "-g", glossary,
              "-o", out / "apply.en", "--report", out / "apply.jsonl")
    # score
    translate("score-ntrex100-tsv", "score", "--src", fa100, "--hyp", en100, "--no-similarity", "-g", glossary)
    translate("score-ntrex100-jsonl-ref", "score", "--src", fa100, "--hyp", en100, "--ref", en100, "-f", "jsonl")
    translate("score-ntrex100-model-hf", "score", "--src", fa100, "--hyp", en100, "--no-similarity", "--model",
              tiny["nllb"], "--engine", "hf")
    translate("score-ntrex100-model-ct2", "score", "--src", fa100, "--hyp", en100, "--no-similarity", "--model",
              tiny["marian"], "--engine", "ct2")
    # align
    translate("align-ntrex100-beads", "align", fa100, en100, "--presplit", "-f", "beads")
    translate("align-ntrex100-tsv", "align", fa100, en100, "--presplit")
    translate("align-ntrex100-files", "align", fa100, en100, "--presplit", "-o", out / "align", "-g", glossary,
              "--model", tiny["marian"])
    # translate
    translate("translate-example-nllb", "translate", example, "--model", tiny["nllb"])
    translate("translate-ntrex100-sentence-marian-hf", "translate", fa100, "--unit", "sentence", "--model",
              tiny["marian"], "--engine", "hf", "-b", "2")
    translate("translate-example-glossary", "translate", example, "--model", tiny["nllb"], "-g", glossary,
              "--terms-report", out / "terms-example.jsonl", "--strict-terms")
    for engine in ("ct2", "hf"):
        for extra in ((), ("--strict-terms",), ("--terms-source", "placeholder"), ("--terms-source", "replace")):
            tag = "-".join(x.strip("-") for x in extra) or "default"
            translate(f"translate-quran-{engine}-{tag}", "translate", names / "names.fa", "--model", quran,
                      "--engine", engine, "-g", names / "arabic-names.tsv", "--unit", "sentence",
                      "--terms-report", out / f"terms-quran-{engine}-{tag}.jsonl", *extra)
    translate("eval-terms-quran", "eval", "terms", "--src", names / "names.fa", "--ref",
              names / "names.arabic-forms.en", "-g", names / "arabic-names.tsv", "--model", quran, "--engine", "hf")
    # run
    translate("run-example-nllb", "run", example_dir, "-o", out / "run-example-nllb", "--model", tiny["nllb"],
              "-g", glossary)
    translate("run-example-marian-hf", "run", example_dir, "-o", out / "run-example-marian-hf", "--model",
              tiny["marian"], "--engine", "hf", "-g", glossary, "--similarity")
    translate("run-ntrex-docs", "run", docs, "-o", out / "run-ntrex-docs", "--model", tiny["nllb"], "-g", glossary,
              "--beam", "1")
    translate("run-ntrex100", "run", fa100, "-o", out / "run-ntrex100", "--model", tiny["marian"], "-g", glossary)
    translate("run-quran", "run", names / "names.fa", "-o", out / "run-quran", "--model", quran, "-g",
              names / "arabic-names.tsv", "--strict-terms")

    _clean(out, {repo: "<repo>", work: "<work>", shared: "<shared>"})


def _clean(out: Path, roots: dict[Path, str]) -> None:
    """Drop what changes from run to run: times, absolute paths, the translation memory."""
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        if path.name.startswith(("memory.sqlite", "run.sqlite")):
            path.unlink()
            continue
        data = path.read_bytes()
        for root, name in roots.items():
            data = data.replace(str(root).encode(), name.encode())
        path.write_bytes(data)
        if path.name == "manifest.json":
            manifest = json.loads(data)
            for key in ("started", "finished", "seconds", "versions"):
                manifest.pop(key, None)
            path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        elif path.name == "eval-terms-quran.stdout":
            lines = path.read_text(encoding="utf-8").splitlines()
            path.write_text("".join(line.rsplit(None, 1)[0] + "\n" if re.search(r"\d$", line) and "%" in line
                                    else line + "\n" for line in lines), encoding="utf-8")


if __name__ == "__main__":
    main()
