"""Realistic help-desk and spreadsheet exports for lesson 2's "your own inbox", with their expected figures.

Ground truth first: each invented shop's tickets are drawn once (arrival instants in the shop's own
time zone, first replies from the owner's working hours, some never answered, the rest cut off at the
export moment). That truth is then written out the way a help desk or a spreadsheet would, one file
per layout, and each layout's expected figures are computed from the truth as that layout expresses
it (minutes rounded as a help desk rounds them, times cut to the minute where a spreadsheet shows
only minutes) — never by the lesson's own code.

    python tests/inbox_layouts/make_layouts.py OUTDIR [--rows N] [--seed S]

writes every layout into OUTDIR plus OUTDIR/expected.json. From Python:
``write_layouts(outdir, rows=2500, seed=7) -> dict[str, Layout]``. README.md beside this file
describes each layout and the definitions.
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import json
import re
import string
import sys
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

MS_S, MS_MIN, MS_H, MS_DAY = 1000, 60_000, 3_600_000, 86_400_000
THRESHOLDS = (4, 24)  # hours: the figures report the share answered within each
PERIOD_START = "2025-10-01 00:00"  # shop-local; the period spans the late-October and the March clock changes
PERIOD_END = "2026-04-13 10:00"  # shop-local: a Monday morning, the latest an export can be made
BUSINESS_HOURS = (9, 17)  # the help desk's business-hours schedule: Monday to Friday, local time
PASSWORD = "fail-forward-2026"
FIXED_STAMP = datetime(2026, 4, 13, 12, 0, 0)  # written into workbooks so they come out byte-for-byte the same
VERSION = 1

# Arrivals by local hour (relative weights): quiet at night, busy late morning and again in the evening.
HOUR_PROFILE = np.array([0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.3, 0.6, 1.0, 1.3, 1.45, 1.4,
                         1.3, 1.25, 1.3, 1.25, 1.15, 1.05, 1.0, 1.1, 1.2, 1.1, 0.8, 0.45])
WEEKDAY_PROFILE = np.array([1.35, 1.1, 1.0, 1.0, 0.95, 0.6, 0.55])  # Monday first


# ---- the shops ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Shop:
    key: str
    tz: str
    trade: str
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    agents: tuple[str, ...]
    subjects: tuple[str, ...]


SHOPS = {shop.key: shop for shop in (
    Shop("ny", "America/New_York", "a candle and home-fragrance shop",
         ("Avery", "Jordan", "Maria", "Chris", "Tasha", "Kevin", "Lena", "Marcus", "Priya", "Diego", "Hannah",
          "Omar", "Grace", "Tyler", "Nina", "Sean"),
         ("Brooks", "Nguyen", "Patel", "Garcia", "Kim", "Johnson", "Rivera", "Cohen", "Walsh", "Okoro", "Baker",
          "Lopez"),
         ("Dana Ruiz", "Sam Okafor"),
         ("Where's my order?", "Candle arrived cracked", "Wick won't stay lit", "Wholesale pricing, 24 units",
          "Change shipping address", "Gift note missing", 'Scent "Cedar & Smoke" back in stock?',
          "Refund for a duplicate charge", "Discount code SPRING10 not working", "Jar sizes <8 oz?",
          "Tracking says delivered, nothing here", "Can I add a lid to my order?")),
    Shop("london", "Europe/London", "a loose-leaf tea shop",
         ("Olivia", "Harry", "Amelia", "George", "Isla", "Jack", "Sophie", "Aarav", "Freya", "Callum", "Zara",
          "Rhys"),
         ("Smith", "Jones", "Taylor", "Brown", "Evans", "Khan", "Murphy", "Hughes", "Patel", "Wright"),
         ("Priya Shah", "Tom Reed"),
         ("Order not arrived yet", "Wrong tea in my parcel", "Subscription: skip next month",
          "Is the Assam caffeine-free?", "Broken teapot lid", "Gift card balance", "Change delivery day",
          "Loose leaf or bags, which should I order?", "Refund for the Earl Grey tin",
          "Sample pack & brewing tips", "Invoice for my company", "Parcel left with neighbour <no note>")),
    Shop("de", "Europe/Berlin", "a bicycle-parts shop",
         ("Lena", "Jonas", "Mia", "Lukas", "Hannah", "Felix", "Emma", "Paul", "Sophie", "Leon"),
         ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schäfer"),
         ("Katrin Vogel", "Mehmet Arslan"),
         ("Wo bleibt meine Bestellung?", "Falsche Kettengröße geliefert", "Rücksendung Bremsbeläge",
          "Rechnung mit ausgewiesener MwSt.", "Passt der Sattel auf mein Rad?", "Lieferadresse ändern",
          "Gutschein funktioniert nicht", "Schaltauge defekt; gibt es Ersatz?", "Paket beschädigt angekommen",
          "Frage zur Garantie")),
    Shop("fr", "Europe/Paris", "a ceramics workshop",
         ("Camille", "Lucas", "Chloé", "Hugo", "Léa", "Louis", "Manon", "Gabriel", "Inès", "Jules"),
         ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"),
         ("Élodie Garnier", "Karim Benali"),
         ("Où en est ma commande ?", "Tasse arrivée fêlée", "Échange de couleur possible ?",
          "Facture pour mon entreprise", "Délai de livraison pour Noël", "Adresse de livraison à modifier",
          "Code promo refusé", "Passe au lave-vaisselle ?", "Retour d'un bol ; remboursement",
          "Commande groupée pour un café")),
    Shop("es", "Europe/Madrid", "a delicatessen selling olive oil and cheese",
         ("Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Pablo", "Julia", "Álvaro", "Paula", "Daniel"),
         ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz"),
         ("Marta Iglesias", "Jorge Navarro"),
         ("¿Dónde está mi pedido?", "Botella de aceite rota", "Cambiar la dirección de entrega", "Factura con NIF",
          "¿Enviáis a Canarias?", "Lote de Navidad incompleto", "Código de descuento no válido",
          "Fecha de caducidad del queso", "Devolución; producto equivocado", "Pedido para empresa, 30 cestas")),
    Shop("nl", "Europe/Amsterdam", "a house-plant shop",
         ("Emma", "Daan", "Julia", "Sem", "Tess", "Lucas", "Sophie", "Finn", "Anna", "Milan"),
         ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
          "de Boer"),
         ("Sanne Kok", "Youssef El Amrani"),
         ("Waar blijft mijn bestelling?", "Plant kwam beschadigd aan", "Verzorgingstips voor mijn monstera",
          "Bezorgadres wijzigen", "Factuur op bedrijfsnaam", "Kortingscode werkt niet", "Pot te klein; ruilen?",
          "Wanneer weer op voorraad?", "Retour en terugbetaling", "Cadeaubon: hoe gebruik ik die?")),
)}
SHOP_ORDER = tuple(SHOPS)


# ---- ground truth -------------------------------------------------------------------------------

@dataclass
class Truth:
    """One shop's tickets. Times are epoch milliseconds, UTC."""

    shop: Shop
    received: np.ndarray  # int64, sorted
    replied: np.ndarray  # int64, meaningful where answered
    answered: np.ndarray  # bool
    business: np.ndarray  # int64 ms of business hours (Mon-Fri 09-17 local) from received to reply
    solved: np.ndarray  # int64, -1 where not solved by the export moment
    export: int  # the export moment: the newest ticket's arrival (no reply is later)
    first: np.ndarray  # indices into shop.first_names ...
    last: np.ndarray
    subject: np.ndarray
    agent: np.ndarray
    pick: np.ndarray  # a uniform 0..1 per ticket, for the layouts' own columns (status words, channels...)
    seed: tuple[int, int] = (0, 0)
    cache: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.received)

    def u(self, column: int) -> np.ndarray:
        """Another uniform 0..1 per ticket, independent of ``pick``, one stream per ``column``."""
        return np.random.default_rng([*self.seed, 1000 + column]).random(self.rows)

    def wait(self) -> np.ndarray:
        """Calendar milliseconds to first reply (0 where unanswered)."""
        return np.where(self.answered, self.replied - self.received, 0)

    def names(self) -> list[str]:
        return self._cached("names", lambda: [f"{self.shop.first_names[f]} {self.shop.last_names[s]}"
                                              for f, s in zip(self.first.tolist(), self.last.tolist(), strict=True)])

    def emails(self) -> list[str]:
        """Addresses at the reserved example domains, made from the customer's name."""
        def make() -> list[str]:
            local = [[_ascii(f"{f}.{s}").replace(" ", "").lower() for s in self.shop.last_names]
                     for f in self.shop.first_names]
            domains = ("example.com", "example.net", "example.org")
            return [f"{local[f][s]}{i % 97}@{domains[i % 3]}"
                    for i, (f, s) in enumerate(zip(self.first.tolist(), self.last.tolist(), strict=True))]
        return self._cached("emails", make)

    def subjects(self) -> list[str]:
        return self._cached("subjects", lambda: [self.shop.subjects[s] for s in self.subject.tolist()])

    def agents(self) -> list[str]:
        """Who answered ('' where nobody has yet)."""
        return self._cached("agents", lambda: [self.shop.agents[a] if ok else "" for a, ok in
                                               zip(self.agent.tolist(), self.answered.tolist(), strict=True)])

    def _cached(self, key: str, make: Callable[[], list[str]]) -> list[str]:
        if key not in self.cache:
            self.cache[key] = make()
        return list(self.cache[key])


def _ascii(text: str) -> str:
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _to_ms(index: pd.DatetimeIndex) -> np.ndarray:
    return index.as_unit("ms").asi8


def business_clock(ms: np.ndarray, tz: str) -> np.ndarray:
    """Business milliseconds (Mon-Fri 09:00-17:00 local) from a fixed Monday up to each time."""
    local = _to_ms(pd.DatetimeIndex(pd.to_datetime(ms, unit="ms", utc=True)).tz_convert(tz).tz_localize(None))
    day = local // MS_DAY
    monday_based = day + 3  # 1970-01-01 was a Thursday
    weeks, weekday = monday_based // 7, monday_based % 7
    length = (BUSINESS_HOURS[1] - BUSINESS_HOURS[0]) * MS_H
    into = local - day * MS_DAY
    part = np.where(weekday < 5, np.clip(into - BUSINESS_HOURS[0] * MS_H, 0, length), 0)
    return (weeks * 5 + np.minimum(weekday, 5)) * length + part


def draw_truth(shop: Shop, rows: int, seed: int) -> Truth:
    """A shop's tickets over the period: arrivals like a small shop's, replies in the owner's working time."""
    rng = np.random.default_rng([seed, SHOP_ORDER.index(shop.key)])
    start = pd.Timestamp(PERIOD_START, tz=shop.tz).tz_convert("UTC")
    end = pd.Timestamp(PERIOD_END, tz=shop.tz).tz_convert("UTC")

    # Arrivals: pick UTC hours weighted by the local weekday, hour and season, then a moment in the hour.
    hours = pd.date_range(start, end, freq="h", inclusive="left")
    local = hours.tz_convert(shop.tz)
    naive = local.tz_localize(None)
    weight = (WEEKDAY_PROFILE[local.day_of_week.to_numpy()] * HOUR_PROFILE[local.hour.to_numpy()]
              * _season(local.month.to_numpy(), local.day.to_numpy()))
    # The second pass of the hour repeated when clocks go back has no arrivals: a wall-clock time written
    # without its offset then means one instant only (the lesson reads such a time as the first pass).
    weight[np.asarray(naive.duplicated())] = 0
    chosen = rng.choice(len(hours), size=rows, p=weight / weight.sum())
    received = np.sort(_to_ms(hours)[chosen] + rng.integers(0, MS_H, rows))
    export = int(received[-1])  # the export is made just as the newest message arrives

    # Replies: the owner's working minutes (local), a skewed delay counted in working minutes.
    grid = pd.date_range(start, end + pd.Timedelta(days=45), freq="min")
    grid0 = int(_to_ms(grid)[0])
    glocal = grid.tz_convert(shop.tz)
    weekday, minute = glocal.day_of_week.to_numpy(), (glocal.hour * 60 + glocal.minute).to_numpy()
    def between(first: int, last: int) -> np.ndarray:
        return (minute >= first) & (minute < last)

    working = ((weekday < 5) & (between(510, 750) | between(795, 1065))  # 08:30-12:30, 13:15-17:45
               | ((weekday == 5) & between(600, 690))  # Saturday: a look at the inbox at ten
               | ((weekday < 4) & between(1200, 1230)))  # Mon-Thu: half an hour after dinner
    dates = glocal.normalize().tz_localize(None)
    holiday = (dates >= pd.Timestamp("2025-12-24")) & (dates <= pd.Timestamp("2026-01-01"))
    days = pd.date_range(PERIOD_START[:10], PERIOD_END[:10], freq="D")
    sick = days[rng.choice(len(days), size=6, replace=False)]
    working &= ~(np.asarray(holiday) | np.asarray(dates.isin(sick)))
    done = np.cumsum(working)

    kind = rng.random(rows)
    effort = np.where(kind < 0.74, rng.lognormal(np.log(30), 1.0, rows),  # a quick answer
                      np.where(kind < 0.95, rng.lognormal(np.log(240), 0.8, rows),  # needs looking into
                               rng.lognormal(np.log(60), 1.0, rows)))  # slipped through: seen days later
    effort = np.maximum(1, np.rint(effort)).astype(np.int64)
    noticed = received + np.where(kind >= 0.95, rng.integers(2 * MS_DAY, 10 * MS_DAY, rows), 0)
    first_minute = np.minimum((noticed - grid0 + MS_MIN - 1) // MS_MIN, len(done) - 1)
    before = np.where(first_minute > 0, done[np.maximum(first_minute - 1, 0)], 0)
    reply_minute = np.searchsorted(done, before + effort, side="left")
    reachable = reply_minute < len(done)
    reply_minute = np.minimum(reply_minute, len(done) - 1)
    replied = grid0 + reply_minute * MS_MIN + rng.integers(0, MS_MIN, rows)
    replied = np.maximum(replied, received + MS_S)
    never = rng.random(rows) < 0.015  # spam, or lost for good
    answered = reachable & ~never & (replied <= export)
    replied = np.where(answered, replied, 0)

    business = np.where(answered, business_clock(np.where(answered, replied, received), shop.tz)
                        - business_clock(received, shop.tz), 0)
    solve = np.where(answered, replied + np.rint(rng.lognormal(np.log(3 * MS_H), 1.2, rows)).astype(np.int64), -1)
    solved = np.where(answered & (solve <= export), solve, -1)
    return Truth(shop, received, replied, answered, business, solved, export,
                 first=rng.integers(0, len(shop.first_names), rows), last=rng.integers(0, len(shop.last_names), rows),
                 subject=rng.integers(0, len(shop.subjects), rows), agent=rng.integers(0, len(shop.agents), rows),
                 pick=rng.random(rows), seed=(seed, SHOP_ORDER.index(shop.key)))


def _season(month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Busier from late November to just before Christmas, and with returns in early January."""
    peak = ((month == 11) & (day >= 24)) | ((month == 12) & (day <= 20))
    quiet = ((month == 12) & (day > 20)) | ((month == 1) & (day == 1))
    returns = (month == 1) & (day >= 2) & (day <= 16)
    return np.where(peak, 1.7, np.where(quiet, 0.8, np.where(returns, 1.3, 1.0)))


# ---- figures --------------------------------------------------------------------------------------

def figures(received: np.ndarray, wait: np.ndarray, answered: np.ndarray, kept: np.ndarray) -> dict[str, Any]:
    """The figures of the kept rows, from times and waits as the layout writes them (ms).

    A ticket without a reply counts as waiting from its arrival until "now", the newest time in the
    file (the latest arrival or reply, a reply being arrival + wait). Within the promise means a wait
    of at most the promise (a wait exactly on it is kept)."""
    got, waits, done = received[kept], wait[kept], answered[kept]
    tickets, answered_n = int(kept.sum()), int(done.sum())
    if not tickets:
        return {"tickets": 0, "answered": 0, "unanswered": 0, "median_hours": None}
    now = int(max(got.max(), np.where(done, got + waits, got).max()))
    waited = np.where(done, waits, now - got)
    answered_waits = waits[done].astype(np.float64)
    median = float(np.median(answered_waits)) / MS_H if answered_n else None
    p90 = float(np.quantile(answered_waits, 0.9)) / MS_H if answered_n else None
    out: dict[str, Any] = {
        "tickets": tickets, "answered": answered_n, "unanswered": tickets - answered_n,
        "median_hours": None if median is None else round(median, 2), "median_hours_exact": median,
        "p90_hours": None if p90 is None else round(p90, 2), "now_utc": iso_utc(now), "within": {},
    }
    for hours in THRESHOLDS:
        ok = waited <= hours * MS_H
        in_time, not_late_yet = int((ok & done).sum()), int((ok & ~done).sum())
        out["within"][f"{hours}h"] = {
            "of_all": round((in_time + not_late_yet) / tickets, 4),
            "of_all_unanswered_missed": round(in_time / tickets, 4),
            "of_answered": round(in_time / answered_n, 4) if answered_n else None,
            "answered_within": in_time, "unanswered_not_yet_over": not_late_yet,
        }
    return out


def iso_utc(ms: int) -> str:
    return pd.Timestamp(ms, unit="ms", tz="UTC").strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


# ---- writing values the way tools write them ---------------------------------------------------------

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def stamps(ms: np.ndarray, tz: str | None, pattern: str, mask: np.ndarray | None = None) -> list[str]:
    """Format UTC ms as local wall-clock text ('' where ``mask`` is False). ``pattern`` is a str.format
    pattern over Y m d H M S f (milliseconds) I p b (12-hour clock, AM/PM, month name) z (offset, +01:00)."""
    ms = np.asarray(ms, dtype=np.int64)
    local = ms if tz is None else _to_ms(pd.DatetimeIndex(pd.to_datetime(ms, unit="ms", utc=True))
                                         .tz_convert(tz).tz_localize(None))
    dt = local.astype("datetime64[ms]")
    month_start = dt.astype("datetime64[M]")
    month = month_start.astype(np.int64) % 12 + 1
    into = local - dt.astype("datetime64[D]").astype(np.int64) * MS_DAY
    hour = into // MS_H
    offset = (local - ms) // MS_MIN
    zones = {int(o): f"{'+' if o >= 0 else '-'}{abs(int(o)) // 60:02d}:{abs(int(o)) % 60:02d}"
             for o in np.unique(offset)}
    fields: dict[str, Callable[[], list[Any]]] = {
        "Y": lambda: (dt.astype("datetime64[Y]").astype(np.int64) + 1970).tolist(), "m": month.tolist,
        "d": lambda: ((dt.astype("datetime64[D]") - month_start.astype("datetime64[D]")).astype(np.int64)
                      + 1).tolist(),
        "H": hour.tolist, "M": lambda: (into // MS_MIN % 60).tolist(), "S": lambda: (into // MS_S % 60).tolist(),
        "f": lambda: (into % MS_S).tolist(), "I": lambda: np.where(hour % 12 == 0, 12, hour % 12).tolist(),
        "p": lambda: np.where(hour < 12, "AM", "PM").tolist(),
        "b": lambda: np.asarray(MONTHS)[month - 1].tolist(), "z": lambda: [zones[o] for o in offset.tolist()],
    }
    # str.format per row is slow for 100,000 rows: the pattern becomes a %-format over the fields it uses.
    template, used = "", []
    for literal, name, spec, _conversion in string.Formatter().parse(pattern):
        template += literal.replace("%", "%%")
        if name is not None:
            template += f"%{spec}" if spec else ("%s" if name in "pbz" else "%d")
            used.append(name)
    out = [template % row for row in zip(*(fields[name]() for name in used), strict=True)]
    return out if mask is None else [v if k else "" for v, k in zip(out, mask.tolist(), strict=True)]


def floor_to(ms: np.ndarray, step: int) -> np.ndarray:
    return (np.asarray(ms, dtype=np.int64) // step) * step


def round_to(ms: np.ndarray, step: int) -> np.ndarray:
    """Round half up to a whole number of ``step`` (help desks round durations this way)."""
    return (np.asarray(ms, dtype=np.int64) + step // 2) // step


def dhm_text(minutes: int) -> str:
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h {mins}m"
    return f"{hours}h {mins}m" if hours else f"{mins}m"


def clock_text(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def centi_text(centi: int, decimal: str = ".") -> str:
    sign = "-" if centi < 0 else ""
    whole, cents = divmod(abs(centi), 100)
    return f"{sign}{whole}{decimal}{cents:02d}"


def choose(pick: np.ndarray, options: Sequence[str], weights: Sequence[float]) -> list[str]:
    edges = np.cumsum(np.asarray(weights, dtype=float) / sum(weights))
    return [options[i] for i in np.minimum(np.searchsorted(edges, pick, side="right"), len(options) - 1)]


def blank_unless(mask: np.ndarray, values: Sequence[str]) -> list[str]:
    return [v if k else "" for v, k in zip(values, mask.tolist(), strict=True)]


def write_csv(path: Path, header: Sequence[str], columns: Sequence[Sequence[Any]], *, delimiter: str = ",",
              bom: bool = False, crlf: bool = False, extra_rows: Sequence[Sequence[str]] = ()) -> None:
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
        writer.writerow(header)
        writer.writerows(zip(*columns, strict=True))
        writer.writerows(extra_rows)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry one fixed date, so a workbook is the same bytes every time."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_STAMP.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        self.writestr(arcname or Path(filename).name, Path(filename).read_bytes())


@dataclass
class Column:
    """One column of a worksheet: its header and a value per row (None = empty cell).

    kind: text | number | date (wall-clock epoch ms, written as an Excel serial date) | formula
    (text after '='); ``number_format`` styles date and formula cells."""

    header: str
    kind: str
    values: Sequence[Any]
    number_format: str | None = None


@dataclass
class Sheet:
    title: str
    columns: list[Column] = field(default_factory=list)
    rows: list[list[Any]] | None = None  # a small sheet written cell by cell by openpyxl instead


EXCEL_EPOCH_MS = int(pd.Timestamp("1899-12-30").value // 1_000_000)


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> None:
    """An .xlsx whose parts (styles, workbook, content types) openpyxl writes, and whose big sheets'
    rows are written here as SpreadsheetML directly: openpyxl without lxml takes about a millisecond a
    row, too slow for the 100,000-row benchmark files. Inline strings, serial dates, formulas without
    cached values; everything is read back with openpyxl by the tests."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        if spec.rows is not None:
            for row in spec.rows:
                sheet.append(row)
            continue
        sheet.append([c.header for c in spec.columns])
        for j, column in enumerate(spec.columns, start=1):  # a styled cell per format, so styles.xml has it
            if column.number_format:
                sheet.cell(row=2, column=j, value=datetime(2026, 1, 1)).number_format = column.number_format
    book.properties.created = book.properties.modified = FIXED_STAMP
    book.properties.creator = "make_layouts.py"
    skeleton = io.BytesIO()
    with _FixedTimeZip(skeleton, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()

    big = {f"xl/worksheets/sheet{i}.xml": spec for i, spec in enumerate(sheets, start=1) if spec.rows is None}
    with zipfile.ZipFile(io.BytesIO(skeleton.getvalue())) as source, \
            _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target:
        for member in source.namelist():
            data = source.read(member)
            if member in big:
                data = _sheet_xml(data.decode(), big[member], get_column_letter).encode()
            target.writestr(member, data)


def _sheet_xml(skeleton: str, spec: Sheet, letter: Callable[[int], str]) -> str:
    styles = dict(re.findall(r'<c r="([A-Z]+)2" s="(\d+)"', skeleton))
    header_row = re.search(r'<row r="1"[^>]*>.*?</row>', skeleton, re.S)
    assert header_row is not None
    letters = [letter(j) for j in range(1, len(spec.columns) + 1)]
    cells: list[Callable[[int, Any], str]] = []
    for name, column in zip(letters, spec.columns, strict=True):
        style = f' s="{styles[name]}"' if name in styles else ""
        if column.kind == "text":
            cells.append(lambda r, v, n=name: f'<c r="{n}{r}" t="inlineStr"><is><t>{_escaped(v)}</t></is></c>')
        elif column.kind == "number":
            cells.append(lambda r, v, n=name: f'<c r="{n}{r}"><v>{v}</v></c>')
        elif column.kind == "date":
            cells.append(lambda r, v, n=name, s=style: f'<c r="{n}{r}"{s}><v>{(v - EXCEL_EPOCH_MS) / MS_DAY!r}</v></c>')
        else:
            cells.append(lambda r, v, n=name, s=style: f'<c r="{n}{r}"{s}><f>{escape(str(v))}</f></c>')
    count = len(spec.columns[0].values)
    rows = [header_row.group(0)]
    for i, values in enumerate(zip(*(c.values for c in spec.columns), strict=True)):
        r = i + 2
        rows.append(f'<row r="{r}">' + "".join(cell(r, v) for cell, v in zip(cells, values, strict=True)
                                                if v is not None and v != "") + "</row>")
    data = "<sheetData>" + "".join(rows) + "</sheetData>"
    out = re.sub(r"<sheetData>.*</sheetData>|<sheetData\s*/>", lambda _m: data, skeleton, count=1, flags=re.S)
    return re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:{letters[-1]}{count + 1}"/>', out, count=1)


@functools.lru_cache(maxsize=65_536)
def _escaped(value: Any) -> str:
    return escape(str(value))


def wall_clock(ms: np.ndarray, tz: str) -> np.ndarray:
    """UTC epoch ms → the same instants as wall-clock ms in ``tz`` (to the second, as Excel holds them)."""
    local = pd.DatetimeIndex(pd.to_datetime(floor_to(ms, MS_S), unit="ms", utc=True)).tz_convert(tz).tz_localize(None)
    return _to_ms(local)


def masked(values: Sequence[Any] | np.ndarray, mask: np.ndarray) -> list[Any]:
    listed = values.tolist() if isinstance(values, np.ndarray) else list(values)
    return [v if k else None for v, k in zip(listed, mask.tolist(), strict=True)]


# ---- layouts -----------------------------------------------------------------------------------

@dataclass
class Layout:
    """One case in expected.json: a file, the mapping a learner should make, and what they should see."""

    name: str
    file: str
    format: str  # csv | xlsx
    imitates: str
    kind: str = "good"  # good | bad (the lesson should report a problem, not figures)
    sheet: str | None = None
    encoding: str | None = "utf-8"
    bom: bool = False
    delimiter: str | None = ","
    decimal: str | None = "."
    columns: dict[str, str | None] = field(default_factory=dict)  # received, reply, subject
    reply_kind: str | None = None  # time | duration
    unit: str | None = None  # minutes | hours | seconds | text ("1h 23m") | clock ("01:23:00")
    variant: str | None = None  # calendar | business (hours Mon-Fri 09:00-17:00 local)
    time_format: str | None = None  # strptime pattern, or iso8601 | unix_seconds | excel_datetime
    read_tz: str | None = None  # the zone times without an offset are in; None when the data carries zones
    shop_tz: str = ""
    date_order: str | None = None  # day | month; None when the dates can't be read two ways
    rows_in_file: int = 0  # data rows below the header
    set_aside: list[dict[str, Any]] = field(default_factory=list)  # rows the lesson should set aside
    empty_rows: list[int] = field(default_factory=list)  # rows with no values at all (not tickets)
    expected: dict[str, Any] = field(default_factory=dict)  # figures, or for bad inputs the problem
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Context:
    outdir: Path
    rows: int
    seed: int
    truths: dict[str, Truth] = field(default_factory=dict)

    def truth(self, key: str) -> Truth:
        if key not in self.truths:
            self.truths[key] = draw_truth(SHOPS[key], self.rows, self.seed)
        return self.truths[key]

    def rng(self, name: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])


def _rows_for_typos(ctx: Context, name: str, truth: Truth, count: int, *, short: bool = True) -> list[int]:
    """Distinct answered rows (never the newest) for a layout's deliberate mistakes."""
    wait = truth.wait()
    ok = truth.answered & ((wait < 20 * MS_H) if short else True)
    ok[-1] = False
    candidates = np.flatnonzero(ok)
    count = min(count, len(candidates))
    return sorted(ctx.rng(name).choice(candidates, size=count, replace=False).tolist()) if count else []


def _time_case(truth: Truth, precision: int, kept: np.ndarray | None = None) -> dict[str, Any]:
    got = floor_to(truth.received, precision)
    wait = np.where(truth.answered, floor_to(truth.replied, precision) - got, 0)
    return figures(got, wait, truth.answered, np.ones(truth.rows, bool) if kept is None else kept)


def _duration_case(truth: Truth, received_precision: int, wait_ms: np.ndarray,
                   kept: np.ndarray | None = None) -> dict[str, Any]:
    return figures(floor_to(truth.received, received_precision), np.where(truth.answered, wait_ms, 0),
                   truth.answered, np.ones(truth.rows, bool) if kept is None else kept)


# Zendesk-style ticket export ---------------------------------------------------------------------

def helpdesk_minutes(ctx: Context) -> list[Layout]:
    t = ctx.truth("ny")
    tz, done = t.shop.tz, t.answered
    minutes, business = round_to(t.wait(), MS_MIN), round_to(t.business, MS_MIN)
    solved = t.solved >= 0
    updated = np.minimum(np.maximum(np.where(solved, t.solved, np.where(done, t.replied, t.received)), t.received)
                         + (t.u(20) * 2 * MS_H).astype(np.int64), t.export)
    status = [("Closed" if p < 0.5 else "Solved") if s else ("Pending" if a else ("Open" if p < 0.3 else "New"))
              for p, s, a in zip(t.pick.tolist(), solved.tolist(), done.tolist(), strict=True)]
    stamp = "{Y:04d}-{m:02d}-{d:02d} {H:02d}:{M:02d}:{S:02d}"
    header = ["Id", "Requester", "Requester email", "Assignee", "Group", "Subject", "Tags", "Status", "Priority",
              "Via", "Created at", "Updated at", "Solved at", "Replies", "First reply time in minutes",
              "First reply time in minutes within business hours", "First resolution time in minutes",
              "Full resolution time in minutes", "Satisfaction Score"]
    resolution = round_to(np.where(solved, t.solved - t.received, 0), MS_MIN)
    columns = [
        [str(18_201 + i) for i in range(t.rows)], t.names(), t.emails(), t.agents(),
        blank_unless(done, ["Support"] * t.rows), t.subjects(),
        choose(t.u(1), ["order_status shipping", "damaged", "wholesale", "returns refund", "product_question",
                                    "address_change shipping", "discount"], [4, 1, 1, 2, 3, 1, 1]),
        status, choose(t.u(2), ["Normal", "High", "Low", "Urgent"], [7, 1.5, 1, 0.2]),
        choose(t.u(3), ["Mail", "Web form", "Chat"], [5, 3, 1]),
        stamps(t.received, tz, stamp), stamps(updated, tz, stamp), stamps(t.solved, tz, stamp, solved),
        [str(int(n)) for n in np.where(done, 1 + (t.u(21) * 3).astype(int), 0)],
        blank_unless(done, [str(m) for m in minutes.tolist()]),
        blank_unless(done, [str(m) for m in business.tolist()]),
        blank_unless(solved, [str(m) for m in resolution.tolist()]),
        blank_unless(solved, [str(m) for m in resolution.tolist()]),
        choose(t.u(4), ["Unoffered", "Offered", "Good", "Bad"], [5, 2, 2.5, 0.5]),
    ]
    write_csv(ctx.outdir / "helpdesk_minutes.csv", header, columns)
    common = dict(file="helpdesk_minutes.csv", format="csv", imitates="a Zendesk ticket export (CSV)",
                  reply_kind="duration", unit="minutes", time_format="%Y-%m-%d %H:%M:%S", read_tz=tz, shop_tz=tz,
                  rows_in_file=t.rows)
    subject = {"received": "Created at", "subject": "Subject"}
    calendar = Layout("helpdesk_minutes", **common, variant="calendar",
                      columns={**subject, "reply": "First reply time in minutes"},
                      expected=_duration_case(t, MS_S, minutes * MS_MIN),
                      notes=["The case in issue 16: 'Created at' and first reply as whole minutes, with the "
                             "business-hours variant in the next column.",
                             "'First resolution time in minutes' is also '... in minutes': not the first reply; "
                             "'Replies' is a count of replies, not a time (today's guess picks it)."])
    business_case = Layout("helpdesk_minutes_business", **common, variant="business",
                           columns={**subject, "reply": "First reply time in minutes within business hours"},
                           expected=_duration_case(t, MS_S, business * MS_MIN),
                           notes=["Business hours: Monday to Friday 09:00-17:00 in the shop's zone; a reply made "
                                  "outside them can have 0 business minutes.",
                                  "'now' and the wait so far of an unanswered ticket are calendar time (the file "
                                  "doesn't say the schedule); 'of_all_unanswered_missed' avoids that choice."])
    answered_minutes = minutes[done]
    trap = Layout("minutes_read_as_dates", kind="bad", **{**common, "reply_kind": "time", "unit": None},
                  columns={**subject, "reply": "First reply time in minutes"},
                  expected={"problem": "reply_looks_like_minutes_not_dates", "column": "First reply time in minutes",
                            "message_should_name": ["First reply time in minutes", "minutes"],
                            "values_like": sorted(set(answered_minutes[:200].tolist()))[:: 25][:6],
                            "answered_values": int(done.sum()),
                            "whole_numbers_under_10000": int((answered_minutes < 10_000).sum()),
                            "four_digit_values_a_date_reader_may_take_as_years":
                                int(((answered_minutes >= 1000) & (answered_minutes < 10_000)).sum()),
                            "right_reading": "helpdesk_minutes"},
                  notes=["The trap in issue 16: taken as dates, whole minutes become years or nothing, most rows "
                         "look unreadable or 'before the message', and the waits left over are centuries. The "
                         "plausibility check should stop here and suggest minutes; with the unit chosen the "
                         "figures are those of 'helpdesk_minutes'."])
    return [calendar, business_case, trap]


# Freshdesk-style export: hours with two decimals -------------------------------------------------------

def helpdesk_hours(ctx: Context) -> list[Layout]:
    t = ctx.truth("ny")
    tz, done, solved = t.shop.tz, t.answered, t.solved >= 0
    centi = round_to(t.wait(), 36_000)
    resolution = round_to(np.where(solved, t.solved - t.received, 0), 36_000)
    stamp = "{Y:04d}-{m:02d}-{d:02d} {H:02d}:{M:02d}:{S:02d}"
    status = [("Closed" if p < 0.6 else "Resolved") if s else ("Pending" if a else "Open")
              for p, s, a in zip(t.pick.tolist(), solved.tolist(), done.tolist(), strict=True)]
    header = ["Ticket ID", "Subject", "Status", "Priority", "Source", "Type", "Agent", "Group", "Created time",
              "Resolved time", "Last update time", "Full name", "Email", "Tags", "Survey results",
              "First response time (in hrs)", "Resolution time (in hrs)", "Agent interactions",
              "Customer interactions"]
    columns = [
        [str(5_001 + i) for i in range(t.rows)], t.subjects(), status,
        choose(t.u(0), ["Low", "Medium", "High", "Urgent"], [2, 6, 1.5, 0.3]),
        choose(t.u(5), ["Email", "Portal", "Chat", "Phone"], [6, 3, 1, 0.5]),
        choose(t.u(6), ["Question", "Problem", "Refund", "Feature Request"], [5, 3, 1.5, 0.3]),
        t.agents(), blank_unless(done, ["Customer Care"] * t.rows),
        stamps(t.received, tz, stamp), stamps(t.solved, tz, stamp, solved),
        stamps(np.where(solved, t.solved, np.where(done, t.replied, t.received)), tz, stamp),
        t.names(), t.emails(), choose(t.u(7), ["", "shipping", "damaged", "refund"], [5, 3, 1, 1]),
        choose(t.u(8), ["", "Happy", "Neutral", "Unhappy"], [6, 3, 0.6, 0.4]),
        blank_unless(done, [centi_text(c) for c in centi.tolist()]),
        blank_unless(solved, [centi_text(c) for c in resolution.tolist()]),
        [str(int(n)) for n in np.where(done, 1 + (t.u(21) * 3).astype(int), 0)],
        [str(int(n)) for n in 1 + (t.u(22) * 2).astype(int)],
    ]
    write_csv(ctx.outdir / "helpdesk_hours.csv", header, columns)
    return [Layout("helpdesk_hours", "helpdesk_hours.csv", "csv", "a Freshdesk ticket export (CSV)",
                   columns={"received": "Created time", "reply": "First response time (in hrs)", "subject": "Subject"},
                   reply_kind="duration", unit="hours", variant="calendar", time_format="%Y-%m-%d %H:%M:%S",
                   read_tz=tz, shop_tz=tz, rows_in_file=t.rows,
                   expected=_duration_case(t, MS_S, centi * 36_000),
                   notes=["Hours with two decimals (0.01 h = 36 s), the same tickets as helpdesk_minutes."])]


# Intercom-style conversation export: seconds, times in UTC ------------------------------------------------

def helpdesk_seconds(ctx: Context) -> list[Layout]:
    t = ctx.truth("ny")
    done, solved = t.answered, t.solved >= 0
    seconds = round_to(t.wait(), MS_S)
    close = round_to(np.where(solved, t.solved - t.received, 0), MS_S)
    header = ["Conversation ID", "Started at (UTC)", "Channel", "Contact name", "Contact email", "Subject",
              "Teammate assigned", "Tags", "State", "Conversation rating", "Time to first response (seconds)",
              "Time to close (seconds)"]
    columns = [
        [str(215_634_187_000_000 + 7919 * i) for i in range(t.rows)],
        stamps(t.received, None, "{Y:04d}-{m:02d}-{d:02d} {H:02d}:{M:02d}:{S:02d}"),
        choose(t.u(0), ["Email", "Messenger", "Instagram"], [4, 4, 1]), t.names(), t.emails(), t.subjects(),
        t.agents(), choose(t.u(3), ["", "Orders", "Returns", "Wholesale"], [4, 3, 1, 0.5]),
        ["closed" if s else ("open" if not a else "snoozed") for s, a in zip(solved.tolist(), done.tolist(),
                                                                            strict=True)],
        choose(t.u(4), ["", "5", "4", "3", "1"], [6, 2.5, 1, 0.3, 0.2]),
        blank_unless(done, [str(s) for s in seconds.tolist()]),
        blank_unless(solved, [str(s) for s in close.tolist()]),
    ]
    write_csv(ctx.outdir / "helpdesk_seconds.csv", header, columns)
    return [Layout("helpdesk_seconds", "helpdesk_seconds.csv", "csv", "an Intercom conversations export (CSV)",
                   columns={"received": "Started at (UTC)", "reply": "Time to first response (seconds)",
                            "subject": "Subject"},
                   reply_kind="duration", unit="seconds", variant="calendar", time_format="%Y-%m-%d %H:%M:%S",
                   read_tz="UTC", shop_tz=t.shop.tz, rows_in_file=t.rows,
                   expected=_duration_case(t, MS_S, seconds * MS_S),
                   notes=["Times are UTC without an offset (the header says so); the shop is in New York, so "
                          "the weekday-hour chart needs America/New_York to show its own hours."])]


# Help Scout-style report: "1h 23m" ---------------------------------------------------------------------

def duration_text(ctx: Context) -> list[Layout]:
    t = ctx.truth("ny")
    done, solved = t.answered, t.solved >= 0
    minutes = round_to(t.wait(), MS_MIN)
    resolution = round_to(np.where(solved, t.solved - t.received, 0), MS_MIN)
    header = ["Conversation ID", "Number", "Customer", "Customer email", "Subject", "Mailbox", "Assigned to",
              "Status", "Tags", "Created", "First response time", "Resolution time"]
    columns = [
        [str(2_890_000_000 + 131 * i) for i in range(t.rows)], [str(4_100 + i) for i in range(t.rows)],
        t.names(), t.emails(), t.subjects(), ["Shop inbox"] * t.rows, t.agents(),
        ["closed" if s else ("pending" if a else "active") for s, a in zip(solved.tolist(), done.tolist(),
                                                                          strict=True)],
        choose(t.u(0), ["", "orders", "returns", "vip"], [5, 3, 1, 0.3]),
        stamps(t.received, t.shop.tz, "{b} {d:02d}, {Y:04d} {I:02d}:{M:02d} {p}"),
        blank_unless(done, [dhm_text(m) for m in minutes.tolist()]),
        blank_unless(solved, [dhm_text(m) for m in resolution.tolist()]),
    ]
    write_csv(ctx.outdir / "duration_text.csv", header, columns)
    return [Layout("duration_text", "duration_text.csv", "csv", "a Help Scout conversation report (CSV)",
                   columns={"received": "Created", "reply": "First response time", "subject": "Subject"},
                   reply_kind="duration", unit="text", variant="calendar", time_format="%b %d, %Y %I:%M %p",
                   read_tz=t.shop.tz, shop_tz=t.shop.tz, rows_in_file=t.rows,
                   expected=_duration_case(t, MS_MIN, minutes * MS_MIN),
                   notes=["Durations written like '45m', '1h 23m', '2d 3h 5m' (whole minutes, rounded).",
                          "'Created' is shown to the minute with AM/PM."])]


# A Google Sheets log: "01:23:00" and a Yes/No "Replied" column --------------------------------------------------

def duration_clock(ctx: Context) -> list[Layout]:
    t = ctx.truth("ny")
    done = t.answered
    seconds = round_to(t.wait(), MS_S)
    header = ["Date received", "Customer", "Email", "Subject", "Channel", "Replied", "Response time", "Handled by",
              "Notes"]
    notes = choose(t.u(11), ["", "follow-up sent", "customer called as well", "refund issued",
                                         "asked for photos"], [12, 1, 0.5, 0.5, 0.5])
    columns = [
        stamps(t.received, t.shop.tz, "{m}/{d}/{Y:04d} {H:02d}:{M:02d}:{S:02d}"), t.names(), t.emails(),
        t.subjects(), choose(t.u(0), ["Email", "Website form", "Instagram DM", "Phone"], [5, 3, 1, 0.4]),
        ["Yes" if a else "No" for a in done.tolist()],
        blank_unless(done, [clock_text(s) for s in seconds.tolist()]),
        [a.split()[0] if a else "" for a in t.agents()], notes,
    ]
    write_csv(ctx.outdir / "duration_clock.csv", header, columns, crlf=True)
    return [Layout("duration_clock", "duration_clock.csv", "csv", "a support log kept in Google Sheets (CSV download)",
                   columns={"received": "Date received", "reply": "Response time", "subject": "Subject"},
                   reply_kind="duration", unit="clock", variant="calendar", time_format="%m/%d/%Y %H:%M:%S",
                   read_tz=t.shop.tz, shop_tz=t.shop.tz, date_order="month", rows_in_file=t.rows,
                   expected=_duration_case(t, MS_S, seconds * MS_S),
                   notes=["Month first, without leading zeros ('3/31/2026 14:05:00'); durations as [h]:mm:ss, "
                          "hours past 24 kept ('49:05:12').",
                          "'Replied' holds Yes/No: a header that looks like the reply column but isn't."])]


# Two timestamp columns ------------------------------------------------------------------------------

def iso_offsets(ctx: Context) -> list[Layout]:
    name = "iso_offsets"
    t = ctx.truth("london")
    tz, done, solved = t.shop.tz, t.answered, t.solved >= 0
    typos = _rows_for_typos(ctx, name, t, 2)
    replied = t.replied.copy()
    early = ctx.rng(name + "/early").integers(2 * MS_MIN, 15 * MS_MIN, len(typos))
    replied[typos] = t.received[typos] - early  # a merged ticket keeps the other ticket's earlier response
    stamp = "{Y:04d}-{m:02d}-{d:02d}T{H:02d}:{M:02d}:{S:02d}.{f:03d}{z}"
    header = ["Ticket ID", "Channel", "Status", "Customer email", "Customer name", "Subject", "Tags", "Assignee",
              "Created", "First response", "Closed", "Satisfaction score", "Messages"]
    columns = [
        [str(310_000 + 3 * i) for i in range(t.rows)],
        choose(t.u(0), ["email", "contact_form", "chat", "instagram-direct-message"], [5, 2, 2, 1]),
        ["closed" if s else "open" for s in solved.tolist()], t.emails(), t.names(), t.subjects(),
        choose(t.u(1), ["", "where-is-my-order", "refund", "subscription", "wholesale"],
               [3, 3, 1, 1, 0.3]),
        t.agents(), stamps(t.received, tz, stamp), stamps(replied, tz, stamp, done),
        stamps(t.solved, tz, stamp, solved),
        choose(t.u(2), ["", "5", "4", "3", "2", "1"], [7, 2, 1, 0.3, 0.2, 0.2]),
        [str(int(n)) for n in 1 + np.where(done, 1 + (t.u(21) * 4).astype(int), 0)],
    ]
    write_csv(ctx.outdir / "iso_offsets.csv", header, columns)
    kept = np.ones(t.rows, bool)
    kept[typos] = False
    return [Layout(name, "iso_offsets.csv", "csv", "a Gorgias ticket export (CSV)",
                   columns={"received": "Created", "reply": "First response", "subject": "Subject"},
                   reply_kind="time", time_format="iso8601", read_tz=None, shop_tz=tz, rows_in_file=t.rows,
                   set_aside=[{"line": i + 2, "column": "First response",
                               "reason": "reply dated before the message arrived"} for i in typos],
                   expected=_time_case(t, 1, kept),
                   notes=["ISO 8601 with milliseconds and the local offset: +01:00 before 26 October 2025 and "
                          "after 29 March 2026, +00:00 between.",
                          "Two merged tickets carry a first response a few minutes before they were created."])]


def iso_utc_z(ctx: Context) -> list[Layout]:
    t = ctx.truth("london")
    done = t.answered
    stamp = "{Y:04d}-{m:02d}-{d:02d}T{H:02d}:{M:02d}:{S:02d}Z"
    header = ["id", "created_at", "first_response_at", "status", "subject", "customer_email", "assignee_email",
              "tags"]
    agents = [_ascii(a).split()[0].lower() + "@example.com" if a else "" for a in t.agents()]
    columns = [
        [str(88_000 + i) for i in range(t.rows)], stamps(t.received, "UTC", stamp),
        stamps(t.replied, "UTC", stamp, done),
        ["closed" if s >= 0 else "active" for s in t.solved.tolist()], t.subjects(), t.emails(), agents,
        choose(t.u(0), ["", "orders", "orders|refund", "subscription"], [3, 4, 1, 1]),
    ]
    write_csv(ctx.outdir / "iso_utc_z.csv", header, columns)
    return [Layout("iso_utc_z", "iso_utc_z.csv", "csv", "a CSV made from a help desk's API (Help Scout or Front style)",
                   columns={"received": "created_at", "reply": "first_response_at", "subject": "subject"},
                   reply_kind="time", time_format="iso8601", read_tz=None, shop_tz=t.shop.tz, rows_in_file=t.rows,
                   expected=_time_case(t, MS_S),
                   notes=["UTC with 'Z', to the second: the same tickets as iso_offsets."])]


def unix_seconds(ctx: Context) -> list[Layout]:
    t = ctx.truth("london")
    done, solved = t.answered, t.solved >= 0
    updated = np.where(solved, t.solved, np.where(done, t.replied, t.received))
    header = ["id", "created_at", "updated_at", "state", "source.subject", "source.author.email",
              "admin_assignee_id", "statistics.first_admin_reply_at", "statistics.last_close_at", "tags"]
    columns = [
        [str(1_000_245_000 + i) for i in range(t.rows)], [str(s) for s in (t.received // MS_S).tolist()],
        [str(s) for s in (updated // MS_S).tolist()],
        ["closed" if s else "open" for s in solved.tolist()], t.subjects(), t.emails(),
        blank_unless(done, [str(7_300_100 + a) for a in t.agent.tolist()]),
        blank_unless(done, [str(s) for s in (t.replied // MS_S).tolist()]),
        blank_unless(solved, [str(s) for s in (t.solved // MS_S).tolist()]),
        choose(t.u(0), ["", "orders", "returns"], [5, 3, 1]),
    ]
    write_csv(ctx.outdir / "unix_seconds.csv", header, columns)
    return [Layout("unix_seconds", "unix_seconds.csv", "csv", "Intercom conversations from its API, flattened to CSV",
                   columns={"received": "created_at", "reply": "statistics.first_admin_reply_at",
                            "subject": "source.subject"},
                   reply_kind="time", time_format="unix_seconds", read_tz=None, shop_tz=t.shop.tz,
                   rows_in_file=t.rows, expected=_time_case(t, MS_S),
                   notes=["Unix timestamps in whole seconds (10 digits); 'updated_at' and "
                          "'statistics.last_close_at' are timestamps too."])]


# European spreadsheets -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Spreadsheet:
    shop: str
    language: str
    header: tuple[str, ...]  # number, created, first reply, hours, subject, customer, email, channel, status, handler
    date_pattern: str
    error_value: str  # what Excel shows when the hours formula meets a date it can't read
    channels: tuple[str, ...]
    statuses: tuple[str, str, str]  # open, waiting for the customer (after a reply), done
    number_prefix: str


SPREADSHEETS = (
    Spreadsheet("de", "German", ("Ticket-Nr.", "Erstellt am", "Erste Antwort am", "Antwortzeit (Std.)", "Betreff",
                                 "Kunde", "E-Mail", "Kanal", "Status", "Bearbeitet von"),
                "{d:02d}.{m:02d}.{Y:04d} {H:02d}:{M:02d}", "#WERT!", ("E-Mail", "Kontaktformular", "Telefon"),
                ("Offen", "Wartet auf Kunde", "Erledigt"), "T-"),
    Spreadsheet("fr", "French", ("N° de ticket", "Date de création", "Première réponse le", "Délai de réponse (h)",
                                 "Objet", "Client", "E-mail", "Canal", "Statut", "Traité par"),
                "{d:02d}/{m:02d}/{Y:04d} {H:02d}:{M:02d}", "#VALEUR!", ("E-mail", "Formulaire", "Téléphone"),
                ("Ouvert", "En attente du client", "Résolu"), "DEM-"),
    Spreadsheet("es", "Spanish", ("Nº de ticket", "Fecha de creación", "Primera respuesta", "Tiempo de respuesta (h)",
                                  "Asunto", "Cliente", "Correo electrónico", "Canal", "Estado", "Atendido por"),
                "{d:02d}/{m:02d}/{Y:04d} {H:02d}:{M:02d}", "#¡VALOR!", ("Correo", "Formulario web", "WhatsApp"),
                ("Abierto", "Esperando al cliente", "Cerrado"), "INC-"),
    Spreadsheet("nl", "Dutch", ("Ticketnr.", "Aangemaakt op", "Eerste reactie op", "Reactietijd (uur)",
                                "Onderwerp", "Klant", "E-mail", "Kanaal", "Status", "Behandeld door"),
                "{d:02d}-{m:02d}-{Y:04d} {H:02d}:{M:02d}", "#WAARDE!", ("E-mail", "Contactformulier", "WhatsApp"),
                ("Open", "Wacht op klant", "Afgehandeld"), "NL-"),
)


def spreadsheet(ctx: Context, sheet: Spreadsheet) -> list[Layout]:
    name = f"{sheet.shop}_spreadsheet"
    t = ctx.truth(sheet.shop)
    tz, done = t.shop.tz, t.answered
    typo_rows = _rows_for_typos(ctx, name, t, 2)
    bad_date, wrong_day = [*typo_rows, None, None][:2]
    got = floor_to(t.received, MS_MIN)
    reply = floor_to(t.replied, MS_MIN)
    written_reply = reply.copy()
    if wrong_day is not None:
        written_reply[wrong_day] = reply[wrong_day] - MS_DAY  # the reply typed with the day before
    # The hours column is the spreadsheet's formula over the two wall-clock cells, (reply - created) x 24:
    # across a clock change it is an hour off the real wait, as a spreadsheet's would be.
    wall_wait = np.where(done, wall_clock(np.where(done, written_reply, got), tz) - wall_clock(got, tz), 0)
    centi_hours = np.sign(wall_wait) * ((np.abs(wall_wait) + 18_000) // 36_000)
    centi = [centi_text(int(c), ",") for c in centi_hours]
    spanning = int((done & (wall_wait != written_reply - got)).sum())
    received_text = stamps(t.received, tz, sheet.date_pattern)
    hours_text = blank_unless(done, centi)
    if bad_date is not None:
        local_hour = received_text[bad_date][-5:]
        received_text[bad_date] = sheet.date_pattern.format(d=30, m=2, Y=2026, H=0, M=0)[:-5] + local_hour
        hours_text[bad_date] = sheet.error_value
    status = [(sheet.statuses[1] if p < 0.15 else sheet.statuses[2]) if a else sheet.statuses[0]
              for a, p in zip(done.tolist(), t.pick.tolist(), strict=True)]
    columns = [
        [f"{sheet.number_prefix}{1001 + i}" for i in range(t.rows)], received_text,
        stamps(written_reply, tz, sheet.date_pattern, done), hours_text, t.subjects(), t.names(), t.emails(),
        choose(t.u(0), sheet.channels, [5, 3, 1]), status, [a.split()[0] if a else "" for a in t.agents()],
    ]
    empty = [[""] * len(sheet.header)] * 2 if sheet.shop == "nl" else []
    write_csv(ctx.outdir / f"{name}.csv", sheet.header, columns, delimiter=";", bom=True, crlf=True,
              extra_rows=empty)
    kept = np.ones(t.rows, bool)
    kept[typo_rows] = False
    created, first_reply, hours_column, subject = sheet.header[1], sheet.header[2], sheet.header[3], sheet.header[4]
    common = dict(format="csv", imitates=f"a support log kept in Excel, saved as 'CSV UTF-8' with {sheet.language} "
                                         "settings", encoding="utf-8", bom=True, delimiter=";", decimal=",",
                  time_format=sheet.date_pattern.replace("{d:02d}", "%d").replace("{m:02d}", "%m")
                  .replace("{Y:04d}", "%Y").replace("{H:02d}", "%H").replace("{M:02d}", "%M"),
                  read_tz=tz, shop_tz=tz, date_order="day", rows_in_file=t.rows + len(empty),
                  empty_rows=[t.rows + 2 + i for i in range(len(empty))])
    time_aside, hours_aside = [], []
    if bad_date is not None:
        time_aside.append({"line": bad_date + 2, "column": created, "reason": "date we couldn't read (30 February)"})
        hours_aside.append({"line": bad_date + 2, "column": created,
                            "reason": f"date we couldn't read (30 February); the hours cell shows {sheet.error_value}"})
    if wrong_day is not None:
        time_aside.append({"line": wrong_day + 2, "column": first_reply,
                           "reason": "reply dated before the message arrived"})
        hours_aside.append({"line": wrong_day + 2, "column": hours_column, "reason": "negative duration"})
    note = [f"Headers in {sheet.language}; semicolons; UTF-8 with a byte-order mark; CRLF line ends; dates day "
            "first to the minute; the hours column uses a decimal comma and is the spreadsheet's own "
            "(reply - created) x 24, rounded to 0.01 h."]
    if empty:
        note.append("Two rows of empty cells at the end, as Excel writes when cells below the data were once "
                    "formatted: not tickets.")
    hours_wait = centi_hours * 36_000
    hours_note = [*note, f"{spanning} answered tickets span a clock change: their hours are the wall-clock "
                         "difference, an hour off the real wait, and the figures of this case use them as written."]
    return [
        Layout(name, f"{name}.csv", **common,
               columns={"received": created, "reply": first_reply, "subject": subject}, reply_kind="time",
               set_aside=time_aside, expected=_time_case(t, MS_MIN, kept), notes=note),
        Layout(f"{name}_hours", f"{name}.csv", **common,
               columns={"received": created, "reply": hours_column, "subject": subject}, reply_kind="duration",
               unit="hours", variant="calendar", set_aside=hours_aside,
               expected=_duration_case(t, MS_MIN, hours_wait, kept), notes=hours_note),
    ]


# Excel workbooks ----------------------------------------------------------------------------------

def helpdesk_minutes_xlsx(ctx: Context) -> list[Layout]:
    t = ctx.truth("ny")
    tz, done = t.shop.tz, t.answered
    minutes, business = round_to(t.wait(), MS_MIN), round_to(t.business, MS_MIN)
    status = ["Solved" if s >= 0 else ("Pending" if a else "Open") for s, a in zip(t.solved.tolist(), done.tolist(),
                                                                                 strict=True)]
    sheet = Sheet("Tickets", [
        Column("Id", "number", [18_201 + i for i in range(t.rows)]),
        Column("Subject", "text", t.subjects()), Column("Requester email", "text", t.emails()),
        Column("Assignee", "text", t.agents()), Column("Status", "text", status),
        Column("Tags", "text", choose(t.u(0), ["order_status", "damaged", "returns", "product_question"],
                                      [4, 1, 2, 3])),
        Column("Created at", "date", wall_clock(t.received, tz).tolist(), "yyyy-mm-dd hh:mm:ss"),
        Column("First reply time in minutes", "number", masked(minutes, done)),
        Column("First reply time in minutes within business hours", "number", masked(business, done)),
        Column("Satisfaction Score", "text", choose(t.u(4), ["Unoffered", "Offered", "Good", "Bad"], [5, 2, 2.5, 0.5])),
    ])
    write_workbook(ctx.outdir / "helpdesk_minutes.xlsx", [sheet])
    return [Layout("helpdesk_minutes_xlsx", "helpdesk_minutes.xlsx", "xlsx",
                   "a Zendesk Explore report downloaded as Excel", sheet="Tickets", encoding=None, delimiter=None,
                   decimal=None, columns={"received": "Created at", "reply": "First reply time in minutes",
                                          "subject": "Subject"},
                   reply_kind="duration", unit="minutes", variant="calendar", time_format="excel_datetime",
                   read_tz=tz, shop_tz=tz, rows_in_file=t.rows, expected=_duration_case(t, MS_S, minutes * MS_MIN),
                   notes=["'Created at' is an Excel date-time (no zone, the shop's local time); minutes are "
                          "numbers. Same tickets and figures as helpdesk_minutes."])]


def _two_timestamp_sheet(title: str, t: Truth, pattern: str) -> Sheet:
    tz, done = t.shop.tz, t.answered
    return Sheet(title, [
        Column("Received", "date", wall_clock(t.received, tz).tolist(), pattern),
        Column("From", "text", t.emails()), Column("Subject", "text", t.subjects()),
        Column("First reply", "date", masked(wall_clock(np.where(done, t.replied, t.received), tz), done), pattern),
        Column("Replied by", "text", [a.split()[0] if a else "" for a in t.agents()]),
        Column("Status", "text", ["Done" if a else "To do" for a in done.tolist()]),
    ])


def two_timestamps_xlsx(ctx: Context) -> list[Layout]:
    t = ctx.truth("london")
    write_workbook(ctx.outdir / "two_timestamps.xlsx", [_two_timestamp_sheet("Inbox", t, "dd/mm/yyyy hh:mm")])
    return [Layout("two_timestamps_xlsx", "two_timestamps.xlsx", "xlsx", "an inbox log kept in Excel",
                   sheet="Inbox", encoding=None, delimiter=None, decimal=None,
                   columns={"received": "Received", "reply": "First reply", "subject": "Subject"}, reply_kind="time",
                   time_format="excel_datetime", read_tz=t.shop.tz, shop_tz=t.shop.tz, rows_in_file=t.rows,
                   expected=_time_case(t, MS_S),
                   notes=["Excel date-times in London wall-clock time, shown day first to the minute but holding "
                          "seconds; the figures use the values, not the display."])]


def several_sheets_xlsx(ctx: Context) -> list[Layout]:
    t = ctx.truth("ny")
    local = pd.DatetimeIndex(pd.to_datetime(t.received, unit="ms", utc=True)).tz_convert(t.shop.tz)
    months = local.strftime("%Y-%m").to_numpy()
    rows: list[list[Any]] = [["Support summary, October 2025 to April 2026"], [],
                             ["Month", "Tickets", "Answered", "Not answered yet", "Median first reply (hours)"]]
    for month in sorted(set(months.tolist())):
        in_month = months == month
        answered = t.answered & in_month
        median = round(float(np.median(t.wait()[answered])) / MS_H, 1) if answered.any() else None
        rows.append([month, int(in_month.sum()), int(answered.sum()), int(in_month.sum() - answered.sum()), median])
    write_workbook(ctx.outdir / "several_sheets.xlsx",
                   [Sheet("Summary", rows=rows), _two_timestamp_sheet("Tickets", t, "mm/dd/yyyy hh:mm")])
    expected = _time_case(t, MS_S)
    expected.update({"sheets": ["Summary", "Tickets"], "data_sheet": "Tickets", "ask_which_sheet": True})
    return [Layout("several_sheets_xlsx", "several_sheets.xlsx", "xlsx",
                   "a workbook someone tidied: a summary first, the tickets on the second sheet", sheet="Tickets",
                   encoding=None, delimiter=None, decimal=None,
                   columns={"received": "Received", "reply": "First reply", "subject": "Subject"}, reply_kind="time",
                   time_format="excel_datetime", read_tz=t.shop.tz, shop_tz=t.shop.tz, rows_in_file=t.rows,
                   expected=expected,
                   notes=["The first sheet is a monthly summary with a title row (no ticket times): the lesson "
                          "should ask which sheet, or pass over the one without dates; the figures are the "
                          "'Tickets' sheet's."])]


def formula_only_xlsx(ctx: Context) -> list[Layout]:
    t = ctx.truth("london")
    tz, done = t.shop.tz, t.answered
    got = floor_to(t.received, MS_S)
    # Excel adds to wall-clock time: the reply formula adds the wall-clock difference, not the real wait.
    wait_s = ((wall_clock(np.where(done, t.replied, t.received), tz) - wall_clock(got, tz)) // MS_S).tolist()
    local = pd.DatetimeIndex(pd.to_datetime(got, unit="ms", utc=True)).tz_convert(tz).tz_localize(None)
    rows = range(2, t.rows + 2)
    sheet = Sheet("Log", [
        Column("Ticket", "text", [f"L{1001 + i}" for i in range(t.rows)]),
        Column("Received", "formula", [f"DATE({w.year},{w.month},{w.day})+TIME({w.hour},{w.minute},{w.second})"
                                       for w in local], "dd/mm/yyyy hh:mm"),
        Column("First reply", "formula", masked([f"B{r}+{s}/86400" for r, s in zip(rows, wait_s, strict=True)], done),
               "dd/mm/yyyy hh:mm"),
        Column("Wait (hours)", "formula", [f'IF(C{r}="","",(C{r}-B{r})*24)' for r in rows], "0.00"),
        Column("Subject", "text", t.subjects()), Column("From", "text", t.emails()),
    ])
    write_workbook(ctx.outdir / "formula_only.xlsx", [sheet])
    return [Layout("formula_only_xlsx", "formula_only.xlsx", "xlsx",
                   "a workbook written by a script: formulas only, never opened in Excel, so no saved results",
                   kind="bad", sheet="Log", encoding=None, delimiter=None, decimal=None,
                   columns={"received": "Received", "reply": "First reply", "subject": "Subject"}, reply_kind="time",
                   time_format="excel_datetime", read_tz=tz, shop_tz=tz, rows_in_file=t.rows,
                   expected={"problem": "formulas_without_values",
                             "columns": ["Received", "First reply", "Wait (hours)"],
                             "message_should_name": ["Received", "First reply"],
                             "hint": "open the file in Excel or LibreOffice, save it, and upload it again (or "
                                     "export it as CSV)",
                             "figures_once_calculated": _time_case(t, MS_S)},
                   notes=["Read with saved values only (as pandas does), 'Received', 'First reply' and "
                          "'Wait (hours)' are empty in every row; reading them as 'no reply yet' would be wrong.",
                          "Formulas: Received =DATE(...)+TIME(...), First reply =B2+seconds/86400."])]


# Bad inputs -----------------------------------------------------------------------------------------

FREE_TEXT_REPLIES = ("see thread", "replied by email", "called back", "sent tracking link", "yes", "done",
                     "answered on Instagram", "will reply Monday", "refund sent", "see notes")


def bad_free_text_reply(ctx: Context) -> list[Layout]:
    t = ctx.truth("ny")
    done = t.answered
    texts = choose(t.u(0), FREE_TEXT_REPLIES, [5, 3, 1, 2, 2, 2, 1, 0.5, 1, 1])
    header = ["Date", "Customer", "Email", "Subject", "First reply", "Notes"]
    columns = [stamps(t.received, t.shop.tz, "{Y:04d}-{m:02d}-{d:02d} {H:02d}:{M:02d}"), t.names(), t.emails(),
               t.subjects(), blank_unless(done, texts), [""] * t.rows]
    write_csv(ctx.outdir / "bad_free_text_reply.csv", header, columns)
    return [Layout("bad_free_text_reply", "bad_free_text_reply.csv", "csv",
                   "a hand-kept log whose 'First reply' column holds notes, not times", kind="bad",
                   columns={"received": "Date", "reply": "First reply", "subject": "Subject"},
                   time_format="%Y-%m-%d %H:%M", read_tz=t.shop.tz, shop_tz=t.shop.tz, rows_in_file=t.rows,
                   expected={"problem": "reply_not_times_or_durations", "column": "First reply",
                             "message_should_name": ["First reply"],
                             "values_like": sorted(set(blank_unless(done, texts)) - {""})[:5],
                             "filled_values": int(done.sum())},
                   notes=["No value in 'First reply' is a time or a duration; 'Date' reads fine."])]


def bad_durations(ctx: Context) -> list[Layout]:
    name = "bad_durations"
    t = ctx.truth("ny")
    done = t.answered
    minutes = round_to(t.wait(), MS_MIN)
    count = max(2, t.rows // 500)
    chosen = _rows_for_typos(ctx, name, t, 2 * count, short=False)
    rng = ctx.rng(name)
    negative, text = chosen[0::2], chosen[1::2]
    cells = blank_unless(done, [str(m) for m in minutes.tolist()])
    for i in negative:
        cells[i] = str(-int(rng.integers(1, 240)))  # agent-made tickets logged after the phone call they record
    words = ("pending", "n/a", "#N/A", "see notes")
    for k, i in enumerate(text):
        cells[i] = words[k % len(words)]
    header = ["Id", "Created at", "Subject", "Status", "Assignee", "First reply time in minutes"]
    columns = [[str(18_201 + i) for i in range(t.rows)],
               stamps(t.received, t.shop.tz, "{Y:04d}-{m:02d}-{d:02d} {H:02d}:{M:02d}:{S:02d}"), t.subjects(),
               ["Solved" if a else "Open" for a in done.tolist()], t.agents(), cells]
    write_csv(ctx.outdir / "bad_durations.csv", header, columns)
    kept = np.ones(t.rows, bool)
    kept[chosen] = False
    return [Layout(name, "bad_durations.csv", "csv",
                   "a Zendesk-style export edited by hand: negative and text values in the minutes column",
                   kind="bad", columns={"received": "Created at", "reply": "First reply time in minutes",
                                        "subject": "Subject"},
                   reply_kind="duration", unit="minutes", variant="calendar", time_format="%Y-%m-%d %H:%M:%S",
                   read_tz=t.shop.tz, shop_tz=t.shop.tz, rows_in_file=t.rows,
                   set_aside=[{"line": i + 2, "column": "First reply time in minutes",
                               "reason": "negative duration" if i in negative else "text, not a duration"}
                              for i in chosen],
                   expected={"problem": "negative_or_text_durations", "column": "First reply time in minutes",
                             "negative_lines": [i + 2 for i in negative], "text_lines": [i + 2 for i in text],
                             "message_should_name": ["First reply time in minutes"],
                             "figures_without_those_rows": _duration_case(t, MS_S, minutes * MS_MIN, kept)},
                   notes=["Whether the lesson refuses the column or sets the rows aside and goes on is its "
                          "choice; the figures for the second way are given."])]


def bad_workbooks(ctx: Context) -> list[Layout]:
    import msoffcrypto

    plain = (ctx.outdir / "two_timestamps.xlsx").read_bytes()
    locked = io.BytesIO()
    msoffcrypto.OfficeFile(io.BytesIO(plain)).encrypt(PASSWORD, locked)
    (ctx.outdir / "bad_password.xlsx").write_bytes(locked.getvalue())
    whole = (ctx.outdir / "helpdesk_minutes.xlsx").read_bytes()
    (ctx.outdir / "bad_corrupt.xlsx").write_bytes(whole[: len(whole) // 2])
    quiet = dict(encoding=None, delimiter=None, decimal=None, kind="bad", shop_tz="")
    return [
        Layout("bad_password_xlsx", "bad_password.xlsx", "xlsx", "a workbook saved with a password to open it",
               **quiet, expected={"problem": "password_protected", "password": PASSWORD,
                                  "decrypts_to": "two_timestamps_xlsx"},
               notes=["Encrypted with msoffcrypto-tool (ECMA-376 agile, as Excel does). It is not byte-for-byte "
                      "the same from run to run (the salt is random); decrypted, it is two_timestamps.xlsx."]),
        Layout("bad_corrupt_xlsx", "bad_corrupt.xlsx", "xlsx", "a download cut off half way", **quiet,
               expected={"problem": "corrupt_workbook", "truncated_from": "helpdesk_minutes.xlsx",
                         "bytes_kept": len(whole) // 2},
               notes=["The first half of helpdesk_minutes.xlsx: the zip's directory at the end is missing."]),
    ]


LAYOUTS: tuple[Callable[[Context], list[Layout]], ...] = (
    helpdesk_minutes, helpdesk_hours, helpdesk_seconds, duration_text, duration_clock, iso_offsets, iso_utc_z,
    unix_seconds, *(lambda ctx, s=s: spreadsheet(ctx, s) for s in SPREADSHEETS), helpdesk_minutes_xlsx,
    two_timestamps_xlsx, several_sheets_xlsx, formula_only_xlsx, bad_free_text_reply, bad_durations, bad_workbooks,
)

DEFINITIONS = {
    "tickets": "rows the lesson analyses: data rows minus the rows it should set aside and minus empty rows",
    "answered": "tickets with a first reply (a reply time, or a duration)",
    "unanswered": "tickets whose reply cell is empty",
    "median_hours": "median first-reply wait of answered tickets, in hours, rounded to 0.01 h "
                    "(median_hours_exact unrounded); p90_hours: 90th percentile, linear interpolation",
    "now_utc": "the newest time in the file: the latest arrival or reply (arrival + duration for duration "
               "layouts), over the analysed rows; the generator makes the export just as the newest message "
               "arrives, so no reply is later",
    "within.of_all": "the lesson's 'answered within your promise' today (widgets/inbox_analysis.py analyse): "
                     "share of all tickets whose wait is at most the promise, an unanswered ticket's wait being "
                     "now - arrival (so one younger than the promise still counts as within)",
    "within.of_all_unanswered_missed": "share of all tickets answered within the promise (unanswered = missed)",
    "within.of_answered": "share of answered tickets answered within the promise",
    "waits": "as the layout writes them: durations rounded as the tool rounds (minutes and seconds half up, "
             "hours to 0.01 h), times cut to the precision written (seconds, or minutes in spreadsheets); "
             "the figures are the truth at that precision",
    "business_hours": "Monday to Friday 09:00-17:00 in the shop's zone, no holidays (a help desk's default "
                      "schedule); the owner's own working hours differ, so some replies have 0 business minutes",
    "times_without_offset": "are the shop's wall-clock time (read_tz); no ticket arrives in the second pass of "
                            "the hour repeated when clocks go back, so each such time means one instant",
    "line": "CSV: line number in the file, header = line 1 (no field spans lines); xlsx: the sheet's row number",
}


def write_layouts(outdir: Path | str, rows: int = 2500, seed: int = 7) -> dict[str, Layout]:
    """Write every layout and expected.json into ``outdir``; return the cases by name."""
    if rows < 20:
        raise ValueError("rows must be at least 20")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = Context(out, rows, seed)
    cases: dict[str, Layout] = {}
    for make in LAYOUTS:
        for layout in make(ctx):
            cases[layout.name] = layout
    document = {"generator": "tests/inbox_layouts/make_layouts.py", "version": VERSION, "rows": rows, "seed": seed,
                "period": {"start_local": PERIOD_START, "end_local": PERIOD_END},
                "shops": {k: {"tz": s.tz, "trade": s.trade} for k, s in SHOPS.items()},
                "thresholds_hours": list(THRESHOLDS), "definitions": DEFINITIONS,
                "layouts": {name: layout.as_json() for name, layout in cases.items()}}
    (out / "expected.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return cases


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--rows", type=int, default=2500, help="tickets per file (default 2500)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    cases = write_layouts(args.outdir, rows=args.rows, seed=args.seed)
    for name, layout in cases.items():
        figures_ = layout.expected if layout.kind == "good" else {}
        line = (f"tickets {figures_['tickets']:,}, unanswered {figures_['unanswered']:,}, "
                f"median {figures_['median_hours']} h, within 24 h {figures_['within']['24h']['of_all']:.1%}"
                if figures_ else f"bad input: {layout.expected.get('problem')}")
        print(f"{name:28} {layout.file:28} {line}")
    print(f"wrote {len(cases)} cases ({len({c.file for c in cases.values()})} files) to {args.outdir} "
          f"in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
