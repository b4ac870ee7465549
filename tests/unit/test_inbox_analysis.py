"""Your-own-inbox analysis: hand-computed cases, time zones, missing replies, malformed files."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from widgets.rules.inbox import analyse, guess_columns, load_tickets

NOW = pd.Timestamp("2026-03-10 12:00", tz="UTC")


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_hand_computed_small_inbox() -> None:
    data = csv("Ticket,Created At,First Reply At",
               "1,2026-03-02 09:00,2026-03-02 10:00",   # Monday, 1 h
               "2,2026-03-02 09:30,2026-03-03 09:30",   # Monday, 24 h
               "3,2026-03-07 20:00,2026-03-09 20:00",   # Saturday, 48 h
               "4,2026-03-09 12:00,")                  # unanswered, 24 h old at NOW
    tickets = load_tickets(data)
    assert tickets.problems == []
    assert (tickets.received_column, tickets.reply_column) == ("Created At", "First Reply At")
    result = analyse(tickets.frame, promise_hours=24, now=NOW)
    assert (result.tickets, result.answered, result.unanswered) == (4, 3, 1)
    assert result.within_promise == pytest.approx(3 / 4)  # 1 h, 24 h (on the promise), 24 h unanswered so far
    assert result.median_hours == 24 and result.p90_hours == pytest.approx(43.2)
    assert result.worst.iloc[0]["answered"] == np.False_ and result.worst.iloc[1]["hours"] == 48
    assert result.slow_by_weekday_hour.loc["Saturday", 20] == 1.0
    assert result.slow_by_weekday_hour.loc["Monday", 9] == 0.0


def test_day_first_dates_and_the_learners_time_zone() -> None:
    data = csv("received;replied", "25/12/2025 23:30;26/12/2025 08:30", "13/01/2026 10:00;13/01/2026 11:00")
    tickets = load_tickets(data, tz="Europe/Berlin")
    assert tickets.problems == []
    assert tickets.frame["received"].iloc[0] == pd.Timestamp("2025-12-25 22:30", tz="UTC")
    weekday_hour = analyse(tickets.frame, 4, now=NOW, tz="Europe/Berlin").slow_by_weekday_hour
    assert weekday_hour.loc["Thursday", 23] == 1.0  # 23:30 local on Christmas Day, a 9 h reply


def test_zones_in_the_data_are_respected() -> None:
    data = csv("created,first response", "2026-03-02T09:00:00-05:00,2026-03-02T15:00:00Z")
    frame = load_tickets(data).frame
    assert (frame["replied"] - frame["received"]).iloc[0] == pd.Timedelta(hours=1)


def test_rows_with_the_wrong_number_of_fields_are_counted() -> None:
    data = csv("received,first reply", "2026-03-02 09:00,2026-03-02 10:00", "2026-03-02 09:00,x,y,z")
    tickets = load_tickets(data)
    assert len(tickets.frame) == 1 and "1 row had the wrong number of columns" in tickets.problems[-1]


def test_bad_rows_are_counted_named_and_the_rest_analysed() -> None:
    data = csv("received,first reply", "2026-03-02 09:00,2026-03-02 10:00", "yesterday-ish,2026-03-02 10:00",
               "2026-03-02 09:00,2026-03-01 10:00", "2026-03-02 11:00,not yet sure")
    tickets = load_tickets(data)
    assert tickets.bad_rows == [3, 4, 5] and len(tickets.frame) == 1
    assert "3 rows set aside" in tickets.problems[0] and "lines 3, 4, 5" in tickets.problems[0]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    (b"tickets\nhello\n", "only one column"),
    (b"name,email\nMaya,m@x.com\n", "couldn't find the column"),
    (b"received,first reply\n", "header but no messages in it"),
])
def test_malformed_files_get_one_clear_message(data: bytes, message: str) -> None:
    tickets = load_tickets(data)
    assert tickets.frame.empty and message in tickets.problems[0]


def test_too_large_files_are_refused_before_reading() -> None:
    assert "the most we can analyse" in load_tickets(b"a,b\n" * 1000, max_bytes=100).problems[0]


def test_column_guessing() -> None:
    assert guess_columns(["id", "Date Received", "Replied At"]) == ("Date Received", "Replied At")
    assert guess_columns(["x", "y"]) == ("", "")


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
