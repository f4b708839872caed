"""The English output vocabulary of NLLB models: a CTranslate2 vocabulary map (``vmap``).

NLLB-200's output layer has 256,206 entries for 200 languages; an English sentence can only use the
pieces written in the Latin script, digits, punctuation and the symbols English news prints. The map
lists those pieces (and the special and language tokens) on the one line whose source is empty, so
CTranslate2 (``use_vmap``) computes the output layer over them alone. Which pieces are kept, by class:

* ``latin``: every character a Latin letter (ASCII or accented, ``Erdoğan``, ``Müller``,
  ``Nguyễn``), possibly with digits, punctuation or combining accents — names keep their spelling;
* ``digits``: ASCII digits only (English output writes ``1403``, never ``۱۴۰۳``);
* ``punctuation``: ASCII punctuation, Latin-1 and general punctuation (``’ “ ” – — …``);
* ``symbols``: currency signs, ``° % ± × ÷ µ § © ® ™``, superscripts, fractions, ``−``, ``≈``;
* ``boundary``: the word-boundary marker alone (before a piece that starts a word mid-piece);
* ``special``: ``<s> </s> <pad> <unk> <mask>`` and every language code (``eng_Latn``, the prefix).

Anything with a character of another script (Arabic, Cyrillic, CJK, …) is left out.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Bumped whenever the rule changes: part of the map's name, so a changed rule makes a new conversion.
RULE_VERSION = 1

_BOUNDARY = "\u2581"
_LANG_CODE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")
_SPECIAL = frozenset({"<s>", "</s>", "<pad>", "<unk>", "<mask>"})
#: Symbols outside the blocks below that English news prints.
_EXTRA_SYMBOLS = frozenset("−∓≈≠≤≥∞√")


def _char_class(char: str) -> str | None:
    """``digit``, ``latin``, ``punctuation``, ``symbol`` or ``None`` (another script)."""
    code = ord(char)
    if "0" <= char <= "9":
        return "digit"
    if code < 0x80:
        return "latin" if char.isalpha() else ("punctuation" if char.isprintable() and not char.isspace() else None)
    if 0x300 <= code <= 0x36F:  # combining accents (a decomposed é)
        return "latin"
    category = unicodedata.category(char)
    if category.startswith("L"):
        return "latin" if unicodedata.name(char, "").startswith("LATIN ") else None
    if 0xA0 < code <= 0xBF or 0x2010 <= code <= 0x205E:  # Latin-1 and general punctuation/symbols
        return "punctuation" if category.startswith("P") else "symbol"
    if category == "Sc" or char in _EXTRA_SYMBOLS:
        return "symbol"
    if 0x2070 <= code <= 0x209F or 0x2100 <= code <= 0x218F:  # super/subscripts, ™ ℃, fractions
        return "symbol" if category[0] in "SN" else None
    if category in ("No", "Sm", "So") and code <= 0xFF:  # ¹ ² ³ ¼ ½ ¾ × ÷ ° ±
        return "symbol"
    return None


def piece_class(piece: str) -> str | None:
    """Why an output piece can be kept for English (a class name above), or ``None`` if it cannot."""
    if piece in _SPECIAL or _LANG_CODE.match(piece):
        return "special"
    body = piece[1:] if piece.startswith(_BOUNDARY) else piece
    if not body:
        return "boundary" if piece else None
    if any(c.isspace() for c in body):  # cannot be written in a vmap line (and never an SPM piece)
        return None
    classes = {_char_class(c) for c in body}
    if None in classes:
        return None
    if "latin" in classes:
        return "latin"
    if classes == {"digit"}:
        return "digits"
    return "punctuation" if classes <= {"punctuation", "digit"} else "symbols"


@dataclass(frozen=True, slots=True)
class VocabularyMap:
    """The pieces kept (in vocabulary order), what each class contributed, and the vocabulary size."""

    pieces: tuple[str, ...]
    classes: dict[str, int]
    vocabulary: int

    @property
    def digest(self) -> str:
        return hashlib.sha1("\n".join(self.pieces).encode()).hexdigest()[:10]

    @property
    def name(self) -> str:
        """``english-v1-NNNNN-DIGEST``: what the manifest and the run signature record."""
        return f"english-v{RULE_VERSION}-{len(self.pieces)}-{self.digest}"

    def text(self) -> str:
        """The vmap file: one line, empty source, the pieces always candidates."""
        return "\t" + " ".join(self.pieces) + "\n"

    def missing(self, pieces: Iterable[str]) -> set[str]:
        kept = set(self.pieces)
        return {p for p in pieces if p not in kept}


def english_map(vocabulary: Iterable[str]) -> VocabularyMap:
    """The map of an NLLB vocabulary (its pieces in id order) for output in English."""
    kept: list[str] = []
    classes: Counter[str] = Counter()
    total = 0
    for piece in vocabulary:
        total += 1
        why = piece_class(piece)
        if why:
            kept.append(piece)
            classes[why] += 1
    return VocabularyMap(tuple(dict.fromkeys(kept)), dict(sorted(classes.items())), total)


def _write_once(path: Path, text: str) -> None:
    """Write ``path`` unless it exists: to a temporary file, then renamed (two runs starting together
    both find a whole file)."""
    if path.is_file():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def write_map(vmap: VocabularyMap, directory: Path) -> Path:
    """``DIRECTORY/NAME.vmap``, written once and reused by later runs."""
    path = directory / f"{vmap.name}.vmap"
    _write_once(path, vmap.text())
    return path


_SOURCES = ("sentencepiece.bpe.model", "special_tokens_map.json", "tokenizer_config.json")


def model_map(path: Path, tgt_lang: str | None, directory: Path) -> tuple[VocabularyMap, Path]:
    """A model's English map and its vmap file in ``directory``. Classifying 256k pieces takes most
    of a second, so it is done once per tokenizer: an index named by a hash of the files the map is
    made from (and the rule's version) points to the map file, which later calls read back."""
    digest = hashlib.sha1(f"v{RULE_VERSION}|{tgt_lang}".encode())
    for name in _SOURCES:
        source = path / name
        digest.update(f"|{name}:".encode() + (source.read_bytes() if source.is_file() else b"-"))
    index = directory / f"model-{digest.hexdigest()[:16]}.json"
    try:
        known = json.loads(index.read_text(encoding="utf-8"))
        pieces = tuple((directory / f"{known['map']}.vmap").read_text(encoding="utf-8").split())
        vmap = VocabularyMap(pieces, known["classes"], known["vocabulary"])
        if vmap.name == known["map"]:  # the map file is whole and is the one the index names
            return vmap, directory / f"{vmap.name}.vmap"
    except (OSError, ValueError, KeyError, TypeError):
        pass
    vmap = english_map(model_vocabulary(path, tgt_lang))
    file = write_map(vmap, directory)
    _write_once(index, json.dumps({"map": vmap.name, "classes": vmap.classes, "vocabulary": vmap.vocabulary}))
    return vmap, file


def applies(arch: str, tgt_lang: str | None, path: Path) -> bool:
    """Whether a model gets the English map: NLLB-family, translating into English, with its
    SentencePiece model (Marian models have a target vocabulary of their own and are left alone)."""
    return arch == "nllb" and (tgt_lang or "").startswith("eng_") and (path / "sentencepiece.bpe.model").is_file()


def model_vocabulary(path: Path, tgt_lang: str | None) -> list[str]:
    """An NLLB model's output pieces: its SentencePiece pieces and the special and language tokens
    named by its tokenizer files (the converted vocabulary adds exactly these)."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(path / "sentencepiece.bpe.model"))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    codes: set[str] = {tgt_lang} if tgt_lang else set()
    for name in ("special_tokens_map.json", "tokenizer_config.json"):
        try:
            text = (path / name).read_text(encoding="utf-8")
            json.loads(text)  # only a well-formed file is read
        except (OSError, ValueError):
            continue
        codes.update(re.findall(r'"([a-z]{3}_[A-Z][a-z]{3})"', text))
    return pieces + ["<pad>"] + sorted(codes) + ["<mask>"]
