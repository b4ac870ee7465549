"""Rules: each exercise's pure logic and content model (grading, analysis, simulation). No ipywidgets."""
