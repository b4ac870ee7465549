"""The response-time promise: where it is saved and what it may be."""

from __future__ import annotations

DEFAULT_HOURS = 24
MIN_HOURS, MAX_HOURS = 1, 168


def clamp_hours(hours: float) -> int:
    """A promise in whole hours, within the range the lesson offers."""
    return min(MAX_HOURS, max(MIN_HOURS, int(hours)))
