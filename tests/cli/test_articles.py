"""Translated articles through the command line: ``translate run`` writes each article of a folder in
its own format under ``articles/`` (subfolders kept), ``translate export`` writes them again with a
person's edits. Checked by parsing: the same HTML tree and attributes, the same Markdown blocks, URLs
and code, the same text paragraphs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from translate.cli import main
from translate.records import one_line
from translate.run.review import ReviewSession

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"
NAMES = ["bank.txt", "news.html", "report.md", "stories.html", "world/brief.html"]
PERSIAN = re.compile("[\u0600-\u06ff]")
ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


@pytest.fixture(scope="module")
def article_run(tiny_models, tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("articles") / "in"
    shutil.copytree(ARTICLES, src)
    out = tmp_path_factory.mktemp("article-run") / "out"
    result = CliRunner().invoke(main, ["run", str(src), "-o", str(out), "--model", str(tiny_models["marian"]),
                                       "--beam", "1", "--max-length-ratio", "0.3"])
    assert result.exit_code == 0, result.output
    return out


def _english(out: Path) -> dict[str, list[str]]:
    """Each document's English words, from the store."""
    with ReviewSession(out) as session:
        return {d.doc_id: " ".join(one_line(p.target) for p in session.pairs(d.doc_id)).split()
                for d in session.documents()}


def _hidden(el) -> bool:
    return any(a.tag in ("script", "style", "code", "pre") or a.get("translate") == "no"
               for a in [el, *el.iterancestors()] if isinstance(a.tag, str))


def _shown(root) -> list[str]:
    """What a reader of the page sees: its visible text nodes and translated attributes."""
    out = []
    for el in root.iter():
        if isinstance(el.tag, str) and not _hidden(el):
            out += [el.text] if el.text and el.text.strip() else []
            out += [el.get(k) for k in ATTRIBUTES if el.get(k)]
        parent = el.getparent()
        if parent is not None and not _hidden(parent) and el.tail and el.tail.strip():
            out.append(el.tail)
    return out


def _check_html(source: str, article: str) -> list[str]:
    before, after = lxml.html.document_fromstring(source), lxml.html.document_fromstring(article)
    assert [el.tag for el in before.iter()] == [el.tag for el in after.iter()]
    for a, b in zip(before.iter(), after.iter()):
        if not isinstance(a.tag, str):
            continue
        assert set(a.attrib) | {"lang", "dir"} == set(b.attrib) | {"lang", "dir"}
        for key in set(a.attrib) - {"lang", "dir", *ATTRIBUTES}:
            assert a.get(key) == b.get(key)
        if _hidden(a):
            assert lxml.html.tostring(a, with_tail=False) == lxml.html.tostring(b, with_tail=False)
    assert (after.get("lang"), after.get("dir")) == ("en", "ltr")
    return _shown(after)


def _blocks(source: str) -> list[tuple[str, str, str]]:
    return [(t.type, t.tag, t.markup) for t in _MD.parse(source) if t.type != "inline"]


def _urls_and_code(source: str) -> list[str]:
    out = []
    for t in _MD.parse(source):
        if t.type in ("fence", "code_block", "html_block"):
            out.append(t.content)
        for c in t.children or []:
            if c.type in ("link_open", "image"):
                out.append(c.attrGet("href") or c.attrGet("src"))
            if c.type in ("code_inline", "html_inline"):
                out.append(c.content)
    return out


def _walk(tokens):
    for t in tokens or []:
        yield t
        yield from _walk(t.children)


def _paragraphs(text: str) -> list[int]:
    """The number of lines of each paragraph."""
    return [len(p.strip("\n").split("\n")) for p in re.split(r"\n[ \t]*\n", text.strip())]


def test_run_writes_every_article_in_its_format(article_run: Path) -> None:
    written = sorted(p.relative_to(article_run / "articles").as_posix()
                     for p in (article_run / "articles").rglob("*") if p.is_file())
    assert written == NAMES
    english = _english(article_run)
    for name in NAMES:
        source = (ARTICLES / name).read_text(encoding="utf-8")
        article = (article_run / "articles" / name).read_text(encoding="utf-8")
        words = english[name.rsplit(".", 1)[0]]
        if name.endswith(".html"):
            shown = _check_html(source, article)
            # every visible text node and attribute is the run's English, every English word is shown once
            assert sorted(" ".join(shown).split()) == sorted(words), name
        elif name.endswith(".md"):
            assert _blocks(article) == _blocks(source)
            assert _urls_and_code(article) == _urls_and_code(source)
        else:
            assert _paragraphs(article) == _paragraphs(source)
            assert article.split() == [w for w in article.split() if w in words or w in ("-", "1.", "2.")]


def test_export_writes_the_articles_with_a_persons_edits(article_run: Path, tmp_path: Path) -> None:
    reviewed = tmp_path / "reviewed"
    shutil.copytree(article_run, reviewed)
    edited: dict[str, int] = {}
    with ReviewSession(reviewed) as session:
        for doc in session.documents():
            for pair in list(session.pairs(doc.doc_id)):
                session.edit(doc.doc_id, pair.source.index, f"Edited {pair.source.index} here.")
                edited[doc.doc_id] = edited.get(doc.doc_id, 0) + 1
    again = tmp_path / "again"
    result = CliRunner().invoke(main, ["export", str(reviewed), "-o", str(again), "--formats", "articles,moses"])
    assert result.exit_code == 0, result.output
    for name in NAMES:
        source = (ARTICLES / name).read_text(encoding="utf-8")
        article = (again / "articles" / name).read_text(encoding="utf-8")
        if name.endswith(".html"):
            shown = _check_html(source, article)
            assert not [t for t in shown if PERSIAN.search(t)], name  # every visible text translated
            assert " ".join(shown).count("Edited") == edited[name.rsplit(".", 1)[0]]
        elif name.endswith(".md"):
            assert _blocks(article) == _blocks(source)
            assert _urls_and_code(article) == _urls_and_code(source)
            body = article.split("---\n", 2)[2]  # after the front matter, which stays as it is
            assert article.startswith(source[:source.index("---\n", 4) + 4])
            shown = " ".join(c.content for t in _MD.parse(body) if t.type == "inline"
                             for c in _walk(t.children) if c.type in ("text", "text_special"))
            assert not PERSIAN.search(shown)
            assert shown.count("Edited") == edited["report"]
        else:
            assert _paragraphs(article) == _paragraphs(source)
            assert not PERSIAN.search(article)
            # the article shows what the parallel file shows, sentence for sentence
            english = (again / "bank.en").read_text(encoding="utf-8").split("\n")[:-1]
            assert [re.sub(r"^(- |\d\. )", "", s) for s in re.findall(r"(?:- |\d\. )?Edited \d+ here\.", article)] \
                == english
