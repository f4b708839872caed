"""Do a model's pieces land on the words they spell? For each NTREX sentence (Persian through the source
tokenizer, English through the target one), the pieces are given to whitespace words by
``translate.align.words.piece_words`` and each word's pieces, joined, are compared with the word
(both read as SentencePiece reads them: NFKC, without joiners and direction marks).

    python bench/piece_words.py --model ../shared/models/quran-fa-en-marian-small
    PYTHONPATH=/tmp/before-tree python bench/piece_words.py --model …       # an earlier checkout's code

Prints, for each side, how many sentences have a bare marker (``▁`` alone), how many have pieces that
count other words than the text (SentencePiece splits at the
zero-width non-joiner), and how many have a piece on a word it does not spell.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "parallel"

_DROPPED = re.compile("[\u200b-\u200f\ufeff]")


def _read(text: str) -> str:
    return _DROPPED.sub("", unicodedata.normalize("NFKC", text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="a model folder with source.spm and target.spm")
    parser.add_argument("--data", type=Path, default=DATA, help="folder with ntrex.fa-en.fa and .en")
    args = parser.parse_args()

    import sentencepiece

    from translate.align.words import piece_words

    takes_text = "text" in piece_words.__code__.co_varnames  # an earlier checkout's has no text argument
    for spm, side in (("source.spm", "fa"), ("target.spm", "en")):
        tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(args.model / spm))
        lines = (args.data / f"ntrex.fa-en.{side}").read_text(encoding="utf-8").splitlines()
        bare = other = wrong = 0
        for text in lines:
            pieces = tokenizer.encode(text, out_type=str)
            words = text.split()
            bare += "▁" in pieces
            starts = sum(p.startswith("▁") and (i == 0 or pieces[i - 1] != "▁") for i, p in enumerate(pieces))
            other += starts != len(words)
            found = piece_words(pieces, len(words), text=text) if takes_text else piece_words(pieces, len(words))
            spelled = [""] * len(words)
            for piece, word in zip(pieces, found):
                spelled[word] += piece.replace("▁", "")
            wrong += [_read(w) for w in spelled] != [_read(w) for w in words]
        print(f"{side} ({spm}): {len(lines)} sentences; a bare marker in {bare}, pieces counting other words in "
              f"{other}, a piece on a word it does not spell in {wrong}")


if __name__ == "__main__":
    main()
