"""The page's words in the report's language: English or Chinese.

A page speaks the language of the report it checks (:func:`language_of`: Chinese when most of
its letters are Chinese characters), unless ``--lang`` says otherwise. Every label, verdict and
sentence the page writes itself comes from :data:`WORDS` through :class:`Words`; texts from files
(the report, names, formulas) and the checker's own messages are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LANGUAGES", "WORDS", "Words", "language_of"]

LANGUAGES = ("en", "zh")
#: ``lang`` attributes of the page, by language.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}

#: Each key's words: (English, Chinese). ``{}`` fields are filled by :meth:`Words.__call__`.
WORDS: dict[str, tuple[str, str]] = {
    # verdicts, as badges say them
    "consistent": ("consistent", "一致"),
    "inconsistent": ("inconsistent", "不一致"),
    "misstated": ("misstated", "误述"),
    "given": ("given", "已知"),
    "error": ("error", "无法核对"),
    "undecided": ("undecided", "未能判定"),
    "unchecked": ("unchecked", "未核对"),
    # headings and labels
    "title": ("aidcalc check: {}", "aidcalc 核对：{}"),
    "checking": ("Checking {}", "核对 {}"),
    "from stdin": ("claims from standard input", "标准输入中的数字"),
    "one formula": ("one formula", "一个公式"),
    "the text": ("The text, its figures marked", "原文（数字按结论标出）"),
    "the claims": ("The claims, in order", "各项数字（按顺序）"),
    "mistakes": ("Mistakes", "错误"),
    "no mistakes": ("No figure is inconsistent.", "没有不一致的数字。"),
    "consistent list": ("Consistent", "一致"),
    "unchecked list": ("Not checked", "未核对"),
    "givens": (
        "{} given figures (no formula: used by others)",
        "{}个已知数字（无公式，供其他数字引用）",
    ),
    "each figure": ("Each figure", "逐项说明"),
    "what was checked": ("What was checked", "核对了什么"),
    "claims file": ("Claims file", "数字文件"),
    "data file": ("Data file", "数据文件"),
    "data files": ("Data files", "数据文件"),
    "date": ("Date", "日期"),
    "pipe": ("(a pipe: no size or hash to show)", "（管道输入：无大小与哈希）"),
    "unreadable": ("(could not be read)", "（无法读取）"),
    "bytes": ("{} bytes, SHA-256", "{}字节，SHA-256"),
    "line": ("line {}", "第{}行"),
    "the claim": ("the claim", "该数字"),
    "why": ("Why", "原因"),
    "what went wrong": ("What went wrong", "问题"),
    "fix": ("What would fix it", "如何改正"),
    "formula": ("Formula", "公式"),
    "inputs": ("inputs", "输入"),
    "computed": ("Computed", "计算值"),
    "printed": ("printed", "原文"),
    "stands for": ("stands for {}", "表示{}"),
    "reported": ("reported", "报告值"),
    "computed:": ("computed", "计算值"),
    "overlap": ("overlap", "重叠"),
    "gap": ("gap", "差距"),
    "reported as": ("(reported: {})", "（报告值：{}）"),
    "mistaken formula": ("Mistaken formula ({}):", "错误公式（{}）："),
    "gives": ("gives", "得"),
    "number line": ("Number line for {}", "{}的数轴"),
    # counts
    "figures": ("{} figures", "共{}个数字"),
    "figure": ("{} figure", "共{}个数字"),
    "of which misstated": ("of them {} misstated", "其中{}个误述"),
    "counts label": ("counts by verdict", "各结论的数量"),
    # sentences
    "off by": ("off by {}", "相差{}"),
    "percentage points": ("{} percentage points", "{}个百分点"),
    "exactly": ("exactly {}", "恰为{}"),
    "any value": ("any value", "任意值"),
    "below": ("below {}", "低于{}"),
    "up to": ("up to {}", "不超过{}"),
    "above": ("above {}", "高于{}"),
    "from": ("from {}", "不低于{}"),
    "fix line": ("{} → {} ({})", "{} → {}（{}）"),
    "fix line plain": ("{} → {} (not a likely slip)", "{} → {}（并非常见笔误）"),
    "in formula of": (" in the formula of {}", "（{}的公式中）"),
    "clears both": ("clears both: {}", "两处一并改正：{}"),
    "clears all": ("clears all {}: {}", "{}处一并改正：{}"),
    "no fix": (
        "no single change of a printed figure clears it",
        "改动任何一个数字都不能消除此错误",
    ),
    "no earlier row": ("no earlier row has this name", "前面没有这个名称的数字"),
    "read from the file": ("{} (read from the file)", "{}（读自文件）"),
    "not read": ("not read: the row is an error", "未读取：该行有误"),
    "describe reported": ("The reported {} stands for {}.", "报告值{}表示{}。"),
    "describe computed": ("The formula gives {}, anything in {}.", "公式得{}，范围{}。"),
    "describe overlap": ("They overlap in {}.", "两者在{}重叠。"),
    "describe gap": ("They do not meet: the gap is {}.", "两者不相交：差距为{}。"),
    "describe mistake": ("The mistaken formula ({}) gives {}{}.", "错误公式（{}）得{}{}。"),
    "anything in": (", anything in {}", "，范围{}"),
    # slips
    "a digit added": ("a digit added", "多了一位数字"),
    "a digit dropped": ("a digit dropped", "少了一位数字"),
    "two digits swapped": ("two digits swapped", "两位数字颠倒"),
    "a digit changed": ("a digit changed", "一位数字有误"),
    "decimal point moved": ("decimal point moved", "小数点错位"),
    "unit slip": ("unit slip", "单位错误"),
    "percent for points": ("percent for points", "百分点误作百分比"),
    "points for percent": ("points for percent", "百分比误作百分点"),
    "wrong base": ("wrong base", "基数错误"),
}


@dataclass(frozen=True)
class Words:
    """The page's words in one language: ``words("figures", 3)`` → ``3 figures``."""

    lang: str = "en"

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    @property
    def colon(self) -> str:
        return "：" if self.zh else ": "

    def __call__(self, key: str, *fields: object) -> str:
        pair = WORDS.get(key)
        if pair is None:
            return key.format(*fields) if fields else key
        text = pair[1] if self.zh else pair[0]
        return text.format(*fields) if fields else text

    def slip(self, slip: str) -> str:
        """A slip's name (``unit slip: 万 for 亿``) in this language."""
        head, _, detail = slip.partition(": ")
        words = self(head)
        if detail:
            printed, _, meant = detail.partition(" for ")
            detail = f"{printed}误作{meant}" if self.zh and meant else detail
            return f"{words}：{detail}" if self.zh else f"{words}: {detail}"
        return words

    def join(self, items: list[str]) -> str:
        return ("、" if self.zh else ", ").join(items)


def _cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def language_of(texts: list[str], limit: int = 20000) -> str:
    """``zh`` when most letters of the texts (the first ``limit`` characters) are Chinese.

    >>> language_of(["非税收入累计完成2142万元"]), language_of(["funds were 2.831 billion yuan"])
    ('zh', 'en')
    """
    cjk = latin = 0
    seen = 0
    for text in texts:
        for c in text[: max(limit - seen, 0)]:
            if _cjk(c):
                cjk += 1
            elif c.isascii() and c.isalpha():
                latin += 1
        seen += len(text)
        if seen >= limit:
            break
    return "zh" if cjk > latin / 3 else "en"
