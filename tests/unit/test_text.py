"""Numbers and durations in words: plurals right everywhere ("1 reply", "858 replies", "1 hour")."""

from __future__ import annotations

from widgets.core.text import duration_text, hours_text, plural


def test_plural() -> None:
    assert [plural(1, "reply"), plural(858, "reply"), plural(2, "day"), plural(1, "message"),
            plural(1_250, "learner")] == ["1 reply", "858 replies", "2 days", "1 message", "1,250 learners"]


def test_durations_are_singular_when_one() -> None:
    assert [duration_text(h) for h in (0.01, 0.5, 1.0, 1.5, 47.96, 72.0)] == [
        "1 minute", "30 minutes", "1 hour", "1.5 hours", "48 hours", "3 days"]


def test_promises() -> None:
    assert [hours_text(h) for h in (1, 3, 24, 36, 48)] == [
        "1 hour", "3 hours", "24 hours (1 day)", "36 hours (1½ days)", "48 hours (2 days)"]
