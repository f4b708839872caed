"""CTranslate2 engine: a converted model (int8 by default on CPU), batches in flight concurrently."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any

from ..config import DecodeOptions
from ..errors import ConfigError, ModelError
from ..records import Hypothesis
from .attention import Attention
from .batch import plan_batches
from .engine import default_threads, model_vocabulary, pick_device
from .tokenizer import PieceTokenizer, Tokenizer

logger = logging.getLogger(__name__)


class CT2Engine:
    """Translate with CTranslate2.

    On CPU the default is int8 weights and ``inter_threads`` single-threaded workers (one per core, up
    to 4), each taking a batch, with every batch of a call submitted at once: measured on 2 cores this
    beats one two-threaded worker by 1.6× (Marian base) and 1.1× (NLLB-600M). On CUDA the default quantization is int8_float16.
    """

    name = "ct2"

    def __init__(
        self,
        model: Any,
        *,
        device: str = "auto",
        threads: int | None = None,
        quantization: str | None = None,
        compute_type: str = "default",
        inter_threads: int | None = None,
        intra_threads: int | None = None,
        full_vocabulary: bool = False,
    ) -> None:
        import ctranslate2

        from ..config import cache_root
        from . import vocabmap
        from .models import convert

        self.device = pick_device(device)
        if self.device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
            raise ConfigError("device 'cuda' asked for, but CTranslate2 sees no CUDA GPU; use --device cpu")
        self.quantization = quantization or ("int8" if self.device == "cpu" else "int8_float16")
        self.model = model
        self.model_id = model.id
        self.max_input_tokens = model.spec.max_input_tokens
        self.full_vocabulary = model_vocabulary(model)
        self.tokenizer: Tokenizer | PieceTokenizer = (
            PieceTokenizer(model) if PieceTokenizer.usable(model) else Tokenizer(model)
        )
        # NLLB into English: converted with the English map, which translation uses unless told not to.
        self.map: vocabmap.VocabularyMap | None = None
        vmap_file = None
        if vocabmap.applies(model.spec.arch, model.spec.tgt_lang, model.path):
            self.map, vmap_file = vocabmap.model_map(model.path, model.spec.tgt_lang, cache_root() / "vmap")
        self.path = convert(model, self.quantization, vmap=vmap_file)
        self.use_vmap = self.map is not None and not full_vocabulary
        self.vocabulary = len(self.map.pieces) if self.use_vmap and self.map else self.full_vocabulary
        self._pieces: dict[str, list[str]] = {}
        threads = threads or default_threads()
        if self.device == "cpu":
            intra = intra_threads or (1 if threads <= 4 else 2)
            inter = inter_threads or max(1, min(4, threads // intra))
        else:
            intra, inter = intra_threads or 1, inter_threads or 1
        self.inter_threads, self.intra_threads = inter, intra
        try:
            self.translator = ctranslate2.Translator(
                str(self.path), device=self.device, compute_type=compute_type,
                inter_threads=inter, intra_threads=intra,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"{self.path}: CTranslate2 cannot load this model ({exc})") from None

    @property
    def vocabulary_map(self) -> str | None:
        """The name of the output vocabulary map in use (``None``: the whole vocabulary)."""
        return self.map.name if self.use_vmap and self.map else None

    def unreachable(self, texts: Sequence[str]) -> set[str]:
        """Pieces of the English ``texts`` that the output vocabulary in use cannot produce."""
        if not (self.use_vmap and self.map and isinstance(self.tokenizer, PieceTokenizer)):
            return set()
        rows = self.tokenizer.target_vocabulary_pieces(texts)
        return self.map.missing(p for pieces in rows for p in pieces)

    def use_full_vocabulary(self) -> None:
        """Decode over the whole vocabulary from now on (same converted model)."""
        self.use_vmap = False
        self.vocabulary = self.full_vocabulary

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        pieces = self.tokenizer.source_pieces(texts)
        # The translation stage counts a window's tokens and then translates it: keep the pieces for that call.
        self._pieces = dict(zip(texts, pieces))
        return [len(p) for p in pieces]

    def _source_pieces(self, texts: Sequence[str]) -> list[list[str]]:
        known, self._pieces = self._pieces, {}
        if all(t in known for t in texts):
            return [known[t] for t in texts]
        return self.tokenizer.source_pieces(texts)

    def translate(self, texts: Sequence[str], options: DecodeOptions,
                  constraints: Sequence[Sequence[str]] | None = None,
                  progress: Callable[[int], None] | None = None) -> list[Hypothesis]:
        """See :class:`~translate.mt.engine.Engine`. CTranslate2 has no constrained decoding:
        ``constraints`` are ignored here (the glossary layers choose from the n-best list and repair)."""
        if not texts:
            return []
        tok = self.tokenizer
        sources = self._source_pieces(texts)
        prefix = tok.target_prefix
        pending = []
        cap = options.batch_cap(self.vocabulary)
        for batch in plan_batches([len(s) for s in sources], options.batch_tokens, cap):
            batch_sources = [sources[i] for i in batch]
            longest = max(len(s) for s in batch_sources)
            limit = options.length_limit(longest) + (len(prefix) if prefix else 0)
            results = self.translator.translate_batch(
                batch_sources,
                target_prefix=[prefix] * len(batch) if prefix else None,
                asynchronous=True,
                beam_size=options.beam_size,
                num_hypotheses=options.num_hypotheses,
                no_repeat_ngram_size=options.no_repeat_ngram_size,
                max_input_length=0,  # never truncate: long sentences are split before they get here
                max_decoding_length=limit,
                min_decoding_length=min(limit, options.min_length + (len(prefix) if prefix else 0)),
                return_scores=True,
                return_attention=options.return_attention,
                use_vmap=self.use_vmap,
            )
            pending.append((batch, results, limit))
        out: list[Hypothesis | None] = [None] * len(texts)
        for batch, results, limit in pending:
            for i, result in zip(batch, results):
                out[i] = self._hypothesis(result.result(), sources[i], options, limit)
            if progress:
                progress(len(batch))
        return out  # type: ignore[return-value]

    def score(self, sources: Sequence[str], targets: Sequence[str], *, attention: bool = False,
              batch_size: int = 32) -> list[Hypothesis]:
        """Force the given English ``targets`` through the model: the mean token log-probability
        (model confidence, ``</s>`` included). CTranslate2's scoring returns no attention."""
        tok = self.tokenizer
        src = tok.source_pieces(sources)
        prefix = tok.target_prefix or []
        tgt = [prefix + pieces for pieces in tok.target_pieces(targets)]
        results = self.translator.score_batch(src, tgt, max_batch_size=batch_size, max_input_length=0)
        out = []
        for text, s, t, result in zip(targets, src, tgt, results):
            logprobs = list(result.log_probs)[len(prefix):]
            out.append(Hypothesis(text=text, score=sum(logprobs) / max(1, len(logprobs)),
                                  tokens=tuple(t[len(prefix):]), source_tokens=tuple(s)))
        return out

    def _hypothesis(self, result: Any, source: list[str], options: DecodeOptions, limit: int) -> Hypothesis:
        tok = self.tokenizer
        skip = len(tok.target_prefix or [])
        hyps = []
        source_tokens = tuple(source)
        for n, pieces in enumerate(result.hypotheses):
            pieces = pieces[skip:]
            attention = None
            if options.return_attention:
                # Left in CTranslate2 until read: it builds the attention's Python lists anew at every
                # reading of ``result.attention``, and a run's word links need only each row's maximum
                attention = Attention(functools.partial(_rows, result, n, skip, len(pieces)), len(pieces),
                                      source_tokens)
            flags = frozenset({"max_length"}) if len(pieces) + skip >= limit else frozenset()
            hyps.append(Hypothesis(
                text=tok.decode(pieces), score=float(result.scores[n]), tokens=tuple(pieces),
                source_tokens=source_tokens, attention=attention, flags=flags,
            ))
        best, rest = hyps[0], tuple(hyps[1:])
        return Hypothesis(best.text, best.score, best.tokens, best.source_tokens, best.attention, rest, best.flags)


def _rows(result: Any, n: int, skip: int, pieces: int) -> list[list[float]]:
    """The attention rows of hypothesis ``n`` of a CTranslate2 result from its first target piece on
    (the ``skip`` rows of a target prefix dropped). In padded batches CTranslate2 can leave part of a
    row's mass on padding positions: :meth:`Attention.matrix` renormalizes over the source's pieces."""
    rows = result.attention[n]
    return rows[skip:] if len(rows) > pieces else rows
