"""Uyghur: the year first, marked "-يىلى", then the day and the month's name, and a 24-hour time
after "سائەت" ("2026-يىلى 2-دىكابىر، سائەت 9:11"), as Uyghur papers print dates. Django's own
gives no date-and-time format for Uyghur, so its English one ("Dec. 2, 2026, 9:11 a.m.") showed.
"""

DATE_FORMAT = "Y-يىلى j-F"
DATETIME_FORMAT = "Y-يىلى j-F، سائەت G:i"
