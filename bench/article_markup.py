"""How often inline markup lands on the right English words in translated HTML articles.

The HTML test articles (``tests/data/articles``) are translated by a real model through ``translate
run`` (the run's word alignment comes from the model's attention; the tiny random test model's attention
is random, so it cannot say anything here). Each inline element whose right English is known — a name
or a word the model renders one way — is checked in the article: *exact* when the element holds exactly
those English words, *covers* when it holds them and at most one more word, among the elements whose
English word the model wrote at all (when the model did not write "Moses", no placement can be right).

The same pairs are also placed without their links (how a person's edit is placed: proportionally),
so the figure says what the alignment adds.

With ``--names DIR`` (the ``glossary-test`` folder beside the evaluation model: ``names.fa``, 49 verses
that name a prophet, never seen in training), an article is built of those verses with every name in
``<strong>``, a larger sample. The verses are read from where the user keeps them and never copied
into the project (their licence is non-commercial).

    python bench/article_markup.py --model ../shared/models/quran-fa-en-marian-small \\
        --names ../shared/models/glossary-test
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLES = ROOT / "tests" / "data" / "articles"

#: The English each marked-up Persian word or phrase of the test articles stands for (any of them).
GOLD = {
    "موسی": ("moses",), "فرعون": ("pharaoh",), "آسمان‌ها": ("heavens",), "زمین": ("earth",),
    "نوح": ("noah",), "ابراهیم": ("abraham",), "مریم": ("mary",), "آتش": ("fire",),
    "آمرزنده": ("all-forgiving", "forgiving"), "مهربان": ("all-compassionate", "compassionate", "merciful"),
    "مردم": ("men", "people", "mankind"), "کتاب": ("book",), "سلیمان": ("solomon",), "داوود": ("david",),
    "قیامت": ("resurrection",), "عیسی": ("jesus",),
    # the news articles: words a news model would render one way
    "ایران": ("iran",), "تهران": ("tehran",), "مسکو": ("moscow",), "انرژی": ("energy",), "تجارت": ("trade",),
    "دو روز": ("two days",), "تلفنی": ("telephone", "phone"),
}

#: The prophets' names in the verses of ``--names`` and the English the model was taught.
NAMES = {"موسی": "moses", "ابراهیم": "abraham", "نوح": "noah", "مریم": "mary", "فرعون": "pharaoh",
         "عیسی": "jesus", "داوود": "david", "سلیمان": "solomon", "یوسف": "joseph", "لوط": "lot",
         "هارون": "aaron"}

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def names_article(folder: Path) -> str:
    """The verses of ``names.fa``, a paragraph each, every name (a whole word) in ``<strong>``."""
    pattern = re.compile(r"(?<![\w\u200c])(" + "|".join(NAMES) + r")(?![\w\u200c])")
    paragraphs = []
    for verse in (folder / "names.fa").read_text(encoding="utf-8").splitlines():
        if verse.strip():
            marked = pattern.sub(lambda m: f"<strong>{m.group(1)}</strong>", html.escape(verse, quote=False))
            paragraphs.append(f"<p>{marked}</p>")
    return ('<!DOCTYPE html>\n<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>نام‌ها</title></head>\n'
            "<body><article>\n" + "\n".join(paragraphs) + "\n</article></body></html>\n")


def name_links(pairs) -> tuple[int, int, int]:
    """Over the names verses: (names whose English the model wrote in their verse, those whose English
    word is among the name's links, those linked to that word alone) — the links' own ceiling."""
    written = among = alone = 0
    for pair in pairs:
        source, target = pair.source.line().split(), pair.target.split()
        links = [tuple(map(int, link.split("-"))) for link in pair.alignment.split()]
        for i, token in enumerate(source):
            english = NAMES.get(re.sub(r"^\W+|\W+$", "", token))
            if english is None or english not in words(pair.target):
                continue
            written += 1
            linked = [w for s, t in links if s == i and t < len(target) for w in words(target[t])]
            among += english in linked
            alone += bool(linked) and set(linked) == {english}
    return written, among, alone


def marked(source_root, article_root):
    """Pairs of (Persian element, English element) in document order: the elements of the article's
    body, which keeps the source's tag sequence."""
    src = [el for el in source_root.iter() if isinstance(el.tag, str) and el.tag in ("a", "b", "strong", "em", "i",
                                                                                    "u", "mark", "small", "span")]
    out = [el for el in article_root.iter() if isinstance(el.tag, str) and el.tag in ("a", "b", "strong", "em", "i",
                                                                                     "u", "mark", "small", "span")]
    assert len(src) == len(out), "the article lost or gained elements"
    return list(zip(src, out))


BLOCKS = ("p", "h1", "h2", "h3", "li", "td", "th", "caption", "figcaption", "div", "article", "body")


def score(source: str, article: str, gold: dict[str, tuple[str, ...]]) -> tuple[int, int, int, int]:
    """(elements with gold, measurable, exact, covers) for one article."""
    from translate.text.markup import parse_html

    total = measurable = exact = covers = 0
    for fa, en in marked(parse_html(source), parse_html(article)):
        wanted = gold.get(fa.text_content().strip())
        if not wanted:
            continue
        total += 1
        block = next(a for a in en.iterancestors() if a.tag in BLOCKS)
        english = " ".join(words(block.text_content()))
        present = [w for w in wanted if re.search(rf"(?<!\S){re.escape(w)}(?!\S)", english)]
        if not present:
            continue
        measurable += 1
        got = words(en.text_content())
        if any(got == words(w) for w in present):
            exact += 1
        joined = " ".join(got)
        if any(" ".join(words(w)) in joined and len(got) <= len(words(w)) + 1 for w in present):
            covers += 1
    return total, measurable, exact, covers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="a model that really translates (its attention is learned)")
    parser.add_argument("--engine", default="hf", choices=("hf", "ct2"))
    parser.add_argument("--names", type=Path, help="the glossary-test folder (names.fa)")
    parser.add_argument("--beam", default="4")
    parser.add_argument("--keep", type=Path, help="keep the run's output folder here")
    parser.add_argument("--again", type=Path, help="score the run in this output folder again (no translating)")
    args = parser.parse_args()

    from click.testing import CliRunner

    from translate.cli import main as cli
    from translate.export.article import render_article
    from translate.run.store import RunStore

    work = Path(tempfile.mkdtemp(prefix="article-markup-"))
    inputs = work / "in"
    for page in sorted(ARTICLES.rglob("*.html")):
        target = inputs / page.relative_to(ARTICLES)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(page, target)
    if args.names:
        (inputs / "names.html").write_text(names_article(args.names), encoding="utf-8")
    out = args.again or args.keep or work / "out"
    started = time.perf_counter()
    if not args.again:
        result = CliRunner().invoke(cli, ["-q", "run", str(inputs), "-o", str(out), "--model", args.model,
                                          "--engine", args.engine, "--beam", args.beam, "--formats", "articles"])
        if result.exit_code != 0:
            raise SystemExit(result.output)
    seconds = time.perf_counter() - started

    rows = []
    links = None
    with RunStore(out / "run.sqlite") as store:
        run = store.current()
        for doc in store.documents(run):
            pairs = list(store.pairs(run, doc.doc_id))
            source = store.source(run, doc.doc_id)
            gold = {k: (v,) for k, v in NAMES.items()} if doc.doc_id == "names" else GOLD
            linked = score(source, render_article(source, "html", pairs), gold)
            unlinked = score(source, render_article(source, "html", [replace(p, alignment="") for p in pairs]), gold)
            rows.append((doc.doc_id, linked, unlinked))
            if doc.doc_id == "names":
                links = name_links(pairs)

    print(f"model {args.model} ({args.engine}, beam {args.beam}); run {seconds:.0f} s")
    print(f"{'article':<14} {'marked':>6} {'measurable':>10} {'exact':>13} {'covers':>13} "
          f"{'exact, no links':>16} {'covers, no links':>17}")

    def pct(a: int, b: int) -> str:
        return f"{a}/{b} {100 * a / b:4.0f}%" if b else "-"

    sums = [0] * 6
    for doc_id, (total, measurable, exact, covers), (_, _, exact0, covers0) in rows:
        print(f"{doc_id:<14} {total:>6} {measurable:>10} {pct(exact, measurable):>13} {pct(covers, measurable):>13} "
              f"{pct(exact0, measurable):>16} {pct(covers0, measurable):>17}")
        for i, v in enumerate((total, measurable, exact, covers, exact0, covers0)):
            sums[i] += v
    total, measurable, exact, covers, exact0, covers0 = sums
    print(f"{'all':<14} {total:>6} {measurable:>10} {pct(exact, measurable):>13} {pct(covers, measurable):>13} "
          f"{pct(exact0, measurable):>16} {pct(covers0, measurable):>17}")
    if links:
        print(f"names: {links[0]} written by the model in their verse, the right word among the name's links for "
              f"{links[1]}, the only word linked for {links[2]}")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
