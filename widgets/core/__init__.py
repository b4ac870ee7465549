"""Core: the course outline, content files, saved keys, HTML and charts. No ipywidgets here."""
