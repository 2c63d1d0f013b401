"""What a workbook's number format says about a number cell: a currency, or a percentage.

A number cell holds a bare double; its number format decides what the spreadsheet shows. Most
formats only change the look (``#,##0.00``) and are ignored, but three change what the figure *is*:

- a **currency** format (``"$"#,##0.00``, ``[$€-407]#,##0``, ``"£"#,##0``, ``¥#,##0``) makes the
  cell an amount in that currency: the cell is read as the text ``$1234.5``, so cells in two
  currencies are refused as they are in a CSV file;
- a **percent** format (``0%``, ``0.00%``) shows ``0.25`` as ``25%``: the cell is read as the
  text ``25%``, a share and not an amount of money;
- a **scale word** written after the number (``0.00"万元"`` shows the 5 typed as ``5.00万元``): the
  cell is read as ``¥5万``, as shown. (A scale that only undoes a division by thousands,
  ``#,##0.0,,"M"``, leaves the cell's value as it is.)

=============================  ==================================================================
``format_mark(code)``          ``"USD"``, ``"EUR"``, ``"%"`` … or None, from a format code
``BUILTIN_PERCENT``            the built-in format ids that are percentages (9, 10)
``number_text(x)``             a number cell (a double) as the figure Excel shows: ``"0.3"``
``marked(text, mark)``         a number's text with its mark: ``"-US$5"``, ``"25%"``
=============================  ==================================================================

The built-in currency formats (ids 5 to 8) show the currency of the reader's locale, which the file
does not name; they are read as plain numbers.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_EVEN, Context, Decimal

from aidcalc.core.figures import CURRENCIES, CURRENCY_PREFIXES
from aidcalc.core.units import SCALES

__all__ = ["BUILTIN_PERCENT", "format_mark", "marked", "number_text"]

_DIGITS15 = Context(prec=15, rounding=ROUND_HALF_EVEN)

#: Built-in number format ids that are percentages: ``0%`` and ``0.00%``.
BUILTIN_PERCENT = frozenset({9, 10})


_LOCALE = re.compile(r"\[\$([^\]-]*)(?:-[0-9A-Fa-f]+)?\]")  # [$€-407], [$USD]
_QUOTED = re.compile(r'"([^"]*)"')
_BRACKETS = re.compile(r"\[[^\]]*\]")  # [Red], [>=100], [h]


def format_mark(code: str) -> str | None:
    """What a number format marks its numbers as: a currency's ISO code, ``"%"``, or None. A
    currency aidcalc does not know (``[$CHF]``) is returned as written, so that the cell, read
    as ``CHF5``, is refused as no amount; two currencies, or a currency with a percent sign, give
    None (no meaning aidcalc can read).

    >>> [format_mark(c) for c in ['"$"#,##0.00', '[$€-407] #,##0', '"£"#,##0', '0%', '#,##0']]
    ['USD', 'EUR', 'GBP', '%', None]
    >>> format_mark('_-[$£-809]* #,##0.00_-;-[$£-809]* #,##0.00_-'), format_mark(r"\\$#,##0")
    ('GBP', 'USD')
    >>> format_mark('[$CHF] #,##0'), format_mark('yyyy-mm-dd'), format_mark('"EUR "0.00')
    ('CHF', None, 'EUR')

    A scale word the format writes after the number (``0.00"万元"``: the 5 typed shows as
    ``5.00万元``) is part of the figure: the mark is ``"CNY|万"``. One that only undoes a division
    by thousands (``#,##0.0,,"M"``) is not.

    >>> format_mark('0.00"万元"'), format_mark('0.0" million"'), format_mark('#,##0.0,,"M"')
    ('CNY|万', '|million', None)
    >>> format_mark('0"千克"'), format_mark('0.0"km"'), format_mark('0"万人"')
    (None, None, '|万')
    """
    found: set[str] = set()
    for m in _LOCALE.finditer(code):
        symbol = m.group(1).strip()
        if symbol:
            found.add(_code_of(symbol) or symbol)
    rest = _LOCALE.sub("", code)
    literal = "".join(_QUOTED.findall(rest))
    bare = _BRACKETS.sub("", _QUOTED.sub("", rest))
    literal += "".join(bare[i + 1] for i, c in enumerate(bare[:-1]) if c == "\\")
    bare = re.sub(r"\\.|_.|\*.", "", bare)  # \x shows x; _x pads by x's width; *x repeats x
    for text, words in ((literal, _WORDS), (bare, _SIGNS)):
        text = unicodedata.normalize("NFKC", text).lower()
        for word in words:
            if word in text:
                found.add(CURRENCIES[word])
                text = text.replace(word, "")
    percent = "%" in bare
    scale = _scale_word(unicodedata.normalize("NFKC", literal).lower(), bare)
    if percent:
        return "%" if not found and scale is None else None
    if len(found) > 1:
        return None
    code = found.pop() if found else ""
    if scale is not None:
        return f"{code}|{scale}"
    return code or None


def _scale_word(literal: str, bare: str) -> str | None:
    """The scale word a format's literal text shows (``0.00"万元"``, ``0.0" million"``), unless
    the format also divides by thousands with trailing commas (``0.0,,"M"``): then the shown
    scale only undoes the division, and the cell's value is the amount itself."""
    if _COMMA_SCALING.search(bare):
        return None
    found = {word for word in SCALES if _shows(literal, word)}
    longest = sorted(found, key=len, reverse=True)
    words = [w for w in longest if not any(w != o and w in o for o in longest)]
    return words[0] if len(words) == 1 else None


def _shows(literal: str, word: str) -> bool:
    """Whether ``literal`` writes the scale ``word`` as a scale: a whole word (``m``, not the m
    of ``km``), and a Chinese one at the end or before a currency or a count (``万元``, ``万人``),
    not as a unit's prefix (``千克``, ``千米``)."""
    if word.isascii():
        return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", literal) is not None
    at = literal.find(word)
    while at >= 0:
        after = literal[at + len(word) :].strip()
        if not after or after[0] in "人户个" or after.startswith(_WORDS):
            return True
        at = literal.find(word, at + 1)
    return False


_COMMA_SCALING = re.compile(r"[0#?.],+(?![0#?])")


#: The currency words, longest first (``us$`` before ``$``), from the one vocabulary.
_WORDS = tuple(sorted(CURRENCIES, key=len, reverse=True))
#: Those that are no letters: what a format may show outside quotes (letters there are codes).
_SIGNS = tuple(w for w in _WORDS if not any(c.isalpha() and c.isascii() for c in w))


def _code_of(symbol: str) -> str | None:
    return CURRENCIES.get(unicodedata.normalize("NFKC", symbol).strip().lower())


def _prefix(code: str) -> str:
    """How a cell writes the currency ``code`` before its digits (``US$``, ``£``)."""
    for word in CURRENCY_PREFIXES:
        if CURRENCIES[word] == code and not word.isalpha():
            return word.upper()
    return code


def marked(text: str, mark: str) -> str:
    """A number cell's text (as :func:`~aidcalc.reader.workbook.number_text` writes it) with
    the mark of its format: a currency before the digits, after the sign; a percentage times a
    hundred, exactly.

    >>> marked("1234.5", "USD"), marked("-5", "GBP"), marked("0.255", "%"), marked("-0.1", "%")
    ('US$1234.5', '-£5', '25.5%', '-10%')
    >>> marked("5", "CNY|万"), marked("1.2", "|million"), marked("-3", "USD|m")
    ('¥5万', '1.2 million', '-US$3m')
    """
    if mark == "%":
        d = Decimal(text) * 100
        shown = format(d, "f")
        if "." in shown:
            shown = shown.rstrip("0").rstrip(".")
        return ("0" if shown in ("", "-0") else shown) + "%"
    code, _, scale = mark.partition("|")
    if scale:
        text += f" {scale}" if scale.isascii() and len(scale) > 2 else scale
    prefix = _prefix(code) if code else ""
    if text.startswith("-"):
        return "-" + prefix + text[1:]
    return prefix + text


def number_text(x: float) -> str:
    """A number cell as the figure Excel shows: the shortest decimal that gives back ``x``, cut
    to 15 significant digits (half to even), without an exponent.

    >>> number_text(0.1 + 0.2)
    '0.3'
    >>> number_text(1435000000.0), number_text(1234.5), number_text(-0.0)
    ('1435000000', '1234.5', '0')
    >>> number_text(1e20), number_text(1.5e-7)
    ('100000000000000000000', '0.00000015')
    >>> number_text(123456789.12345678)
    '123456789.123457'
    """
    if x.is_integer() and -1e15 < x < 1e15:
        return str(int(x))  # at most 15 digits; -0.0 is "0"
    r = repr(x)
    if r in ("nan", "inf", "-inf"):
        raise ValueError(f"not a finite number: {r}")
    if "e" not in r and len(r) - (r[0] == "-") - 1 <= 15:
        return r  # at most 15 digits besides sign and point (leading zeros only make fewer)
    d = _DIGITS15.plus(Decimal(r))
    if d.is_zero():
        return "0"
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
