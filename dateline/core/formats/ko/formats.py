"""Korean: the half of the day comes before the time ("2026년 12월 2일 오전 9:11"), as Korean
papers print it; Django's own puts it after ("… 9:11 오전")."""

DATETIME_FORMAT = "Y년 n월 j일 A g:i"
