"""Tools: the ``fail-forward`` command (serve, check) and Voila's Markdown renderer."""
