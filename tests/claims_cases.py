"""Claims files with planted slips, for the tests of what would fix them (test_fixes.py) and of the
page an editor reads (test_browser.py). Written for these tests; no corpus paragraph is used.

- ``TYPO``: 非税收入 printed 12142万元 for 2142 (= 6717 − 4575), and a 下降37.8% that fails only
  because of it: one fix (a digit added) clears both.
- ``SWAPPED``: a total printed 4575 for 4755 (= 1250 + 3505): two digits swapped.
- ``UNIT``: a total printed 5.3万元 for 5.3亿元 (= 2.1亿 + 3.2亿): 万 for 亿.
- ``NO_FIX``: a total 612 for 579 (= 123 + 456), which a consistent half (306) also uses: no
  single change of a printed figure clears it.
- :func:`forty_claims`: a Chinese budget paragraph of 40 figures, with extract's location
  columns (``start``, ``end``, ``paragraph``, ``text`` in the first row), the typo planted late.
"""

from __future__ import annotations

import csv
import io

TYPO = (
    "name,claim,reported,formula\n"
    "revenue,一般公共预算收入完成6717万元,6717万元,\n"
    "tax,其中税收收入4575万元,4575万元,\n"
    "nontax,非税收入累计完成12142万元,12142万元,revenue - tax\n"
    "nontax_last,上年同期非税收入3443万元,3443万元,\n"
    "nontax_change,同比下降37.8%,37.8%,1 - nontax / nontax_last\n"
)
SWAPPED = (
    "name,claim,reported,formula\n"
    "a,the first fund received 1250,1250,\n"
    "b,the second fund received 3505,3505,\n"
    "total,together they received 4575,4575,a + b\n"
)
UNIT = (
    "name,claim,reported,formula\n"
    "central,中央补助2.1亿元,2.1亿元,\n"
    "local,地方配套3.2亿元,3.2亿元,\n"
    "total,合计5.3万元,5.3万元,central + local\n"
)
NO_FIX = (
    "name,claim,reported,formula\n"
    "a,the first fund got 123,123,\n"
    "b,the second fund got 456,456,\n"
    "total,in all they got 612,612,a + b\n"
    "half,half of it is 306,306,total / 2\n"
)

_PLACES = [
    "东城",
    "西城",
    "南湖",
    "北山",
    "江口",
    "河西",
    "新区",
    "老城",
    "高新",
    "临港",
    "滨江",
    "城北",
]


def forty_claims() -> str:
    """40 figures in three paragraphs, as ``extract`` would write them (generated names, the
    text once, each figure's offsets); group 10's 非税收入 has the typo 12142 for 2142."""
    rows: list[tuple[str, str, str, str]] = []  # name, clause, reported, formula
    for k, place in enumerate(_PLACES, 1):
        revenue, tax = 5000 + 317 * k, 3000 + 211 * k
        if k == 10:
            revenue, tax = 6717, 4575
        nontax = revenue - tax if k != 10 else 12142
        suffix = "" if k == 1 else f"_{k}"
        rows.append(
            (f"total{suffix}", f"{place}一般公共预算收入{revenue}万元", f"{revenue}万元", "")
        )
        rows.append((f"income{suffix}", f"其中税收收入{tax}万元", f"{tax}万元", ""))
        rows.append(
            (
                f"income_b{suffix}",
                f"非税收入{nontax}万元",
                f"{nontax}万元",
                f"total{suffix} - income{suffix}",
            )
        )
    rows.append(("last", "上年同期非税收入3443万元", "3443万元", ""))
    rows.append(("decline", "同比下降37.8%", "37.8%", "1 - income_b_10 / last"))
    rows.append(("households", "惠及农户1520户", "1520户", ""))
    rows.append(("people", "带动就业2310人", "2310人", ""))
    text = ""
    located = []
    for i, (name, clause, reported, formula) in enumerate(rows):
        if text:
            text += "\n" if i % 12 == 0 else "，"
        at = len(text) + clause.index(reported)
        text += clause
        paragraph = text.count("\n") + 1
        located.append((name, clause, reported, formula, at, at + len(reported), paragraph))
    text += "。"
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        ["name", "claim", "reported", "formula", "start", "end", "paragraph", "page", "text"]
    )
    for i, (name, clause, reported, formula, start, end, paragraph) in enumerate(located):
        w.writerow(
            [name, clause, reported, formula, start, end, paragraph, "", text if i == 0 else ""]
        )
    assert len(located) == 40
    return out.getvalue()
