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


def test_a_bare_marker_and_the_piece_after_it_are_one_word() -> None:
    # SentencePiece writes "▁" alone before characters it knows only without the marker (digits, rare
    # letters): ['▁In', '▁', '2024'] is "In 2024", two words
    assert piece_words(["▁In", "▁", "2024", "▁the"], 3) == [0, 1, 1, 2]
    assert piece_words(["▁", "Z", "ü", "rich", "▁and", "</s>"], 2, {"</s>"}) == [0, 0, 0, 0, 1, None]
    # a marker at the end holds no characters: it ends the word before it
    assert piece_words(["▁rose", "▁", "</s>"], 1, {"</s>"}) == [0, 0, None]


def test_pieces_of_the_real_tokenizers_fall_on_the_words_they_spell(tiny_models) -> None:
    import sentencepiece

    # SentencePiece splits Persian words at the zero-width non-joiner (رأی‌دهندگان: two pieces that
    # start words, one word of the text): there the pieces' words are found in the text
    texts = ["In 2024 the price rose 3% in Zürich", "سال ۱۴۰۳ و ۲۰۲۴ در قم، «کیهان» نوشت",
             "رأی‌دهندگان می‌گویند که ۲۰۲۴ سال انتخابات است و نخست‌وزیر ‏«کیهان» را خواند"]
    splits = 0
    for arch in ("marian", "nllb"):
        for spm in sorted(tiny_models[arch].glob("*.spm")) + sorted(tiny_models[arch].glob("*.model")):
            tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(spm))
            for text in texts:
                pieces = tokenizer.encode(text, out_type=str)
                words = text.split()
                splits += sum(piece.startswith("▁") for piece in pieces) > len(words)
                spelled = [""] * len(words)
                for piece, word in zip(pieces, piece_words(pieces, len(words), text=text), strict=True):
                    spelled[word] += piece.replace("▁", "")
                unjoined = [word.replace("\u200c", "").replace("\u200f", "") for word in words]
                assert spelled == unjoined, (spm.name, pieces)
    assert splits  # the tokenizers did split at a non-joiner


def test_pieces_that_cannot_be_found_in_the_text_are_spread_in_proportion() -> None:
    # two words of pieces, four in the text, and the pieces spell something else (an unknown piece)
    assert piece_words(["▁<unk>", "▁b"], 4, text="w x y z") == [0, 2]
    assert piece_words(["▁<unk>", "▁b"], 4) == [0, 2]


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


def test_joined_tokens_say_which_original_tokens_each_normalized_token_came_from() -> None:
    from translate.align.words import joined_tokens, move_links
    from translate.text.normalize import normalize

    original = "کارشناسان می گویند باران"
    assert joined_tokens(original, normalize(original)) == "0 1,2 3"
    assert move_links("0-0 1-1 2-2", "0 1,2 3") == "0-0 1-1 2-1 3-2"
    assert joined_tokens("کارشناسان می‌گویند", normalize("کارشناسان می‌گویند")) == ""
    assert move_links("0-1 1-0", "") == "0-1 1-0"
    # two joins in one sentence; a token normalization removes (a lone kashida) comes from nowhere
    text = "آنها می خواهند کتاب های تازه بخوانند"
    assert joined_tokens(text, normalize(text)) == "0 1,2 3,4 5 6"
    assert move_links("1-0 2-3", "0 1,2 3,4 5 6") == "1-0 2-0 3-3 4-3"
    text = "این کار  ـ  سخت تر شده است"
    assert normalize(text).text == "این کار سخت\u200cتر شده است"
    assert joined_tokens(text, normalize(text)) == "0 1 3,4 5 6"


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


def test_links_read_by_the_stored_joins_equal_those_of_normalizing_again(finished_run, tmp_path) -> None:
    import shutil
    import sqlite3

    from translate.run.store import START, RunStore

    store_path = tmp_path / "run.sqlite"
    shutil.copy(finished_run / "run.sqlite", store_path)

    def read() -> list[tuple[str, str]]:
        with RunStore(store_path) as store:
            store.run_id = store.db.value("SELECT MAX(run_id) FROM run_documents")
            signature = store.db.value("SELECT signature FROM translations LIMIT 1")
            return [(s.text, t.alignment) for _, s, t in store.translations_after(signature, START, 10_000)]

    with sqlite3.connect(store_path) as db:
        joined = db.execute("SELECT COUNT(*) FROM sentences WHERE joins != ''").fetchone()[0]
    assert joined  # the example article has tokens normalization joins (می کند)
    stored = read()
    with sqlite3.connect(store_path) as db:  # as a store written before version 4 holds them
        db.execute("UPDATE sentences SET joins = NULL")
    assert read() == stored
