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


def test_links_move_from_normalized_tokens_onto_the_tokens_shown() -> None:
    from translate.align.words import links_on_original

    # normalized: «کارشناسان می‌گویند باران» — 3 tokens; the original shows 4 (می and گویند apart)
    original = "کارشناسان می گویند باران"
    assert links_on_original(original, "0-0 1-1 2-2") == "0-0 1-1 2-1 3-2"
    assert links_on_original(original, "") == ""
    # nothing joined: the links stand as they are
    assert links_on_original("کارشناسان می‌گویند", "0-1 1-0") == "0-1 1-0"


def test_stored_pairs_link_the_tokens_of_the_original_line(finished_run) -> None:
    from translate.run.review import ReviewSession

    with ReviewSession(finished_run) as session:
        pair = session.pair("hostile", 1)
    shown = pair.source.line().split()
    assert shown[1:3] == ["می", "گویند"]
    links = [tuple(map(int, link.split("-"))) for link in pair.alignment.split()]
    assert links and max(s for s, _ in links) < len(shown)
    # the two tokens of «می گویند» are one word to the model: they link to the same English tokens
    assert {t for s, t in links if s == 1} == {t for s, t in links if s == 2}
