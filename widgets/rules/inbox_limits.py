"""What an inbox export may be, as the inbox widget tells the learner before any file is read (no pandas)."""

MAX_BYTES = 20 * 1024 * 1024
"""Largest upload analysed (a year of a busy shop's tickets is a few MB)."""
DATE_ORDERS = {"auto": "Work it out", "day": "Day first (31/12/2025)", "month": "Month first (12/31/2025)"}
SAMPLE_ROWS = 500
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
