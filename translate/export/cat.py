"""Reading back what a person did in a CAT tool: the sentences of an XLIFF 1.2, XLIFF 2.x or TMX file,
each with its target and its review state in this tool's words.

:func:`read_units` finds each sentence by its id ``doc:index`` — the ``trans-unit`` id (XLIFF 1.2;
with a bare number, the ``file``'s ``original`` is the document), the ``unit`` ``name`` or else its id
(XLIFF 2.x, the document from ``original`` where the name has none), the ``tuid`` (TMX). A unit whose id
cannot be read that way is returned all the same with ``index == -1`` and the id as written in
``ref``, so the caller can report it.

States (``None`` where the file says nothing usable):

- XLIFF 1.2: ``state-qualifier="rejected-…"`` → ``rejected``; ``final``, ``signed-off`` or
  ``approved="yes"`` → ``approved``; ``translated`` → ``edited``; ``new``, ``needs-…`` → ``machine``;
- XLIFF 2.x: ``subState`` ending in ``:rejected`` → ``rejected`` (unless the state is ``final``: a
  later approval wins); ``final`` → ``approved``; ``translated``, ``reviewed`` → ``edited``;
  ``initial`` → ``machine``; several segments in a unit → the least finished of their states;
- TMX: the ``x-state`` prop.

Targets come back as text: inline markup a tool added (``<g>``, ``<mrk>``, ``<pc>``, ``<hi>``) is
flattened to its text, native code (``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``, ``<ut>``) is dropped but for
its ``<sub>`` text, whitespace is kept as it is. An empty target, or one equal to its source (what
OmegaT writes for a sentence nobody translated), is ``None``. Files are parsed without resolving
entities, loading DTDs or touching the network, and without lxml's huge-tree mode; anything
unreadable raises :class:`~translate.errors.InputError` naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import InputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODE = frozenset({"ph", "bpt", "ept", "it", "ut"})
_ID = re.compile(r"(?:(.*):)?([0-9]+)")
#: How far each state is from done, to pick the least finished of a unit's segments.
_ORDER = {"rejected": 0, "machine": 1, "edited": 2, "approved": 3}


@dataclass(frozen=True, slots=True)
class CatUnit:
    """A sentence as a CAT tool left it: ``index`` is ``-1`` where the id could not be read (``ref``
    holds it as written); ``target`` and ``state`` are ``None`` where the file says nothing usable."""

    doc_id: str
    index: int
    target: str | None
    state: str | None
    ref: str = ""


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if _local(c) == name), None)


def flatten(element: etree._Element | None) -> str | None:
    """The text of ``element``: inline markup flattened, native code dropped, whitespace kept."""
    if element is None:
        return None
    parts = [element.text or ""]
    for child in element:
        name = _local(child)
        if name == "cp":
            parts.append(_code_point(child.get("hex", "")))
        elif name in _CODE:  # native code: only the text of its <sub> elements is translatable
            parts += [flatten(sub) or "" for sub in child if _local(sub) == "sub"]
        elif name:
            parts.append(flatten(child) or "")
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(hex_value: str) -> str:
    try:
        return chr(int(hex_value, 16))
    except (ValueError, OverflowError):
        return ""


def _target(source: str | None, target: str | None) -> str | None:
    return target if target and target.strip() and target != source else None


def _key(raw: str | None, original: str | None) -> tuple[str, int]:
    """``(doc_id, index)`` from an id ``doc:index`` (or a bare index with the file's ``original``)."""
    match = _ID.fullmatch(raw or "")
    if match is None:
        return original or "", -1
    doc = match.group(1) if match.group(1) is not None else original
    return (doc, int(match.group(2))) if doc else ("", -1)


def _state12(unit: etree._Element, target: etree._Element | None) -> str | None:
    state = target.get("state") if target is not None else None
    qualifier = target.get("state-qualifier") if target is not None else None
    if qualifier and qualifier.startswith("rejected-"):
        return "rejected"
    if state in ("final", "signed-off") or unit.get("approved") == "yes":
        return "approved"
    if state == "translated":
        return "edited"
    if state == "new" or (state or "").startswith("needs-"):
        return "machine"
    return None


def _xliff12(unit: etree._Element, original: str | None) -> CatUnit:
    target = _child(unit, "target")
    raw = unit.get("id") or unit.get("resname")
    doc, index = _key(raw, original)
    return CatUnit(doc, index, _target(flatten(_child(unit, "source")), flatten(target)), _state12(unit, target),
                   raw or "")


def _state2(segment: etree._Element) -> str | None:
    state, sub_state = segment.get("state"), segment.get("subState") or ""
    if sub_state.endswith(":rejected") and state != "final":
        return "rejected"
    return {"final": "approved", "reviewed": "edited", "translated": "edited", "initial": "machine"}.get(state or "")


def _xliff2(unit: etree._Element, original: str | None) -> CatUnit | None:
    parts = [c for c in unit if _local(c) in ("segment", "ignorable")]
    if not any(_local(c) == "segment" for c in parts):
        return None
    raw = unit.get("name") or unit.get("id")
    doc, index = _key(raw, original)
    if index >= 0 and unit.get("name") is None and original:
        doc = original  # an id is an NMTOKEN: the document id may have lost characters in it
    source = "".join(flatten(_child(c, "source")) or "" for c in parts)
    targets = [flatten(_child(c, "target")) for c in parts]
    target = None if all(t is None for t in targets) else "".join(t or "" for t in targets)
    states = [_state2(c) for c in parts if _local(c) == "segment"]
    state = None if None in states else min(states, key=lambda s: _ORDER[s or "machine"])
    return CatUnit(doc, index, _target(source, target), state, raw or "")


def _lang(tag: str | None) -> str:
    return (tag or "").split("-")[0].split("_")[0].casefold()


def _tmx(tu: etree._Element, src_lang: str, tgt_lang: str | None) -> CatUnit:
    raw = tu.get("tuid")
    doc, index = _key(raw, None)
    texts: dict[str, str | None] = {}
    for tuv in (c for c in tu if _local(c) == "tuv"):
        texts.setdefault(_lang(tuv.get(XML_LANG) or tuv.get("lang")), flatten(_child(tuv, "seg")))
    source = _lang(src_lang) if src_lang and src_lang != "*all*" else next(iter(texts), "")
    wanted = _lang(tgt_lang) if tgt_lang else next((k for k in texts if k != source), "")
    state = next((p.text for p in tu if _local(p) == "prop" and p.get("type") == "x-state"), None)
    return CatUnit(doc, index, _target(texts.get(source), texts.get(wanted)),
                   state if state in _ORDER else None, raw or "")


def _units(path: Path, tgt_lang: str | None) -> Iterator[CatUnit]:
    events = etree.iterparse(str(path), events=("start", "end"), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)
    kind, original, src_lang = "", None, ""
    for event, element in events:
        name = _local(element)
        if not kind:
            kind = _kind(path, element)
        if event == "start":
            if name == "file":
                original = element.get("original")
            elif name == "header" and kind == "tmx":
                src_lang = element.get("srclang") or ""
            continue
        if kind == "xliff12" and name == "trans-unit":
            yield _xliff12(element, original)
        elif kind == "xliff2" and name == "unit":
            found = _xliff2(element, original)
            if found is not None:
                yield found
        elif kind == "tmx" and name == "tu":
            yield _tmx(element, src_lang, tgt_lang)
        else:
            continue
        element.clear(keep_tail=True)
        while element.getprevious() is not None:  # memory stays flat on a file of any size
            del element.getparent()[0]


def _kind(path: Path, root: etree._Element) -> str:
    name, namespace = _local(root), etree.QName(root).namespace or ""
    if name == "tmx":
        return "tmx"
    if name == "xliff" and (root.get("version", "").startswith("2") or ":document:2." in namespace):
        return "xliff2"
    if name == "xliff" and (namespace == "" or namespace.startswith("urn:oasis:names:tc:xliff:document:1.")):
        return "xliff12"
    where = namespace or "no namespace"
    raise InputError(str(path), f"not an XLIFF or TMX file (its root element is <{name}> in {where})")


def read_units(path: str | Path, *, tgt_lang: str | None = None) -> list[CatUnit]:
    """The sentences of an XLIFF 1.2, XLIFF 2.x or TMX file, in file order. ``tgt_lang`` picks the TMX
    variant to read (default: the first whose language is not the header's ``srclang``)."""
    path = Path(path)
    try:
        return list(_units(path, tgt_lang))
    except etree.XMLSyntaxError as exc:
        raise InputError(str(path), f"not well-formed XML ({exc}); was it saved whole?") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read it ({exc.strerror or exc})") from None
