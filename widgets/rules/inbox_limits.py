"""What an inbox export may be, as the inbox widget tells the learner before any file is read (no pandas)."""

MAX_BYTES = 20 * 1024 * 1024
"""Largest upload analysed (a year of a busy shop's tickets is a few MB)."""
MAX_UNPACKED = 10 * MAX_BYTES
"""Largest a workbook may unpack to (an .xlsx is a zip: a small file can hold a huge sheet)."""
MAX_SHEET_ROWS = 150_000
"""Most rows read from a workbook's sheet (openpyxl reads about 10,000 rows a second: see benchmarks/README)."""
ACCEPT = (".csv,.txt,.tsv,.xlsx,text/csv,text/plain,"
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
"""What the upload button offers to choose."""
DATE_ORDERS = {"auto": "Work it out", "day": "Day first (31/12/2025)", "month": "Month first (12/31/2025)"}
REPLY_KINDS = {
    "time": "a date and time",
    "minutes": "minutes after it arrived",
    "hours": "hours after it arrived",
    "seconds": "seconds after it arrived",
    "duration": "a wait like 1h 23m or 01:23:00",
}
"""What the first-reply column may hold: a time, or how long the reply took."""
SAMPLE_ROWS = 500
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

TIME_ZONES = (
    ("UTC", "UTC"), ("London, Lisbon", "Europe/London"), ("Dublin", "Europe/Dublin"),
    ("Paris, Berlin, Madrid, Rome", "Europe/Paris"), ("Amsterdam, Stockholm", "Europe/Amsterdam"),
    ("Athens, Helsinki", "Europe/Athens"), ("Johannesburg", "Africa/Johannesburg"), ("Lagos", "Africa/Lagos"),
    ("Dubai", "Asia/Dubai"), ("India", "Asia/Kolkata"), ("Singapore", "Asia/Singapore"), ("Tokyo", "Asia/Tokyo"),
    ("Perth", "Australia/Perth"), ("Sydney, Melbourne", "Australia/Sydney"), ("Auckland", "Pacific/Auckland"),
    ("Newfoundland", "America/St_Johns"), ("Atlantic (Halifax)", "America/Halifax"),
    ("Eastern (New York, Toronto)", "America/New_York"), ("Central (Chicago)", "America/Chicago"),
    ("Mountain (Denver)", "America/Denver"), ("Arizona", "America/Phoenix"),
    ("Pacific (Los Angeles, Vancouver)", "America/Los_Angeles"), ("Alaska", "America/Anchorage"),
    ("Hawaii", "Pacific/Honolulu"), ("Mexico City", "America/Mexico_City"), ("São Paulo", "America/Sao_Paulo"),
)
"""The time zones a learner can choose, as (what they read, the zone's name)."""
ZONE_NAMES = {value: label for label, value in TIME_ZONES}
