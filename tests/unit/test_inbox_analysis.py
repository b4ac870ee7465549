"""Your-own-inbox analysis: hand-computed cases, times and waits in every common form, time zones,
column guessing past decoys, the plausibility check, and files that can't be read."""

from __future__ import annotations

import io
import time
import zipfile

import numpy as np
import pandas as pd
import pytest

from widgets.rules import inbox_values
from widgets.rules.inbox import (
    analyse,
    guess_columns,
    guess_mapping,
    load_tickets,
    read_upload,
    reply_kind_of,
    sibling,
    tickets_from_table,
    unit_from_name,
    zone_from_offsets,
)
from widgets.rules.inbox_values import EMPTY, NEGATIVE, OK, UNREADABLE, read_durations, read_times

NOW = pd.Timestamp("2026-03-10 12:00", tz="UTC")


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def stamps(values: list[str]) -> list[str]:
    """What read_times made of each value, as text ('NaT' where it couldn't)."""
    return [str(v) for v in read_times(pd.Series(values, dtype=object)).tolist()]


def test_hand_computed_small_inbox() -> None:
    data = csv("Ticket,Created At,First Reply At",
               "1,2026-03-02 09:00,2026-03-02 10:00",   # Monday, 1 h
               "2,2026-03-02 09:30,2026-03-03 09:30",   # Monday, 24 h
               "3,2026-03-07 20:00,2026-03-09 20:00",   # Saturday, 48 h
               "4,2026-03-09 12:00,")                  # unanswered, 24 h old at NOW
    tickets = load_tickets(data)
    assert tickets.problems == [] and tickets.stop == ""
    assert (tickets.received_column, tickets.reply_column, tickets.reply_is) == ("Created At", "First Reply At", "time")
    result = analyse(tickets.frame, promise_hours=24, now=NOW)
    assert (result.tickets, result.answered, result.unanswered) == (4, 3, 1)
    assert result.within_promise == pytest.approx(3 / 4)  # 1 h, 24 h (on the promise), 24 h unanswered so far
    assert result.median_hours == 24 and result.p90_hours == pytest.approx(43.2)
    assert result.worst.iloc[0]["answered"] == np.False_ and result.worst.iloc[1]["hours"] == 48
    assert result.slow_by_weekday_hour.loc["Saturday", 20] == 1.0
    assert result.slow_by_weekday_hour.loc["Monday", 9] == 0.0


def test_the_same_tickets_with_the_reply_as_a_wait_in_minutes_hours_seconds_or_words() -> None:
    arrived = ["2026-03-02 09:00", "2026-03-02 09:30", "2026-03-07 20:00", "2026-03-09 12:00"]
    waits = {"First reply time in minutes": ["60", "1440", "2880", ""],
             "First response time (in hrs)": ["1,00", "24,00", "48,00", ""],
             "Time to first response (seconds)": ["3600", "86400", "172800", ""],
             "First response time": ["1h 0m", "1d 0h 0m", "2d", ""],
             "Response time": ["01:00:00", "24:00:00", "48:00:00", ""]}
    for header, values in waits.items():
        data = csv(f"Created at;{header};Replies", *(f"{a};{v};1" for a, v in zip(arrived, values, strict=True)))
        tickets = load_tickets(data)
        assert tickets.stop == "" and tickets.reply_column == header, header
        result = analyse(tickets.frame, 24, now=NOW)
        assert (result.tickets, result.unanswered, result.median_hours) == (4, 1, 24), header
        assert result.within_promise == pytest.approx(3 / 4), header


def test_day_first_dates_and_the_learners_time_zone() -> None:
    data = csv("received;replied", "25/12/2025 23:30;26/12/2025 08:30", "13/01/2026 10:00;13/01/2026 11:00")
    tickets = load_tickets(data, tz="Europe/Berlin")
    assert tickets.problems == []
    assert tickets.frame["received"].iloc[0] == pd.Timestamp("2025-12-25 22:30", tz="UTC")
    weekday_hour = analyse(tickets.frame, 4, now=NOW, tz="Europe/Berlin").slow_by_weekday_hour
    assert weekday_hour.loc["Thursday", 23] == 1.0  # 23:30 local on Christmas Day, a 9 h reply


def test_zones_in_the_data_are_respected() -> None:
    data = csv("created,first response", "2026-03-02T09:00:00-05:00,2026-03-02T15:00:00Z")
    tickets = load_tickets(data)
    assert tickets.zoned and (tickets.frame["replied"] - tickets.frame["received"]).iloc[0] == pd.Timedelta(hours=1)


def test_rows_with_the_wrong_number_of_fields_are_counted() -> None:
    data = csv("received,first reply", "2026-03-02 09:00,2026-03-02 10:00", "2026-03-02 09:00,x,y,z",
               "2026-03-02 10:00,2026-03-02 09:00")
    tickets = load_tickets(data)
    assert len(tickets.frame) == 1 and "1 row had the wrong number of columns" in tickets.problems[-1]
    assert "(line 4)" in tickets.problems[0]  # the line after the skipped one keeps its own number


def test_bad_rows_are_counted_named_and_the_rest_analysed() -> None:
    data = csv("received,first reply", "2026-03-02 09:00,2026-03-02 10:00", "yesterday-ish,2026-03-02 10:00",
               "2026-03-02 09:00,2026-03-01 10:00", "2026-03-02 11:00,not yet sure")
    tickets = load_tickets(data, reply_is="time")
    assert tickets.bad_rows == [3, 4, 5] and len(tickets.frame) == 1
    assert tickets.problems[0] == ("3 rows set aside, so 1 other is analysed: 1 date we couldn't read in “received” "
                                   "(line 3); 1 reply time we couldn't read in “first reply” (line 5); and 1 reply "
                                   "dated before the message arrived (line 4).")


def test_plural_wording_in_what_is_set_aside() -> None:
    rows = [f"2026-03-02 {9 + i}:00,2026-03-02 {8 + i}:00" for i in range(2)]  # two replies before the message
    rows += [f"2026-03-02 {9 + i}:00,2026-03-02 {10 + i}:00" for i in range(10)]
    problem = load_tickets(csv("received,first reply", *rows)).problems[0]
    assert "2 replies dated before the message arrived (lines 2, 3)" in problem and "replys" not in problem
    assert "so 10 others are analysed" in problem


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    (b"tickets\nhello\n", "only one column"),
    (b"name,email\nMaya,m@x.com\n", "couldn't find the column for when each message arrived"),
    (b"received,first reply\n", "header but no messages in it"),
])
def test_malformed_files_get_one_clear_message(data: bytes, message: str) -> None:
    tickets = load_tickets(data)
    assert tickets.frame.empty and tickets.stop and message in tickets.problems[0]


def test_too_large_files_are_refused_before_reading() -> None:
    assert "the most we can analyse" in load_tickets(b"a,b\n" * 1000, max_bytes=100).problems[0]


# ---- reading times ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "expected"), [
    (["31.12.2025 14:05", "01.10.2025 00:53", "30.02.2026 10:00", ""],
     ["2025-12-31 14:05:00", "2025-10-01 00:53:00", "NaT", "NaT"]),
    (["10/1/2025 08:53:30", "3/31/2026 14:05:00"], ["2025-10-01 08:53:30", "2026-03-31 14:05:00"]),
    (["Mar 31, 2026 02:05 PM", "Oct 01, 2025 12:53 AM", "Dec 24, 2025 12:00 PM"],
     ["2026-03-31 14:05:00", "2025-10-01 00:53:00", "2025-12-24 12:00:00"]),
    (["31 March 2026 14:05", "1 Jan 2026"], ["2026-03-31 14:05:00", "2026-01-01 00:00:00"]),
    (["31-12-25 14.05", "1/12/25 9.30"], ["2025-12-31 14:05:00", "2025-12-01 09:30:00"]),
    (["2025/10/01 08:53", "2025-10-01T08:53:30.123"], ["2025-10-01 08:53:00", "2025-10-01 08:53:30.123000"]),
    (["03/04/2026 09:00"], ["2026-04-03 09:00:00"]),  # either way round: day first, unless told
    (["3/4/2026 9:00 PM"], ["2026-03-04 21:00:00"]),  # a 12-hour clock: month first, as in the USA
], ids=["day-first dots", "month-first unpadded", "month names, AM/PM", "day and month name", "two-digit years",
        "ISO-like", "ambiguous", "ambiguous 12-hour"])
def test_times_written_as_spreadsheets_and_help_desks_write_them(values: list[str], expected: list[str]) -> None:
    assert stamps(values) == expected


def test_whole_numbers_are_not_dates_but_unix_timestamps_are() -> None:
    assert stamps(["904", "70", "2025-01-01 10:00"]) == ["NaT"] * 3  # minutes, not years
    assert stamps(["1759311435", "1759317283"]) == ["2025-10-01 09:37:15+00:00", "2025-10-01 11:14:43+00:00"]
    assert stamps(["1759311435123"]) == ["2025-10-01 09:37:15.123000+00:00"]
    assert stamps(["2026-01-05 09:00", "2026-01-05 10:00", "7"]) == ["2026-01-05 09:00:00", "2026-01-05 10:00:00",
                                                                     "NaT"]


def test_the_date_order_is_read_from_the_whole_column_not_its_first_rows() -> None:
    # A year sorted by date: the first thousand rows are all 1 to 12 October, month first.
    days = pd.date_range("2025-10-01", "2026-09-30 23:00", freq="h")
    text = [f"{d.month}/{d.day}/{d.year} {d.hour:02d}:00" for d in days]
    parsed = read_times(pd.Series(text, dtype=object))
    assert parsed.notna().all() and parsed.iloc[0] == pd.Timestamp("2025-10-01 00:00")
    assert read_times(pd.Series(text, dtype=object), "day").isna().mean() > 0.5  # told otherwise: mostly unreadable


def test_iso_offsets_across_a_clock_change_pick_out_the_zone() -> None:
    sample = pd.Series(["2025-10-01T10:37:15.270+01:00", "2025-11-01T10:37:15.270+00:00"], dtype=object)
    assert zone_from_offsets(sample) == "Europe/London"
    assert zone_from_offsets(pd.Series(["2025-10-01T10:37:15Z"], dtype=object)) == ""  # UTC says nothing of where
    summer = pd.Series(["2025-07-01T10:00:00-04:00", "2025-12-01T10:00:00-05:00"], dtype=object)
    assert zone_from_offsets(summer) == "America/New_York"


# ---- reading waits ------------------------------------------------------------------------------------

def test_waits_in_every_form() -> None:
    values = ["01:10:01", "49:05:12", "1:23", "45m", "1h 23m", "2d 3h 5m", "1 hour 5 minutes", "12", "7,5", "",
              "-15", "pending", "#N/A", "-01:00:00"]
    ms, status = read_durations(pd.Series(values, dtype=object), "minutes")
    minute = 60_000
    assert ms[:10].tolist()[:9] == [4_201_000, 176_712_000, 83 * minute, 45 * minute, 83 * minute,
                                    (2 * 1440 + 3 * 60 + 5) * minute, 65 * minute, 12 * minute, 7.5 * minute]
    assert status.tolist() == [OK] * 9 + [EMPTY, NEGATIVE, UNREADABLE, UNREADABLE, NEGATIVE]
    hours, _ = read_durations(pd.Series(["1.17", "0,01"], dtype=object), "hours")
    assert hours.tolist() == [4_212_000, 36_000]  # 0.01 h is exactly 36 s
    plain, status = read_durations(pd.Series(["12"], dtype=object), "duration")
    assert np.isnan(plain[0]) and status[0] == UNREADABLE  # a bare number needs a unit


def test_a_number_too_big_to_be_a_wait_is_set_aside_not_overflowed() -> None:
    data = csv("Created at,First reply time in minutes", *[f"2026-01-0{d} 09:00,{d * 10}" for d in range(1, 9)],
               "2026-01-09 09:00,99999999999999")
    tickets = load_tickets(data)
    assert len(tickets.frame) == 8 and "1 wait we couldn't read in “First reply time in minutes” (line 10)" in (
        tickets.problems[0])


@pytest.mark.parametrize(("header", "unit"), [
    ("First reply time in minutes", "minutes"), ("First reply time in minutes within business hours", "minutes"),
    ("First response time (in hrs)", "hours"), ("Time to first response (seconds)", "seconds"),
    ("Antwortzeit (Std.)", "hours"), ("Délai de réponse (h)", "hours"), ("Reactietijd (uur)", "hours"),
    ("Tiempo de respuesta (min)", "minutes"), ("Response time", ""), ("Customer's reply", ""),
])
def test_the_unit_is_read_from_the_header(header: str, unit: str) -> None:
    assert unit_from_name(header) == unit


# ---- guessing the columns -------------------------------------------------------------------------------

ZENDESK = ["Id", "Subject", "Status", "Created at", "Updated at", "Solved at", "Replies", "First reply time in minutes",
           "First reply time in minutes within business hours", "First resolution time in minutes"]


def test_column_guessing_gets_past_counts_yes_no_and_resolution_times() -> None:
    assert guess_columns(["id", "Date Received", "Replied At"]) == ("Date Received", "Replied At")
    assert guess_columns(["x", "y"]) == ("", "")
    assert guess_columns(ZENDESK) == ("Created at", "First reply time in minutes")
    row = "1,Order,Solved,2026-01-05 09:00:00,2026-01-05 12:00:00,2026-01-05 12:00:00,2,45,30,180"
    mapping = guess_mapping(read_upload(csv(",".join(ZENDESK), row))[0]).mapping
    assert (mapping.received, mapping.reply, mapping.reply_is, mapping.subject) == (
        "Created at", "First reply time in minutes", "minutes", "Subject")
    sheets = "Date received,Customer,Subject,Replied,Response time\n1/5/2026 09:00:00,Ada,Hi,Yes,01:10:00\n"
    mapping = guess_mapping(read_upload(sheets.encode())[0]).mapping
    assert (mapping.reply, mapping.reply_is) == ("Response time", "duration")  # not the Yes/No "Replied"


@pytest.mark.parametrize(("header", "row", "received", "reply", "tz"), [
    ("Ticket-Nr.;Erstellt am;Erste Antwort am;Antwortzeit (Std.);Betreff;Kunde;Kanal;Bearbeitet von",
     "T-1;31.03.2026 14:05;31.03.2026 15:05;1,00;Rechnung;Lena;E-Mail;Katrin", "Erstellt am", "Erste Antwort am",
     "Europe/Paris"),
    ("N° de ticket;Date de création;Première réponse le;Délai de réponse (h);Objet;Client;Canal;Statut",
     "D-1;31/03/2026 14:05;31/03/2026 15:05;1,00;Facture;Léa;E-mail;Résolu", "Date de création",
     "Première réponse le", "Europe/Paris"),
    ("Nº de ticket;Fecha de creación;Primera respuesta;Tiempo de respuesta (h);Asunto;Cliente;Estado",
     "I-1;31/03/2026 14:05;31/03/2026 15:05;1,00;Pedido;Hugo;Cerrado", "Fecha de creación", "Primera respuesta",
     "Europe/Paris"),
    ("Ticketnr.;Aangemaakt op;Eerste reactie op;Reactietijd (uur);Onderwerp;Klant;Kanaal",
     "NL-1;31-03-2026 14:05;31-03-2026 15:05;1,00;Factuur;Sem;E-mail", "Aangemaakt op", "Eerste reactie op",
     "Europe/Amsterdam"),
], ids=["German", "French", "Spanish", "Dutch"])
def test_headers_in_other_languages(header: str, row: str, received: str, reply: str, tz: str) -> None:
    guess = guess_mapping(read_upload(("\ufeff" + header + "\r\n" + row + "\r\n").encode())[0])
    assert (guess.mapping.received, guess.mapping.reply, guess.mapping.tz, guess.zone_hint) == (
        received, reply, tz, "language")


def test_calendar_and_business_hours_are_twins() -> None:
    assert sibling(ZENDESK, "First reply time in minutes") == "First reply time in minutes within business hours"
    assert sibling(ZENDESK, "First reply time in minutes within business hours") == "First reply time in minutes"
    assert sibling(ZENDESK, "First resolution time in minutes") == ""


def test_what_a_newly_chosen_reply_column_holds_is_guessed_again() -> None:
    table = read_upload(csv("Created,First response,Wait (hours),Wait", "2026-01-05 09:00,2026-01-05 10:00,1,1"))[0]
    assert reply_kind_of(table, "First response") == ("time", "values")
    assert reply_kind_of(table, "Wait (hours)") == ("hours", "name")
    assert reply_kind_of(table, "Wait") == ("", "")  # a number without a unit: the learner says which


# ---- the plausibility check: no impossible figure is ever a result -------------------------------------------

def minutes_export(rows: int = 40) -> bytes:
    lines = [f"{1000 + i},2026-01-{1 + i % 28:02d} 09:00:00,{(i * 37) % 900 + 5}" for i in range(rows)]
    return csv("Id,Created at,First reply time in minutes", *lines)


def test_minutes_read_as_dates_stop_with_what_to_try() -> None:
    tickets = load_tickets(minutes_export(), reply_is="time")
    assert tickets.frame.empty
    assert tickets.stop.startswith("The “First reply time in minutes” column holds numbers like “5”, “42” and “79”, "
                                   "not dates. Is it a wait in minutes? Choose “minutes after it arrived” under "
                                   "“First reply is”.")
    assert load_tickets(minutes_export(), reply_is="minutes").stop == ""


@pytest.mark.parametrize(("lines", "reply_is", "says"), [
    (["1001,2026-01-05 09:00,2026-01-05 10:00"] * 3, "time", "“Id” column holds numbers like “1001”"),
    ([f"2026-01-05 09:00,2025-0{m}-05 10:00" for m in range(1, 4)] * 5, "time", "Most replies (15 of 15) come before"),
    ([f"2020-01-05 09:00,2026-0{m}-05 10:00" for m in range(1, 4)] * 5, "time",
     "The typical wait comes out at 6.1 years, which can't be right"),
    ([f"2026-01-05 09:00,{w}" for w in ("see thread", "called back", "done")], "time",
     "holds notes like “see thread”, “called back” and “done”, not times or waits"),
    ([f"2026-01-05 09:00,{w}" for w in ("45m", "1h 2m")], "time", "holds waits like “45m” and “1h 2m”, not dates"),
    ([f"2026-01-05 09:00,{w}" for w in ("45", "62")], "", "Are they minutes, hours or seconds"),
    ([f"2026-01-05 09:00,2026-01-0{d} 10:00" for d in range(5, 9)], "minutes", "holds dates and times, like"),
])
def test_implausible_readings_stop_before_any_figure(lines: list[str], reply_is: str, says: str) -> None:
    header = "Id,Created,First reply" if lines[0].startswith("1001") else "Created,First reply"
    received = "Id" if header.startswith("Id") else ""
    tickets = load_tickets(csv(header, *lines), received=received, reply="First reply", reply_is=reply_is)
    assert tickets.frame.empty and says in tickets.stop, tickets.stop


def test_most_rows_unreadable_is_a_misreading_not_data() -> None:
    lines = [f"2026-01-{d:02d} 09:00,2026-01-{d:02d} 10:00" for d in range(1, 29)] + ["13/13/2026 09:00,x"] * 30
    tickets = load_tickets(csv("received,first reply", *lines), received="received", reply="first reply",
                           reply_is="time")
    assert tickets.stop.startswith("Most dates in “received” (30 of 58) couldn't be read.")


# ---- workbooks ------------------------------------------------------------------------------------

def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


TICKETS = [["Received", "First reply", "Subject"],
           [pd.Timestamp("2026-01-05 09:00").to_pydatetime(), pd.Timestamp("2026-01-05 10:30").to_pydatetime(), "A"],
           [pd.Timestamp("2026-01-05 11:00").to_pydatetime(), None, "B"]]


def test_a_workbook_is_read_with_its_dates_and_numbers() -> None:
    data = workbook({"Tickets": TICKETS})
    tickets = load_tickets(data)
    assert tickets.stop == "" and len(tickets.frame) == 2
    result = analyse(tickets.frame, 24, now=pd.Timestamp("2026-01-05 12:00", tz="UTC"))
    assert (result.answered, result.unanswered, result.median_hours) == (1, 1, 1.5)
    minutes = workbook({"Export": [["Created at", "First reply time in minutes"],
                                   [pd.Timestamp("2026-01-05 09:00").to_pydatetime(), 90]]})
    assert analyse(load_tickets(minutes).frame, 24, now=NOW).median_hours == 1.5


def test_of_several_sheets_the_one_with_tickets_is_read_and_each_can_be_chosen() -> None:
    data = workbook({"Summary": [["Support summary, 2026"], [], ["Month", "Tickets"], ["2026-01", 2]],
                     "Tickets": TICKETS})
    table, _ = read_upload(data)
    assert table is not None and table.sheets == ("Summary", "Tickets") and table.sheet == "Tickets"
    summary, _ = read_upload(data, sheet="Summary")
    assert summary is not None and summary.sheet == "Summary"


@pytest.mark.parametrize(("data", "says"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le"),
     "This workbook is password-protected"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "older Excel workbook (.xls)"),
    (b"PK\x03\x04" + b"\x00" * 100, "looks damaged, or only partly downloaded"),
], ids=["password", "xls", "cut off"])
def test_workbooks_that_cannot_be_opened_say_why(data: bytes, says: str) -> None:
    table, problem = read_upload(data)
    assert table is None and says in problem


def test_a_zip_that_is_not_a_workbook_or_unpacks_too_big_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "not an Excel workbook" in read_upload(out.getvalue())[1]
    assert "Unpacked, that workbook is" in read_upload(workbook({"T": TICKETS}), max_unpacked=1000)[1]


def test_a_sheet_too_long_to_read_quickly_is_refused_before_reading() -> None:
    from widgets.rules.inbox_read import read_workbook

    data = workbook({"Tickets": TICKETS * 10})
    table, problem = read_workbook(data, max_rows=12)
    assert table is None and problem == ("That workbook's sheet “Tickets” has 29 rows; the most we can read from a "
                                         "workbook here is 12. Export a shorter period, or save it as CSV.")
    assert read_workbook(data, max_rows=29)[0] is not None


def test_a_sheet_of_formulas_without_saved_results_is_named() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Ticket", "Received", "First reply"])
    sheet.append(["L1", "=DATE(2026,1,5)+TIME(9,0,0)", "=B2+1/24"])
    out = io.BytesIO()
    book.save(out)  # openpyxl saves formulas without results, as a script would
    table, _ = read_upload(out.getvalue())
    assert table is not None and table.formulas == ("Received", "First reply")
    stop = tickets_from_table(table, received="Received", reply="First reply", reply_is="time").stop
    assert stop.startswith("The “Received” and “First reply” columns hold formulas whose results were never saved")


def test_csv_in_the_encodings_spreadsheets_save() -> None:
    text = "Créé le;Première réponse le\r\n05/01/2026 09:00;05/01/2026 10:00\r\n"
    for data in (text.encode("utf-16"), text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode()):
        tickets = load_tickets(data)
        assert tickets.stop == "" and len(tickets.frame) == 1, data[:4]


def test_empty_rows_are_not_tickets() -> None:
    data = b"\xef\xbb\xbfreceived;first reply;note\r\n05/01/2026 09:00;05/01/2026 10:00;x\r\n;;\r\n;;\r\n"
    tickets = load_tickets(data)
    assert tickets.problems == [] and len(tickets.frame) == 1


# ---- speed and the shipped sample --------------------------------------------------------------------

def test_no_tickets_and_nothing_answered() -> None:
    empty = load_tickets(csv("received,first reply")).frame
    result = analyse(empty, 24, now=NOW)
    assert (result.tickets, result.within_promise, result.median_hours) == (0, 0.0, None)


def test_100k_tickets_speed_is_reported_not_timed(capsys: pytest.CaptureFixture[str]) -> None:
    # Correctness at scale; the time is printed for the benchmark, never asserted here.
    rng = np.random.default_rng(1)
    start = pd.Timestamp("2025-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 365 * 24 * 60, 100_000), "min")
    reply = start + pd.to_timedelta(rng.exponential(600, 100_000).astype(int), "min")
    frame = pd.DataFrame({"received": start.strftime("%Y-%m-%d %H:%M"),
                          "first reply": reply.strftime("%Y-%m-%d %H:%M")})
    data = frame.to_csv(index=False).encode()
    began = time.perf_counter()
    result = analyse(load_tickets(data).frame, 24, now=NOW)
    print(f"100k tickets: {time.perf_counter() - began:.2f} s")
    assert result.tickets == 100_000 and result.unanswered == 0


def test_shipped_sample_is_reproducible_and_analyses_cleanly(tmp_path) -> None:
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "assets" / "data" / "make_sample_tickets.py"
    spec = importlib.util.spec_from_file_location("make_sample_tickets", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.OUT = tmp_path / "sample.csv"
    module.main()
    shipped = script.with_name("sample_tickets.csv").read_bytes()
    assert module.OUT.read_bytes() == shipped
    tickets = load_tickets(shipped, tz="Europe/London")
    assert tickets.problems == [] and 2000 < len(tickets.frame) < 5000
    result = analyse(tickets.frame, 24, now=pd.Timestamp("2026-01-05", tz="UTC"), tz="Europe/London")
    assert result.unanswered > 0 and 0.5 < result.within_promise < 0.95


def test_the_repeated_hour_when_clocks_go_back_is_read_not_set_aside() -> None:
    data = csv("received,first reply", "26/10/2025 01:30,26/10/2025 09:00", "30/03/2025 01:30,30/03/2025 09:00")
    tickets = load_tickets(data, tz="Europe/London")
    assert tickets.problems == [] and len(tickets.frame) == 2
    # 01:30 happens twice on 26 October: read as the first (BST, 00:30 UTC).
    assert tickets.frame["received"][0] == pd.Timestamp("2025-10-26 00:30", tz="UTC")


def test_one_odd_date_is_still_read_by_another_format() -> None:
    rows = [f"0{d}/01/2026 09:00,0{d}/01/2026 10:00" for d in range(1, 10)] + ["2026-01-10T09:00,2026-01-10T09:30"]
    tickets = load_tickets(csv("received,first reply", *rows))
    assert tickets.problems == [] and len(tickets.frame) == 10


def test_stray_values_do_not_change_how_a_column_is_read() -> None:
    assert inbox_values.describe(pd.Series(["2026-01-05 09:00"] * 9 + ["n/a"], dtype=object)).kind == "time"
    assert inbox_values.describe(pd.Series(["Yes", "No"], dtype=object)).kind == ""
