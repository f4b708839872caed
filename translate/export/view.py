"""What a review page shows of a pair, shared by the static report and the review app: the text as
shown, cut into the whitespace tokens that word links index, with glossary terms marked by status;
the verdict's reasons in words; the missing terms; the review state. Templates (Jinja2, autoescaped)
render it; no text reaches the page without escaping."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..qe.explain import explain_pair
from ..records import QE_COLUMNS, SentencePair, TermHit
from ..text.clean import bidi_controls

_TOKEN = re.compile(r"\S+")

#: Glossary term statuses in the legend's order, with what each means to a reviewer.
TERM_STATUSES = {
    "found": "the model wrote the glossary English itself",
    "copied": "the model copied the glossary English placed in its input",
    "forced": "decoding was steered to the glossary English",
    "repaired": "the model's rendering was replaced after decoding",
    "missing": "the glossary English is not in the translation",
}


@dataclass(frozen=True, slots=True)
class Token:
    """A whitespace token as shown: its index (what word links use) and the glossary term it belongs to."""

    text: str
    index: int
    status: str | None = None
    title: str | None = None


def tokens(text: str, terms: Sequence[tuple[int | None, int | None, str, str]]) -> list[Token]:
    """The whitespace tokens of ``text``; a token inside a term span ``(start, end, status, title)`` is
    marked with the term's status and title."""
    spans = [t for t in terms if t[0] is not None and t[1] is not None]
    out = []
    for i, m in enumerate(_TOKEN.finditer(text)):
        start, end = m.span()
        term = next((t for t in spans if t[0] < end and start < t[1]), None) if spans else None  # type: ignore[operator]
        out.append(Token(m.group(), i, term[2] if term else None, term[3] if term else None))
    return out


def words_html(text: str, terms: Sequence[tuple[int | None, int | None, str, str]]) -> Any:
    """The tokens of ``text`` as escaped ``<span class="w">`` elements (a term's with its status class
    and title), separated by single spaces; the page's script finds a token's side and index from its
    cell and place, as the word links number them. Built here rather than in a template loop: a page has
    tens of thousands of tokens; a text without terms (most) is escaped once, split and joined."""
    from markupsafe import Markup, escape

    out = []
    if not any(t[0] is not None and t[1] is not None for t in terms):
        # Escaping maps a non-space character to non-space characters: the tokens of the escaped
        # text are the escaped tokens, in order. ``str.split`` splits where ``\S+`` does (the same
        # Unicode whitespace), in C: 2.5 times as fast as a format a token.
        words = str(escape(text)).split()
        return Markup('<span class="w">' + '</span> <span class="w">'.join(words) + "</span>" if words else "")
    for t in tokens(text, terms):
        status = f" term t-{escape(t.status)}" if t.status else ""
        title = f' title="{escape(t.title)}"' if t.title else ""
        out.append(f'<span class="w{status}"{title}>{escape(t.text)}</span>')
    return Markup(" ".join(out))


def _source_terms(terms: Sequence[TermHit]) -> list[tuple[int | None, int | None, str, str]]:
    return [(t.start, t.end, t.status, f"{t.source} → {t.target} ({t.type}, {t.status})") for t in terms]


def _target_terms(terms: Sequence[TermHit]) -> list[tuple[int | None, int | None, str, str]]:
    return [(t.target_start, t.target_end, t.status, f"{t.target} ← {t.source} ({t.status})") for t in terms]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@dataclass(frozen=True, slots=True)
class RowView:
    """What a page shows of one pair. Attributes, not a dict: a template reads ``v.verdict`` as an
    attribute first, and a dict would answer each of a page's hundreds of thousands of lookups with an
    ``AttributeError`` before the key."""

    id: str
    doc: str
    idx: int
    number: int
    source: Any  # Markup: the Persian tokens
    target: Any  # Markup: the English tokens
    target_text: str
    alignment: str
    verdict: str
    reasons: tuple[str, ...]
    missing: list[tuple[str, str]]
    state: str
    edited: bool
    rev: int
    bidi: list[tuple[str, list[str]]]
    flags: list[str]
    scores: dict[str, float | None]
    shown: dict[str, str]  # similarity, length, confidence as two decimals


def row(pair: SentencePair) -> RowView:
    """The view of one pair (see the module docstring)."""
    return RowView(
        pair.source.id, pair.source.doc_id, pair.source.index, pair.source.index + 1,
        # Offsets of terms index the sentence's own text; its tokens are those of the line shown.
        words_html(pair.source.text, _source_terms(pair.terms)),
        words_html(pair.target, _target_terms(pair.terms)),
        pair.target, pair.alignment, pair.verdict,
        explain_pair(pair, pair.source.line(), pair.target),
        [(t.text, t.target) for t in pair.terms if not t.landed],
        pair.state, pair.edited, pair.rev,
        # An override such as U+202E shows the text after it reversed, so what a reviewer reads is not
        # what the line says: the row names the characters (they stay in the text, see text.clean).
        [(side, names) for side, names in (("Persian", bidi_controls(pair.source.text)),
                                           ("English", bidi_controls(pair.target))) if names],
        sorted(pair.flags),
        {c: pair.score(c) for c in QE_COLUMNS},
        {c: _number(pair.score(c)) for c in ("similarity", "length", "confidence")},
    )


@functools.lru_cache(maxsize=1)
def environment() -> Any:
    """The Jinja2 environment of the review templates (autoescaping on for everything)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("translate.export", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.globals["TERM_STATUSES"] = TERM_STATUSES
    return env


def macros() -> Any:
    """The template macros (``head``, ``document``, ``row``, ``end_document``, ``foot``) as callables."""
    return environment().get_template("review.html").module


@functools.lru_cache(maxsize=4)
def asset(name: str) -> str:
    """The page's script or style sheet (``review.js``, ``review.css``) as the templates include it: the
    report inlines them, the review app serves them as files (its Content-Security-Policy allows no
    inline script)."""
    if name not in ("review.js", "review.css"):
        raise KeyError(name)
    env = environment()
    return env.loader.get_source(env, name)[0]
