"""The HTML review report: one self-contained file (CSS and JS inline, no network) that a translator
opens with a double click. Every piece of text is escaped: an article that contains ``<script>``
shows it as text. Written a row at a time: the navigation and the counts come from the run's
summaries, so the page never has to be held in memory."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from ..records import QE_COLUMNS, SentencePair
from .atomic import AtomicFile
from .base import DocumentInfo, RunInfo, Summary
from .safe import line

_TOKEN = re.compile(r"\S+")

_CSS = """
:root { --ok: #e8f5e9; --review: #fff8e1; --bad: #ffebee; --term: #c5cae9; --hl: #ffd54f; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, sans-serif; display: flex; height: 100vh; color: #222; }
nav { width: 240px; overflow-y: auto; border-right: 1px solid #ddd; padding: 12px; background: #fafafa; flex: none; }
nav a { display: block; padding: 4px 6px; color: #1a237e; text-decoration: none; border-radius: 4px; }
nav a:hover { background: #e8eaf6; }
nav .counts { color: #666; font-size: 12px; }
main { flex: 1; overflow-y: auto; padding: 12px 20px; }
h1 { font-size: 18px; margin: 0 0 8px; } h2 { font-size: 16px; margin: 24px 0 4px; }
.summary { color: #555; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #ddd; padding: 4px 6px; vertical-align: top; }
th { background: #f0f0f0; position: sticky; top: 0; cursor: default; font-weight: 600; }
th[data-sort] { cursor: pointer; } th[data-sort]:hover { background: #e0e0e0; }
th.text { width: 33%; } th.num, td.num { width: 8.5%; text-align: right; font-variant-numeric: tabular-nums; }
td.fa { font-family: "Vazirmatn", "Vazir", "Sahel", "Noto Naskh Arabic", "Noto Sans Arabic", "Tahoma", serif;
        font-size: 15px; text-align: right; }
tr.verdict-ok { background: var(--ok); } tr.verdict-review { background: var(--review); }
tr.verdict-bad { background: var(--bad); }
.term { background: var(--term); border-radius: 3px; }
.w.hl { background: var(--hl); }
body.flagged-only tr.verdict-ok { display: none; }
.controls { margin: 6px 0; }
"""

_JS = """
document.querySelectorAll('table.pairs').forEach(function (table) {
  table.querySelectorAll('th[data-sort]').forEach(function (th) {
    th.addEventListener('click', function () {
      var key = th.dataset.sort, body = table.tBodies[0];
      var up = th.dataset.dir !== 'asc'; th.dataset.dir = up ? 'asc' : 'desc';
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = parseFloat(a.dataset[key]), y = parseFloat(b.dataset[key]);
        if (isNaN(x)) x = -Infinity; if (isNaN(y)) y = -Infinity;
        return up ? x - y : y - x;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
document.getElementById('flagged').addEventListener('change', function (e) {
  document.body.classList.toggle('flagged-only', e.target.checked);
});
document.querySelectorAll('tr.pair').forEach(function (row) {
  var links = (row.dataset.align || '').split(' ').filter(Boolean).map(function (l) { return l.split('-'); });
  function mark(side, index, on) {
    links.forEach(function (l) {
      var other = side === 's' ? (l[0] === index ? l[1] : null) : (l[1] === index ? l[0] : null);
      if (other !== null) {
        var w = row.querySelector('.w[data-side="' + (side === 's' ? 't' : 's') + '"][data-i="' + other + '"]');
        if (w) w.classList.toggle('hl', on);
      }
    });
  }
  row.querySelectorAll('.w').forEach(function (w) {
    w.addEventListener('mouseenter', function () { w.classList.add('hl'); mark(w.dataset.side, w.dataset.i, true); });
    w.addEventListener('mouseleave', function () { w.classList.remove('hl'); mark(w.dataset.side, w.dataset.i, false); });
  });
});
"""


def _words(text: str, side: str, terms: Sequence[tuple[int, int, str]]) -> str:
    """``text`` as escaped word spans (for alignment highlighting); words inside a glossary term are
    marked, with the entry and its status in the hover title."""
    out = []
    last = 0
    for i, m in enumerate(_TOKEN.finditer(text)):
        out.append(html.escape(text[last:m.start()]))
        title = next((t for s, e, t in terms if s < m.end() and m.start() < e), None)
        classes = "w term" if title else "w"
        attrs = f' title="{html.escape(title)}"' if title else ""
        out.append(f'<span class="{classes}" data-side="{side}" data-i="{i}"{attrs}>{html.escape(m.group())}</span>')
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _summary(s: Summary) -> str:
    terms = f"{s.terms_landed}/{s.terms_total} glossary terms landed" if s.terms_total else "no glossary terms"
    return (f"{s.sentences} sentences · ok {s.verdicts['ok']} · review {s.verdicts['review']} · "
            f"bad {s.verdicts['bad']} · {terms}")


_TABLE_HEAD = (
    '<table class="pairs"><thead><tr><th class="num" data-sort="index">#</th>'
    '<th class="text">Persian</th><th class="text">English</th>'
    '<th class="num" data-sort="similarity">similarity</th><th class="num" data-sort="length">length</th>'
    '<th class="num" data-sort="confidence">confidence</th><th class="num">verdict</th></tr></thead><tbody>')


def _row(p: SentencePair) -> str:
    s_terms = [(t.start, t.end, f"{t.source} → {t.target} ({t.type}, {t.status})") for t in p.terms]
    t_terms = [(t.target_start, t.target_end, f"{t.target} ← {t.source} ({t.status})")
               for t in p.terms if t.target_start is not None]
    data = " ".join(f'data-{c}="{"" if p.score(c) is None else f"{p.score(c):.4f}"}"' for c in QE_COLUMNS)
    cells = "".join(f'<td class="num">{"" if p.score(c) is None else f"{p.score(c):.2f}"}</td>'
                    for c in ("similarity", "length", "confidence"))
    return (f'<tr class="pair verdict-{html.escape(p.verdict)}" data-index="{p.source.index}" '
            f'data-verdict="{html.escape(p.verdict)}" data-align="{html.escape(p.alignment)}" {data}>'
            f'<td class="num">{p.source.index + 1}</td>'
            f'<td class="fa" dir="rtl" lang="fa">{_words(line(p.source.text), "s", s_terms)}</td>'
            f'<td class="en" lang="en">{_words(line(p.target), "t", t_terms)}</td>'
            f'{cells}<td>{html.escape(p.verdict)}</td></tr>')


class ReportWriter:
    """``report.html``, written as the run is exported: head and navigation first (from the summaries),
    then one section per document, a row per pair."""

    def __init__(self, path: str | Path, *, title: str, signature: str, documents: Sequence[DocumentInfo],
                 summary: Summary) -> None:
        self.file = AtomicFile(path)
        nav = "".join(f'<a href="#doc-{n}">{html.escape(d.doc_id)}<br><span class="counts">{d.summary.sentences} '
                      f'sentences, {d.summary.verdicts["review"] + d.summary.verdicts["bad"]} to review</span></a>'
                      for n, d in enumerate(documents, 1))
        self.file.write(
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>'
            f'<nav><h1>{html.escape(title)}</h1><p class="summary">{_summary(summary)}</p>{nav}</nav>'
            '<main><div class="controls"><label><input type="checkbox" id="flagged"> show only review / bad</label>'
            f'</div><p class="summary">{html.escape(signature)}</p>')
        self.sections = 0

    def start_document(self, doc: DocumentInfo) -> None:
        self.sections += 1
        self.file.write(f'<section class="doc" id="doc-{self.sections}"><h2>{html.escape(doc.doc_id)}</h2>'
                        f'<p class="summary">{_summary(doc.summary)}</p>{_TABLE_HEAD}')

    def pair(self, pair: SentencePair) -> None:
        self.file.write(_row(pair))

    def end_document(self) -> None:
        self.file.write("</tbody></table></section>")

    def commit(self) -> None:
        self.file.write(f"</main><script>{_JS}</script></body></html>\n")
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def exporter(info: RunInfo) -> ReportWriter:
    return ReportWriter(info.outdir / "report.html", title=info.title, signature=info.signature,
                        documents=info.documents, summary=info.summary)


def write_report(documents: Sequence[tuple[str, Sequence[SentencePair]]], path: str | Path, *, title: str,
                 signature: str) -> None:
    """Write the review report of documents held in memory (tests, small runs) to ``path``."""
    infos = [DocumentInfo(doc_id, doc_id, Summary.of(pairs)) for doc_id, pairs in documents]
    writer = ReportWriter(path, title=title, signature=signature, documents=infos,
                          summary=Summary.of([p for _, pairs in documents for p in pairs]))
    for info, (_, pairs) in zip(infos, documents):
        writer.start_document(info)
        for pair in pairs:
            writer.pair(pair)
        writer.end_document()
    writer.commit()
