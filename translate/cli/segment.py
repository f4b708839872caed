"""``translate segment``: sentences of Persian articles, as text or JSON Lines with offsets."""

from __future__ import annotations

import json
import logging
from typing import Any

import click

from .common import CONTEXT, Inputs, input_options, output, report_skipped


def _record(sent: Any, normalized: str | None) -> str:
    record: dict[str, Any] = {"id": sent.id, "doc_id": sent.doc_id, "index": sent.index, "start": sent.start,
                              "end": sent.end, "text": sent.text}
    if normalized is not None:
        record["normalized"] = normalized
    return json.dumps(record, ensure_ascii=False)


@click.command(name="segment", context_settings=CONTEXT)
@input_options
@click.option("-o", "--output", "path", metavar="FILE", help="Write here instead of stdout (atomically).")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True,
              help="text: one sentence a line; jsonl: one object a sentence with offsets.")
@click.option("--normalize", is_flag=True, help="Output normalized text (jsonl: an extra 'normalized' field).")
@click.option("--max-chars", type=click.IntRange(1), default=1000, show_default=True,
              help="Warn about sentences longer than this (they are kept; translation splits them later).")
@click.pass_obj
def segment_command(obj: dict[str, Any], inputs: Inputs, path: str | None, fmt: str, normalize: bool,
                    max_chars: int) -> None:
    """Split Persian articles into sentences.

    INPUT is a file (.txt, .md, .html), a directory (searched recursively) or - for stdin. Encodings:
    UTF-8, UTF-16 with a byte-order mark, Windows-1256. Offsets (jsonl) are Python string indices into
    the decoded text of each input, so text[start:end] is the sentence.

    \b
    Examples:
      translate segment examples/raisi-putin-call.fa.txt
      translate segment news/ -f jsonl -o sentences.jsonl
      cat article.txt | translate segment - --normalize
    """
    from ..errors import InputError
    from ..text.io import read_documents
    from ..text.normalize import normalize_text
    from ..text.segment import segment
    from .progress import progress

    errors: list[InputError] = []
    read = long = 0
    with output(path) as out:
        for doc in progress(read_documents(inputs.paths, errors=errors, encoding=inputs.encoding),
                            desc="documents", unit="doc", quiet=obj["quiet"]):
            read += 1
            for sent in segment(doc):
                long += len(sent.text) > max_chars
                text = normalize_text(sent.line()) if normalize else None
                line = text if text is not None else sent.line()
                out.write((line if fmt == "text" else _record(sent, text)) + "\n")
        report_skipped(errors, read, inputs.strict)
    if long:
        logging.getLogger("translate.cli").warning(
            "%d sentences are longer than %d characters; translation will split them at clause boundaries",
            long, max_chars)
