"""The date an event happened, when its sentence says so.

News dates events relative to the article: "on Tuesday" in a story published on Thursday
2024-05-16 is 2024-05-14; "on March 3" is that day of the article's year (or the year before, if
that day is still ahead). Only the forms below are read; anything else keeps the article's date,
which is also what GDELT uses. Pure functions: no parsing library, no locale.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
#: weekday and month names and their short forms, lower-cased: capitalised words that name no one
CALENDAR_WORDS = frozenset(_WEEKDAYS) | frozenset(_MONTHS)

_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY_MONTH = re.compile(rf"\b(?:on\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_DAY = re.compile(rf"\b(?:on\s+)?{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_WEEKDAY = re.compile(r"\b(?:on|last|late on|early on|since)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


def _parse_iso(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def sentence_date(sentence: str, article_date: str | None) -> str | None:
    """The event's date as ``YYYY-MM-DD``: one the sentence names (resolved against the article's
    date), else the article's date; None when neither is known."""
    base = _parse_iso(article_date)
    found: date | None = None
    for rx, day_first in ((_DAY_MONTH, True), (_MONTH_DAY, False)):
        m = rx.search(sentence)
        if not m:
            continue
        month_word = m.group(2) if day_first else m.group(1)
        if not month_word[:1].isupper():
            continue  # "20 may die": a modal, not the month (news capitalises months)
        if day_first:
            day, mon, year = int(m.group(1)), _MONTHS.get(month_word.lower().rstrip(".")), m.group(3)
        else:
            mon, day, year = _MONTHS.get(month_word.lower().rstrip(".")), int(m.group(2)), m.group(3)
        if mon is None:
            continue
        if year:
            found = _safe(int(year), mon, day)
        elif base is not None:
            found = _safe(base.year, mon, day)
            if found is not None and found > base + timedelta(days=7):
                found = _safe(base.year - 1, mon, day)  # "on December 30" in a January story
        if found is not None:
            break
    if found is None and base is not None:
        m = _WEEKDAY.search(sentence)
        if m:
            wd = _WEEKDAYS.index(m.group(1).lower())
            back = (base.weekday() - wd) % 7
            found = base - timedelta(days=back)  # the last such day on or before the article
        elif re.search(r"\byesterday\b", sentence, re.I):
            found = base - timedelta(days=1)
    if found is not None:
        return found.isoformat()
    return base.isoformat() if base is not None else None
