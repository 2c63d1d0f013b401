"""The engine choice (issue 23): DuckDB for large tidy inputs, the streaming reader otherwise,
the same figures or the same error on both."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest
from helpers import ROOT, bad, examples, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidcalc import api
from aidcalc.calc import engine

# ---------------------------------------------------------------------------------------------
# Both engines, one answer


def _both(*args: object, stdin: bytes | None = None) -> tuple[object, object]:
    """Run a command on each engine: (exit code, stdout, stderr without the engine notes)."""
    out = []
    for name in ("python", "duckdb"):
        r = run(*args, "--engine", name, input=stdin, code=None)
        err = "\n".join(line for line in r.stderr.splitlines() if "engine:" not in line)
        out.append((r.exit_code, r.stdout, err))
    return out[0], out[1]


GROUPS = ["A", "b", "é", "e\u0301", "Ａ", "北京", "x y", "o\nk"]  # NFKC pairs; a quoted newline
# rows the sift passes over or checks, with --totals check and keep alike: DuckDB must not add them
SPECIAL = ["Total", "合计", "增长%", "其中：x", "注：1", "All", "Totalville", "resources", "计"]
GOOD = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.builds(lambda m, d: f"{m / 10**d:.{d}f}", st.integers(-(10**8), 10**8), st.integers(0, 3)),
    st.integers(1000, 10**7).map(lambda n: f"{n:,}"),  # thousands separators, quoted
    # plain, around DuckDB's 18-digit cast (longer ones are read by the second query)
    st.integers(-(10**22), 10**22).map(lambda n: f"{n // 100}.{n % 100:02d}"),
    st.sampled_from(["3 万", "(5,000)", "14.35亿", "1,234.5", " 12 "]),
)
BAD = st.sampled_from(["abc", "1e3", "0x1F", "1_000", "..", "", "12%"])


@st.composite
def tidy_tables(draw: st.DrawFn) -> bytes:
    n = draw(st.integers(1, 30))
    bad_at = draw(st.sets(st.integers(0, n - 1), max_size=2)) if draw(st.booleans()) else set()
    unit = draw(st.sampled_from(["amount", "amount (万元)", "funding (million)"]))
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [f"city,county,{unit}"]
    cities = GROUPS + SPECIAL if draw(st.integers(0, 3)) == 0 else GROUPS
    for i in range(n):
        city = draw(st.sampled_from(cities))
        county = draw(st.sampled_from(["k1", "k2", "ｋ1"]))
        cell = draw(BAD) if i in bad_at else draw(GOOD)
        quote = "," in cell or "\n" in city or draw(st.booleans())
        lines.append(f'"{city}",{county},"{cell}"' if quote else f"{city},{county},{cell}")
        if draw(st.integers(0, 9)) == 0:
            lines.append("")  # a blank line
    text = nl.join(lines) + nl
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + text.encode("utf-8")


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=tidy_tables(),
    by=st.sampled_from(["city", "county"]),
    totals=st.sampled_from([[], ["--totals", "keep"]]),
)
def test_engines_agree_on_generated_tidy_tables(table: bytes, by: str, totals: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(table)
        python, duck = _both("summary", path, "--by", by, "--format", "csv", *totals)
    assert duck == python


def test_bad_cell_after_a_quoted_newline_is_named_alike(write) -> None:
    path = write("t.csv", 'city,amount\n"a\nb",1\nc,2\nd,1e3\ne,x1\n')
    python, duck = _both("total", path)
    assert duck == python
    assert python[0] == 2
    assert 't.csv, line 5, column "amount": "1e3"' in str(python[2])


def test_nfkc_distinct_group_values_are_one_group(write) -> None:
    path = write("t.csv", "city,amount\n" + "e\u0301,1\n\u00e9,2\nＡ,3\nA,4\n" * 3)
    python, duck = _both("total", path, "--by", "city", "--format", "csv")
    assert duck == python
    assert python[1].splitlines()[1:3] == ["group,é,6,9", "group,A,6,21"]


# ---------------------------------------------------------------------------------------------
# The choice, said on stderr


def test_auto_uses_duckdb_above_the_threshold_and_says_so(write, monkeypatch) -> None:
    path = write("t.csv", "city,amount\na,1.50\nb,2.25\na,3\nc,4\n")
    small = run("total", path, "--by", "city")
    assert "engine" not in small.stderr  # below the threshold: the streaming reader, silently
    monkeypatch.setattr(engine, "DUCKDB_MIN_BYTES", 10)
    big = run("total", path, "--by", "city")
    assert big.stdout == small.stdout
    assert big.stderr.startswith("aidcalc: note: engine: DuckDB (")


def test_a_total_row_at_the_bottom_is_checked_never_added(write) -> None:
    path = write("t.csv", "city,amount\na,1\nb,2\nc,3\nTotal,7\n")
    r = run("total", path, "--engine", "duckdb", code=1)  # its own total row disagrees
    assert "streaming reader, not DuckDB" in r.stderr
    assert "the total row 'Total' says 7, but the 3 rows it covers add up to 6" in r.stderr
    assert r.stdout.splitlines()[-1].split() == ["3", "6"]


@pytest.mark.parametrize(
    "cells", ["合,计", "总,计", "All,States", "Totalville,x", "Kent,resources"]
)
def test_labels_holding_a_word_read_alike_on_both_engines(write, cells: str) -> None:
    """A cell that holds a fragment of the vocabulary is data on DuckDB only when the sift's own
    tests say so; a word split over two cells (合 | 计) is read joined, as the sift reads it."""
    path = write("t.csv", f"province,item,amount\nA,x,1\nB,y,2\nC,z,3\n{cells},6\n")
    python, duck = _both("total", path, "--format", "csv")
    assert duck == python


def test_totals_keep_still_passes_over_rates_and_parts_on_both_engines(write) -> None:
    """--totals keep makes total rows data, not rows of rates or 其中 parts: DuckDB hands such a
    file to the streaming reader under keep too (it once added them)."""
    for extra in ("增长%,10.0\n", "其中：c,1\n"):
        path = write("t.csv", "city,amount\na,1\nb,2\nc,3\n" + extra)
        python, duck = _both("total", path, "--totals", "keep", "--format", "csv")
        assert duck == python
        assert str(python[1]).splitlines()[-1] == "3,6"


def test_totals_keep_reads_a_total_row_as_data_on_both_engines(write) -> None:
    """--totals keep: the user says total rows are data; DuckDB reads them as data too."""
    path = write("t.csv", "city,amount\na,1\nb,2\nc,3\nTotal,6\n")
    python, duck = _both("total", path, "--totals", "keep", "--format", "csv")
    assert duck == python
    assert python[0] == 0
    assert str(python[1]).splitlines()[-1] == "4,12"


def test_long_plain_amounts_are_exact_on_duckdb(write) -> None:
    """Plain amounts of 18 digits or more are not cast to DuckDB's 64-bit DECIMAL: the second
    query reads them, to the cent."""
    cells = ["1234567890123456.78", "12345678901234567.89", "-98765432109876543210.01", "0.01"]
    path = write("t.csv", "city,amount\n" + "".join(f"c{i % 2},{c}\n" for i, c in enumerate(cells)))
    python, duck = _both("summary", path, "--by", "city", "--format", "csv")
    assert duck == python
    rows = str(duck[1]).splitlines()
    assert rows[-1].split(",")[4] == str(sum(Decimal(c) for c in cells))  # 23 digits


def test_a_grand_total_named_by_a_place_is_refused(write) -> None:
    path = write("t.csv", "city,amount\na,1\nb,2\nc,3\nEngland,6\n")
    assert "a grand total named by a place?" in bad("total", path, "--engine", "duckdb")


def test_a_sum_past_38_digits_is_exact(write) -> None:
    big = "9" * 36 + ".99"
    path = write("t.csv", "amount\n" + f"{big}\n" * 300)
    r = run("total", path, "--engine", "duckdb", "--format", "csv")
    assert r.stdout.splitlines()[-1] == f"300,{300 * Fraction(big)}"  # 39 digits
    assert r.stdout == run("total", path, "--engine", "python", "--format", "csv").stdout


def test_gb18030_stays_on_the_streaming_reader(write) -> None:
    path = write("t.csv", "城市,金额\n北京,1\n上海,2\n".encode("gb18030"))
    r = run("total", path, "--engine", "duckdb", "--by", "城市")
    assert (
        "streaming reader, not DuckDB (--engine duckdb): DuckDB reads UTF-8 text only" in r.stderr
    )
    assert r.stdout == run("total", path, "--engine", "python", "--by", "城市").stdout


def test_stdin_several_files_and_the_file_column(write) -> None:
    a = write("a.csv", "city,amount\nx,1\ny,2\n")
    b = write("b.csv", "city,amount\ny,3\nz,4.5\n")
    python, duck = _both("total", a, b, "--by", "file", "--by", "city", "--format", "csv")
    assert duck == python
    assert "group,a.csv" in str(python[1]).replace(str(a), "a.csv")
    python, duck = _both("total", "-", b, "--by", "file", stdin=a.read_bytes())
    assert duck == python
    assert "<stdin>" in str(python[1])


# ---------------------------------------------------------------------------------------------
# Parquet, which only DuckDB reads


@pytest.fixture
def parquet(tmp_path: Path) -> Path:
    csv = tmp_path / "t.csv"
    csv.write_text("city,county,amount\na,k1,1.50\nb,k2,2.25\na,k3,3.00\n", encoding="utf-8")
    out = tmp_path / "t.parquet"
    duckdb.execute(
        f"COPY (SELECT city, county, CAST(amount AS DECIMAL(18,2)) AS amount,"
        f" CAST(amount AS DOUBLE) + 0.1 - 0.1 AS dbl FROM read_csv('{csv}', all_varchar=true))"
        f" TO '{out}'"
    )
    return out


def test_parquet_reads_like_its_csv(parquet: Path) -> None:
    r = run("summary", parquet, "--by", "city", "--format", "csv")
    csv = run("summary", parquet.with_suffix(".csv"), "--by", "city", "--format", "csv")
    assert r.stdout == csv.stdout
    assert "engine: DuckDB (Parquet)" in r.stderr


def test_parquet_doubles_follow_the_workbook_rule_and_say_so(parquet: Path) -> None:
    r = run("total", parquet, "--amount", "dbl", "--format", "csv")
    assert r.stdout.splitlines()[-1] == "3,6.75"
    assert "floating-point numbers: each is read as its shortest decimal" in r.stderr


def test_parquet_on_the_streaming_reader_is_refused(parquet: Path) -> None:
    assert bad("total", parquet, "--engine", "python").endswith(
        "a Parquet file is read by DuckDB only: leave out --engine python"
    )


# ---------------------------------------------------------------------------------------------
# check, the Python API, start-up


def test_check_reads_data_files_with_the_engine_chosen(write) -> None:
    write("d.csv", "city,amount\na,1\nb,2\n")
    claims = write("c.csv", "reported,formula\n3,total(d.csv)\n")
    for name in ("python", "duckdb"):
        r = run("check", claims, "--engine", name, "--format", "csv")
        assert ",consistent," in r.stdout


def test_api_read_takes_the_engine(write) -> None:
    path = write("t.csv", "city,amount\na,1\nb,2.5\na,3\n")
    t = api.read(path, by="city", engine="duckdb")
    assert [(k, g.total) for k, g in t.groups.items()] == [
        (("a",), 4),
        (("b",), api.read(path, by="city", engine="python").groups[("b",)].total),
    ]
    assert api.summary(path, by="city", engine="duckdb").render("csv") == api.summary(
        path, by="city", engine="python"
    ).render("csv")


def test_duckdb_is_imported_only_when_chosen() -> None:
    code = (
        "import sys; from aidcalc.cli.main import main; sys.argv = ['aidcalc', 'total',"
        f" {str(ROOT / 'data' / '2018.csv')!r}];"
        " import atexit; atexit.register(lambda: print('duckdb' in sys.modules, file=sys.stderr))"
        "\nmain()"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stderr.strip().endswith("False")


def test_county_names_are_compared_in_nfkc_on_both_engines(write) -> None:
    path = write("t.csv", "city,county,amount\na,k1,1\na,ｋ1,2\na,k2,3\n")
    python, duck = _both("summary", path, "--by", "city", "--format", "csv")
    assert duck == python
    assert python[1].splitlines()[1].startswith("group,a,3,2,")


@pytest.mark.parametrize(
    "args",
    [
        ("summary", "--by", "group"),
        ("total", "--by", "group", "--where", "year>=2017"),
        ("mean", "--by", "group", "--unit", "million"),
        ("share", "--by", "group"),
        ("yoy",),
        ("total", "--by", "group", "--where", "group in (a, c)"),
    ],
)
def test_every_table_command_reads_alike_on_both_engines(write, args) -> None:
    rows = "".join(
        f"{2015 + i % 4},{'abc'[i % 3]},k{i % 5},{i * 1234567 % 99991}.{i % 100:02d}\n"
        for i in range(40)
    )
    path = write("t.csv", "year,group,county,amount\n" + rows)
    python, duck = _both(args[0], path, *args[1:], "--format", "csv")
    assert duck == python
    assert python[0] == 0
    r = run(args[0], path, *args[1:], "--engine", "duckdb")
    assert "engine: DuckDB (--engine duckdb)" in r.stderr  # DuckDB did read it


def test_years_from_file_names_on_both_engines(write) -> None:
    a = write("funds-2017.csv", "city,amount\nx,1\ny,2\n")
    b = write("funds-2018.csv", "city,amount\nx,2\ny,3.5\n")
    python, duck = _both("yoy", a, b, "--format", "csv")
    assert duck == python
    assert python[0] == 0


def test_a_parquet_sum_past_38_digits_is_added_in_python(tmp_path: Path) -> None:
    out = tmp_path / "big.parquet"
    duckdb.execute(
        f"COPY (SELECT CAST('{'9' * 36}.99' AS DECIMAL(38,2)) AS amount FROM range(300)) TO '{out}'"
    )
    r = run("total", out, "--format", "csv")
    assert r.stdout.splitlines()[-1] == f"300,{300 * Fraction('9' * 36 + '.99')}"
    assert "a sum passes 38 digits, DuckDB's limit: the amounts were added in Python" in r.stderr


def test_a_column_of_county_counts_on_both_engines(write) -> None:
    rows = "".join(f"{'abc'[i % 3]},{i % 4},{i * 7919 % 1000}.5\n" for i in range(30))
    path = write("t.csv", "group,counties,amount\n" + rows)
    python, duck = _both("summary", path, "--by", "group", "--format", "csv")
    assert duck == python
    assert (
        "engine: DuckDB (--engine duckdb)" in run("summary", path, "--engine", "duckdb").stderr
    )  # DuckDB did read it
    bad_count = write("u.csv", "group,counties,amount\na,1,1\nb,2.5,2\n")
    python, duck = _both("summary", bad_count)
    assert duck == python
    assert python[0] == 2


def test_every_data_file_summarises_alike_on_both_engines() -> None:
    for path in sorted((ROOT / "data").glob("*.csv")):
        python, duck = _both("summary", path, "--format", "csv")
        assert duck == python, path


# ---------------------------------------------------------------------------------------------
# Label columns of many values (a project title, an ID): streamed on their own, memory bounded

TITLES = ["Water resources allocation", "Totalville school", "Small grants", "Road {i}", "项目{i}"]


def _many(n: int, extra: str = "", first: str = "donor") -> str:
    """A tidy table whose title column takes a new value on every row (over 256 in its first
    1,024 rows), some holding a fragment of the vocabulary (resources, all, total) but data."""
    lines = [f"{first},title,amount"]
    for i in range(n):
        title = TITLES[i % len(TITLES)].format(i=i) + f" #{i}"
        key = f"D{i % 7}" if first == "donor" else f"ID-{i:05d}"
        lines.append(f"{key},{title},{(i * 37) % 1000 + 1}.{i % 100:02d}")
    return "\n".join(lines) + "\n" + extra


def test_a_label_column_of_many_values_stays_on_duckdb(write) -> None:
    path = write("t.csv", _many(2000))
    python, duck = _both("summary", path, "--by", "donor", "--format", "csv")
    assert duck == python
    r = run("summary", path, "--by", "donor", "--engine", "duckdb")
    assert "streaming reader, not DuckDB" not in r.stderr


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        ("D1,Total,123.00\n", "a label that may mark a total"),
        ("D1,增长%,10.0\n", "a label that may mark a total"),
        ("D1,其中：water,5.00\n", "a label that may mark a total"),
    ],
)
def test_a_special_row_among_many_labels_goes_to_the_sift(write, extra: str, why: str) -> None:
    path = write("t.csv", _many(1500, extra))
    python, duck = _both("summary", path, "--by", "donor", "--format", "csv")
    assert duck == python
    r = run("summary", path, "--by", "donor", "--engine", "duckdb", code=None)
    assert f"streaming reader, not DuckDB (--engine duckdb): {why}" in r.stderr


def test_a_first_label_of_many_values_rules_out_a_grand_total(write) -> None:
    """Titles of many values beside the donors, and a row of half the sum named by a place (a
    new donor, printed rounded): DuckDB sees a label alone whose amount is half the sum within the
    rounding, so the sift reads the file and takes it for the total."""
    plain = write("t.csv", _many(1500))
    assert "not DuckDB" not in run("total", plain, "--engine", "duckdb").stderr
    rows = _many(1500)
    whole = sum(Decimal(line.rsplit(",", 1)[1]) for line in rows.splitlines()[1:])
    grand = write("g.csv", rows + f"England,Capital grants,{round(whole)}\n")
    python, duck = _both("total", grand, "--format", "csv")
    assert duck == python
    n, total = str(python[1]).splitlines()[-1].split(",")
    assert (n, Decimal(total)) == ("1500", whole)  # England taken for a total


def test_a_parquet_label_of_many_values_with_a_total_is_refused(tmp_path: Path) -> None:
    csv_path = tmp_path / "t.csv"
    csv_path.write_text(_many(1500, "D1,Total,123.00\n"), encoding="utf-8")
    path = tmp_path / "t.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT * FROM read_csv('{csv_path}', all_varchar=true)) TO '{path}'"
        " (FORMAT parquet)"
    )
    line = bad("total", path, "--by", "donor")
    assert 'column "title": "Total"' in line and "does not sift such rows" in line


@st.composite
def many_tables(draw: st.DrawFn) -> str:
    n = draw(st.integers(300, 700))
    extra = ""
    for _ in range(draw(st.integers(0, 2))):
        label = draw(st.sampled_from(["Total", "合计", "增长%", "All", "注：x", "Kent total",
                                      "Totalville", "resources", ""]))  # fmt: skip
        extra += f"D{draw(st.integers(0, 6))},{label},{draw(st.integers(1, 999))}.00\n"
    return _many(n, extra, first=draw(st.sampled_from(["donor", "id"])))


@settings(max_examples=examples(8), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=many_tables(), totals=st.sampled_from([[], ["--totals", "keep"]]))
def test_engines_agree_on_tables_with_a_label_of_many_values(table: str, totals: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_text(table, encoding="utf-8")
        python, duck = _both("summary", path, "--format", "csv", *totals)
    assert duck == python
