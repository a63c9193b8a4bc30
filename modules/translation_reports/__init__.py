"""Learners report translation errors to the kit maintainers (issue 14): the form and its checks
(`service.py`), the learner view (`views.py`) and the maintainers' list in the admin (`admin_views.py`)."""
