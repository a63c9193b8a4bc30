"""Module library for trainers: list every module across kits with filters and search, add a module
to another kit without copying, or make an independent copy when a kit needs to diverge.

queries.py reads (flat: a fixed number of queries however many modules and kits), actions.py holds
the check_/do_ functions, views.py parses requests and renders. Keep this package import-light:
models import `panels` from here."""
