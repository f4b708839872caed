"""Reading inputs: encodings, binary and empty files, HTML, directories, stdin."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest

from translate.errors import InputError
from translate.text.io import decode, expand_inputs, html_to_text, iter_lines, read_bytes, read_documents

PERSIAN = "رئیس جمهور ایران گفت که همکاری دو کشور گسترش می‌یابد.\nتهران - ایرنا"
# Windows-1256 has no Persian yeh/keheh: such files carry the Arabic letters.
PERSIAN_1256 = PERSIAN.replace("ی", "ي").replace("ک", "ك")


@pytest.mark.parametrize(
    ("data", "expected_text", "expected_encoding"),
    [
        (PERSIAN.encode("utf-8"), PERSIAN, "utf-8"),
        (codecs.BOM_UTF8 + PERSIAN.encode("utf-8"), PERSIAN, "utf-8"),
        (PERSIAN.encode("utf-16"), PERSIAN, "utf-16"),  # native order, with BOM
        (codecs.BOM_UTF16_BE + PERSIAN.encode("utf-16-be"), PERSIAN, "utf-16"),
        (codecs.BOM_UTF16_LE + PERSIAN.encode("utf-16-le"), PERSIAN, "utf-16"),
        (PERSIAN_1256.encode("cp1256"), PERSIAN_1256, "cp1256"),
        ("ايران".encode("cp1256"), "ايران", "cp1256"),  # short: only the script check decides
        (b"plain ASCII text.", "plain ASCII text.", "utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be", "utf-16-le", "cp1256", "cp1256-short", "ascii"],
)
def test_decode_accepted_encodings(data: bytes, expected_text: str, expected_encoding: str) -> None:
    assert decode(data, "f.txt") == (expected_text, expected_encoding)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "f.txt: the file is empty"),
        (b"  \n\t\r\n", "f.txt: contains no text (only whitespace)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
         "f.txt: contains NUL bytes: a binary file, or UTF-16 without a byte-order mark (re-save it as UTF-8)"),
        (PERSIAN.encode("utf-16-le"),
         "f.txt: contains NUL bytes: a binary file, or UTF-16 without a byte-order mark (re-save it as UTF-8)"),
        (bytes(range(1, 32)) * 20 + "سلام".encode(), "f.txt: looks like a binary file"),
        ("Déjà vu, garçon: très français et très long à lire.".encode("latin-1"),
         "f.txt: is not UTF-8, UTF-16 or Windows-1256 Persian text"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "f.txt: starts with a utf-8 byte-order mark but is not valid utf-8"),
    ],
    ids=["empty", "whitespace", "png", "utf-16-no-bom", "controls", "latin-1", "bad-utf8-after-bom"],
)
def test_decode_refuses_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        decode(data, "f.txt")
    assert str(info.value).startswith(message)


def test_latin1_error_names_what_was_found() -> None:
    with pytest.raises(InputError, match=r"it looks like .*Re-save it as UTF-8, or pass --encoding"):
        decode("Déjà vu, garçon: très français et très long à lire.".encode("latin-1"), "f.txt")


def test_forced_encoding() -> None:
    assert decode(PERSIAN_1256.encode("cp1256"), "f", encoding="cp1256") == (PERSIAN_1256, "cp1256")
    with pytest.raises(InputError, match="cannot be decoded as utf-8"):
        decode(PERSIAN_1256.encode("cp1256"), "f", encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        decode(b"x", "f", encoding="klingon")


def test_line_ends_are_kept_and_iterated_without_splitlines() -> None:
    text = "a\r\nb\rc\nd\u2028e\x85f"
    assert [text[s:e] for s, e in iter_lines(text)] == ["a", "b", "c", "d\u2028e\x85f"]
    doc = read_bytes(text.encode(), "x.txt")
    # CR LF, CR and LF stay as they are; the breaks only other tools split on become spaces.
    assert (doc.text, doc.cleaned) == ("a\r\nb\rc\nd e f", 2)


HTML = """<!doctype html><html><head><meta charset="utf-8"><title>عنوان صفحه</title>
<style>p {color: red}</style><script>var x = "<p>نه</p>";</script></head>
<body><nav>خانه | اخبار</nav>
<article><h1>روسای جمهور گفتگو کردند</h1>
<p>رئیس جمهور <b>ایران</b> گفت &laquo;همکاری&raquo; ادامه دارد.</p><p>خط اول<br>خط دوم</p>
<!-- نظر --></article><footer>کپی رایت</footer></body></html>"""


def test_html_article_text_with_paragraph_breaks() -> None:
    assert html_to_text(HTML) == (
        "روسای جمهور گفتگو کردند\n\nرئیس جمهور ایران گفت «همکاری» ادامه دارد.\n\nخط اول\n\nخط دوم"
    )


def test_html_without_article_uses_body_and_drops_scripts() -> None:
    text = html_to_text("<html><body><div>یک</div><script>alert(1)</script><p>دو &amp; سه</p></body></html>")
    assert text == "یک\n\nدو & سه"


def test_html_document_from_file_suffix(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text(HTML, encoding="utf-8")
    (doc,) = read_documents([str(page)])
    assert (doc.id, doc.format) == ("news", "html")
    assert doc.text.startswith("روسای جمهور")


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="empty.html: the HTML page has no readable text"):
        list(read_documents([str(page)]))


def _mixed_folder(root: Path) -> None:
    (root / "sub").mkdir()
    (root / "a.txt").write_text("خبر اول.", encoding="utf-8")
    (root / "sub" / "b.md").write_text("خبر دوم.", encoding="utf-8")
    (root / "sub" / "c.htm").write_text("<p>خبر سوم.</p>", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (root / "latin1.txt").write_bytes("Déjà vu, très français et très long à lire.".encode("latin-1"))
    (root / "legacy.txt").write_bytes("خبر چهارم.".replace("ی", "ي").encode("cp1256"))
    (root / "image.png").write_bytes(b"\x89PNG")  # not a text suffix: not read at all
    (root / ".hidden.txt").write_text("پنهان", encoding="utf-8")


def test_directory_with_good_and_bad_files_goes_on(tmp_path: Path) -> None:
    _mixed_folder(tmp_path)
    errors: list[InputError] = []
    docs = list(read_documents([str(tmp_path)], errors=errors))
    assert [d.id for d in docs] == ["a", "legacy", "sub/b", "sub/c"]
    assert [d.encoding for d in docs] == ["utf-8", "cp1256", "utf-8", "utf-8"]
    assert sorted(Path(e.source).name for e in errors) == ["binary.txt", "empty.txt", "latin1.txt"]


def test_without_an_error_list_the_first_bad_file_raises(tmp_path: Path) -> None:
    _mixed_folder(tmp_path)
    with pytest.raises(InputError, match="binary.txt"):
        list(read_documents([str(tmp_path)]))


def test_missing_file() -> None:
    with pytest.raises(InputError, match="^nope.txt: no such file or directory$"):
        list(read_documents(["nope.txt"]))


def test_stdin() -> None:
    (doc,) = read_documents(["-"], stdin=io.BytesIO("سلام.".encode("utf-16")))
    assert (doc.id, doc.path, doc.text, doc.encoding) == ("stdin", "-", "سلام.", "utf-16")


def test_expand_inputs_keeps_order_and_names(tmp_path: Path) -> None:
    _mixed_folder(tmp_path)
    single = tmp_path / "a.txt"
    assert list(expand_inputs([str(single), "-"])) == [(str(single), "a"), ("-", "stdin")]


def test_five_megabyte_line_reads(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    line = "کلمه " * 1_000_000
    big.write_text(line, encoding="utf-8")
    (doc,) = read_documents([str(big)])
    assert len(doc.text) == len(line)


# An article as scraped: a stray NUL and a terminal colour escape from a broken export, a right-to-left
# override, a line separator, a vertical tab, a file separator and a NEL inside its paragraphs.
DIRTY = ("خبرگزاری\x00 ایرنا: \x1b[1mرئیس جمهور\x1b[0m گفت.\u2028همکاری\u200cها ادامه\x0bدارد.\n"
         "\u202eمتن وارونه\u202c و\x1cادامه\x85خبر.\n" + (PERSIAN + "\n") * 12)  # a few stray controls in a real length


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-8-sig"])
def test_an_article_with_controls_and_separators_is_cleaned_in_place(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "dirty.txt"
    path.write_bytes(DIRTY.encode(encoding))
    (doc,) = read_documents([str(path)])
    # Same length, so sentence offsets computed on the text still index it.
    assert len(doc.text) == len(DIRTY)
    assert doc.cleaned == 7  # NUL, 2 ESC, U+2028, VT, U+001C, NEL
    for ch in "\x00\x1b\u2028\x0b\x1c\x85":
        assert ch not in doc.text
    # Each replaced character became one space, every other character is where it was.
    assert [i for i, (a, b) in enumerate(zip(DIRTY, doc.text)) if a != b] == [
        i for i, ch in enumerate(DIRTY) if ch in "\x00\x1b\u2028\x0b\x1c\x85"]
    assert all(doc.text[i] == " " for i, ch in enumerate(DIRTY) if ch in "\x00\x1b\u2028\x0b\x1c\x85")
    # ZWNJ (Persian words in parts) and the bidi override (flagged in review, not removed) are kept,
    # and the real line ends too.
    assert "همکاری\u200cها" in doc.text and "\u202eمتن" in doc.text
    assert doc.text.count("\n") == DIRTY.count("\n")
    assert len(doc.text.splitlines()) == DIRTY.count("\n")


def test_a_clean_article_is_read_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text(PERSIAN + "\tجدول\r\n", encoding="utf-8", newline="")
    (doc,) = read_documents([str(path)])
    assert (doc.text, doc.cleaned) == (PERSIAN + "\tجدول\r\n", 0)


def test_an_html_article_is_cleaned_too(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>یک\x1b[0m دو</p><p>سه\u2028چهار\x85پنج</p></body></html>", encoding="utf-8")
    (doc,) = read_documents([str(path)])
    # The ESC; html_to_text already joins the words around U+2028 and NEL by one space.
    assert doc.cleaned == 1
    assert doc.text == "یک [0m دو\n\nسه چهار پنج"


def test_a_file_of_only_control_characters_has_no_text(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="contains no text"):
        decode(b"\x00 \x1b\n", "f.txt")


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x85"])
def test_cleaning_an_article_keeps_its_sentences(sep: str) -> None:
    from translate.text.segment import segment_text

    text = (f"رئیس جمهور گفت که همکاری ادامه دارد.{sep}او افزود که دو کشور همکاری می‌کنند.\n\n"
            f"خبر دوم{sep}ادامه دارد.")
    doc = read_bytes(text.encode(), "news.txt")
    assert doc.cleaned == 2
    # The segmenter read those breaks as spaces inside a line: the same sentences, at the same offsets.
    spans = [(s.start, s.end) for s in segment_text(doc.text, "news")]
    assert spans == [(s.start, s.end) for s in segment_text(text, "news")] == [(0, 36), (37, 72), (74, 93)]
