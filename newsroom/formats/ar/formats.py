# Arabic date layout: day, month name, year ("25 نوفمبر 2026، 11:29 ص"). Digits stay Western
# (0-9), as Gulf news media print them; Django's Arabic locale has no DATETIME_FORMAT, so the
# English "N j, Y, P" layout was used with Arabic month names.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j F Y، g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y g:i A"
