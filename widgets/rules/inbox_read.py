"""Lesson 2's inbox: an uploaded export (CSV in any common dialect, or an .xlsx sheet) as a table of text.

:func:`read_upload` never raises for a learner's file: it gives a :class:`Table`, or None and one
plain sentence saying what is wrong and what to do.
"""

from __future__ import annotations

import csv
import html
import io
import logging
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from widgets.rules.inbox_limits import MAX_BYTES, MAX_SHEET_ROWS, MAX_UNPACKED, SAMPLE_ROWS
from widgets.rules.inbox_values import spread

log = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx, or an old .xls
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx (or any zip)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class Table:
    """An upload as text: one ``str`` per cell ('' when empty).

    The index is each row's place in the file: its line in a CSV (header = line 1), its row number in
    a sheet. Rows with no value at all are dropped (they are not tickets)."""

    frame: pd.DataFrame
    kind: str = "csv"  # csv | xlsx
    padded: bool = True  # some cells may have spaces around them (stripped when a column is used)
    sheets: tuple[str, ...] = ()  # a workbook's sheet names
    sheet: str = ""  # the sheet read
    ragged: list[int] = field(default_factory=list)  # CSV lines skipped for having the wrong number of fields
    formulas: tuple[str, ...] = ()  # columns of formulas whose results were never saved
    _stripped: dict[str, pd.Series] = field(default_factory=dict, repr=False)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def column(self, name: str) -> pd.Series:
        """A column's cells, stripped of spaces."""
        if name not in self._stripped:
            values = self._raw(name)
            if self.padded:
                values = [v.strip() for v in values]
            self._stripped[name] = pd.Series(values, index=self.frame.index, dtype=object, name=name)
        return self._stripped[name]

    def sample(self, name: str) -> pd.Series:
        """Up to SAMPLE_ROWS filled values of a column, spread through the file."""
        column = self._column(name)
        filled = np.flatnonzero((column != "").to_numpy(dtype=bool) & column.notna().to_numpy())
        if len(filled) > 2 * SAMPLE_ROWS:
            filled = filled[np.linspace(0, len(filled) - 1, 2 * SAMPLE_ROWS).astype(np.int64)]
        picked = [v.strip() if isinstance(v, str) else "" for v in column.iloc[filled].tolist()]
        return pd.Series(spread(picked, SAMPLE_ROWS), dtype=object)

    def _column(self, name: str) -> pd.Series:
        column = self.frame[name]
        return column.iloc[:, 0] if column.ndim == 2 else column  # two columns of one name: the first

    def _raw(self, name: str) -> list[str]:
        column = self._column(name)
        values: list[str] = column.tolist()
        if column.hasnans or (column.dtype != "str" and not all(map(str.__instancecheck__, values))):
            return [v if isinstance(v, str) else "" for v in values]
        return values


def size_message(size: int, limit: int, what: str = "That file") -> str:
    return (f"{what} is {size / 1024 / 1024:.0f} MB; the most we can analyse here is {limit // 1024 // 1024} MB. "
            "Export a shorter period, such as the last 12 months.")


def read_upload(data: bytes, *, sheet: str = "", max_bytes: int = MAX_BYTES, max_unpacked: int = MAX_UNPACKED,
                looks_like_tickets: Callable[[Table], bool] | None = None) -> tuple[Table | None, str]:
    """The file as a :class:`Table`, or None and a sentence saying what is wrong.

    ``sheet`` chooses a workbook's sheet; without it, the first sheet that ``looks_like_tickets``
    is read (or the first sheet)."""
    if not data or not data.strip():
        return None, "That file is empty. Export your tickets again and upload the new file."
    if len(data) > max_bytes:
        return None, size_message(len(data), max_bytes)
    if data.startswith(ZIP_MAGIC):
        return read_workbook(data, sheet=sheet, max_unpacked=max_unpacked, looks_like_tickets=looks_like_tickets)
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return None, ("This workbook is password-protected, so we can't open it. Save a copy without a "
                          "password, or export it as CSV, and upload that.")
        return None, ("That looks like an older Excel workbook (.xls), which we can't read. Open it in Excel or "
                      "LibreOffice, save it as .xlsx or CSV, and upload that.")
    return read_csv(data)


def _encoding(data: bytes) -> str:
    if data.startswith(UTF16_BOMS):  # Excel's "Unicode text": UTF-16 with a byte-order mark
        return "utf-16"
    try:
        data.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")  # Excel's "CSV" on Windows in Western Europe and the Americas
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"


def _delimiter(head: str) -> str:
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter
    except csv.Error:
        header = head.split("\n", 1)[0]
        counts = {d: header.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","  # one column: the checks below explain what's wrong


def read_csv(data: bytes) -> tuple[Table | None, str]:
    """A CSV (or tab- or semicolon-separated) export as a :class:`Table`."""
    if b"\x00" in data[:4096] and not data.startswith(UTF16_BOMS):
        return None, ("That doesn't look like a CSV file or an Excel workbook (it contains binary data). "
                      "Choose the .csv or .xlsx export.")
    encoding = _encoding(data)
    head = data[:40_000].decode(encoding, errors="ignore")
    delimiter = _delimiter(head[:20_000])
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            # Blank lines are kept (as empty rows, dropped below) only when there are some: keeping them
            # costs time, and line numbers must stay right.
            blank = b"\n\n" in data or b"\n\r\n" in data
            frame = pd.read_csv(io.BytesIO(data), encoding=encoding, encoding_errors="replace", dtype=str,
                                sep=delimiter, skipinitialspace=True, index_col=False, on_bad_lines="warn",
                                na_filter=False, skip_blank_lines=not blank)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error, UnicodeError) as error:
        return None, f"That file couldn't be read as a CSV table ({str(error).splitlines()[0][:120]})."
    ragged: list[int] = []
    # The C parser reports each skipped row as "Skipping line N: expected X fields, saw Y".
    for warning in caught:
        ragged.extend(int(n) for n in re.findall(r"Skipping line (\d+)", str(warning.message)))
    if frame.shape[1] < 2:
        return None, ("That file has only one column. It needs at least a column for when each message arrived "
                      "and one for when you first replied, separated by commas or semicolons.")
    lines = np.arange(len(frame)) + 2
    for skipped in sorted(ragged):  # rows after a skipped line sit one line further down
        lines[lines >= skipped] += 1
    frame.index = lines
    frame.columns = [str(c).strip() for c in frame.columns]
    # The parser drops the spaces after a separator; a space before one (or before a line's end) is rare, and
    # stripping every cell of a big export costs a tenth of a second, so only a file that has one is stripped.
    padded = re.search(rb' "?(?:[,;\t|]|\r?\n|$)', data) is not None
    return Table(_filled_rows(frame), "csv", padded=padded, ragged=sorted(ragged)), ""


def _filled_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with nothing in them dropped (cells are stripped when a column is used: see Table.column).

    Only the rows whose first cell is empty are looked at across the others."""
    if frame.empty:
        return frame
    first = frame.iloc[:, 0]
    # A cell of spaces is empty too: the CSV parser drops the spaces after a separator, and sheets are stripped.
    maybe = np.flatnonzero((first == "").to_numpy(dtype=bool) | first.isna().to_numpy())
    if not len(maybe):
        return frame
    rest = frame.iloc[maybe, 1:].to_numpy(dtype=object)
    empty = np.array([not any((v.strip() if isinstance(v, str) else v is not None) for v in row) for row in rest],
                     dtype=bool)
    keep = np.ones(len(frame), dtype=bool)
    keep[maybe[empty]] = False
    return frame if keep.all() else frame[keep]


CORRUPT = ("That workbook couldn't be opened: it looks damaged, or only partly downloaded. Download or export it "
           "again and upload the new file, or export it as CSV.")
NOT_EXCEL = "That's a zip file, not an Excel workbook. Choose the .xlsx or .csv export of your tickets."


def read_workbook(data: bytes, *, sheet: str = "", max_unpacked: int = MAX_UNPACKED, max_rows: int = MAX_SHEET_ROWS,
                  looks_like_tickets: Callable[[Table], bool] | None = None) -> tuple[Table | None, str]:
    """An .xlsx sheet as a :class:`Table`: its saved values only (calamine, or openpyxl, through pandas; no
    formula is worked out, no link followed). Formulas saved without their results are named in ``formulas``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        return None, CORRUPT
    if "xl/workbook.xml" not in names:
        return None, NOT_EXCEL
    if unpacked > max_unpacked:
        return None, size_message(unpacked, max_unpacked, "Unpacked, that workbook")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it doesn't need
            book = pd.ExcelFile(io.BytesIO(data), engine=EXCEL_ENGINE)
            sheets = tuple(str(s) for s in book.sheet_names)
            chosen = sheet if sheet in sheets else _first_sheet_of_tickets(book, sheets, looks_like_tickets)
            rows = _sheet_rows(book, data, chosen)  # from the sheet's own note of its size, before reading it
            if rows - 1 > max_rows:
                return None, (f"That workbook's sheet “{chosen}” has {rows - 1:,} rows; the most we can read from a "
                              f"workbook here is {max_rows:,}. Export a shorter period, or save it as CSV.")
            frame = book.parse(chosen, header=0)
    except Exception:  # a damaged workbook can fail anywhere inside the zip and XML readers
        log.info("workbook could not be read", exc_info=True)
        return None, CORRUPT
    frame = _as_text(frame)
    frame.index = np.arange(len(frame)) + 2
    if frame.shape[1] < 2:
        where = f"The sheet “{chosen}”" if len(sheets) > 1 else "That workbook"
        return None, (f"{where} has only one column. It needs at least a column for when each message arrived "
                      "and one for when you first replied.")
    frame = _filled_rows(frame)
    empty = [str(c) for c in frame.columns if len(frame) and not any(frame[c].tolist())]
    formulas = _formula_columns(data, chosen, [str(c) for c in frame.columns], empty) if empty else ()
    return Table(frame, "xlsx", padded=False, sheets=sheets, sheet=chosen, formulas=formulas), ""


def _excel_engine() -> str:
    """calamine (Rust) where installed: it reads a 100,000-row sheet in about a second, openpyxl in 10–20."""
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return "openpyxl"
    return "calamine"


EXCEL_ENGINE = _excel_engine()


_SHEET = re.compile(r"<sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]+)\"")
_TARGET = re.compile(r"<Relationship\b[^>]*?\bTarget=\"([^\"]+)\"[^>]*?\bId=\"([^\"]+)\"|"
                     r"<Relationship\b[^>]*?\bId=\"([^\"]+)\"[^>]*?\bTarget=\"([^\"]+)\"")
_DIMENSION = re.compile(rb"<dimension\s+ref=\"[A-Z]+\d+:[A-Z]+(\d+)\"")


def _declared_rows(data: bytes, sheet: str) -> int | None:
    """The rows a sheet's own XML says it spans (its <dimension>), read from its first bytes; None if unsaid."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            ids = {html.unescape(name): rid for name, rid in _SHEET.findall(workbook)}
            targets = {(m[1] or m[2]): (m[0] or m[3]) for m in _TARGET.findall(rels)}
            target = targets.get(ids.get(sheet, ""), "")
            if not target:
                return None
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            with archive.open(path) as stream:
                found = _DIMENSION.search(stream.read(4096))
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return None
    return int(found.group(1)) if found else None


def _sheet_rows(book: Any, data: bytes, sheet: str) -> int:
    """How many rows a sheet says it has (its header included), without reading its cells."""
    if EXCEL_ENGINE != "calamine":
        return int(book.book[sheet].max_row or 0)
    declared = _declared_rows(data, sheet)
    return declared if declared is not None else int(book.book.get_sheet_by_name(sheet).height or 0)


def _first_sheet_of_tickets(book: Any, sheets: tuple[str, ...],
                            looks_like_tickets: Callable[[Table], bool] | None) -> str:
    """The first sheet whose first rows look like tickets, else the first sheet. A summary sheet with a
    title row and months is passed over."""
    if len(sheets) <= 1 or looks_like_tickets is None:
        return sheets[0] if sheets else ""
    for name in sheets:
        head = _as_text(book.parse(name, header=0, nrows=SAMPLE_ROWS))
        if head.shape[1] >= 2 and looks_like_tickets(Table(_filled_rows(head))):
            return name
    return sheets[0]


def _cell_text(value: Any) -> str:
    """One cell as the CSV path would see it: dates as ISO text (to the millisecond), whole numbers
    without '.0', durations as h:mm:ss."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if hasattr(value, "total_seconds"):  # a duration cell ([h]:mm:ss)
        seconds = round(pd.Timedelta(value).total_seconds())
        sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
        return f"{sign}{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    if hasattr(value, "year"):  # a date, or a date and time
        return str(pd.Timestamp(value).round("ms").strftime("%Y-%m-%d %H:%M:%S.%f"))[:-3]
    if hasattr(value, "hour"):  # a time of day: how Excel holds a short duration
        return f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    return str(value)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A sheet read by pandas (dates, numbers, text) as text, the way the CSV path sees it."""
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            text = column.dt.round("ms").dt.strftime("%Y-%m-%d %H:%M:%S.%f").str[:-3]
            columns[str(name)] = [v if isinstance(v, str) else "" for v in text.tolist()]
        elif pd.api.types.is_float_dtype(column):  # a column of numbers: one test a cell, not _cell_text's many
            columns[str(name)] = ["" if v != v else str(int(v)) if v.is_integer() else repr(v)
                                  for v in column.tolist()]
        else:
            columns[str(name)] = [v.strip() if type(v) is str else _cell_text(v) for v in column.tolist()]
    return pd.DataFrame({k: pd.Series(v, index=frame.index, dtype=object) for k, v in columns.items()},
                        index=frame.index)


def _formula_columns(data: bytes, sheet: str, columns: list[str], empty: list[str]) -> tuple[str, ...]:
    """Of the empty columns, those whose first cells are formulas (saved without their results)."""
    try:
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            rows = list(book[sheet].iter_rows(min_row=2, max_row=51, values_only=True))
            book.close()
    except Exception:  # as in read_workbook: the values are read; this only makes a better message
        log.info("formulas could not be checked", exc_info=True)
        return ()
    found = set()
    for row in rows:
        for name, value in zip(columns, row, strict=False):
            if name in empty and isinstance(value, str) and value.startswith("="):
                found.add(name)
    return tuple(c for c in columns if c in found)
