"""One engine call of the server: sentences of any requests in, each sentence's translation with its
glossary report and quality verdict out — the same stages as ``translate run``: normalization, the
glossary layers (:class:`translate.terms.enforce.TermStage`), the translation stage (long sentences
split at clause boundaries, model output cleaned and checked) and the reference-free quality estimation
(:func:`translate.qe.score.score_pairs`; the e5 similarity is left out: it would double the cost of a
request on CPU).

A :class:`Translator` is one *slot*: a worker thread's view of an engine replica. A CTranslate2 engine
decodes ``inter_threads`` batches at once, so it gets that many slots (each with its own glossary stage,
whose layers learn as they go and are not shared across threads); other engines get one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..align.words import attention_links, links_on_original, pharaoh
from ..config import DecodeOptions, EngineConfig, EnforceOptions
from ..mt.ct2 import CT2Engine
from ..mt.engine import Engine, default_threads
from ..mt.stream import translate_stream
from ..mt.tokenizer import PieceTokenizer
from ..qe.score import score_pairs
from ..records import Hypothesis, TermHit
from ..terms.enforce import TermStage, fit_vocabulary
from ..terms.glossary import Hit, Matcher
from ..text.clean import clean_text
from ..text.normalize import normalize_text


@dataclass(frozen=True, slots=True)
class Translated:
    """One sentence's translation: its text, the quality verdict (``ok``, ``review``, ``bad``) and its
    reasons, the model's confidence (mean token log-probability), the glossary terms of the sentence
    with what became of each, the translation stage's flags (``split``, ``loop``, ``copy`` …) and the
    word links (Pharaoh format over the whitespace tokens of the sentence as given and of ``text``;
    empty unless the decoding options ask for attention, or where the glossary changed the model's
    words), which place inline markup in a translated HTML or Markdown text."""

    text: str
    verdict: str
    reasons: tuple[str, ...] = ()
    confidence: float | None = None
    terms: tuple[TermHit, ...] = ()
    flags: frozenset[str] = frozenset()
    alignment: str = ""


class Translator:
    """Translates sentences with one engine: one per worker thread (see the module's note)."""

    def __init__(self, engine: Engine, decode: DecodeOptions, *, matcher: Matcher | None = None,
                 enforce: EnforceOptions = EnforceOptions(), normalize: bool = True) -> None:
        self.engine, self.decode, self.matcher, self.normalize = engine, decode, matcher, normalize
        self.stage = TermStage(engine, decode, enforce) if matcher is not None else None
        self.special = frozenset(engine.tokenizer.special)

    @property
    def batch_cap(self) -> int:
        """Most sentences one engine call should hold (the engine's batch for these decoding options)."""
        return self.decode.batch_cap(self.engine.vocabulary)

    def hits(self, sentences: Sequence[str]) -> list[list[Hit]]:
        """The glossary hits of one request's sentences, matched as one document (a short form counts
        once its entity was named earlier in the request)."""
        if self.matcher is None:
            return [[] for _ in sentences]
        return [list(h) for h in self.matcher.find_in_document(list(sentences))]

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        """Each sentence's length in source pieces, for the batcher's token budget. With SentencePiece
        (Marian, NLLB on CTranslate2) the model's own pieces, counted without touching the engine's
        state, so beside a translation in another thread; a transformers tokenizer must not be called
        from two threads at once ("Already borrowed"), so there an estimate of a piece per 3.5
        characters stands in (the engine batches by the real count inside the call)."""
        tokenizer = self.engine.tokenizer
        if isinstance(tokenizer, PieceTokenizer):
            return [len(p) for p in tokenizer.source_pieces(list(sentences))]
        return [2 + int(len(s) / 3.5) for s in sentences]

    def translate(self, sentences: Sequence[str], hits: Sequence[Sequence[Hit]] | None = None) -> list[Translated]:
        """One :class:`Translated` per sentence, in order, in one engine call."""
        if not sentences:
            return []
        if self.stage is not None:
            results = self.stage.translate(list(sentences), [list(h) for h in hits or [[] for _ in sentences]],
                                           window=len(sentences))
            texts = [r.text for r in results]
            hyps = [r.hypothesis for r in results]
            terms = [r.terms for r in results]
        else:
            model_input = [normalize_text(s) for s in sentences] if self.normalize else list(sentences)
            hyps = list(translate_stream(self.engine, model_input, self.decode, window=len(sentences)))
            texts = [h.text for h in hyps]
            terms = [() for _ in sentences]
        # The stage cleaned the model's words; a repair writes a glossary target: clean once more here.
        texts = [clean_text(t)[0] for t in texts]
        success = [sum(t.landed for t in ts) / len(ts) if ts else None for ts in terms]
        scores = score_pairs(list(sentences), texts, confidences=[h.score for h in hyps],
                             terms=success if self.matcher is not None else None)
        links = [self._links(s, t, h) for s, t, h in zip(sentences, texts, hyps)]
        return [Translated(text, score.verdict or "ok", tuple(score.reasons or ()), hyp.score, tuple(ts), hyp.flags,
                           link)
                for text, score, hyp, ts, link in zip(texts, scores, hyps, terms, links)]

    def _links(self, sentence: str, text: str, hyp: Hypothesis) -> str:
        """The word links of a translation from the model's attention, over the sentence as given (as a
        run computes them: :func:`translate.align.words.attention_links` over the normalized sentence
        the model read, then moved onto the sentence as written)."""
        if hyp.attention is None or not len(hyp.attention) or text != hyp.text:
            return ""  # no attention asked for, or the glossary changed the model's words
        read = normalize_text(sentence) if self.normalize or self.stage is not None else sentence
        links = pharaoh(attention_links(read, hyp.source_tokens, hyp.text, hyp.tokens, hyp.attention,
                                        self.special))
        return links_on_original(sentence, links, read)


def open_translators(config: EngineConfig, decode: DecodeOptions, *, matcher: Matcher | None = None,
                     enforce: EnforceOptions = EnforceOptions(), normalize: bool = True,
                     replicas: int = 1) -> list[Translator]:
    """Open ``replicas`` engines of ``config`` (the CPU threads shared among them) and return their
    slots. Each replica loads the model once more: on CPU one replica already keeps every core busy
    through its slots, so more replicas pay off on several GPUs or with the transformers engine.

    The engines return attention (as a run's do): its word links place the inline markup of a translated
    HTML or Markdown text. It costs about a millisecond a sentence, lost in the decoding's noise on the
    Marian-base-size model."""
    from dataclasses import replace

    from ..errors import ConfigError
    from ..mt import open_configured

    if replicas < 1:
        raise ConfigError(f"engine replicas must be at least 1, not {replicas}")
    threads = config.threads or default_threads()
    if replicas > threads and config.device != "cuda":
        raise ConfigError(f"{replicas} engine replicas on {threads} CPU threads: give each at least one "
                          "(--workers at most --threads)")
    per = max(1, threads // replicas)
    decode = replace(decode, return_attention=True)
    slots: list[Translator] = []
    for _ in range(replicas):
        engine = open_configured(EngineConfig(config.model, config.engine, config.device, per, config.quantization,
                                              config.offline, config.full_vocabulary))
        if matcher is not None:
            fit_vocabulary(engine, matcher.entries)
        if normalize or matcher is not None:
            normalize_text("")  # loads hazm's lexicons now, not inside the first request
        # CTranslate2 decodes one batch per worker at once (see CT2Engine): a slot each keeps them busy.
        for _ in range(engine.inter_threads if isinstance(engine, CT2Engine) else 1):
            slots.append(Translator(engine, decode, matcher=matcher, enforce=enforce, normalize=normalize))
    return slots
