"""Store: the learner's progress in SQLite, the autosaver, and the export/import file format. No ipywidgets."""
