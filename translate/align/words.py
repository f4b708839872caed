"""Word alignment from a translation model's source–target attention.

Subword pieces are mapped to whitespace tokens through SentencePiece's word-start marker (``▁``): a
piece that starts with it opens a new word, and a bare marker's word is the next piece's; where the
pieces count other words than the text (SentencePiece splits Persian words at the zero-width
non-joiner), the words they spell are found in the text by their characters. Each target piece is
linked to the source piece it attends to most; word links are the union over pieces, written in Pharaoh
format (``0-0 1-2 …``, source-target).
"""

from __future__ import annotations

import itertools
import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from unicodedata import is_normalized
from unicodedata import normalize as unicode_normalize

from ..mt.attention import Attention, strongest
from ..mt.engine import Engine
from ..text.normalize import Normalized, normalize

WORD_START = "▁"
_TOKEN = re.compile(r"\S+")


def piece_words(pieces: Sequence[str], n_words: int, special: frozenset[str] | set[str] = frozenset(),
                text: str | None = None) -> list[int | None]:
    """For each piece, the index of the whitespace word it belongs to (``None`` for special pieces).

    When the pieces' word count differs from ``n_words`` (the tokenizer normalized the text
    differently), the pieces' words are found in ``text`` by their characters where it is given and
    they can be; otherwise they are spread over the words in proportion, which keeps order.
    """
    if "" in pieces:
        pieces = [piece or "\0" for piece in pieces]  # a piece that is no word's start (never given)
    plain = list(map(operator.not_, map(special.__contains__, pieces)))
    starts = [piece[0] == WORD_START for piece in pieces]
    if True in plain and starts[plain.index(True)] and WORD_START not in pieces:
        # The usual case, in C (a run draws links for every sentence it translates): the first piece
        # starts a word and no marker stands alone, so a piece's word is the count of word starts up
        # to it; 0 for a special piece (the table's None).
        counts = list(itertools.accumulate(map(operator.and_, starts, plain)))
        if counts[-1] == n_words or text is None:
            keys: Iterable[int] = map(operator.mul, counts, plain)
            table = [None, *_spread(counts[-1], counts[-1], n_words)]
            return list(map(table.__getitem__, keys))
    out: list[int] = []  # the word of each piece + 1, 0 for a special piece
    word = -1
    bare = False  # the last plain piece was a bare marker
    for piece, is_plain, starting in zip(pieces, plain, starts):
        if not is_plain:
            out.append(0)
            continue
        # A bare marker starts a word whose characters come in the next piece (SentencePiece writes
        # "▁" alone before a character it only knows without the marker: a digit, a rare letter)
        if word < 0 or (starting and not bare):
            word += 1
        bare = piece == WORD_START
        out.append(word + 1)
    if bare and word > 0:  # trailing markers hold no characters: they end the word before them
        out = [word if value == word + 1 else value for value in out]
        word -= 1
    found = None
    if word + 1 != n_words and text is not None:
        spelled = [""] * (word + 1)
        for piece, value in zip(pieces, out):
            if value:
                spelled[value - 1] += piece
        found = _words_in(spelled, text)
    table = [None, *(found if found is not None else _spread(word + 1, word + 1, n_words))]
    return list(map(table.__getitem__, out))


#: What SentencePiece's normalization takes for a word boundary or drops from Persian words: the
#: zero-width non-joiner of می‌کند and رأی‌دهندگان (OPUS-MT's Persian tokenizer splits there), the
#: joiner, the direction marks Persian web text carries, and its own marker
_NOT_SPELLED = re.compile("[\u200b-\u200f\ufeff" + WORD_START + "]+")


def _words_in(spelled: Sequence[str], text: str) -> list[int] | None:
    """For each word the pieces spell, the whitespace word of ``text`` where its characters begin,
    reading both as SentencePiece's NFKC normalization does; None where they cannot all be found in
    order, a character or two apart at most (an unknown piece, a rule that normalization has)."""
    tokens = text.split()
    if is_normalized("NFKC", text):  # nearly always: one pass in C for the whole text
        letters = _NOT_SPELLED.sub("", " ".join(tokens)).split(" ")
    else:
        letters = [_NOT_SPELLED.sub("", unicode_normalize("NFKC", token)).replace(" ", "") for token in tokens]
    ends = list(itertools.accumulate(map(len, letters)))  # where each word's characters end in ``joined``
    joined = "".join(letters)
    together = " ".join(spelled)
    if together.count(" ") == len(spelled) - 1:  # no piece holds a space
        # Usually the pieces spell the text exactly: each word's start is the sum of the lengths before
        # it, and its word in the text a bisection (all in C)
        parts = _as_read(together).split(" ")
        if len(parts) == len(spelled) and "" not in parts and "".join(parts) == joined:
            starts = itertools.accumulate(map(len, parts[:-1]), initial=0)
            return list(map(bisect_right, itertools.repeat(ends), starts))
    found: list[int] = []
    at = 0
    for word in map(_as_read, spelled):
        if not word:  # a bare marker before a special piece: with the word before
            found.append(found[-1] if found else 0)
            continue
        start = joined.find(word, at, at + len(word) + 2)
        if start < 0:
            return None
        found.append(bisect_right(ends, start))
        at = start + len(word)
    return found


def _as_read(spelled: str) -> str:
    """``spelled`` as SentencePiece reads it: without :data:`_NOT_SPELLED`'s characters, NFKC."""
    spelled = _NOT_SPELLED.sub("", spelled)
    return spelled if is_normalized("NFKC", spelled) else unicode_normalize("NFKC", spelled)


def _spread(indexes: int, counted: int, n_words: int) -> list[int]:
    """Word ``w`` of ``counted`` words (for each ``w`` below ``indexes``) as a word of ``n_words``, in
    proportion when the counts differ."""
    if counted != n_words and counted > 0 and n_words > 0:
        if indexes <= counted:  # w * n_words // counted < n_words: no need to cap
            return list(map(operator.floordiv, range(0, indexes * n_words, n_words), itertools.repeat(counted)))
        return [min(n_words - 1, w * n_words // counted) for w in range(indexes)]
    return list(range(indexes))


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
    """Word links ``(source_token, target_token)`` over whitespace tokens of both texts, sorted: each
    target piece linked to the source piece it attends to most (the last of equals), special pieces
    never."""
    # str.split() splits where \S+ does (both take Python's whitespace): the tokens counted in C
    src_words = piece_words(source_pieces, len(source_text.split()), special, source_text)
    tgt_words = piece_words(target_pieces, len(target_text.split()), special, target_text)
    if not len(attention):
        return []
    if isinstance(attention, Attention) and (attention.source is source_pieces
                                              or tuple(attention.source) == tuple(source_pieces)):
        best = attention.strongest(special)
    else:
        best = strongest(attention[: len(target_pieces)], source_pieces, special)
    links = {(src_words[b], tw) for tw, b in zip(tgt_words, best) if tw is not None and b >= 0}
    return sorted(links)  # type: ignore[arg-type]


def pharaoh(links: Sequence[tuple[int, int]]) -> str:
    """``[(0, 0), (1, 2)]`` → ``'0-0 1-2'``."""
    return " ".join(f"{s}-{t}" for s, t in links)


def joined_tokens(original: str, norm: Normalized) -> str:
    """Which tokens of ``original`` each token of its normalization ``norm`` came from: ``""`` when one
    for one (most sentences), else one item a normalized token, space-separated, each the original
    tokens' indexes joined by commas (``"0 1,2 3"``: ``می کند`` became one token). Stored with a
    sentence, so that its word links are moved onto it without normalizing it again
    (:func:`move_links`).

    Normalization joins tokens (``می کند`` → ``می‌کند``: two tokens become one) but never reorders or
    splits them; a normalized token comes from every original token it overlaps."""
    if len(norm.text.split()) == len(original.split()):
        return ""
    o_spans = token_spans(original)
    starts = [s for s, _ in o_spans]
    ends = [e for _, e in o_spans]
    origin = norm.origin
    onto: list[str] = []
    for m in _TOKEN.finditer(norm.text):
        s, e = m.span()
        a, b = origin[s], origin[e - 1] + 1  # the token as written (Normalized.span of a non-empty span)
        # the original tokens overlapping [a, b): spans are sorted and disjoint, so two bisections
        first, last = bisect_right(ends, a), bisect_left(starts, b)
        if last == first + 1:
            onto.append(str(first))
        else:
            onto.append(",".join(map(str, range(first, last))) if last > first else str(max(0, bisect_right(starts, a) - 1)))
    return " ".join(onto)


def move_links(links: str, joins: str) -> str:
    """Pharaoh ``links`` over the normalized tokens moved onto the original tokens by ``joins`` (see
    :func:`joined_tokens`); a normalized token links to every original token it came from."""
    if not links or not joins:
        return links
    onto = [[int(k) for k in item.split(",")] for item in joins.split(" ")]
    moved = set()
    for link in links.split():
        src, _, tgt = link.partition("-")
        for k in onto[int(src)] if int(src) < len(onto) else ():
            moved.add((k, int(tgt)))
    return pharaoh(sorted(moved))


def links_on_original(original: str, links: str, normalized: str | None = None) -> str:
    """Pharaoh ``links`` whose source side indexes the tokens of ``original`` *normalized* (what the
    model read), moved onto the tokens of ``original`` itself (what outputs and reports show).
    ``normalized`` (the text the model read, when known) spares normalizing again when no token was
    joined."""
    if not links or (normalized is not None and len(normalized.split()) == len(original.split())):
        return links
    return move_links(links, joined_tokens(original, normalize(original)))


def score_given_pairs(engine: Engine, sources: Sequence[str], targets: Sequence[str]) -> tuple[list[float], list[str] | None]:
    """Force each given pair through the model: its confidence and, when the engine returns attention
    for forced pairs (``hf``; CTranslate2's scoring does not), word links in Pharaoh format."""
    attention = engine.name == "hf"
    hyps = engine.score(sources, targets, attention=attention)
    if not attention:
        return [h.score for h in hyps], None
    special = set(engine.tokenizer.special)
    links = [pharaoh(attention_links(s, h.source_tokens, t, h.tokens, () if h.attention is None else h.attention, special))
             for s, t, h in zip(sources, targets, hyps)]
    return [h.score for h in hyps], links
