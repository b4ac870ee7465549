"""The kinds of feedback a learner can be given, shared by the rules that decide it and the banner that shows it."""

from __future__ import annotations

from typing import Literal

FeedbackKind = Literal["success", "hint", "warning"]
"""Well done (✓), a hint (✎), or heads up (⚠)."""
