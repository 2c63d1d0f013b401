"""Numbers written in words: English number words and Chinese numerals.

=============================  ==================================================================
``WORD_NUMBERS``               ``one`` … ``twenty`` → 1 … 20: the English number words
``read_chinese(s, i)``         a Chinese numeral at ``s[i]``: ``两千三百万`` → (2300, "", end)
``chinese_integer(t, e, s)``   the value of a Chinese integer in units of 10^e
``small_integer(t)``           ``3`` or ``三`` → 3 (the N of 翻N番, a fraction's terms)
=============================  ==================================================================

Chinese numerals are spellings of Arabic ones: ``两千三百万`` reads as ``2300万``,
``二十八点三一亿`` as ``28.31亿``; only a final 万 or 亿 is a scale. An
elliptical numeral (``三万五``) is refused.
"""

from __future__ import annotations

from aidcalc.core.errors import AidcalcError

__all__ = [
    "CN_BIG",
    "CN_DIGITS",
    "CN_SMALL",
    "WORD_NUMBERS",
    "chinese_integer",
    "read_chinese",
    "small_integer",
]

#: English number words, one to twenty.
WORD_NUMBERS = {
    w: i + 1
    for i, w in enumerate(
        [
            *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
            *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
            *("eighteen", "nineteen", "twenty"),
        ]
    )
}
CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL = {"十": 1, "百": 2, "千": 3}
CN_BIG = {"万": 4, "亿": 8}


def read_chinese(s: str, i: int) -> tuple[int, str, int] | None:
    """A Chinese numeral at ``s[i]``: (whole part in units of a final 万/亿, decimals, end).

    The final 万 or 亿 (a scale) is left unread, so ``两千三百万`` gives (2300, "", before 万).
    """
    j = i
    allowed = CN_DIGITS.keys() | CN_SMALL.keys() | CN_BIG.keys()
    if j >= len(s) or (s[j] not in CN_DIGITS and s[j] != "十"):
        return None
    while j < len(s) and s[j] in allowed:
        j += 1
    whole = s[i:j]
    decimals = ""
    if j < len(s) and s[j] == "点" and j + 1 < len(s) and s[j + 1] in CN_DIGITS:
        k = j + 1
        while k < len(s) and s[k] in CN_DIGITS:
            k += 1
        if "两" in s[j + 1 : k]:
            raise AidcalcError("两 is not a digit after 点", value=s)
        decimals = "".join(str(CN_DIGITS[c]) for c in s[j + 1 : k])
        end = k
    else:
        end = j
    # a final run of 万/亿 is the scale, read with the unit
    trail = len(whole)
    while trail > 0 and whole[trail - 1] in CN_BIG:
        trail -= 1
    scale_exp = sum(CN_BIG[c] for c in whole[trail:])
    if decimals and trail != len(whole):
        raise AidcalcError("a scale before 点 (写 二十八点三一亿, not 二十八亿点三一)", value=s)
    if not decimals:
        end = i + trail
    body = whole[:trail]
    if not body:
        return None
    return chinese_integer(body, scale_exp, s), decimals, end


def chinese_integer(t: str, scale_exp: int, text: str) -> int:
    """The value of a Chinese integer, in units of 10^scale_exp (the final scale, not in ``t``)."""
    if all(c in CN_DIGITS for c in t):  # digit by digit: 二〇一八, or one digit
        if len(t) > 1 and "两" in t:
            raise AidcalcError("两 is not a digit in a number written digit by digit", value=text)
        return int("".join(str(CN_DIGITS[c]) for c in t))
    total = 0
    section = 0
    num: int | None = None
    last_small = 4
    last_big = 99
    previous = ""
    zero = False  # a 零 since the last unit
    for c in t:
        if c in CN_DIGITS:
            d = CN_DIGITS[c]
            if d == 0:
                zero = True
            elif num is not None:
                raise AidcalcError("two digits without a unit between them", value=text)
            else:
                num = d
        elif c in CN_SMALL:
            e = CN_SMALL[c]
            if e >= last_small:
                raise AidcalcError(f"{c} is out of order in the numeral", value=text)
            if num is None:
                if c != "十" or section or total:
                    raise AidcalcError(f"no digit before {c}", value=text)
                num = 1
            section += num * 10**e
            num, last_small, zero = None, e, False
        else:  # 万 or 亿 inside the numeral
            e = CN_BIG[c]
            if previous in CN_BIG:
                raise AidcalcError("a scale run such as 万亿 inside a numeral", value=text)
            group = section + (num or 0)
            if not group or e >= last_big or e <= scale_exp:
                raise AidcalcError(f"{c} is out of order in the numeral", value=text)
            total += group * 10**e
            section, num, last_small, last_big, zero = 0, None, 4, e, False
        previous = c
    if num is not None:
        before = t[-2:-1]
        if not zero and (before in CN_BIG or CN_SMALL.get(before, 0) >= 2):
            raise AidcalcError(
                "an elliptical numeral (三万五, 一百五) is ambiguous; write 三万五千 or 3.5万",
                value=text,
            )
        section += num
    unit = int(10**scale_exp)
    return (total + section * unit) // unit


def small_integer(t: str) -> int:
    if t.isdigit() and t.isascii():
        return int(t)
    return chinese_integer(t, 0, t)
