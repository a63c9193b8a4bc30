"""Certificates that verify anywhere: typed-code lookups (lookup.py), the site's signing keys
(keys.py), Open Badges 3.0 credentials signed as VC-JWT (badges.py), the revocation status list
(status_list.py), and the pages and endpoints that serve them (views.py, urls.py)."""
