"""MkDocs hook: the example blocks of the generated CLI reference shown as code, one command a line.

A command's help keeps its example block (``Examples:`` and indented lines) together for Click with a
``\\b`` line; mkdocs-click drops that marker and leaves the indented lines to Markdown, which joins them
into one paragraph. This hook adds a Markdown preprocessor that runs right after mkdocs-click's (and
before the fenced-code one) and turns such a block — a line ending in ``:`` followed by lines indented
by two spaces — into a ``text`` code block. Only on pages that hold a ``::: mkdocs-click`` directive.
"""

from __future__ import annotations

import textwrap
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

#: Whether the page being converted holds a mkdocs-click directive (set by on_page_markdown).
_ACTIVE = False


class _ExampleBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not _ACTIVE:
            return lines
        out: list[str] = []
        fence = False
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.lstrip().startswith("```"):
                fence = not fence
            elif (not fence and line.rstrip().endswith(":") and not line.startswith(" ")
                  and i + 1 < len(lines) and lines[i + 1].startswith("  ") and lines[i + 1].strip()):
                j = i + 1
                while j < len(lines) and lines[j].startswith("  ") and lines[j].strip():
                    j += 1
                out += [line, "", "```text", *textwrap.dedent("\n".join(lines[i + 1:j])).splitlines(), "```", ""]
                i = j
                continue
            out.append(line)
            i += 1
        return out


class _ExampleBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # mkdocs-click expands its directive at priority 141; fenced code blocks are read at 25-31.
        md.preprocessors.register(_ExampleBlocks(md), "cli_example_blocks", 140)


def on_config(config: Any) -> Any:
    config.markdown_extensions.append(_ExampleBlocksExtension())
    return config


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    global _ACTIVE
    _ACTIVE = "::: mkdocs-click" in markdown
    return markdown
