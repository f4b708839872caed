"""Word links from attention: pieces to whitespace words, Pharaoh format."""

from __future__ import annotations

from translate.align.words import attention_links, pharaoh, piece_words, token_spans


def test_attention_word_links() -> None:
    assert piece_words(["▁سلام", "▁دنیا", "</s>"], 2, {"</s>"}) == [0, 1, None]
    assert piece_words(["▁Hel", "lo", "▁world", "!"], 2) == [0, 0, 1, 1]
    links = attention_links("سلام دنیا", ["▁سلام", "▁دنیا", "</s>"], "Hello world", ["▁Hel", "lo", "▁world"],
                            [[0.9, 0.1, 0], [0.8, 0.2, 0], [0.1, 0.9, 0]], {"</s>"})
    assert links == [(0, 0), (1, 1)]
    assert pharaoh(links) == "0-0 1-1"


def test_token_spans_are_whitespace_tokens() -> None:
    assert token_spans(" Hello,  world!\n") == [(1, 7), (9, 15)]
