"""One place makes text safe per format: one line for line formats, XML-legal characters for XML."""

from __future__ import annotations

from translate.export.safe import line, xml_text


def test_line_flattens_every_line_break_and_trims() -> None:
    assert line("  یک\nدو\u2028سه\u2029چهار\x85پنج \r\n") == "یک دو سه چهار پنج"


def test_xml_text_drops_what_xml_cannot_carry() -> None:
    assert xml_text("a\x00b\x07c\x0bd\ud800e\ufffff\tg\nh") == "abcdef\tg\nh"
