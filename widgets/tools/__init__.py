"""Tools: the ``fail-forward`` command (serve, check), Voila's Markdown renderer, and the server's speed-ups."""
