"""One rule for a text file's encoding (reader/encoding.py; issue 17 item 3): bytes in, text or a
refusal out, for a text read whole (``decode_text``) and for the start of a stream (``detect``)."""

from __future__ import annotations

import contextlib

import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from aidcalc.core.errors import AidcalcError
from aidcalc.reader.encoding import decode_text, detect

TEXT = "县,金额\n城关镇,3933万元\nCafé,1\n"


ZH = "县,金额\n城关镇,3933万元\n"


@pytest.mark.parametrize(
    ("text", "data"),
    [
        (TEXT, TEXT.encode("utf-8")),
        (TEXT, TEXT.encode("utf-8-sig")),
        (TEXT, TEXT.encode("utf-16")),  # a byte order mark, this machine's byte order
        (TEXT, b"\xfe\xff" + TEXT.encode("utf-16-be")),
        (ZH, ZH.encode("gb18030")),
    ],
)
def test_decode_text_reads_each_encoding_of_the_rule(text: str, data: bytes) -> None:
    assert decode_text(data, "t.txt") == text


def test_utf16_without_a_mark_is_known_by_its_zero_bytes() -> None:
    text = "county,amount\nA,1\n"
    assert decode_text(text.encode("utf-16-le"), "t.csv") == text
    assert decode_text(text.encode("utf-16-be"), "t.csv") == text


def _refusal(data: bytes, **kw: str) -> str:
    with pytest.raises(AidcalcError) as e:
        decode_text(data, "t.txt", **kw)
    return e.value.message()


def test_a_binary_file_is_refused_naming_its_line() -> None:
    line = _refusal(b"one\ntwo\x00three\n")
    assert line.startswith("t.txt, line 2") and "this is a binary file, not text" in line, line


def test_a_stray_latin1_line_in_utf8_text_is_refused() -> None:
    data = "Café,1\nNaïve,2\n".encode() + b"Caf\xe9s,3\n"
    line = _refusal(data)
    assert "line 3" in line and "Caf\\xe9s" in line and "this line is not UTF-8" in line, line
    assert "--encoding" not in line  # extract has no such option
    assert "--encoding" in _refusal(data, option="--encoding")


def test_bytes_of_no_encoding_are_refused() -> None:
    line = _refusal(b"ok\n\x80\x80\n")
    assert "line 2" in line and "neither UTF-8 nor GB18030" in line, line


def test_a_stream_may_start_inside_a_character() -> None:
    head = "县均".encode()[:-1]
    assert detect(head, "t.csv") == "utf-8"
    with pytest.raises(AidcalcError):
        detect(head, "t.csv", complete=True)


def test_a_named_encoding_wins_and_an_unknown_one_is_refused() -> None:
    assert detect(b"\xe9", "t.csv", "latin-1") == "iso8859-1"
    with pytest.raises(AidcalcError, match="unknown encoding"):
        detect(b"x", "t.csv", "no-such-codec")


@settings(max_examples=examples(300), deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_utf8_and_marked_texts_read_back(text: str) -> None:
    assert decode_text(text.encode("utf-8"), "t") == text
    assert decode_text(text.encode("utf-8-sig"), "t") == text
    assert decode_text(text.encode("utf-16"), "t") == text


@settings(max_examples=examples(300), deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_text_of_the_rule_or_one_refusal(data: bytes) -> None:
    try:
        text = decode_text(data, "t.bin")
    except AidcalcError as e:
        assert e.message().startswith("t.bin, line "), e.message()
        return
    readings = set()
    for enc in ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"):
        with contextlib.suppress(UnicodeDecodeError):
            readings.add(data.decode(enc))
    assert text in readings
