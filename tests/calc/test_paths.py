"""The two ways the streaming reader reads a table give identical figures: row by row and in
batches (``aidcalc.calc.tally.Tuning``), on generated tables with quotes, CRLF, blank lines, a BOM,
mixed notations and files of several batches. (DuckDB against the streaming reader:
``tests/calc/test_engine.py``.)"""

from __future__ import annotations

from pathlib import Path

from helpers import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidcalc.calc.tally import Tuning, tally
from aidcalc.core.errors import AidcalcError
from aidcalc.reader import Source
from aidcalc.reader.query import Query

ROW_BY_ROW = Tuning(batched=False)
BATCHED = Tuning(batched=True)

plain_amount = st.integers(-(10**12), 10**12).map(str)
decimal_amount = st.tuples(st.integers(-(10**9), 10**9), st.integers(0, 99)).map(
    lambda t: f"{t[0]}.{t[1]:02d}"
)
other_amount = st.sampled_from(["1,234", "1.5万", "2 million", "(5)", "１２", "0.125", "7"])
amount = st.one_of(plain_amount, plain_amount, decimal_amount, decimal_amount, other_amount)
county = st.sampled_from(["A县", "B县", "C县", "D", "e"])
group = st.sampled_from(["x", "y", "深度", "z z"])


@st.composite
def tables(draw: st.DrawFn) -> tuple[bytes, str]:
    counting = draw(st.sampled_from(["counties", "county"]))
    n = draw(st.integers(1, 3000))
    # long runs of one notation, as real files have, so that whole batches take the fast path
    runs = draw(st.lists(st.tuples(amount, st.integers(1, 1500)), min_size=1, max_size=4))
    cells = [a for a, k in runs for _ in range(k)][:n] or ["1"]
    quote = draw(st.booleans())
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    blanks = draw(st.booleans())
    lines = [f"g,{counting},amount"]
    for i, a in enumerate(cells):
        g = draw(group) if i % 97 == 0 or i < 5 else ["x", "y"][i % 2]
        c = str(i % 4) if counting == "counties" else draw(county) if i < 5 else f"K{i % 13}"
        a_cell = f'"{a}"' if quote and "," in a else a
        if "," in a and not quote:
            a_cell = f'"{a}"'
        lines.append(f"{g},{c},{a_cell}")
        if blanks and i % 500 == 3:
            lines.append("")
    # past the 64 KiB the reader takes for sniffing, so that the split has a second half
    copies = max(1, 160_000 // sum(len(x) + 2 for x in lines))
    text = newline.join(lines + lines[1:] * (copies - 1)) + newline
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + text.encode("utf-8"), counting


def figures(path: Path, tuning: Tuning, by: tuple[str, ...]) -> object:
    try:
        t = tally([Source.file(str(path))], Query(by=by), tuning=tuning)
    except AidcalcError as e:
        return ("error", e.message())
    return [(key, g.rows, g.total, g.slack, t.counties_of(g)) for key, g in t.groups.items()] + [
        ("all", t.overall.total, t.overall.slack, t.counties_of(t.overall))
    ]


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(), by=st.sampled_from([(), ("g",), ("g", "county")]))
def test_row_by_row_and_batched_agree(tmp_path_factory, table, by) -> None:
    data, counting = table
    if counting != "county" and "county" in by:
        by = ("g",)
    path = tmp_path_factory.mktemp("paths") / "t.csv"
    path.write_bytes(data)
    slow = figures(path, ROW_BY_ROW, by)
    assert figures(path, BATCHED, by) == slow
