"""transformers engine: ``AutoModelForSeq2SeqLM`` (Marian, NLLB/M2M100, any seq2seq model)."""

from __future__ import annotations

import copy
import logging
from dataclasses import replace
from collections.abc import Callable, Sequence
from typing import Any

from ..config import DecodeOptions
from ..errors import ConfigError, ModelError
from ..records import Hypothesis
from .batch import plan_batches
from .engine import default_threads, pick_device
from .tokenizer import Tokenizer

logger = logging.getLogger(__name__)


class HFEngine:
    """Translate with transformers' ``generate`` in fp32 (fp16 on CUDA).

    After generation the chosen outputs are run once more through the model, forced, to get each
    target token's log-probability (the score is their mean, as in CTranslate2) and, when asked, the
    last decoder layer's cross-attention averaged over heads.
    """

    name = "hf"

    def __init__(self, model: Any, *, device: str = "auto", threads: int | None = None, **_: Any) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the library never prints; progress is the CLI's job
        # generate() warns that max_new_tokens overrides the model's max_length: that is intended.
        hf_logging.get_logger("transformers.generation.utils").setLevel(logging.ERROR)

        self.device = pick_device(device)
        if self.device == "cuda" and not torch.cuda.is_available():
            raise ConfigError("device 'cuda' asked for, but PyTorch sees no CUDA GPU; use --device cpu")
        if self.device == "cpu":
            torch.set_num_threads(threads or default_threads())
        self.model_id = model.id
        self.max_input_tokens = model.spec.max_input_tokens
        self.tokenizer = Tokenizer(model)
        dtype = torch.float16 if self.device == "cuda" else torch.float32
        try:
            self.model = AutoModelForSeq2SeqLM.from_pretrained(
                str(model.path), dtype=dtype, trust_remote_code=False
            ).to(self.device).eval()
        except Exception as exc:  # transformers raises many kinds for a broken folder
            raise ModelError(f"{model.path}: cannot load the model ({exc})") from None
        # The weights stay as stored (fp32) on CPU; CUDA runs them in fp16.
        self.quantization: str | None = "float16" if self.device == "cuda" else None
        self.vocabulary = int(self.model.config.vocab_size)
        self.pad_id = self.model.config.pad_token_id
        self.eos_id = self.model.config.eos_token_id

    #: transformers decodes over the whole vocabulary (the English map is CTranslate2's).
    vocabulary_map: str | None = None

    def unreachable(self, texts: Sequence[str]) -> set[str]:
        return set()

    def use_full_vocabulary(self) -> None:
        """Already the case."""

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(ids) for ids in self.tokenizer.encode(texts)]

    def translate(self, texts: Sequence[str], options: DecodeOptions,
                  constraints: Sequence[Sequence[str]] | None = None,
                  progress: Callable[[int], None] | None = None) -> list[Hypothesis]:
        """See :class:`~translate.mt.engine.Engine`. With ``constraints``, a logits processor
        completes a term once decoding has chosen its first subword(s)."""
        import torch

        if not texts:
            return []
        encoded = self.tokenizer.encode(texts)
        terms = [self._term_ids(c) for c in constraints] if constraints else None
        out: list[Hypothesis | None] = [None] * len(texts)
        with torch.inference_mode():
            cap = options.batch_cap(self.vocabulary)
            for batch in plan_batches([len(ids) for ids in encoded], options.batch_tokens, cap):
                batch_terms = [terms[i] for i in batch] if terms else None
                hyps = self._translate_batch([encoded[i] for i in batch], options, batch_terms)
                for i, hyp in zip(batch, hyps):
                    out[i] = hyp
                if progress:
                    progress(len(batch))
        return out  # type: ignore[return-value]

    def _pad(self, rows: list[list[int]]) -> tuple[Any, Any]:
        import torch

        width = max(len(r) for r in rows)
        ids = torch.full((len(rows), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for k, row in enumerate(rows):
            ids[k, : len(row)] = torch.tensor(row, dtype=torch.long)
            mask[k, : len(row)] = 1
        return ids.to(self.device), mask.to(self.device)

    def _term_ids(self, terms: Sequence[str]) -> list[list[int]]:
        """Target-side token ids of each term (two pieces at least: one-piece terms need no forcing)."""
        ids = []
        for term in terms:
            row = self.tokenizer.hf(text_target=term, add_special_tokens=False)["input_ids"]
            if len(row) >= 2:
                ids.append(row)
        return ids

    def _translate_batch(self, rows: list[list[int]], options: DecodeOptions,
                         terms: list[list[list[int]]] | None = None) -> list[Hypothesis]:
        from transformers import LogitsProcessorList

        tok = self.tokenizer
        input_ids, mask = self._pad(rows)
        limit = options.length_limit(max(len(r) for r in rows))
        forced = tok.forced_bos_id
        extra = 1 if forced is not None else 0
        config = copy.deepcopy(self.model.generation_config)
        config.update(
            num_beams=options.beam_size,
            num_return_sequences=options.num_hypotheses,
            do_sample=False,
            max_length=None,  # the limit is max_new_tokens, from the options
            max_new_tokens=limit + extra,
            min_new_tokens=min(limit, options.min_length) + extra if options.min_length else None,
            no_repeat_ngram_size=options.no_repeat_ngram_size or None,
            forced_bos_token_id=forced,
            early_stopping=options.beam_size > 1,
            length_penalty=1.0,
        )
        processors = LogitsProcessorList()
        if terms and any(terms):
            processors.append(_TermForcing(terms, options.beam_size))
        generated = self.model.generate(input_ids=input_ids, attention_mask=mask, generation_config=config,
                                        logits_processor=processors)
        n = options.num_hypotheses
        source_rows = [rows[r // n] for r in range(generated.shape[0])]
        hyps = self._forced(source_rows, generated, extra, options.return_attention)
        grouped = []
        for b in range(len(rows)):
            best, *rest = hyps[b * n : (b + 1) * n]
            grouped.append(Hypothesis(best.text, best.score, best.tokens, best.source_tokens, best.attention,
                                      tuple(rest), best.flags))
        return grouped


    def _forced(self, rows: list[list[int]], sequences: Any, extra: int, attention_wanted: bool) -> list[Hypothesis]:
        """Run target ``sequences`` (starting with the decoder start token) through the model, forced:
        each token's log-probability (the score is their mean, ``</s>`` included) and, when asked, the
        last decoder layer's cross-attention averaged over heads. ``extra`` leading target tokens (NLLB's
        language code) are neither scored nor returned."""
        import torch

        tok = self.tokenizer
        input_ids, mask = self._pad(rows)
        if attention_wanted:
            # Fused attention kernels cannot return weights: use the eager ones for this one pass.
            default = self.model.config._attn_implementation
            self.model.set_attn_implementation("eager")
        try:
            outputs = self.model(input_ids=input_ids, attention_mask=mask, decoder_input_ids=sequences[:, :-1],
                                 output_attentions=attention_wanted)
        finally:
            if attention_wanted:
                self.model.set_attn_implementation(default)
        logprobs = torch.log_softmax(outputs.logits.float(), dim=-1)
        targets = sequences[:, 1:]
        token_lp = logprobs.gather(-1, targets.unsqueeze(-1)).squeeze(-1)
        attention = outputs.cross_attentions[-1].float().mean(dim=1) if attention_wanted else None
        hyps: list[Hypothesis] = []
        for r in range(sequences.shape[0]):
            target = targets[r].tolist()
            length = len(target)
            if self.eos_id in target:
                length = target.index(self.eos_id) + 1  # up to and including </s>
            scored = token_lp[r, extra:length]
            score = float(scored.mean()) if scored.numel() else 0.0
            pieces = tok.pieces(target[extra:length])
            if pieces and pieces[-1] == tok.hf.eos_token:
                pieces = pieces[:-1]
            src_len = len(rows[r])
            att = None
            if attention is not None:
                att = tuple(
                    tuple(float(x) for x in attention[r, t, :src_len].tolist())
                    for t in range(extra, extra + len(pieces))
                )
            flags = frozenset({"max_length"}) if self.eos_id not in target else frozenset()
            hyps.append(Hypothesis(
                text=tok.decode(pieces), score=score, tokens=tuple(pieces),
                source_tokens=tuple(tok.pieces(rows[r])), attention=att, flags=flags,
            ))
        return hyps

    def score(self, sources: Sequence[str], targets: Sequence[str], *, attention: bool = True,
              batch_size: int = 16) -> list[Hypothesis]:
        """Force the given ``targets`` (human or machine English) through the model: mean token
        log-probability (model confidence) and source–target attention for word alignment."""
        import torch

        tok = self.tokenizer
        start = self.model.config.decoder_start_token_id
        prefix = [tok.forced_bos_id] if tok.forced_bos_id is not None else []
        out: list[Hypothesis] = []
        with torch.inference_mode():
            for k in range(0, len(sources), batch_size):
                rows = tok.encode(sources[k:k + batch_size])
                target_ids = [tok.hf(text_target=t, add_special_tokens=False)["input_ids"]
                              for t in targets[k:k + batch_size]]
                seqs = [[start] + prefix + ids + [self.eos_id] for ids in target_ids]
                width = max(len(x) for x in seqs)
                sequences = torch.full((len(seqs), width), self.pad_id, dtype=torch.long)
                for r, seq in enumerate(seqs):
                    sequences[r, : len(seq)] = torch.tensor(seq, dtype=torch.long)
                hyps = self._forced(rows, sequences.to(self.device), len(prefix), attention)
                # Keep the given text: decoding the pieces may normalize spaces and punctuation.
                out.extend(replace(h, text=t) for h, t in zip(hyps, targets[k:k + batch_size]))
        return out


class _TermForcing:
    """A logits processor: when the output ends with the first ``k`` pieces of a required term, the
    term's next piece is the only choice. (transformers 5 dropped ``force_words_ids``; this is the
    light part of it that keeps a started term intact.)"""

    def __init__(self, terms: list[list[list[int]]], beams: int) -> None:
        self.terms = terms
        self.beams = beams

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import torch

        for row in range(input_ids.shape[0]):
            sequences = self.terms[row // self.beams]
            if not sequences:
                continue
            generated = input_ids[row].tolist()
            forced = _next_forced(generated, sequences)
            if forced is not None:
                keep = scores[row, forced].clone()
                scores[row, :] = -torch.inf
                scores[row, forced] = keep
        return scores


def _next_forced(generated: list[int], sequences: list[list[int]]) -> int | None:
    for seq in sequences:
        for k in range(len(seq) - 1, 0, -1):
            if len(generated) >= k and generated[-k:] == seq[:k]:
                return seq[k]
    return None

