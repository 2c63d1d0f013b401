"""What looks like a figure in running text but is not one: years, dates, list numbers,
durations, ordinals, identifiers, footnote marks, quoted titles.

=============================  ==================================================================
``as_year(s, a, b, rep)``      the year ``s[a:b]`` names (``2018``, ``2018年``), or None
``years_span(s, a, b, rep)``   both years of a span (``2008 to 2015``, ``2014–2020``), or None
``is_base_year(s, …)``         whether a year is a comparison's base (``than 2017``, ``比2017年``)
``not_a_figure(s, a, b, …)``   whether a number found in prose is no figure
``hidden_mask(s)``             the characters inside titles and identifiers (《》, 〔〕, 【】, [])
``fiscal_tail(s, b)``          past the second year of ``2025-26`` (any hyphen or dash)
=============================  ==================================================================

The rules, each for a class of wording:

- **years**: a bare four-digit whole number in :data:`aidcalc.published.years.PROSE_YEARS`, a number
before
  年 of four digits (``2018年``), a fiscal year written with any hyphen or dash (``2025-26``,
  ``2025‑26`` with U+2011, ``2024–25``), and a span of two years (``2008 to 2015``, ``2014-2020``,
  ``between 2008 and 2015``); a number of one to three digits before 年 is a duration;
- **dates**: before 月, 日 or 号, or next to a month's name (``Nov. 5``, ``5 November``);
- **durations**: a count before a unit of time (``over 10 years``, ``10-year``, ``1年以上``,
  ``3个月``);
- **list numbers**: a bare number in parentheses (``(2)``), or a bare number with ``.`` or ``)``
  starting its clause (``1. Funds …``);
- **footnote marks**: superscript digits (dropped by :mod:`aidcalc.text.prose`), ``[1]``, ``【2】``,
and
  one or two digits glued after a word's punctuation (``£61.8 billion.2 Councils``);
- **ordinals and identifiers**: after 第, ``No.``, ``Article``, ``Document`` …, ``3rd``; inside
  《》, 〔〕, 【】 or ``[]``;
- **Chinese numerals** count only with a measure word after them, and 一 never does alone (it is
  too often part of a word), and a single numeral only before a counted thing (县, 省, 户 …):
  ``六个省`` and ``二十个县`` are counts, ``一个``, ``三个代表`` and ``三是`` are not;
- **number words** (``six provinces``) count only before a noun and not after ``the``, ``these``,
  ``both`` … (``the two states`` points back to figures already given).
"""

from __future__ import annotations

import re

from aidcalc.checker.numerals import WORD_NUMBERS
from aidcalc.checker.vocabulary import COUNTED_ZH, PLACES_ZH
from aidcalc.checker.wording import Qualifier, Reported
from aidcalc.core.figures import Kind
from aidcalc.published.years import PROSE_YEARS
from aidcalc.text.prose import cjk

__all__ = ["as_year", "hidden_mask", "is_base_year", "not_a_figure", "years_span"]

MONTHS = frozenset(
    (
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun"),
        *("jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    )
)
#: Units of time: a count before one is a duration (``10 years``, ``3个月``), not a figure.
TIME_UNITS_EN = frozenset(
    ("year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours")
)
TIME_UNITS_ZH = ("年", "个月", "月", "周", "天", "日", "小时", "个年头")
#: Measure words after a Chinese numeral that make it a count (六个省, 二十个县, 三所).
CLASSIFIERS = "个家名户人所项村县次位座"
#: Words before a number word that point back to things already counted (``the two states``).
_ANAPHORA = frozenset(("the", "these", "those", "both", "all", "its", "their", "each", "every"))
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015~"

_IDENTIFIER_BEFORE = re.compile(
    r"""(?:
        \b(?:no|nos|number|document|article|section|chapter|clause|item|table|figure|page
           |annex|appendix|version|room|title|part|phase|tier|level|grade|round)\.?
      | \#                                  # #12
      | 第                                  # 第三
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# A comparison's base year: the figure after it belongs to another year.
_BASE_BEFORE_EN = re.compile(
    r"(?:than|that\ of|those\ of|compared\ (?:with|to)|over|against)\s+(?:in\s+)?$",
    re.IGNORECASE | re.VERBOSE,
)
_BASE_BEFORE_ZH = re.compile(r"(?:比|较|是|为|相当于|与|同)$")
_BASE_AFTER_ZH = re.compile(r"年?的")
# Quoted titles and identifiers, each class without its own opening mark, so a run of openers is
# scanned once (linear).
_QUOTED = re.compile(
    r"""《[^《》]*》         # a title
      | 〔[^〔〕]*〕         # a document number's year
      | 【[^【】]*】         # a footnote or a heading
      | \[[^\[\]]*\]         # a reference
    """,
    re.VERBOSE,
)
_SPAN_OF_YEARS = re.compile(
    r"""(?:between\s+|from\s+)?             # between 2008 and 2015, from 2008 to 2015
        (\d{4})\s*                           # the first year
        (?:[DASHES]|to|and|至|到|until|through)  # 2014-2020, 2014–2020, 2021至2023
        \s*(\d{2,4})                         # the last year, whole or its last two digits
    """.replace("DASHES", _DASHES),
    re.IGNORECASE | re.VERBOSE,
)


def hidden_mask(s: str) -> bytearray:
    """1 for each character of ``s`` inside a quoted title or identifier, else 0."""
    mask = bytearray(len(s))
    for m in _QUOTED.finditer(s):
        mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def as_year(s: str, a: int, b: int, rep: Reported) -> int | None:
    """The year, if the figure ``s[a:b]`` is a year rather than a figure."""
    text = s[a:b]
    if rep.kind is not Kind.COUNT or rep.qualifier is not Qualifier.PLAIN:
        return None
    if not re.fullmatch(r"\d{4}", text) or int(text) not in PROSE_YEARS:
        return None
    return int(text)


def years_span(s: str, a: int, b: int, rep: Reported) -> tuple[int, int] | None:
    """The two years of a span written as one figure (``2008 to 2015``, ``2014-2020``)."""
    if rep.kind is not Kind.COUNT or rep.qualifier is not Qualifier.RANGE:
        return None
    m = _SPAN_OF_YEARS.fullmatch(s, a, b)
    if not m:
        return None
    first, second = int(m.group(1)), m.group(2)
    if first not in PROSE_YEARS:
        return None
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return (first, last) if last in PROSE_YEARS and last > first else None


def fiscal_tail(s: str, b: int) -> int:
    """After a year ending at ``b``: the end of a second year joined by a dash (``2025‑26``)."""
    m = re.match(r"[" + _DASHES + r"/](\d{2}|\d{4})(?!\d)", s[b : b + 6])
    return b + m.end() if m else b


def is_base_year(s: str, clause_start: int, a: int, b: int) -> bool:
    """Whether the year ``s[a:b]`` is a comparison's base (``that of 2017``, ``是2017年的``) or
    the start of a period (``2016年以来``, ``since 2016``): no figure's year."""
    before = s[max(clause_start, a - 40) : a]
    if re.match(r"\s*年?(?:以来|来)", s[b : b + 4]) or re.search(r"\bsince\s+$", before, re.I):
        return True  # the start of a period: 2016年以来, since 2016
    return bool(
        _BASE_BEFORE_EN.search(before)
        or (_BASE_BEFORE_ZH.search(before) and _BASE_AFTER_ZH.match(s, b + 1))
        or _BASE_BEFORE_ZH.search(before.removesuffix("上"))
    )


def not_a_figure(s: str, a: int, b: int, rep: Reported, clause_start: int) -> bool:
    """Whether the number ``s[a:b]`` found in prose is no figure (the module's rules)."""
    text = s[a:b]
    after = s[b : b + 12].lstrip()
    before = s[max(clause_start, a - 24) : a]
    if rep.kind is Kind.COUNT and _count_not_a_figure(s, a, b, text, before, after):
        return True
    if _IDENTIFIER_BEFORE.search(before):
        return True
    if re.fullmatch(r"half", text, re.IGNORECASE):
        prev = re.search(r"([A-Za-z]+)\s*$", before)
        if prev and prev.group(1).lower() in ("first", "second", "latter", "last", "other", "the"):
            return True
    return False


def _count_not_a_figure(s: str, a: int, b: int, text: str, before: str, after: str) -> bool:
    word_before = re.search(r"([A-Za-z]+)\.?\s*$", before)
    word_after = re.match(r"[-\s]*([A-Za-z]+)", s[b : b + 16])
    if after[:1] in ("月", "日", "号") or (after[:1] == ")" and before.endswith("(")):
        return True  # a date, a list number (2)
    if s.startswith(TIME_UNITS_ZH, b) or s.startswith(("年以", "年来", "年内"), b):
        return True  # a duration: 1年以上, 3个月
    if word_after and word_after.group(1).lower() in TIME_UNITS_EN:
        return True  # a duration: over 10 years, a 10-year plan
    if re.search(r"\d{4}\s*[-/]\s*\d", text):  # a span of years
        return True
    months = (word_before and word_before.group(1).lower() in MONTHS) or (
        word_after and word_after.group(1).lower() in MONTHS
    )
    if months:
        return True
    if _footnote_mark(s, a, b):
        return True
    listed = re.fullmatch(r"\d{1,3}", text) and s[b : b + 1] in (".", ")", "、")
    then = s[b + 1 : b + 2]
    if listed and (then in (" ", "") or cjk(then)) and not before.strip(" \t\n;:,，；：。(（"):
        return True  # 1. or 2) or 1.税收 starting its clause: a list number
    if not re.search(r"\d", text):
        return _words_not_a_count(s, a, b, text, before)
    return False


def _footnote_mark(s: str, a: int, b: int) -> bool:
    """A mark glued after a word's punctuation (``billion.2 Councils``, ``funding)3``,
    ``“grants”4``): one or two digits, no space before them, a space or the end after."""
    if b - a > 2 or a < 2 or not s[a:b].isdigit():
        return False
    return s[a - 1] in ".,;:)”\"’'" and s[a - 2].isalpha() and s[b : b + 1] in ("", " ", "\n")


def _words_not_a_count(s: str, a: int, b: int, text: str, before: str) -> bool:
    """A count written in words: Chinese numerals with a measure word, English number words
    before a noun."""
    if text.lower() in WORD_NUMBERS:
        prev = re.search(r"([A-Za-z]+)\s*$", before)
        if prev and prev.group(1).lower() in _ANAPHORA:
            return True
        noun = re.match(r" ([a-z]+)", s[b : b + 24])
        return noun is None or noun.group(1) in _NOT_NOUNS or text.lower() == "one"
    numeral = text.rstrip(CLASSIFIERS + "次")
    if numeral == "一" or not (text[-1] in CLASSIFIERS or s[b : b + 1] in CLASSIFIERS):
        return True
    if re.search(r"[十百千万]", numeral):  # 二十个县: a count
        return False
    thing = s[b : b + 4] if text[-1] in CLASSIFIERS else s[b + 1 : b + 5]
    return not any(thing.startswith(zh) for zh, _ in (*COUNTED_ZH, *PLACES_ZH))  # not 三个代表


# Words after a number word that show it is no count of things (``six of the``, ``two and``).
_NOT_NOUNS = frozenset(
    (
        *("of", "and", "or", "to", "in", "on", "at", "by", "for", "with", "from", "is", "are"),
        *("was", "were", "has", "have", "had", "will", "would", "can", "could", "more", "less"),
        *("times", "fold", "percent", "per", "in", "out", "other", "others", "such", "that"),
    )
)
