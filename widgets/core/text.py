"""Numbers and durations in words, the way the course writes them."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 reply', '858 replies', '2 days' (thousands separated)."""
    if nouns is None:
        nouns = noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
    return f"{count:,} {noun if count == 1 else nouns}"


def hours_text(hours: float) -> str:
    """'24 hours (1 day)', '3 hours', '1 hour', '36 hours (1½ days)'."""
    whole = round(hours)
    text = f"{whole} hour{'s' if whole != 1 else ''}"
    if whole >= 24 and whole % 12 == 0:
        days = whole / 24
        day_text = f"{int(days)}" if days == int(days) else f"{int(days)}½"
        text += f" ({day_text} day{'s' if days > 1 else ''})"
    return text


def duration_text(hours: float) -> str:
    """A wait in words: '40 minutes', '1 minute', '5.5 hours', '1 hour', '3.2 days'."""
    if hours < 1:
        return plural(max(1, round(hours * 60)), "minute")
    if hours < 48:
        shown = f"{hours:.1f}".removesuffix(".0")
        return f"{shown} hour" if shown == "1" else f"{shown} hours"
    return f"{hours / 24:.1f} days".replace(".0 days", " days")


MAX_TEXT = 5000
"""The longest free-text answer kept; longer pastes are refused with a message."""


def too_long_message(length: int, limit: int) -> str:
    """What a learner is told when a paste is too long to keep."""
    return (f"That's {length:,} characters — more than the {limit:,} we can keep for this answer. "
            "Shorten it and it will be saved; your last saved version is safe.")
