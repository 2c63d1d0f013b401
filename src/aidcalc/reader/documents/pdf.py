"""PDF files: their text through pypdfium2, their tables through pdfplumber.

Text, page by page: pdfium's lines, with the box of their first and last character, make
paragraphs (a new one after a gap, a short line, or at an indented line). Left out: lines inside
a ruled table (tables are read as tables), running headers and footers (a line at the top or
bottom of two or more pages, digits aside), page numbers, and footnote numbers (digits set
smaller and raised). Refused, naming OCR as the way: a page with images and no text (a scan),
and text whose font has no usable text map (pdfium reports the characters as unmapped; the text
would be plausible-looking wrong characters). An encrypted file that needs a password is refused.
"""

from __future__ import annotations

import ctypes
import io
import itertools
import logging
import re
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aidcalc.core.errors import AidcalcError
from aidcalc.reader.document import Document
from aidcalc.reader.documents.grid import MAX_CELLS, Cell, Grid
from aidcalc.reader.documents.limits import check_flate, guarded
from aidcalc.reader.documents.text import (
    document,
    is_page_number,
    join_lines,
    normalise,
    unreadable,
)

if TYPE_CHECKING:
    import pypdfium2

__all__ = ["pdf_tables", "read_pdf"]

_OCR = (
    "; make a text layer with OCR first (for example: ocrmypdf --language chi_sim+eng"
    " IN.pdf OUT.pdf) and read OUT.pdf"
)
_UNMAPPED_SHARE = 0.2  # of a page's sampled characters, above which its text is unreadable
_SAMPLE = 11  # characters sampled per page for a text map
_MARGIN = 0.1  # of the page height: where running headers and footers stand


@dataclass(slots=True)
class _Line:
    text: str
    left: float
    right: float
    base: float  # the baseline of its first character
    size: float  # the font size of its first character

    @property
    def top(self) -> float:
        return self.base + self.size

    @property
    def bottom(self) -> float:
        return self.base


def _open(data: bytes, name: str) -> pypdfium2.PdfDocument:
    import pypdfium2

    check_flate(data, name)
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as e:
        if "password" in str(e).lower():
            raise AidcalcError(
                "the PDF is encrypted and needs a password to open; save a copy without one"
                " (for example: qpdf --decrypt --password=… IN.pdf OUT.pdf)",
                file=name,
            ) from None
        raise AidcalcError(f"cannot read the PDF: {e}", file=name) from None


def read_pdf(data: bytes, name: str) -> Document:
    """The text of a PDF as paragraphs, each on its page."""
    with guarded(name, "the PDF"):
        pdf = _open(data, name)
        try:
            pages = [_page_lines(pdf, i, name) for i in range(len(pdf))]
        finally:
            pdf.close()
    scanned = [n for n, (_, image) in enumerate(pages, 1) if image]
    if not any(lines for lines, _ in pages):
        if scanned:
            raise AidcalcError(
                f"the PDF has no text, only images ({len(scanned)} scanned"
                f" page{'s' if len(scanned) > 1 else ''}){_OCR}",
                file=name,
            )
        raise AidcalcError("the PDF has no text", file=name)
    if scanned:  # reading the other pages alone would leave their figures out unsaid
        shown = ", ".join(map(str, scanned[:10])) + (" …" if len(scanned) > 10 else "")
        what = (
            f"pages {shown} of the PDF are scanned images"
            if len(scanned) > 1
            else (f"page {shown} of the PDF is a scanned image")
        )
        raise AidcalcError(f"{what} with no text{_OCR}", file=name)
    running = _running(pages)
    paragraphs: list[tuple[str, int | None]] = []
    continues: list[bool] = []
    open_end = False  # the last paragraph of the page before runs on
    for number, (lines, _) in enumerate(pages, 1):
        edges = {id(ln) for ln in _edges(lines)}
        body = [ln for ln in lines if id(ln) not in edges or not _is_running(ln, running)]
        found, fresh_start, open_now = _paragraphs(body)
        for k, p in enumerate(found):
            paragraphs.append((join_lines(p), number))
            continues.append(k == 0 and open_end and not fresh_start)
        if found:
            open_end = open_now
    return document(paragraphs, continues)


def _page_lines(pdf: pypdfium2.PdfDocument, index: int, name: str) -> tuple[list[_Line], bool]:
    """A page's lines of text (tables left out), and whether it has images."""
    import pypdfium2.raw as raw

    page = pdf[index]
    tp = page.get_textpage()
    text = tp.get_text_range()
    count = tp.count_chars()
    if not text.strip():
        return [], _scanned(page)
    _check_text_map(tp, count, text, index + 1, name)
    tables = _ruled_regions(page)
    x, y = ctypes.c_double(), ctypes.c_double()
    rect = raw.FS_RECTF()  # the loose box: from the font's metrics, 25 times faster
    handle = tp.raw
    lines: list[_Line] = []
    pos = 0
    for part in text.split("\r\n") if len(text) == count else [text]:
        end = pos + len(part)
        stripped = part.strip()
        if stripped:
            first = pos + (len(part) - len(part.lstrip()))
            last = pos + len(part.rstrip()) - 1
            raw.FPDFText_GetLooseCharBox(handle, last, rect)
            size = raw.FPDFText_GetFontSize(handle, first) or 10.0
            raw.FPDFText_GetCharOrigin(handle, first, x, y)
            line = _Line(stripped, x.value, rect.right, y.value, size)
            if not tables or not any(_inside(line, box) for box in tables):
                if _ANY_DIGIT(stripped) is not None:
                    line.text = _drop_footnote_marks(tp, part, pos, line)
                lines.append(line)
        pos = end + 2
    return _same_line(lines), False


def _mark(piece: _Line, text: _Line) -> bool:
    """Whether ``piece`` is a footnote number set beside ``text``: one or two digits, smaller,
    raised above its baseline."""
    return (
        len(piece.text) <= 2
        and piece.text.isdigit()
        and piece.size < 0.8 * text.size
        and text.base + 0.2 * text.size < piece.base < text.base + text.size
    )


def _same_line(lines: list[_Line]) -> list[_Line]:
    """Pieces pdfium cut from one line (at a superscript, say) joined again."""
    out: list[_Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and len(prev.text) <= 2 and _mark(prev, ln):  # a footnote number
            out[-1] = ln  # before the text
        elif prev is not None and len(ln.text) <= 2 and _mark(ln, prev):  # one after it
            continue
        elif (
            prev is not None and abs(prev.base - ln.base) < 0.3 * ln.size and ln.left >= prev.right
        ):
            prev.text = join_lines([prev.text, ln.text])
            prev.right = ln.right
        else:
            out.append(ln)
    return out


def _scanned(page: Any) -> bool:
    """Whether a page without text is a scan: an image covering a quarter of the page or more
    (a logo or a rule is smaller)."""
    import pypdfium2.raw as raw

    area = max(page.get_width() * page.get_height(), 1.0)
    for o in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        x0, y0, x1, y1 = o.get_bounds()
        if (x1 - x0) * (y1 - y0) >= 0.25 * area:
            return True
    return False


def _check_text_map(tp: Any, count: int, text: str, page: int, name: str) -> None:
    import pypdfium2.raw as raw

    if unreadable(text):
        raise AidcalcError(f"page {page}: text with no text map (cid:…){_OCR}", file=name)
    step = max(count // _SAMPLE, 1)
    sample = range(0, count, step)
    bad = sum(1 for i in sample if raw.FPDFText_HasUnicodeMapError(tp.raw, i))
    if bad > _UNMAPPED_SHARE * len(sample):
        raise AidcalcError(
            f"page {page}: the fonts have no usable text map, so the text read would be wrong"
            f" characters{_OCR}",
            file=name,
        )


# one or two digits set right after a word or a punctuation mark, or starting the line
_DIGITS = re.compile(r"(?:^|(?<=[^\W\d_])|(?<=[^\w\s])(?<!\d[.,]))\d{1,2}(?!\d)")


_ANY_DIGIT = re.compile(r"\d").search


def _drop_footnote_marks(tp: Any, part: str, pos: int, line: _Line) -> str:
    """The line without footnote numbers: one or two digits after a word, set smaller than the
    line's first character and raised above its baseline."""
    import pypdfium2.raw as raw

    text = part
    marks = list(_DIGITS.finditer(part))
    if not marks:
        return part.strip()
    x, y = ctypes.c_double(), ctypes.c_double()
    body, base = line.size, line.base
    alpha = next((i for i, ch in enumerate(part) if ch.isalpha()), None)
    if alpha is not None:  # the text's size and baseline, not a footnote number's before it
        body = raw.FPDFText_GetFontSize(tp.raw, pos + alpha)
        raw.FPDFText_GetCharOrigin(tp.raw, pos + alpha, x, y)
        base = y.value
    for m in reversed(marks):
        i = pos + m.start()
        size = raw.FPDFText_GetFontSize(tp.raw, i)
        raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
        if size < 0.8 * body and y.value > base + 0.2 * body:
            text = text[: m.start()] + text[m.end() :]
    return text.strip()


def _ruled_regions(page: Any) -> list[tuple[float, float, float, float]]:
    """The boxes of a page's ruled tables, from the rules it draws (thin path objects): rules
    that touch form a region, and a region with two or more rules each way is a table."""
    import pypdfium2.raw as raw

    regions: list[list[float]] = []  # left, bottom, right, top, horizontal rules, vertical ones
    bounds = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(b) for b in bounds]
    handle = page.raw
    for i in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, *refs):
            continue
        x0, y0, x1, y1 = (b.value for b in bounds)
        w, h = x1 - x0, y1 - y0
        if min(w, h) > 3 or max(w, h) < 5:
            continue
        box = [x0, y0, x1, y1, float(w > h), float(h >= w)]
        touching = [r for r in regions if x0 <= r[2] + 2 and r[0] <= x1 + 2 and y0 <= r[3] + 2
                    and r[1] <= y1 + 2]  # fmt: skip
        for r in touching:
            regions.remove(r)
            box = [min(box[0], r[0]), min(box[1], r[1]), max(box[2], r[2]), max(box[3], r[3]),
                   box[4] + r[4], box[5] + r[5]]  # fmt: skip
        regions.append(box)
    return [(r[0], r[1], r[2], r[3]) for r in regions if r[4] >= 2 and r[5] >= 2]


def _inside(line: _Line, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    return x0 - 1 <= line.left <= x1 + 1 and y0 - 1 <= line.base <= y1 + 1


def _running(pages: list[tuple[list[_Line], bool]]) -> set[str]:
    """Lines at the top or bottom of a page that recur on another page (digits aside)."""
    seen: dict[str, int] = {}
    for lines, _ in pages:
        for key in {_key(ln.text) for ln in _edges(lines)}:
            seen[key] = seen.get(key, 0) + 1
    return {k for k, n in seen.items() if n >= 2}


def _edges(lines: list[_Line]) -> list[_Line]:
    if not lines:
        return []
    top = max(ln.base + ln.size for ln in lines)
    bottom = min(ln.base for ln in lines)
    margin = _MARGIN * max(top - bottom, 1.0)
    return [ln for ln in lines if ln.base + ln.size >= top - margin or ln.base <= bottom + margin]


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))


# what a browser prints at the top and bottom of a page: the date and time, the address and 1/2
_BROWSER = re.compile(
    r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s{1,3}\d{1,2}:\d{2}(?::\d{2})?(?:\s{0,2}[AaPp][Mm])?(?:\s|$)"
    r"|(?:https?|file)://\S{1,2000}(?:\s{1,3}\d{1,5}/\d{1,5})?$"
)


def _is_running(line: _Line, running: set[str]) -> bool:
    """A line at the top or bottom of a page that is not text: a page number, a line that
    recurs on other pages (digits aside), or a browser's date and address lines."""
    text = line.text
    return is_page_number(text) or _key(text) in running or _BROWSER.match(text) is not None


_ENDS = tuple('。．.!?！？:：;；…”"')


def _paragraphs(lines: list[_Line]) -> tuple[list[list[str]], bool, bool]:
    """Lines → paragraphs: a new one where the font size changes, the baseline moves down more
    than the page's line spacing (or up: a new column), the line is indented, or the line
    before it stops short (well short, or short after a full stop). Also whether the first
    line starts a paragraph (indented), and whether the last runs on to the next page (a full
    line, with no full stop)."""
    if not lines:
        return [], False, False
    left = min(ln.left for ln in lines)
    right = max(ln.right for ln in lines)
    ratios = [
        (a.base - b.base) / b.size
        for a, b in itertools.pairwise(lines)
        if abs(a.size - b.size) <= 0.15 * b.size and a.base > b.base
    ]
    spacing = statistics.median(ratios) if ratios else 1.5
    out: list[list[str]] = []
    prev: _Line | None = None
    for ln in lines:
        if prev is None:
            out.append([ln.text])
        else:
            drop = prev.base - ln.base
            short = prev.right < right - 0.3 * (right - left) or (
                prev.right < right - 2 * ln.size and prev.text.endswith(_ENDS)
            )
            if (
                abs(prev.size - ln.size) > 0.15 * ln.size
                or drop > 1.3 * spacing * ln.size
                or drop < 0
                or ln.left > left + 1.5 * ln.size
                or short
            ):
                out.append([ln.text])
            else:
                out[-1].append(ln.text)
        prev = ln
    first, last = lines[0], lines[-1]
    fresh = first.left > left + 1.5 * first.size
    runs_on = last.right >= right - 2 * last.size and not last.text.endswith(_ENDS)
    return out, fresh, runs_on


# ---------------------------------------------------------------------------------------------
# Tables


class _plumber:
    """pdfplumber's view of the PDF, with pdfminer's warnings kept off stderr."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __enter__(self) -> Any:
        import pdfplumber

        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        self.pdf = pdfplumber.open(io.BytesIO(self.data))
        return self.pdf

    def __exit__(self, *exc: object) -> None:
        self.pdf.close()


def pdf_tables(data: bytes, name: str, page: int | None = None) -> list[Grid]:
    """The ruled tables of a PDF (or of one page), in reading order."""
    with guarded(name, "the PDF"):
        pdf = _open(data, name)
        pages = len(pdf)
        pdf.close()
        if page is not None and not 1 <= page <= pages:
            raise AidcalcError(f"--page {page}: the PDF has {pages} pages", file=name)
        grids: list[Grid] = []
        with _plumber(data) as plumber:
            numbers = [page] if page is not None else range(1, pages + 1)
            for number in numbers:
                p = plumber.pages[number - 1]
                for k, table in enumerate(p.find_tables(), 1):
                    grids.append(_grid(p, table, number, k, name))
        return grids


def _grid(page: Any, table: Any, number: int, k: int, name: str) -> Grid:
    texts = table.extract()
    xs = sorted({round(v, 1) for row in table.rows for c in row.cells if c for v in (c[0], c[2])})
    bottoms = [round(row.bbox[3], 1) for row in table.rows]
    if len(xs) * len(bottoms) > MAX_CELLS:
        raise AidcalcError(f"page {number}, table {k} has too many cells to read", file=name)
    cells: list[Cell] = []
    for r, row in enumerate(table.rows):
        for c, box in enumerate(row.cells):
            if box is None:
                continue
            text = normalise(texts[r][c] or "")
            if unreadable(text):
                raise AidcalcError(
                    f"page {number}, table {k}: text with no text map (cid:…){_OCR}", file=name
                )
            x0, x1, bottom = round(box[0], 1), round(box[2], 1), round(box[3], 1)
            colspan = max(sum(1 for x in xs if x0 < x <= x1), 1)
            rowspan = max(sum(1 for b in bottoms[r:] if b <= bottom + 0.5), 1)
            cells.append(Cell(r, c, join_lines(text.split("\n")), rowspan, colspan))
    x0, top, x1, bottom = table.bbox
    above = _lines_near(page, top, above=True)
    below = _lines_near(page, bottom, above=False)
    return Grid(cells, number, k, f"top {top:.0f} pt", above, below)


def _lines_near(page: Any, y: float, above: bool) -> list[str]:
    """Up to three short lines set just above (a title, a unit line) or below (notes) a table."""
    from aidcalc.published.tablewords import is_footer_start

    height = page.height
    box = (
        (0, max(y - 72, 0), page.width, y - 0.5)
        if above
        else (0, y + 0.5, page.width, min(y + 72, height))
    )
    if box[3] <= box[1]:
        return []
    lines = [normalise(ln["text"]).strip() for ln in page.crop(box).extract_text_lines()]
    if above:
        kept: list[str] = []
        for text in reversed(lines):
            if len(text) > 40:
                break
            kept.insert(0, text)
        return kept[-3:]
    out: list[str] = []
    for text in lines:
        if not is_footer_start(text):
            break
        out.append(text)
    return out
