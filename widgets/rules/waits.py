"""Waits grouped into the bars of a histogram, split at the promise (numpy only: no pandas needed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

BIN_EDGES = (0, 1, 4, 8, 24, 48, 72, 168)


def _edge_label(hours: float) -> str:
    if hours >= 168 and hours % 168 == 0:
        return f"{int(hours // 168)} wk"
    if hours >= 24 and hours % 24 == 0:
        return f"{int(hours // 24)} d"
    return f"{hours:g} h"


@dataclass(frozen=True)
class Bin:
    """One bar of the wait histogram."""

    label: str
    count: int
    within: bool  # every wait in this bar keeps the promise


def wait_bins(waits: Any, promise_hours: float, unanswered: int = 0) -> list[Bin]:
    """Waits grouped into readable bars, split at the promise; unanswered messages last.

    Bars hold waits in (lower, upper] (the first from 0); empty bars after the last used one are dropped.
    """
    edges = [0.0, *sorted({*BIN_EDGES, float(promise_hours)} - {0})]
    values = np.asarray(waits, dtype=float)
    # searchsorted(side="left") puts a wait equal to an edge in the bar that ends there.
    slots = np.clip(np.searchsorted(edges, values[~np.isnan(values)], side="left"), 1, len(edges)) - 1
    counts = np.bincount(slots, minlength=len(edges))
    bins = []
    for index, count in enumerate(counts.tolist()):
        lower = edges[index]
        if index == len(edges) - 1:
            label = f"over {_edge_label(lower)}"
        elif index == 0:
            label = f"up to {_edge_label(edges[1])}"
        else:
            label = f"{_edge_label(lower)}–{_edge_label(edges[index + 1])}"
        within = index < len(edges) - 1 and edges[index + 1] <= promise_hours
        bins.append(Bin(label, int(count), within))
    while len(bins) > 1 and bins[-1].count == 0:
        bins.pop()
    if unanswered:
        bins.append(Bin("no reply", unanswered, False))
    return bins
