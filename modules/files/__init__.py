"""Shared file plumbing that belongs to no feature: the safe archive reader (archive.py, names.py),
the safe JSON loader (json.py), their limits (limits.py), the storage journal (journal.py) and the
one tracker of written files (written.py). Every area may import it; it imports no feature."""
