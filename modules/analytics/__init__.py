"""Results analytics for trainers: flat SQL aggregates (queries.py), small accessible SVG charts
(charts.py) and the Wagtail admin page with CSV export (views.py)."""
