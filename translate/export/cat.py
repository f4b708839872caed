"""The CAT round trip: what identifies an exported unit beyond its position (:func:`identity`, written
by the XLIFF and TMX exporters), and reading back what a person did in a CAT tool (:func:`read_units`:
the sentences of an XLIFF 1.2, XLIFF 2.x or TMX file, each with its target, its review state in this
tool's words and the identity it was exported with).

Identity (see ``docs/cat-round-trip.md`` for what OmegaT and translate-toolkit keep, measured): the run
store and run (``store``, ``run``; only when the exporter knows them), the document (``document``), the
fingerprint of the source sentence (``fingerprint``), the review revision (``rev``), the fingerprint of
the target as exported (``exported``) and the review state as exported (``exported-state``). Carried as

- XLIFF 1.2: ``<context-group purpose="x-persian-translate">`` on each ``trans-unit`` (a group's name
  would have to be unique in the file),
  a ``<context context-type="x-NAME">`` per field (the strict schema refuses foreign attributes, and
  OmegaT shows a foreign element as a segment to translate; both tools keep a context group as is);
- XLIFF 2.x: the Metadata module on each ``unit``: ``<mda:metadata><mda:metaGroup
  category="persian-translate">`` with an ``<mda:meta type="NAME">`` per field;
- TMX: a ``<prop type="x-NAME">`` per field on each ``tu``.

:func:`read_units` finds each sentence by its id ``doc:index`` — the ``trans-unit`` id (XLIFF 1.2;
with a bare number, the ``file``'s ``original`` is the document), the ``unit`` ``name`` or else its id
(XLIFF 2.x, the document from ``original`` where the name has none), the ``tuid`` (TMX) — and takes the
document from the identity where the file carries one. A unit whose id cannot be read that way is
returned all the same with ``index == -1`` and the id as written in ``ref``, so the caller can report
it. A file without identity (another tool's, or exported before it existed) gives ``None`` in those
fields.

States (``None`` where the file says nothing usable):

- XLIFF 1.2: ``final``, ``signed-off`` or ``approved="yes"`` → ``approved`` (whatever the
  ``state-qualifier`` still says: translate-toolkit approves a unit without removing it; note that
  translate-toolkit sets ``approved="yes"`` on every unit whose target it sets);
  ``state-qualifier="rejected-…"`` → ``rejected``; ``translated`` → ``edited``; ``new``, ``needs-…`` →
  ``machine``;
- XLIFF 2.x: ``subState`` ending in ``:rejected`` with the state ``initial`` → ``rejected`` (a state
  moved on is what happened later); ``final`` and ``reviewed`` (what translate-toolkit, and so
  Weblate, writes for an approval) → ``approved``; ``translated`` → ``edited``; ``initial`` →
  ``machine``; several segments in a unit → the least finished of their states;
- TMX: the ``x-state`` prop.

A tool that writes no state leaves the one exported (OmegaT 3.6 never changes it): compare ``state``
with ``exported_state``.

Targets come back as text: inline markup a tool added (``<g>``, ``<mrk>``, ``<pc>``, ``<hi>``) is
flattened to its text, native code (``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``, ``<ut>``) is dropped but for
its ``<sub>`` text, whitespace is kept as it is. An empty target, or one equal to its source (what
OmegaT writes for a sentence nobody translated), is ``None``. A TMX variant's language is its own
``xml:lang`` (or TMX 1.1's ``lang``, which OmegaT writes), never the header's ``srclang``.

Files are parsed without resolving entities, loading DTDs or touching the network, and without lxml's
huge-tree mode; anything unreadable raises :class:`~translate.errors.InputError` naming the file, and a
malformed unit (a ``<cp>`` that is no character a file may carry, a target with a control character or
a line break, an identity field that is not what this tool writes) one naming the file and the unit,
before anything is returned: a file is read whole or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..records import REVIEW_STATES, SentencePair, text_fingerprint
from ..text.clean import check_clean
from .base import once_per_pair
from .safe import line, xml_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The XLIFF 2 Metadata module.
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
#: The XLIFF 1.2 context group (``purpose="x-…"``) and XLIFF 2 meta group (``category``) of the identity.
CARRIER = "persian-translate"
#: The identity fields, by the name each format gives them (``x-`` before it in XLIFF 1.2 and TMX).
IDENTITY = ("store", "run", "document", "fingerprint", "rev", "exported", "exported-state")
_CODE = frozenset({"ph", "bpt", "ept", "it", "ut"})
_ID = re.compile(r"(?:(.*):)?([0-9]+)")
_HEX = re.compile(r"[0-9A-Fa-f]{1,6}")
_FINGERPRINT = re.compile(r"[0-9a-f]{16}")
_NUMBER = re.compile(r"[0-9]{1,18}")  # fits SQLite's 64-bit integers
#: How far each state is from done, to pick the least finished of a unit's segments.
_ORDER = {"rejected": 0, "machine": 1, "edited": 2, "approved": 3}
#: Where a unit starts, to name the one a syntax error is in.
_UNIT_START = re.compile(rb"<(?:[\w.-]+:)?(?:trans-unit|unit|tu)\b([^>]*)>")
_UNIT_REF = re.compile(rb"""\b(?:name|tuid|id)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: Files up to this size are searched for the unit a syntax error is in.
_NEAR_LIMIT = 64 << 20


@dataclass(frozen=True, slots=True)
class CatUnit:
    """A sentence as a CAT tool left it: ``index`` is ``-1`` where the id could not be read (``ref``
    holds it as written); ``target`` and ``state`` are ``None`` where the file says nothing usable;
    the identity fields are what the unit was exported with, ``None`` where the file does not say."""

    doc_id: str
    index: int
    target: str | None
    state: str | None
    ref: str = ""
    #: The unit's source text as in the file.
    source: str | None = None
    #: :attr:`RunInfo.store_id <translate.export.base.RunInfo.store_id>` and ``run_id`` as exported.
    store_id: str | None = None
    run_id: int | None = None
    #: :attr:`SentencePair.fingerprint <translate.records.SentencePair.fingerprint>` as exported.
    fingerprint: str | None = None
    #: :attr:`SentencePair.rev <translate.records.SentencePair.rev>` as exported.
    rev: int | None = None
    #: :func:`~translate.records.text_fingerprint` of the target as exported (``line(pair.target)``).
    exported: str | None = None
    #: The review state as exported.
    exported_state: str | None = None


@once_per_pair  # the TMX and the three XLIFFs of a run write it for the same pair in turn
def identity(pair: SentencePair, store_id: str = "", run_id: int = 0) -> list[tuple[str, str]]:
    """``(field, value)`` of what identifies ``pair``'s unit in an exported file (the store only with a
    ``store_id``, the run only with a ``run_id``; the source fingerprint only where the pair has one)."""
    found = [("store", store_id)] if store_id else []
    if store_id and run_id:
        found.append(("run", str(run_id)))
    found.append(("document", pair.source.doc_id))
    if pair.fingerprint:
        found.append(("fingerprint", pair.fingerprint))
    found += [("rev", str(pair.rev)), ("exported", text_fingerprint(line(pair.target))),
              ("exported-state", pair.state)]
    return [(name, xml_text(value)) for name, value in found]


class _Malformed(ValueError):
    """A unit that cannot be read as this tool wrote it (turned into an InputError naming the unit)."""


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if _local(c) == name), None)


def flatten(element: etree._Element | None) -> str | None:
    """The text of ``element``: inline markup flattened, native code dropped, whitespace kept; a
    ``<cp>`` that is no character a file may carry raises ``ValueError``."""
    if element is None:
        return None
    parts = [element.text or ""]
    for child in element:
        name = _local(child)
        if name == "cp":
            parts.append(_code_point(child.get("hex")))
        elif name in _CODE:  # native code: only the text of its <sub> elements is translatable
            parts += [flatten(sub) or "" for sub in child if _local(sub) == "sub"]
        elif name:
            parts.append(flatten(child) or "")
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(hex_value: str | None) -> str:
    """The character of ``<cp hex="…">`` (XLIFF 2: a character XML cannot hold, such as a control)."""
    if hex_value is None or not _HEX.fullmatch(hex_value):
        shown = repr(hex_value or "")[1:-1]  # escaped: the message may reach a terminal
        raise _Malformed(f'<cp hex="{shown}"/> is not a hexadecimal code point')
    code = int(hex_value, 16)
    if code > 0x10FFFF:
        raise _Malformed(f'<cp hex="{hex_value}"/> is beyond Unicode (U+10FFFF is the last code point)')
    if 0xD800 <= code <= 0xDFFF:
        raise _Malformed(f'<cp hex="{hex_value}"/> is a surrogate, half of a UTF-16 pair, not a character')
    if code in (0xFFFE, 0xFFFF):
        raise _Malformed(f'<cp hex="{hex_value}"/> is a non-character no file may carry')
    return chr(code)


def _target(source: str | None, target: str | None) -> str | None:
    return target if target and target.strip() and target != source else None


def _key(raw: str | None, original: str | None) -> tuple[str, int]:
    """``(doc_id, index)`` from an id ``doc:index`` (or a bare index with the file's ``original``)."""
    match = _ID.fullmatch(raw or "")
    if match is None:
        return original or "", -1
    doc = match.group(1) if match.group(1) is not None else original
    return (doc, int(match.group(2))) if doc else ("", -1)


def _fields(found: dict[str, str], label: str) -> dict[str, object]:
    """The identity fields of ``CatUnit`` from the carried ``{field: value}`` (``label`` names a field as
    the format does, for the message: ``context x-{}``)."""
    values: dict[str, object] = {}
    for name, value in found.items():
        value = value.strip()
        where = label.format(name)
        if name in ("run", "rev"):
            if not _NUMBER.fullmatch(value):
                raise _Malformed(f"its {where} {value!r} is not a whole number")
            values["run_id" if name == "run" else "rev"] = int(value)
        elif name in ("fingerprint", "exported"):
            if not _FINGERPRINT.fullmatch(value.lower()):
                raise _Malformed(f"its {where} {value!r} is not a fingerprint (16 hexadecimal digits)")
            values[name] = value.lower()
        elif name == "exported-state":
            if value not in REVIEW_STATES:
                raise _Malformed(f"its {where} {value!r} is not a review state ({', '.join(REVIEW_STATES)})")
            values["exported_state"] = value
        elif name in ("store", "document"):
            if not value:
                raise _Malformed(f"its {where} is empty")
            _check(value, f"its {where}")
            values["store_id" if name == "store" else "doc_id"] = value
    return values


def _check(text: str, what: str, *, single_line: bool = True) -> None:
    try:
        check_clean(text, what, single_line=single_line)
    except InputError as exc:
        raise _Malformed(f"{what} {exc.problem}") from None


def _unit(doc: str, index: int, source: str | None, target: str | None, state: str | None, ref: str,
          found: dict[str, str], label: str) -> CatUnit:
    fields = _fields(found, label)
    doc = str(fields.pop("doc_id", doc))
    _check(doc, "its document id")
    if target is not None:
        # Whitespace around a target is a tool's layout (the importer trims it); inside, a line break
        # or control character would break the line-aligned outputs, so the file is refused.
        _check(target.strip(), "its target")
    if source is not None:
        _check(source, "its source", single_line=False)
    return CatUnit(doc, index, _target(source, target), state, ref, source, **fields)  # type: ignore[arg-type]


def _state12(unit: etree._Element, target: etree._Element | None) -> str | None:
    state = target.get("state") if target is not None else None
    qualifier = target.get("state-qualifier") if target is not None else None
    if state in ("final", "signed-off") or unit.get("approved") == "yes":
        return "approved"  # an approval beats a rejected- qualifier a tool left behind
    if qualifier and qualifier.startswith("rejected-"):
        return "rejected"
    if state == "translated":
        return "edited"
    if state == "new" or (state or "").startswith("needs-"):
        return "machine"
    return None


def _carried12(unit: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for group in unit:
        if _local(group) == "context-group" and f"x-{CARRIER}" in (group.get("purpose") or "").split():
            for context in group:
                kind = context.get("context-type") or ""
                if _local(context) == "context" and kind.startswith("x-") and kind[2:] in IDENTITY:
                    found.setdefault(kind[2:], context.text or "")
    return found


def _xliff12(unit: etree._Element, original: str | None) -> CatUnit:
    target = _child(unit, "target")
    raw = unit.get("id") or unit.get("resname")
    doc, index = _key(raw, original)
    return _unit(doc, index, flatten(_child(unit, "source")), flatten(target), _state12(unit, target), raw or "",
                 _carried12(unit), "context x-{}")


def _state2(segment: etree._Element) -> str | None:
    state, sub_state = segment.get("state"), segment.get("subState") or ""
    # A rejection is written as initial + subState; a tool that moves the state on (translate-toolkit
    # approves as "reviewed") leaves the subState behind, so the state then says what happened last.
    if sub_state.endswith(":rejected") and state in (None, "initial"):
        return "rejected"
    return {"final": "approved", "reviewed": "approved", "translated": "edited", "initial": "machine"}.get(state or "")


def _carried2(unit: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for metadata in unit:
        if etree.QName(metadata).namespace != MDA or _local(metadata) != "metadata":
            continue
        for group in metadata:
            if _local(group) == "metaGroup" and group.get("category") == CARRIER:
                for meta in group:
                    if _local(meta) == "meta" and meta.get("type") in IDENTITY:
                        found.setdefault(meta.get("type", ""), "".join(meta.itertext()))
    return found


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
    return _unit(doc, index, source, target, state, raw or "", _carried2(unit), "mda:meta {}")


def _lang(tag: str | None) -> str:
    """The primary language subtag of a BCP-47 tag (``fa-IR`` → ``fa``), case-folded."""
    return (tag or "").split("-")[0].split("_")[0].casefold()


def _tmx(tu: etree._Element, src_lang: str, tgt_lang: str) -> CatUnit:
    raw = tu.get("tuid")
    doc, index = _key(raw, None)
    texts: dict[str, str | None] = {}
    for tuv in (c for c in tu if _local(c) == "tuv"):
        # Each variant says its own language; the header's srclang (often "*all*") says nothing of it.
        texts.setdefault(_lang(tuv.get(XML_LANG) or tuv.get("lang")), flatten(_child(tuv, "seg")))
    props = [(p.get("type") or "", p.text or "") for p in tu if _local(p) == "prop"]
    state = next((value for kind, value in props if kind == "x-state"), None)
    found: dict[str, str] = {}
    for kind, value in props:
        if kind.startswith("x-") and kind[2:] in IDENTITY:
            found.setdefault(kind[2:], value)
    return _unit(doc, index, texts.get(_lang(src_lang)), texts.get(_lang(tgt_lang)),
                 state if state in _ORDER else None, raw or "", found, "prop x-{}")


_UNITS = {"xliff12": "trans-unit", "xliff2": "unit", "tmx": "tu"}


def _units(path: Path, src_lang: str, tgt_lang: str) -> Iterator[CatUnit]:
    events = etree.iterparse(str(path), events=("start", "end"), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)
    kind, original, count = "", None, 0
    for event, element in events:
        name = _local(element)
        if not kind:
            kind = _kind(path, element)
        if event == "start":
            if name == "file":
                original = element.get("original")
            continue
        if name != _UNITS[kind]:
            continue
        count += 1
        try:
            if kind == "xliff12":
                yield _xliff12(element, original)
            elif kind == "xliff2":
                found = _xliff2(element, original)
                if found is not None:
                    yield found
            else:
                yield _tmx(element, src_lang, tgt_lang)
        except _Malformed as exc:
            ref = element.get("name") or element.get("id") or element.get("resname") or element.get("tuid")
            unit = repr(ref) if ref is not None else f"number {count}"
            raise InputError(str(path), f"unit {unit}: {exc}; nothing of this file was read: fix that unit and "
                                        "try again") from None
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


def _near(path: Path, position: tuple[int, int] | None) -> str:
    """`` in unit 'ID'``: the unit a syntax error at ``(line, column)`` is in (the last one to start
    before it), or ``""``."""
    if not position or not position[0] or path.stat().st_size > _NEAR_LIMIT:
        return ""
    number, column = position
    last = b""
    with path.open("rb") as handle:
        for k, text in enumerate(handle, 1):
            if k == number and column > 0:  # libxml2 counts columns in characters
                text = text.decode("utf-8", "replace")[:column].encode()
            found = [m.group(1) for m in _UNIT_START.finditer(text)]
            last = found[-1] if found else last
            if k == number:
                break
    ref = _UNIT_REF.search(last)
    return f" in unit {(ref.group(1) or ref.group(2) or b'').decode('utf-8', 'replace')!r}" if ref else ""


def read_units(path: str | Path, *, src_lang: str = "fa", tgt_lang: str = "en") -> list[CatUnit]:
    """The sentences of an XLIFF 1.2, XLIFF 2.x or TMX file, in file order, or an
    :class:`~translate.errors.InputError` (nothing returned) where a unit or the file is malformed.
    ``src_lang`` and ``tgt_lang`` pick a TMX unit's variants by their primary language subtag (case
    does not matter); a unit without a variant in ``tgt_lang`` has no target."""
    path = Path(path)
    try:
        return list(_units(path, src_lang, tgt_lang))
    except etree.XMLSyntaxError as exc:
        near = _near(path, getattr(exc, "position", None))
        raise InputError(str(path), f"not well-formed XML{near} ({exc}); was it saved whole?") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read it ({exc.strerror or exc})") from None
