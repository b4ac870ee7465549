"""The inbox-layout generator (tests/inbox_layouts/make_layouts.py) itself: it runs, it is deterministic,
its files open as the format they claim, and every expected figure agrees with a recomputation made here
from the written file alone, read back with plain csv and openpyxl (no pandas, none of the lesson's code)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import msoffcrypto
import openpyxl
import pandas as pd
import pytest

from tests.inbox_layouts.make_layouts import PASSWORD, SHOPS, draw_truth, main, write_layouts

ROWS, SEED = 240, 11
Row = tuple[int, dict[str, Any]]  # (line in the CSV / row in the sheet, values by header)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("layouts")
    assert main([str(folder), "--rows", str(ROWS), "--seed", str(SEED)]) == 0
    return folder, json.loads((folder / "expected.json").read_text(encoding="utf-8"))


def cases(document: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    return [c for c in document["layouts"].values() if kind is None or c["kind"] == kind]


# ---- reading a file back, independently of the generator --------------------------------------------

def read_rows(folder: Path, case: dict[str, Any]) -> tuple[list[str], list[Row]]:
    path = folder / case["file"]
    if case["format"] == "csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == case["bom"]
        reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=case["delimiter"])
        header = next(reader)
        rows = []
        for i, values in enumerate(reader):
            assert len(values) == len(header), f"{case['file']} line {i + 2}"
            rows.append((i + 2, dict(zip(header, values, strict=True))))
        return header, rows
    book = openpyxl.load_workbook(path, read_only=True)
    values = book[case["sheet"]].iter_rows(values_only=True)
    header = [str(h) for h in next(values)]
    return header, [(i + 2, dict(zip(header, row, strict=False))) for i, row in enumerate(values)]


def instant(value: Any, fmt: str, tz: str | None) -> float | None:
    """A cell as seconds since the epoch (UTC), or None when it isn't a time in ``fmt``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        naive = value
    elif fmt == "iso8601":
        try:
            zoned = datetime.fromisoformat(str(value))
        except ValueError:
            return None
        assert zoned.tzinfo is not None, value
        return zoned.timestamp()
    elif fmt == "unix_seconds":
        return float(value) if str(value).isdigit() else None
    else:
        try:
            naive = datetime.strptime(str(value), fmt)
        except ValueError:
            return None
    assert tz is not None
    return naive.replace(tzinfo=ZoneInfo(tz)).timestamp()  # fold=0: a repeated hour is read as its first pass


DHM = re.compile(r"^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?$")
UNIT_SECONDS = {"minutes": 60, "hours": 3600, "seconds": 1}
REASON_WORDS = {"unreadable date": ("couldn't read",), "negative": ("before", "negative"),
                "unreadable reply": ("text", "couldn't read")}


def duration(value: Any, unit: str, decimal: str | None) -> float | None:
    """A duration cell in seconds, or None when it isn't one."""
    if isinstance(value, int | float):
        return float(value) * UNIT_SECONDS[unit]
    text = str(value).strip()
    if unit == "text":
        match = DHM.match(text)
        if not match or not any(match.groups()):
            return None
        days, hours, minutes = (int(g or 0) for g in match.groups())
        return ((days * 24 + hours) * 60 + minutes) * 60.0
    if unit == "clock":
        parts = text.split(":")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            return None
        return int(parts[0]) * 3600.0 + int(parts[1]) * 60 + int(parts[2])
    try:
        return float(text.replace(decimal, ".") if decimal and decimal != "." else text) * UNIT_SECONDS[unit]
    except ValueError:
        return None


def recompute(rows: list[Row], case: dict[str, Any]) -> tuple[list[float], list[float | None], dict[int, str],
                                                                list[int]]:
    """(arrivals, waits or None, set-aside line → why, empty lines), following the case's mapping."""
    received, reply = case["columns"]["received"], case["columns"]["reply"]
    got: list[float] = []
    waits: list[float | None] = []
    aside: dict[int, str] = {}
    empty = []
    for line, row in rows:
        if all(v is None or v == "" for v in row.values()):
            empty.append(line)
            continue
        start = instant(row[received], case["time_format"], case["read_tz"])
        cell = row[reply]
        if start is None:
            aside[line] = "unreadable date"
            continue
        if cell is None or cell == "":
            got.append(round(start, 3))
            waits.append(None)
            continue
        if case["reply_kind"] == "time":
            end = instant(cell, case["time_format"], case["read_tz"])
            wait = None if end is None else end - start
        else:
            wait = duration(cell, case["unit"], case["decimal"])
        if wait is None:
            aside[line] = "unreadable reply"
        elif wait < 0:
            aside[line] = "negative"
        else:
            got.append(round(start, 3))
            waits.append(round(wait, 3))
    return got, waits, aside, empty


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def assert_figures(expected: dict[str, Any], got: list[float], waits: list[float | None], label: str) -> None:
    answered = [w for w in waits if w is not None]
    assert (expected["tickets"], expected["answered"], expected["unanswered"]) == (
        len(got), len(answered), len(got) - len(answered)), label
    now = max(max(got), max(g + w for g, w in zip(got, waits, strict=True) if w is not None))
    assert datetime.fromisoformat(expected["now_utc"]).timestamp() == pytest.approx(now, abs=1e-3), label
    median = quantile(answered, 0.5) / 3600
    assert expected["median_hours_exact"] == pytest.approx(median, abs=1e-6), label
    assert abs(expected["median_hours"] - median) <= 0.005 + 1e-9, label
    assert abs(expected["p90_hours"] - quantile(answered, 0.9) / 3600) <= 0.005 + 1e-9, label
    for hours in (4, 24):
        limit = hours * 3600
        in_time = sum(w <= limit for w in answered)
        not_late = sum(now - g <= limit for g, w in zip(got, waits, strict=True) if w is None)
        within = expected["within"][f"{hours}h"]
        assert (within["answered_within"], within["unanswered_not_yet_over"]) == (in_time, not_late), label
        assert within["of_all"] == round((in_time + not_late) / len(got), 4), label
        assert within["of_all_unanswered_missed"] == round(in_time / len(got), 4), label
        assert within["of_answered"] == round(in_time / len(answered), 4), label


# ---- the tests --------------------------------------------------------------------------------

def test_every_file_is_written_and_named_in_expected_json(written: tuple[Path, dict[str, Any]]) -> None:
    folder, document = written
    named = {c["file"] for c in cases(document)}
    assert {p.name for p in folder.iterdir()} == named | {"expected.json"}
    assert document["rows"] == ROWS and document["seed"] == SEED
    for case in cases(document, "good"):
        assert case["rows_in_file"] == ROWS + len(case["empty_rows"])
        assert case["expected"]["tickets"] == ROWS - len(case["set_aside"])
        assert case["columns"]["received"] and case["columns"]["reply"] and case["columns"]["subject"]


def test_expected_figures_match_a_recomputation_from_each_file(written: tuple[Path, dict[str, Any]]) -> None:
    folder, document = written
    checked = 0
    for case in cases(document, "good"):
        header, rows = read_rows(folder, case)
        assert set(case["columns"].values()) <= set(header), case["name"]
        assert len(rows) == case["rows_in_file"], case["name"]
        got, waits, aside, empty = recompute(rows, case)
        assert empty == case["empty_rows"], case["name"]
        assert sorted(aside) == [s["line"] for s in case["set_aside"]], case["name"]
        for entry in case["set_aside"]:
            assert any(word in entry["reason"] for word in REASON_WORDS[aside[entry["line"]]]), (case["name"], entry)
        assert_figures(case["expected"], got, waits, case["name"])
        checked += 1
    assert checked >= 20


def test_layouts_of_the_same_tickets_agree(written: tuple[Path, dict[str, Any]]) -> None:
    layouts = written[1]["layouts"]
    same = ["helpdesk_minutes", "helpdesk_hours", "helpdesk_seconds", "duration_text", "duration_clock",
            "helpdesk_minutes_xlsx", "several_sheets_xlsx"]
    assert len({(layouts[n]["expected"]["tickets"], layouts[n]["expected"]["unanswered"]) for n in same}) == 1
    medians = [layouts[n]["expected"]["median_hours_exact"] for n in same]
    assert max(medians) - min(medians) < 0.02  # rounding to minutes, 0.01 h or seconds only
    business = layouts["helpdesk_minutes_business"]["expected"]
    assert business["median_hours_exact"] < layouts["helpdesk_minutes"]["expected"]["median_hours_exact"]


def test_the_files_carry_the_formats_they_claim(written: tuple[Path, dict[str, Any]]) -> None:
    folder, layouts = written[0], written[1]["layouts"]
    offsets = {m for line in (folder / "iso_offsets.csv").read_text().splitlines()[1:]
               for m in re.findall(r"\.\d{3}([+-]\d\d:\d\d)", line)}
    assert offsets == {"+00:00", "+01:00"}  # mixed across the clock changes, with milliseconds
    assert "Z," in (folder / "iso_utc_z.csv").read_text()
    for name in ("de", "fr", "es", "nl"):
        raw = (folder / f"{name}_spreadsheet.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
        table = pd.read_csv(io.BytesIO(raw), sep=";", dtype=str, encoding="utf-8-sig")
        hours = layouts[f"{name}_spreadsheet_hours"]["columns"]["reply"]
        assert table[hours].dropna().str.contains(r"^-?\d+,\d\d$").mean() > 0.99  # decimal commas
    table = pd.read_csv(folder / "helpdesk_minutes.csv", dtype=str)
    assert {"First reply time in minutes", "First reply time in minutes within business hours"} <= set(table.columns)
    assert table["First reply time in minutes"].dropna().str.isdigit().all()


def test_workbooks_open_with_openpyxl_and_pandas(written: tuple[Path, dict[str, Any]]) -> None:
    folder, layouts = written[0], written[1]["layouts"]
    for name in ("helpdesk_minutes_xlsx", "two_timestamps_xlsx", "several_sheets_xlsx"):
        case = layouts[name]
        frame = pd.read_excel(folder / case["file"], sheet_name=case["sheet"])
        assert len(frame) == ROWS
        assert pd.api.types.is_datetime64_any_dtype(frame[case["columns"]["received"]]), name
    book = openpyxl.load_workbook(folder / "several_sheets.xlsx", read_only=True)
    assert book.sheetnames == layouts["several_sheets_xlsx"]["expected"]["sheets"] == ["Summary", "Tickets"]


def test_the_formula_sheet_has_formulas_and_no_saved_values(written: tuple[Path, dict[str, Any]]) -> None:
    folder, case = written[0], written[1]["layouts"]["formula_only_xlsx"]
    path = folder / case["file"]
    frame = pd.read_excel(path, sheet_name="Log")
    assert all(frame[c].isna().all() for c in case["expected"]["columns"])
    saved = openpyxl.load_workbook(path, read_only=True, data_only=True)["Log"]
    assert all(row[1:4] == (None, None, None) for row in saved.iter_rows(min_row=2, values_only=True))
    formulas = openpyxl.load_workbook(path)["Log"]
    got, waits = [], []
    for line in range(2, ROWS + 2):
        start = re.fullmatch(r"=DATE\((\d+),(\d+),(\d+)\)\+TIME\((\d+),(\d+),(\d+)\)", formulas[f"B{line}"].value)
        assert start, line
        when = datetime(*map(int, start.groups()))
        got.append(when.replace(tzinfo=ZoneInfo(case["read_tz"])).timestamp())
        reply = formulas[f"C{line}"].value
        if reply is None:
            waits.append(None)
            continue
        added = re.fullmatch(rf"=B{line}\+(\d+)/86400", reply)
        assert added, line
        end = (when + timedelta(seconds=int(added.group(1)))).replace(tzinfo=ZoneInfo(case["read_tz"]))
        waits.append(end.timestamp() - got[-1])
    assert_figures(case["expected"]["figures_once_calculated"], got, waits, "formula_only_xlsx")


def test_the_locked_workbook_needs_its_password(written: tuple[Path, dict[str, Any]]) -> None:
    folder, case = written[0], written[1]["layouts"]["bad_password_xlsx"]
    path = folder / case["file"]
    assert not zipfile.is_zipfile(path)
    with pytest.raises(Exception):  # noqa: B017 - whatever openpyxl raises, it can't be read
        openpyxl.load_workbook(path)
    with pytest.raises(Exception):  # noqa: B017
        pd.read_excel(path)
    office = msoffcrypto.OfficeFile(io.BytesIO(path.read_bytes()))
    assert office.is_encrypted() and case["expected"]["password"] == PASSWORD
    office.load_key(password="wrong")
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        office.decrypt(io.BytesIO())
    opened = io.BytesIO()
    office = msoffcrypto.OfficeFile(io.BytesIO(path.read_bytes()))
    office.load_key(password=PASSWORD)
    office.decrypt(opened)
    assert opened.getvalue() == (folder / "two_timestamps.xlsx").read_bytes()


def test_the_corrupt_workbook_is_a_cut_off_zip(written: tuple[Path, dict[str, Any]]) -> None:
    folder, case = written[0], written[1]["layouts"]["bad_corrupt_xlsx"]
    data = (folder / case["file"]).read_bytes()
    assert data.startswith(b"PK") and not zipfile.is_zipfile(io.BytesIO(data))
    assert data == (folder / "helpdesk_minutes.xlsx").read_bytes()[: case["expected"]["bytes_kept"]]
    with pytest.raises(zipfile.BadZipFile):
        openpyxl.load_workbook(io.BytesIO(data))


def test_the_bad_reply_columns_are_as_described(written: tuple[Path, dict[str, Any]]) -> None:
    folder, layouts = written
    case = layouts["layouts"]["bad_free_text_reply"]
    _header, rows = read_rows(folder, case)
    replies = [row["First reply"] for _line, row in rows if row["First reply"]]
    assert len(replies) == case["expected"]["filled_values"] > 0
    assert all(instant(row["Date"], case["time_format"], case["read_tz"]) for _line, row in rows)
    for text in replies:
        assert instant(text, "iso8601", None) is None and instant(text, case["time_format"], case["read_tz"]) is None
        assert all(duration(text, unit, ".") is None for unit in ("minutes", "text", "clock"))

    case = layouts["layouts"]["bad_durations"]
    _header, rows = read_rows(folder, case)
    got, waits, aside, _empty = recompute(rows, case)
    assert sorted(line for line, why in aside.items() if why == "negative") == case["expected"]["negative_lines"]
    assert sorted(line for line, why in aside.items() if why == "unreadable reply") == case["expected"]["text_lines"]
    assert case["expected"]["negative_lines"] and case["expected"]["text_lines"]
    assert_figures(case["expected"]["figures_without_those_rows"], got, waits, "bad_durations")


def test_the_minutes_trap_is_whole_numbers_in_the_helpdesk_file(written: tuple[Path, dict[str, Any]]) -> None:
    folder, layouts = written[0], written[1]["layouts"]
    trap = layouts["minutes_read_as_dates"]
    assert trap["file"] == layouts["helpdesk_minutes"]["file"] and trap["reply_kind"] == "time"
    _header, rows = read_rows(folder, trap)
    values = [row[trap["columns"]["reply"]] for _line, row in rows if row[trap["columns"]["reply"]]]
    assert all(v.isdigit() for v in values) and len(values) == trap["expected"]["answered_values"]
    assert sum(int(v) < 10_000 for v in values) == trap["expected"]["whole_numbers_under_10000"]


def test_the_same_seed_writes_the_same_bytes_and_another_seed_draws_other_tickets(
        written: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    folder = written[0]
    write_layouts(tmp_path / "again", rows=ROWS, seed=SEED)
    for path in folder.iterdir():
        if path.name != "bad_password.xlsx":  # encryption salts are random; its contents are checked above
            assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name
    for shop in SHOPS.values():
        one, other = draw_truth(shop, ROWS, SEED), draw_truth(shop, ROWS, SEED + 1)
        assert (one.received != other.received).any() and (one.wait() != other.wait()).any()
