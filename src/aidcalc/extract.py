"""Finding the figures in a report's text: one claims row per printed figure, in reading order.

=============================  ===============================================================
``extract(text)``              every figure of a report's text → a list of :class:`Found`
``decode_text(data, name)``    a file's bytes as text: UTF-8 (with or without BOM) or GB18030
``Found``                      one figure: name, claim, reported, kind, year
``found_result(found)``        the figures as a claims table (a :class:`~aidcalc.result.Result`)
``name_words(text)``           the naming words in a piece of text (used by :mod:`aidcalc.explain`)
=============================  ===============================================================

**What is a figure.** Whatever :func:`aidcalc.wording.read_reported` reads, found in running text:
at each place where a number starts (a digit, a Chinese numeral, ``百分之``, ``翻…番``, a number
word before ``times`` or ``fold``, a fraction in words, a currency sign before a digit) the longest
stretch of the clause that ``read_reported`` accepts is the figure, with a qualifier before it
(``about``, ``约``, ``more than``, ``between``), ``增长`` before a multiple, and a range's second
end.
So every figure found is read exactly as ``check`` reads it. Not figures: years (a bare four-digit
number from 1900 to 2099, or a number before 年), dates (before 月, 日 or 号, or next to a month
name), list numbers (at the start of a line, or a bare number in parentheses), ordinals (第三,
``3rd``, ``the third``), identifiers (after ``No.``, ``Article``, ``Document`` …, inside 〔〕 or
《》), numbers glued to letters (``G20``, ``5G``), and Chinese numerals that count without a unit
(``三个``: 一 is too often part of a word; ``二十个县`` is read). ``A to B`` is a range only when
``A`` has no unit of its own (``59.5 to 59.9 billion``); ``from 1.2 billion to 1.5 billion`` is two
figures.

**Names** come from the words around the figure, by these rules in order, else ``f1``, ``f2`` … (the
figure's place in the text):

1. a comparison after a percentage or multiple, ``higher than the average`` or ``高于平均``:
   ``vs_average``;
2. for a count, the thing counted: the last word of the noun phrase after it (``25 severely
   poverty-stricken areas`` → ``areas``), or the first known noun after it in Chinese (县 counties,
   村 villages, 户 households, 人 people, 企业 enterprises, 地区 areas …);
3. a role word near the figure (six words before and four after in its clause; in Chinese
   fourteen characters before and six after), or in the figure itself: average (average,
   each, per, 平均, 县均 …), share (share, accounting for, 占, 比重 …), points, multiple (times,
   倍), growth (up, increase, 增长 …), decline, total (total, 共, 总 …);
4. for an amount, the last money noun before it in its clause (funds, investment, income, 资金,
   投入 …), else the noun phrase after it;

and a modifier from the sentence before the figure or the noun phrase after it goes in front:
severe (severely, 深度), central (中央), local (地方), rural (农村), urban, national (全国),
provincial, poor. Names are made unique with ``_2``, ``_3`` …

**Year**: the year the figure's sentence gives it, the nearest before the figure (else after it),
leaving out years that are a comparison's base (``that of 2017``, ``than 2017``, ``是2017年的``,
``比2017年``); those stay in the claim, where :mod:`aidcalc.explain` reads them.
"""

from __future__ import annotations

import bisect
import codecs
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from aidcalc.errors import AidcalcError
from aidcalc.result import Cell, ColumnKind, Result, ResultColumn
from aidcalc.wording import (
    CURRENCIES_BEFORE,
    QUALIFIERS_BEFORE,
    Kind,
    Qualifier,
    Reported,
    read_reported,
)

__all__ = [
    "COLUMNS",
    "ROLES",
    "Found",
    "decode_text",
    "extract",
    "found_result",
    "name_words",
]

#: The columns ``extract`` writes: those ``check`` reads, with the figure's kind and year.
COLUMNS = ("name", "claim", "reported", "kind", "year", "formula")

MAX_FIGURE = 60  # characters a figure with its qualifier may span

# ---------------------------------------------------------------------------------------------
# Vocabulary

#: Role words, by the role they name: they make names here and narrow the search in explain.
ROLES: dict[str, tuple[str, ...]] = {
    "average": (
        *("average", "averaged", "averages", "averaging", "mean", "each", "per", "apiece"),
        *("平均", "县均", "人均", "户均", "村均", "均"),
    ),
    "share": (
        *("share", "shares", "accounting", "accounted", "accounts", "proportion"),
        *("占", "比重", "占比", "比例"),
    ),
    "points": ("points", "point", "pp", "百分点"),
    "multiple": ("times", "fold", "twice", "double", "doubled", "tripled", "倍", "翻"),
    "growth": (
        *("growth", "grew", "grow", "grown", "increase", "increased", "increases", "up", "rose"),
        *("rise", "risen", "higher", "增长", "增加", "提高", "上升", "高于", "高出"),
    ),
    "decline": (
        *("decline", "declined", "fell", "fall", "fallen", "down", "decrease", "decreased"),
        *("drop", "dropped", "lower", "下降", "减少", "降低", "低于"),
    ),
    "total": (
        *("total", "totalling", "totaling", "altogether", "combined", "overall"),
        *("合计", "总计", "累计", "共", "总"),
    ),
    "annual": ("annual", "annually", "yearly", "年均", "每年"),
}
_NAMING_ROLES = ("average", "share", "points", "multiple", "growth", "decline", "total")
_MODIFIERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("severe", ("severely", "severe", "深度")),
    ("central", ("central", "中央")),
    ("local", ("local", "地方")),
    ("rural", ("rural", "农村")),
    ("urban", ("urban", "城镇")),
    ("national", ("national", "全国")),
    ("provincial", ("provincial", "省级")),
    ("poor", ("poor",)),
)
_MONEY_EN = {
    **dict.fromkeys(("funds", "fund", "funding"), "funds"),
    **dict.fromkeys(("investment", "investments", "invested"), "investment"),
    **dict.fromkeys(("grant", "grants"), "grants"),
    **dict.fromkeys(("subsidy", "subsidies"), "subsidies"),
    **{w: w for w in ("amount", "income", "spending", "budget", "aid", "revenue", "loans")},
    **{w: w for w in ("expenditure", "capital")},
}
_MONEY_ZH = (
    ("资金", "funds"),
    ("投资", "investment"),
    ("投入", "investment"),
    ("收入", "income"),
    ("预算", "budget"),
    ("补助", "subsidies"),
    ("贷款", "loans"),
)
_NOUNS_ZH = (
    ("贫困人口", "poor_people"),
    ("县", "counties"),
    ("村", "villages"),
    ("户", "households"),
    ("人次", "visits"),
    ("人", "people"),
    ("名", "people"),
    ("企业", "enterprises"),
    ("地区", "areas"),
    ("项目", "projects"),
    ("学生", "students"),
    ("干部", "cadres"),
    ("乡镇", "townships"),
    ("城市", "cities"),
    ("学校", "schools"),
)
_STOP_EN = frozenset(
    (
        *("a", "an", "the", "in", "to", "of", "for", "from", "with", "and", "or", "were", "was"),
        *("are", "is", "be", "been", "that", "which", "who", "whom", "by", "at", "on", "as"),
        *("have", "has", "had", "will", "would", "than", "this", "these", "those", "their"),
        *("its", "it", "into", "over", "under", "per", "each", "all", "some", "more", "less"),
        *("about", "yuan", "got", "get", "gets", "received", "receive", "spent", "went", "saw"),
        *("gained", "benefited", "participated", "helped", "joined", "took", "had", "did"),
    )
)
_OF_THE_TOTAL = re.compile(r"\bof (?:the |this |its |all )?(?:[\w’']+ )?total\b", re.IGNORECASE)
_CLASSIFIERS = "个家名户人所项村县次位座"
_CN_NUMERALS = "〇零一二两三四五六七八九十百千万亿点"
_CN_START = "〇零一二两三四五六七八九十"
_MONTHS = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun"),
    *("jul", "aug", "sep", "sept", "oct", "nov", "dec"),
)
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\bno\.?|\bnumber|\bdocument|\barticle|\bsection|\bchapter|\bclause|\bitem|\btable"
    r"|\bfigure|\bpage|\bannex|\bappendix|\bversion|\broom|#|第)\s*$",
    re.IGNORECASE,
)
_EN_START = re.compile(
    r"(?:twice|double|doubled|triple|tripled|treble|trebled|quadrupled|half"
    r"|(?:a|an|one|two|three|four)[\s-]+(?:half|thirds?|quarters?|fifths?)"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)(?:\s+times|\s*-?\s*fold))(?![a-z])",
    re.IGNORECASE,
)
_CN_FIGURE_START = re.compile(r"百分之|翻了?[一二两三四五六七八九十\d]*番")
_GROWTH_BEFORE = (
    "增长了",
    "增加了",
    "提高了",
    "上升了",
    "扩大了",
    "增长",
    "增加",
    "提高",
    "上升",
    "扩大",
)
_BASE_BEFORE_EN = re.compile(
    r"(?:than|that of|those of|compared (?:with|to)|over|against)\s+(?:in\s+)?$", re.IGNORECASE
)
_BASE_BEFORE_ZH = re.compile(r"(?:比|较|是|为|相当于|与|同)$")
_BASE_AFTER_ZH = re.compile(r"年?的")
_QUOTED = re.compile(r"《[^》]*》|〔[^〕]*〕|【[^】]*】|\[[^\]]*\]")


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Found:
    """One figure found in the text: its claims row, and where it stands (offsets into the
    cleaned text, for tests and tools)."""

    name: str
    claim: str
    reported: str
    kind: Kind
    year: int | None
    start: int
    end: int


def found_result(found: Iterable[Found]) -> Result:
    """The figures as a claims table: ``name, claim, reported, kind, year, formula``.

    >>> rows = found_result(extract("Funds rose to 2.8 billion yuan in 2018.")).records()
    >>> rows[0]["reported"], rows[0]["kind"], rows[0]["year"]
    ('2.8 billion yuan', 'amount', '2018')
    """
    columns = [ResultColumn(c, c, ColumnKind.TEXT) for c in COLUMNS]
    rows: list[list[Cell]] = [
        [f.name, f.claim, f.reported, f.kind.value, str(f.year) if f.year else "", ""]
        for f in found
    ]
    return Result(columns, rows)


# ---------------------------------------------------------------------------------------------
# Reading the text


def decode_text(data: bytes, name: str) -> str:
    """A text file's bytes as text: UTF-8 (a BOM is dropped), UTF-16 with a BOM, else GB18030.

    >>> decode_text("县均3933万元".encode("gb18030"), "a.txt")
    '县均3933万元'
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise AidcalcError("this is a binary file, not text", file=name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AidcalcError("the bytes are neither UTF-8 nor GB18030 text", file=name)


def _clean(text: str) -> str:
    """Plain text from plain text or Markdown, NFKC-normalised: markup and URLs dropped, list
    markers blanked, lines of a paragraph joined, paragraphs kept apart by a blank line."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2212", "-")
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: their text
    text = re.sub(r"<[^>\n]+>", " ", text)  # HTML tags
    text = re.sub(r"(?:https?|ftp)://\S+|www\.\S+", " ", text)
    text = re.sub(r"\[\^?\d+\]", " ", text)  # footnote marks
    text = re.sub(r"[*`]+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])", "", text)
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        joined = ""
        for line in block.split("\n"):
            item = _LIST_MARK.match(line) or re.match(r"^\s*#{1,6}\s+", line)
            line = line[item.end() :] if item else line
            line = line.replace("|", " ; ").strip()
            if re.fullmatch(r"[\s;:-]*", line):
                continue
            if item and joined:  # a list item or a heading stands apart
                paragraphs.append(joined)
                joined = ""
            if joined and not (_cjk(joined[-1]) and _cjk(line[0])):
                joined += " "
            joined += line
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


_LIST_MARK = re.compile(r"\s*(?:[-+>]\s+|\d{1,3}[.)]\s+|\(\d{1,3}\)\s*|[一二三四五六七八九十]+、)")


def _cjk(c: str) -> bool:
    return "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"


# ---------------------------------------------------------------------------------------------
# Sentences and clauses


def _sentence_ends(s: str) -> list[int]:
    """Positions just after each sentence end (and the end of the text)."""
    ends = []
    for m in re.finditer(r"[。！？!?…]+|\.(?=\s|$)|\n\n", s):
        if m.group().startswith(".") and re.search(
            r"(?:\b(?:no|nos|mr|mrs|dr|vs|etc|e\.g|i\.e|art|approx|ca|c)|\b[A-Z])$",
            s[max(0, m.start() - 6) : m.start()],
            re.IGNORECASE,
        ):
            continue
        ends.append(m.end())
    if not ends or ends[-1] != len(s):
        ends.append(len(s))
    return ends


def _clause_ends(s: str, sentence_ends: list[int]) -> list[int]:
    ends = set(sentence_ends)
    for m in re.finditer(r"[;:，；：、]|,(?!\d{3}(?!\d))|\n", s):
        if m.group() == ":" and m.start() > 0 and s[m.start() - 1].isdigit():
            continue
        ends.add(m.end())
    return sorted(ends)


class _Spans:
    """Where each sentence and clause starts and ends."""

    def __init__(self, s: str) -> None:
        self.sentences = _sentence_ends(s)
        self.clauses = _clause_ends(s, self.sentences)

    @staticmethod
    def _around(ends: list[int], i: int) -> tuple[int, int]:
        k = bisect.bisect_right(ends, i)
        return (ends[k - 1] if k else 0), (ends[k] if k < len(ends) else ends[-1])

    def clause(self, i: int) -> tuple[int, int]:
        return self._around(self.clauses, i)

    def sentence(self, i: int) -> tuple[int, int]:
        return self._around(self.sentences, i)


# ---------------------------------------------------------------------------------------------
# Finding figures


@dataclass(frozen=True)
class _Year:
    at: int
    value: int
    base: bool  # a comparison's base: "that of 2017", 是2017年的


def extract(text: str) -> list[Found]:
    """Every figure in ``text``, in reading order, with a name, its clause, and its year.

    >>> [(f.name, f.reported, f.kind.value) for f in extract("县均投入3933万元,是2017年的6倍。")]
    [('average', '3933万元', 'amount'), ('multiple', '6倍', 'multiple')]
    """
    s = _clean(text)
    spans = _Spans(s)
    hidden = [(m.start(), m.end()) for m in _QUOTED.finditer(s)]
    figures: list[tuple[int, int, Reported]] = []
    years: list[_Year] = []
    i = 0
    while i < len(s):
        start = _start_here(s, i)
        if start is None or any(a <= i < b for a, b in hidden):
            i += 1
            continue
        clause_start, clause_end = spans.clause(i)
        got = _figure_at(s, start, clause_start, clause_end)
        if got is None:
            i = _skip_number(s, i)
            continue
        a, b, rep = got
        year = _as_year(s, a, b, rep)
        if year is not None:
            before = s[clause_start:a]
            base = bool(
                _BASE_BEFORE_EN.search(before)
                or (_BASE_BEFORE_ZH.search(before) and _BASE_AFTER_ZH.match(s, b + 1))
                or _BASE_BEFORE_ZH.search(before.removesuffix("上"))
            )
            years.append(_Year(a, year, base))
        elif not _not_a_figure(s, a, b, rep, clause_start):
            figures.append((a, b, rep))
        i = max(b, i + 1)
    found = [
        _found(s, spans, years, a, b, rep, n) for n, (a, b, rep) in enumerate(figures, start=1)
    ]
    return _unique(found)


def _start_here(s: str, i: int) -> int | None:
    """Where a figure starting at ``s[i]`` starts (``i`` itself), or None if none can."""
    c = s[i]
    prev = s[i - 1] if i else " "
    if c.isascii() and c.isdigit():
        if _word_char(prev) or (prev in ".,:/-" and i >= 2 and s[i - 2].isdigit()):
            return None
        return i
    if c in _CN_START:
        return None if prev in _CN_NUMERALS or prev == "第" else i
    if c in "百翻" and _CN_FIGURE_START.match(s, i):
        return i
    if c.isascii() and c.isalpha() and not _word_char(prev) and _EN_START.match(s, i):
        return i
    if not _word_char(prev):
        for word in CURRENCIES_BEFORE:
            if s[i : i + len(word)].lower() == word and re.match(r"\s*\d", s[i + len(word) :]):
                if word[-1].isalpha() and i + len(word) < len(s) and s[i + len(word)].isalpha():
                    continue
                return i
    return None


def _word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "_")


def _skip_number(s: str, i: int) -> int:
    j = i + 1
    while j < len(s) and (s[j].isdigit() or s[j] in _CN_NUMERALS):
        j += 1
    return j


def _boundary(s: str, end: int) -> bool:
    """Whether a figure may end just before ``s[end]``: not inside a word or a number."""
    if end >= len(s):
        return True
    a, b = s[end - 1], s[end]
    if a.isspace() or a in ",.;:(-":
        return False
    if _word_char(a) and _word_char(b):
        return False
    if a.isdigit() and b in ".,:/" and end + 1 < len(s) and s[end + 1].isdigit():
        return False
    return not (a in _CN_NUMERALS and b in _CN_NUMERALS)


def _longest(s: str, start: int, limit: int) -> tuple[int, Reported] | None:
    """The longest figure starting at ``start`` and ending by ``limit``."""
    for end in range(min(limit, start + MAX_FIGURE, len(s)), start, -1):
        if not _boundary(s, end):
            continue
        text = s[start:end]
        try:
            rep = read_reported(text)
        except AidcalcError:
            continue
        if rep.qualifier is Qualifier.RANGE and _two_figures(text):
            continue
        return end, rep
    return None


def _two_figures(text: str) -> bool:
    """``1.2 billion to 1.5 billion``: a change from one figure to another, not a range."""
    m = re.fullmatch(r"(?:between\s+)?(.+?)\s+(?:to|and)\s+(.+)", text, re.IGNORECASE)
    if not m:
        return False
    try:
        left = read_reported(m.group(1))
    except AidcalcError:
        return False
    return left.kind is not Kind.COUNT and not text.lower().startswith("between")


def _figure_at(
    s: str, start: int, clause_start: int, clause_end: int
) -> tuple[int, int, Reported] | None:
    got = _longest(s, start, clause_end)
    if got is None:
        return None
    end, rep = got
    for before in _starts_before(s, start, clause_start, rep.kind):
        longer = _longest(s, before, clause_end)
        if longer is not None and longer[0] >= end:
            return before, longer[0], longer[1]
    if start >= 2 and s[start - 1] in "+-" and s[start - 2] in " (" and rep.kind is not Kind.COUNT:
        signed = _longest(s, start - 1, clause_end)
        if signed is not None and signed[0] == end:
            return start - 1, end, signed[1]
    return start, end, rep


def _starts_before(s: str, start: int, clause_start: int, kind: Kind) -> list[int]:
    """Where a qualifier, ``between`` or 增长 before the figure would start it."""
    k = start
    while k > clause_start and s[k - 1] == " ":
        k -= 1
    out = []
    words = [*QUALIFIERS_BEFORE, "between"]
    if kind is Kind.MULTIPLE:
        words += _GROWTH_BEFORE
    for word in sorted(words, key=len, reverse=True):
        j = k - len(word)
        if j < clause_start or s[j:k].lower() != word:
            continue
        if word[0].isalpha() and word.isascii() and j > 0 and _word_char(s[j - 1]):
            continue
        if word == "过" or (word == "近" and j > 0 and s[j - 1] in "最附"):
            continue
        out.append(j)
    return out


def _as_year(s: str, a: int, b: int, rep: Reported) -> int | None:
    """The year, if the figure is a year rather than a figure."""
    text = s[a:b]
    if s.startswith("年", b) and re.fullmatch(r"\d{2,4}", text):
        return int(text)
    if rep.kind is Kind.COUNT and re.fullmatch(r"(?:1[89]|20)\d\d", text):
        return int(text)
    return None


def _not_a_figure(s: str, a: int, b: int, rep: Reported, clause_start: int) -> bool:
    text = s[a:b]
    after = s[b : b + 12].lstrip()
    before = s[max(clause_start, a - 24) : a]
    word_before = re.search(r"([A-Za-z]+)\.?\s*$", before)
    word_after = re.match(r"([A-Za-z]+)", after)
    if rep.kind is Kind.COUNT:
        if after[:1] in ("月", "日", "号") or (after[:1] == ")" and before.endswith("(")):
            return True
        if re.search(r"\d{4}\s*[-/]\s*\d", text):  # a span of years
            return True
        months = (word_before and word_before.group(1).lower() in _MONTHS) or (
            word_after and word_after.group(1).lower() in _MONTHS
        )
        if months:
            return True
    if _IDENTIFIER_BEFORE.search(before):
        return True
    # Chinese numerals: a count needs a numeral of two characters or more and a classifier
    chinese = not re.search(r"\d", text)
    if chinese and rep.kind is Kind.COUNT:
        counted = re.search(r"[十百千]", text) and len(text) >= 2 and after[:1] in _CLASSIFIERS
        if not counted:
            return True
    if re.fullmatch(r"half", text, re.IGNORECASE):
        prev = re.search(r"([A-Za-z]+)\s*$", before)
        if prev and prev.group(1).lower() in ("first", "second", "latter", "last", "other", "the"):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Claims, years and names


def _found(
    s: str, spans: _Spans, years: list[_Year], a: int, b: int, rep: Reported, n: int
) -> Found:
    clause_start, clause_end = spans.clause(a)
    sentence_start, sentence_end = spans.sentence(a)
    claim = s[clause_start:clause_end].strip()
    claim = re.sub(r"^[^\w(\[《“\"'$£€¥￥~≈<>]+", "", claim).rstrip(" ,;:，；：、.。!?！？")
    claim = re.sub(r"\s+", " ", claim)
    year = _year_of(years, a, sentence_start, sentence_end)
    name = _name(s, a, b, rep, (clause_start, clause_end), sentence_start) or f"f{n}"
    return Found(name, claim, s[a:b], rep.kind, year, a, b)


def _year_of(years: list[_Year], at: int, start: int, end: int) -> int | None:
    own = [y for y in years if start <= y.at < end and not y.base]
    before = [y for y in own if y.at < at]
    if before:
        return before[-1].value
    after = [y for y in own if y.at > at]
    return after[0].value if after else None


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)]


def name_words(text: str) -> list[str]:
    """The words of ``text`` that names are made of, in order: roles, money nouns, counted
    things (Chinese mapped to English) and the English words themselves.

    >>> name_words("全省平均水平")
    ['average']
    >>> name_words("the average funds")
    ['the', 'average', 'funds']
    """
    out = []
    for w in _words(text):
        out.append(_MONEY_EN.get(w, w))
        role = _ROLE_OF.get(w)
        if role is not None and role != w:
            out.append(role)
    for word, role in _ZH_ROLES:
        if word in text:
            out.append(role)
    for zh, en in (*_MONEY_ZH, *_NOUNS_ZH):
        if zh in text:
            out.append(en)
    return list(dict.fromkeys(out))


_ROLE_OF = {w: role for role, ws in ROLES.items() for w in ws if w.isascii()}
_ZH_ROLES = sorted(
    ((w, role) for role, ws in ROLES.items() for w in ws if not w.isascii()),
    key=lambda t: -len(t[0]),
)


def roles_in(text: str) -> set[str]:
    """The roles whose words are in ``text`` (English as words, Chinese as substrings).

    >>> sorted(roles_in("31% higher than the average"))
    ['average', 'growth']
    """
    found = {_ROLE_OF[w] for w in _words(text) if w in _ROLE_OF}
    if _OF_THE_TOTAL.search(text):  # "51% of the total": a share
        found.add("share")
    found.update(role for word, role in _ZH_ROLES if word in text)
    return found


def _name(
    s: str, a: int, b: int, rep: Reported, clause: tuple[int, int], sentence_start: int
) -> str | None:
    clause_start, clause_end = clause
    before, after = s[clause_start:a], s[b:clause_end]
    head = None
    phrase = _noun_phrase(after)
    if rep.kind in (Kind.PERCENT, Kind.MULTIPLE, Kind.FRACTION, Kind.POINTS):
        head = _comparison(after)
    if head is None and rep.kind is Kind.COUNT:
        head = phrase
    if head is None:
        head = _role_near(before, s[a:b], after)
    if head is None and rep.kind is Kind.AMOUNT:
        things = phrase if phrase and (phrase.endswith("s") or phrase == "people") else None
        head = _money_before(before) or things
    if head is None:
        return None
    modifier = _modifier(s[sentence_start:a] + " " + (after[:40] if phrase else ""))
    name = head if modifier is None or head.startswith(modifier) else f"{modifier}_{head}"
    name = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")
    return name if name[:1].isalpha() else None


def _comparison(after: str) -> str | None:
    m = re.match(
        r"\s*(?:higher|lower|more|less|greater|smaller|above|below)\s+than\s+(.{0,40})",
        after,
        re.IGNORECASE,
    ) or re.match(r"\s*(?:高于|低于|高出|低出|多于|少于)(.{0,12})", after)
    if not m:
        return None
    for w in name_words(m.group(1)):
        if w in _NAMING_ROLES or w in _MONEY_EN.values() or w in dict(_NOUNS_ZH).values():
            return "vs_" + w
    return None


def _noun_phrase(after: str) -> str | None:
    """The thing counted after a count: ``severely poverty-stricken areas`` → ``areas``."""
    text = after.lstrip()
    if text[:1] and _cjk(text[0]):
        best: tuple[int, str] | None = None
        for zh, en in _NOUNS_ZH:
            k = text.find(zh, 0, 14)
            if k >= 0 and (best is None or k < best[0]):
                best = (k, en)
        return best[1] if best else None
    phrase: list[str] = []
    for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*|\S", text)[:6]:
        low = w.lower()
        if not w[0].isalpha() or low in _STOP_EN or low in _ROLE_OF:
            break
        phrase.append(low)
    words = [w for w in phrase if len(w) >= 3]
    return words[-1] if words else None


def _role_near(before: str, figure: str, after: str) -> str | None:
    near = " ".join(re.findall(r"\S+", before)[-6:]) + " " + " ".join(after.split()[:4])
    if any(_cjk(c) for c in before[-1:] + after[:1]):
        near = before[-14:] + " " + after[:6]
    near += " " + figure
    roles = roles_in(near)
    for role in _NAMING_ROLES:
        if role in roles:
            return role
    return None


def _money_before(before: str) -> str | None:
    found = [(m.start(), _MONEY_EN[m.group().lower()]) for m in re.finditer(r"[A-Za-z]+", before)
             if m.group().lower() in _MONEY_EN]  # fmt: skip
    found += [(m.start(), en) for zh, en in _MONEY_ZH for m in re.finditer(zh, before)]
    return max(found)[1] if found else None


def _modifier(text: str) -> str | None:
    words = set(_words(text))
    for name, spellings in _MODIFIERS:
        for w in spellings:
            if (w in words) if w.isascii() else (w in text):
                return name
    return None


def _unique(found: list[Found]) -> list[Found]:
    used: set[str] = set()
    out = []
    for f in found:
        name, k = f.name, 2
        while name in used:
            name, k = f"{f.name}_{k}", k + 1
        used.add(name)
        out.append(Found(name, f.claim, f.reported, f.kind, f.year, f.start, f.end))
    return out
