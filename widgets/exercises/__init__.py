"""Exercises: one widget per module, each composed over its rules module through the exercise contract."""
