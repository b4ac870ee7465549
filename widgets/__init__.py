"""Fail Forward: the exercise widgets, progress store, content loader and CLI."""
