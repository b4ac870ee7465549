"""Make the sample support inbox shipped with lesson 2: `sample_tickets.csv`.

A small jewelry shop over a year: about 55 tickets a week, more on Mondays and
in the run-up to December; one owner answering on weekday mornings and
afternoons, rarely at weekends, sometimes missing one for days; a few still
unanswered at the export time. Times are in the shop's local time
(Europe/London), written as a typical helpdesk export does. Deterministic:

    python assets/data/make_sample_tickets.py   # rewrites sample_tickets.csv
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from random import Random

OUT = Path(__file__).with_name("sample_tickets.csv")
START = datetime(2025, 1, 6, 0, 0)  # a Monday
WEEKS = 52
EXPORT_AT = START + timedelta(weeks=WEEKS)
SUBJECTS = ("Where is my order?", "Broken clasp on necklace", "Ring size exchange", "Gift wrapping question",
            "Earring back missing", "Discount code not working", "Custom engraving", "Return request",
            "Chain tarnished", "Delivery address change")


def next_reply(received: datetime, rng: Random) -> datetime | None:
    """When the owner first answers a ticket received at ``received``."""
    if rng.random() < 0.15 and received > EXPORT_AT - timedelta(days=10):
        return None  # still in the inbox at export time
    moment = received + timedelta(minutes=rng.randint(5, 90))
    if rng.random() < 0.06:
        moment += timedelta(days=rng.randint(2, 9))  # slipped through the cracks
    while True:  # the owner answers 09:00-12:00 and 14:00-17:00 on weekdays, Saturdays only sometimes
        weekday, hour = moment.weekday(), moment.hour
        working = (weekday < 5 and (9 <= hour < 12 or 14 <= hour < 17)) or (weekday == 5 and rng.random() < 0.02)
        if working:
            return moment
        moment += timedelta(minutes=rng.randint(20, 70))


def tickets(seed: int = 259) -> list[dict[str, str]]:
    rng = Random(seed)
    rows = []
    for day in range(WEEKS * 7):
        date = START + timedelta(days=day)
        season = 1.8 if date.month in (11, 12) else 1.0
        mean = (12 if date.weekday() == 0 else 7.5 if date.weekday() < 5 else 5) * season
        for _ in range(max(0, round(rng.gauss(mean, 1.5)))):
            minute = rng.choice([rng.randint(7 * 60, 23 * 60), rng.randint(0, 24 * 60 - 1)])
            received = date + timedelta(minutes=minute)
            if received >= EXPORT_AT:
                continue
            reply = next_reply(received, rng)
            rows.append({"Ticket ID": "", "Subject": rng.choice(SUBJECTS),
                         "Created At": received.strftime("%d/%m/%Y %H:%M"),
                         "First Reply At": reply.strftime("%d/%m/%Y %H:%M") if reply else ""})
    rows.sort(key=lambda r: datetime.strptime(r["Created At"], "%d/%m/%Y %H:%M"))
    for number, row in enumerate(rows, start=1001):
        row["Ticket ID"] = f"T{number}"
    return rows


def main() -> None:
    rows = tickets()
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} tickets to {OUT}")


if __name__ == "__main__":
    main()
