"""Glossary matching: precision/recall on real sentences with names, and speed. Prints figures.

    python bench/glossary_match.py --data ../shared/data

Test set: NTREX Persian and Seraji sentences that contain a name from the name lists (people,
countries, Iranian places with status 'agree'), found by an independent oracle (one regular expression
per name, Persian word boundaries). Each such sentence is also rewritten, per name occurrence, into
variants: ZWNJ instead of spaces, spaces removed, Arabic ي/ك, kashida and diacritics, and attached
endings (‌ها, ‌های, ‌ای, ‌اش); the gold spans follow the rewrite. Precision and recall are over
(sentence, start, end, English target).

Speed: a 2,000-entry glossary against 10,000 sentences.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ZWNJ = "\u200c"
LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیئءأؤيكة"


def read_names(data: Path) -> dict[str, str]:
    """Persian name → English, from the three name lists; names that are ambiguous (two English
    forms) or too short to be names (≤ 2 letters) are left out."""
    pairs: list[tuple[str, str]] = []
    with open(data / "names" / "persons_fa_en.tsv", encoding="utf-8") as f:
        pairs += [(r["fa"], r["en"]) for r in csv.DictReader(f, delimiter="\t")]
    with open(data / "names" / "countries_fa_en.tsv", encoding="utf-8") as f:
        pairs += [(r["fa_common"], r["en_common"]) for r in csv.DictReader(f, delimiter="\t")]
    with open(data / "names" / "iran_places_fa_en.tsv", encoding="utf-8") as f:
        pairs += [(r["fa"], r["en"]) for r in csv.DictReader(f, delimiter="\t") if r["status"] == "agree"]
    names: dict[str, set[str]] = {}
    for fa, en in pairs:
        fa = re.sub("[\u064b-\u0652\u0670\u0640]", "", fa)  # the lists carry some diacritics (کُره)
        fa = " ".join(fa.replace("ي", "ی").replace("ك", "ک").replace(ZWNJ, " ").split())
        if len(fa.replace(" ", "")) > 2 and en.strip():
            names.setdefault(fa, set()).add(en.strip())
    return {fa: sorted(en)[0] for fa, en in names.items() if len(en) == 1}


def read_sentences(data: Path) -> list[str]:
    sentences = (data / "parallel" / "ntrex.fa-en.fa").read_text(encoding="utf-8").split("\n")
    for line in (data / "sentseg" / "seraji_chunks.jsonl").read_text(encoding="utf-8").split("\n"):
        if line.strip():
            sentences += json.loads(line)["sentences"]
    return [s for s in sentences if s.strip()]


def oracle(sentence: str, names: dict[str, str], patterns: dict[str, re.Pattern[str]]) -> list[tuple[int, int, str]]:
    """Gold occurrences: whole-word matches of each name (spaces in a name may be a space or ZWNJ),
    longest first, non-overlapping."""
    found = []
    for fa, pattern in patterns.items():
        for m in pattern.finditer(sentence):
            found.append((m.start(), m.end(), names[fa]))
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    taken: list[tuple[int, int, str]] = []
    for start, end, en in found:
        if all(end <= s or e <= start for s, e, _ in taken):
            taken.append((start, end, en))
    return sorted(taken)


def name_pattern(fa: str) -> re.Pattern[str]:
    body = r"[ \u200c]".join(re.escape(w) for w in fa.split())
    endings = "(?:\u200c?(?:ها|های|هایی|ای|اش))?"
    return re.compile(rf"(?<![{LETTERS}\u200c]){body}(?={endings}(?![{LETTERS}]))")


VARIANTS = ("zwnj", "joined", "arabic", "kashida", "diacritics", "suffix-ha", "suffix-hay", "suffix-ei", "suffix-ash")


def rewrite(name: str, how: str) -> tuple[str, str]:
    """(new name, ending appended after it) for one variant."""
    if how == "zwnj":
        return name.replace(" ", ZWNJ), ""
    if how == "joined":
        return name.replace(" ", ""), ""
    if how == "arabic":
        return name.replace("ی", "ي").replace("ک", "ك"), ""
    if how == "kashida":
        return (name[:2] + "ـ" + name[2:]) if len(name) > 3 and name[1] in "بپتثجچحخسشصضطظعغفقکگلمنهی" else name, ""
    if how == "diacritics":
        return name[:1] + "\u064e" + name[1:], ""
    ending = {"suffix-ha": ZWNJ + "ها", "suffix-hay": ZWNJ + "های", "suffix-ei": ZWNJ + "ای", "suffix-ash": ZWNJ + "اش"}[how]
    return name, ending


def build_test_set(names: dict[str, str], sentences: list[str], seed: int = 0) -> list[tuple[str, list[tuple[int, int, str]]]]:
    patterns = {fa: name_pattern(fa) for fa in names}
    rng = random.Random(seed)
    cases = []
    for sentence in sentences:
        gold = oracle(sentence, names, patterns)
        if not gold:
            continue
        cases.append((sentence, gold))
        how = rng.choice(VARIANTS)
        # Rewrite every occurrence with one variant; spans shift as the text changes.
        out, new_gold, last, shift = [], [], 0, 0
        for start, end, en in gold:
            name, ending = rewrite(sentence[start:end], how)
            if how.startswith("suffix") and sentence[end:end + 1] not in ("", " ", ".", "،", "»", ":"):
                ending = ""  # an ending is already there
            out.append(sentence[last:start])
            new_start = start + shift
            out.append(name + ending)
            new_gold.append((new_start, new_start + len(name), en))
            shift += len(name) + len(ending) - (end - start)
            last = end
        out.append(sentence[last:])
        cases.append(("".join(out), new_gold))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors")
    parser.add_argument("--ntrex-glossary", metavar="OUT",
                        help="write the glossary of the names that occur in NTREX Persian to OUT and stop")
    parser.add_argument("--check-apply", nargs=3, metavar=("EN", "FIXED", "REPORT"),
                        help="check that FIXED differs from EN only inside glossary term spans, and stop")
    args = parser.parse_args()
    data = Path(args.data)
    if args.check_apply:
        check_apply(*args.check_apply)
        return

    from translate.terms.glossary import load_glossary

    names = read_names(data)
    if args.ntrex_glossary:
        lines = (data / "parallel" / "ntrex.fa-en.fa").read_text(encoding="utf-8").split("\n")
        patterns = {fa: name_pattern(fa) for fa in names}
        used = sorted({fa for line in lines for fa, p in patterns.items() if p.search(line)})
        rows = ["source\ttarget\ttype"] + [f"{fa}\t{names[fa]}\tterm" for fa in used]
        Path(args.ntrex_glossary).write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"{len(used)} names of the lists occur in NTREX Persian; glossary written to {args.ntrex_glossary}")
        return
    sentences = read_sentences(data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "names.tsv"
        rows = ["source\ttarget\ttype"] + [f"{fa}\t{en}\tterm" for fa, en in sorted(names.items())]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        matcher = load_glossary(path).matcher()
        build = time.perf_counter() - t0

    cases = build_test_set(names, sentences)
    tp = fp = fn = 0
    shown = 0
    for text, gold in cases:
        predicted = {(h.start, h.end, h.target) for h in matcher.find(text)}
        expected = set(gold)
        tp += len(predicted & expected)
        fp += len(predicted - expected)
        fn += len(expected - predicted)
        if (predicted != expected) and shown < args.errors:
            shown += 1
            print("  text:", text, "\n  gold:", sorted(expected - predicted), "\n  got: ", sorted(predicted - expected))
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"names in glossary: {len(names)}; sentences with names: {len(cases) // 2} (+ {len(cases) // 2} rewritten)")
    print(f"occurrences: {tp + fn}; precision {precision:.4f}, recall {recall:.4f} (tp {tp}, fp {fp}, fn {fn})")

    # Speed: 2,000 entries × 10,000 sentences.
    # 2,000 entries: the name lists plus the shipped news glossary.
    extra = []
    with open(ROOT / "glossaries" / "news-fa-en.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            fa = row["source"].split("|")[0]
            if fa.replace(ZWNJ, " ") not in names:
                extra.append((fa, row["target"]))
    with open(data / "names" / "countries_fa_en.tsv", encoding="utf-8") as f:
        official = [(r["fa_official"], r["en_official"]) for r in csv.DictReader(f, delimiter="\t")]
    seen = set(names) | {fa.replace(ZWNJ, " ") for fa, _ in extra}
    extra += [(fa, en) for fa, en in official if fa and fa.replace(ZWNJ, " ") not in seen]
    entries = list(dict(sorted(names.items()) + extra).items())[:2000]
    pool = (sentences * (10_000 // len(sentences) + 1))[:10_000]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.tsv"
        path.write_text("source\ttarget\ttype\n" + "\n".join(f"{fa}\t{en}\tterm" for fa, en in entries) + "\n",
                        encoding="utf-8")
        t0 = time.perf_counter()
        matcher = load_glossary(path).matcher()
        build = time.perf_counter() - t0
    t0 = time.perf_counter()
    hits = sum(len(matcher.find(s)) for s in pool)
    seconds = time.perf_counter() - t0
    print(f"speed: {len(entries)} entries (automaton built in {build:.2f} s), {len(pool)} sentences matched in "
          f"{seconds:.2f} s ({len(pool) / seconds:,.0f} sentences/s), {hits} hits")


def check_apply(en: str, fixed: str, report: str) -> None:
    """Every difference between EN and FIXED must lie inside the target span of a term that
    ``glossary apply`` reports as repaired on that line."""
    import difflib

    before = Path(en).read_text(encoding="utf-8").split("\n")
    after = Path(fixed).read_text(encoding="utf-8").split("\n")
    reports = [json.loads(x) for x in Path(report).read_text(encoding="utf-8").split("\n") if x.strip()]
    assert len(after) - 1 == len(reports), "report and output disagree"
    changed = outside = 0
    for old, new, rep in zip(before, after, reports):
        if old == new:
            continue
        changed += 1
        spans = [(t["target_start"], t["target_end"]) for t in rep["terms"] if t["status"] == "repaired"]
        for op, _, _, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if op != "equal" and not any(s <= j1 and j2 <= e for s, e in spans):
                outside += 1
        print(f"  - {old}\n  + {new}")
    print(f"{changed} lines changed; {outside} edits outside repaired term spans")


if __name__ == "__main__":
    main()
