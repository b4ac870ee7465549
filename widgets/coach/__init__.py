"""Coach corner: a cohort's exported progress read and summarised (cohort.py, pure) and shown (corner.py)."""
