"""Word alignment from a translation model's source–target attention.

Subword pieces are mapped to whitespace tokens through SentencePiece's word-start marker (``▁``): a
piece that starts with it opens a new word. Each target piece is linked to the source piece it attends
to most; word links are the union over pieces, written in Pharaoh format (``0-0 1-2 …``, source-target).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..mt.engine import Engine

WORD_START = "▁"
_TOKEN = re.compile(r"\S+")


def piece_words(pieces: Sequence[str], n_words: int, special: frozenset[str] | set[str] = frozenset()) -> list[int | None]:
    """For each piece, the index of the whitespace word it belongs to (``None`` for special pieces).

    When the pieces' word count differs from ``n_words`` (the tokenizer normalized the text
    differently), pieces are spread over the words in proportion, which keeps order.
    """
    out: list[int | None] = []
    word = -1
    for piece in pieces:
        if piece in special:
            out.append(None)
            continue
        if piece.startswith(WORD_START) or word < 0:
            word += 1
        out.append(word)
        if piece == WORD_START:  # a bare marker: the word starts with the next piece
            word -= 1
    counted = word + 1
    if counted != n_words and counted > 0 and n_words > 0:
        out = [None if w is None else min(n_words - 1, w * n_words // counted) for w in out]
    return out


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the whitespace tokens of ``text``."""
    return [m.span() for m in _TOKEN.finditer(text)]


def attention_links(
    source_text: str,
    source_pieces: Sequence[str],
    target_text: str,
    target_pieces: Sequence[str],
    attention: Sequence[Sequence[float]],
    special: frozenset[str] | set[str] = frozenset(),
) -> list[tuple[int, int]]:
    """Word links ``(source_token, target_token)`` over whitespace tokens of both texts, sorted."""
    src_words = piece_words(source_pieces, len(token_spans(source_text)), special)
    tgt_words = piece_words(target_pieces, len(token_spans(target_text)), special)
    links = set()
    for t, row in enumerate(attention[: len(target_pieces)]):
        tw = tgt_words[t]
        if tw is None or not row:
            continue
        candidates = [(w, i) for i, w in enumerate(row[: len(src_words)]) if src_words[i] is not None]
        if not candidates:
            continue
        _, best = max(candidates)
        links.add((src_words[best], tw))
    return sorted(links)  # type: ignore[arg-type]


def pharaoh(links: Sequence[tuple[int, int]]) -> str:
    """``[(0, 0), (1, 2)]`` → ``'0-0 1-2'``."""
    return " ".join(f"{s}-{t}" for s, t in links)


def score_given_pairs(engine: Engine, sources: Sequence[str], targets: Sequence[str]) -> tuple[list[float], list[str] | None]:
    """Force each given pair through the model: its confidence and, when the engine returns attention
    for forced pairs (``hf``; CTranslate2's scoring does not), word links in Pharaoh format."""
    attention = engine.name == "hf"
    hyps = engine.score(sources, targets, attention=attention)
    if not attention:
        return [h.score for h in hyps], None
    special = set(engine.tokenizer.special)
    links = [pharaoh(attention_links(s, h.source_tokens, t, h.tokens, h.attention or (), special))
             for s, t, h in zip(sources, targets, hyps)]
    return [h.score for h in hyps], links
