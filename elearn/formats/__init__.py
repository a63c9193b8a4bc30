"""The site's date formats per language (settings.FORMAT_MODULE_PATH), where Django's own differ from how
the site writes a date in running text: "3 December 2026" in English, "3. Dezember 2026" in German (the
day with its full stop), "3. december 2026" in Slovenian, "3 décembre 2026" and "3 dicembre 2026" in
French and Italian. Templates write `date:"DATE_FORMAT"` (and DATETIME_FORMAT), never a pattern of their own.
The month names inside those dates are in month_names.py (Italian writes them in lower case)."""
