"""Counts and times of a run, as the summary and the manifest report them."""

from __future__ import annotations

from dataclasses import dataclass, field

STAGES = ("start-up", "read+segment+match", "model load", "translate+terms", "score", "write")


@dataclass(slots=True)
class RunStats:
    documents: int = 0
    sentences: int = 0
    from_memory: int = 0
    reviewed: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: {"ok": 0, "review": 0, "bad": 0})
    terms_landed: int = 0
    terms_total: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    #: The highest resident memory of this process during each stage, in MiB (see :mod:`.memory`;
    #: engine replicas on a cluster are not counted).
    peak_mb: dict[str, float] = field(default_factory=dict)
    #: CPU seconds of each stage, this process's and its helper processes' (more than the stage's
    #: seconds when it kept several cores busy).
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    #: Sentences longer than the engine takes, translated in pieces, by document.
    split: dict[str, int] = field(default_factory=dict)

    def summary(self) -> list[str]:
        """The lines the CLI prints at the end of a run."""
        rate = f"{self.terms_landed}/{self.terms_total}" + (
            f" ({self.terms_landed / self.terms_total:.1%})" if self.terms_total else "")
        verdicts = ", ".join(f"{k} {v}" for k, v in self.verdicts.items())
        where = ", ".join(f"{k} {v:.1f} s" for k, v in self.seconds.items())
        kept = f"; kept {self.reviewed} reviewed by a person (approved, edited or rejected)" if self.reviewed else ""
        lines = [f"documents {self.documents}, sentences {self.sentences} ({self.from_memory} from the memory){kept}",
                 f"verdicts: {verdicts}", f"glossary terms landed: {rate}", f"time by stage: {where}"]
        if self.peak_mb:
            lines.append("peak memory by stage: " + ", ".join(f"{k} {v:.0f} MB" for k, v in self.peak_mb.items()))
        if self.split:
            n, docs = sum(self.split.values()), len(self.split)
            lines.insert(1, f"{n} sentence{'' if n == 1 else 's'} longer than the model takes, in {docs} "
                            f"document{'' if docs == 1 else 's'}: split at clause punctuation or spaces and "
                            "translated in pieces (flag 'split')")
        return lines
