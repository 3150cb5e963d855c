"""Format checks for the dated office-holder supplement (PETRARCH/TABARI actors format).

The file is src/newsgraph/events/data/newsgraph.supplement.actors.txt. The checker below is
stdlib only and deliberately small: it reads the file the way PETRARCH's actor reader does
(name line, ``+`` synonym lines, tab-indented ``[CODE ...]`` lines) and enforces the house rules
for the supplement:

* every entry has a name line with a ``# ...`` comment, at least one ``+`` synonym and at least
  one ``[CODE ...]`` line, and at most one undated (default) code;
* codes are a 3-letter country code followed by 3-letter role blocks (GOV, ELI, OPP, ...), or one
  of the Phoenix international-organisation codes;
* dates are valid YYMMDD (YY 00-30 = 20YY, 31-99 = 19YY), ranges run forwards, and one person's
  dated spans do not overlap (spans may touch on the hand-over day, as in Phoenix);
* a surface form shared by two people never resolves to different codes on the same date;
* no date after the stated knowledge cut-off, except a constitutionally fixed term end.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SUPPLEMENT = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "newsgraph"
    / "events"
    / "data"
    / "newsgraph.supplement.actors.txt"
)

ROLE_BLOCKS = {
    "GOV", "ELI", "OPP", "MIL", "JUD", "LEG", "REB", "SPY", "BUS", "MED", "CVL",
    "HLH", "EDU", "AGR", "LAB", "DEV", "ENV", "HRI", "REF", "PTY", "COP",
}
IGO_CODES = {
    "IGOUNO", "IGOWSTNAT", "IGOEUREEC", "IGOUNOHLHWHO", "IGOBUSIMF", "IGOUNODEVWBK",
    "IGOBUSWTO", "IGOUNOIAE", "IGOAFRAFU", "IGOUNOREFHCR",
}
NON_COUNTRY_PREFIXES = {"IGO", "NGO", "MNC", "IMG"}

MIN_DATE = dt.date(1, 1, 1)
MAX_DATE = dt.date(9999, 12, 31)

PHRASE_RE = re.compile(r"^[^\W\d_a-z][^\s#\[\];+]*_$")
NAME_RE = re.compile(r"^(?P<phrase>[^\s#\[\];+]+)\s+#\s*(?P<comment>\S.*)$")
SYN_RE = re.compile(r"^\+(?P<phrase>[^\s#\[\];]+)\s*$")
CODE_RE = re.compile(r"^\t\[(?P<code>[A-Z]+)(?:\s+(?P<restr>[^\]]+))?\]\s*$")
RANGE_RE = re.compile(r"^(?P<a>\d{6})-(?P<b>\d{6})$")
OPEN_RE = re.compile(r"^(?P<op>[<>])(?P<d>\d{6})$")
CUTOFF_RE = re.compile(r"Knowledge cut-off:\s*(\d{4})-(\d{2})-(\d{2})")


class FormatError(ValueError):
    pass


def parse_yymmdd(s: str) -> dt.date:
    yy, mm, dd = int(s[:2]), int(s[2:4]), int(s[4:6])
    year = 2000 + yy if yy <= 30 else 1900 + yy
    try:
        return dt.date(year, mm, dd)
    except ValueError as exc:
        raise FormatError(f"invalid date {s!r}: {exc}") from None


@dataclass
class Span:
    code: str
    start: dt.date
    end: dt.date
    kind: str  # "range", "<" or ">"
    raw: str

    def covers(self, day: dt.date) -> bool:
        if self.kind == "<":
            return day < self.end
        return self.start <= day <= self.end


@dataclass
class Entry:
    name: str
    comment: str
    line: int
    synonyms: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)

    @property
    def forms(self) -> list[str]:
        return [self.name, *self.synonyms]

    def code_on(self, day: dt.date) -> str | None:
        for span in self.spans:
            if span.covers(day):
                return span.code
        return self.defaults[0] if self.defaults else None


def check_code(code: str) -> None:
    if len(code) < 3 or len(code) % 3:
        raise FormatError(f"code {code!r} is not made of 3-letter blocks")
    prefix = code[:3]
    if prefix in NON_COUNTRY_PREFIXES:
        if code not in IGO_CODES:
            raise FormatError(f"unknown international-organisation code {code!r}")
        return
    if prefix in ROLE_BLOCKS:
        raise FormatError(f"code {code!r} lacks a country prefix")
    for i in range(3, len(code), 3):
        if code[i : i + 3] not in ROLE_BLOCKS:
            raise FormatError(f"unknown role block {code[i:i+3]!r} in {code!r}")


def parse_restriction(code: str, restr: str) -> Span:
    restr = restr.strip()
    m = RANGE_RE.match(restr)
    if m:
        a, b = parse_yymmdd(m["a"]), parse_yymmdd(m["b"])
        if b < a:
            raise FormatError(f"range {restr!r} ends before it starts")
        return Span(code, a, b, "range", restr)
    m = OPEN_RE.match(restr)
    if m:
        d = parse_yymmdd(m["d"])
        if m["op"] == ">":
            return Span(code, d, MAX_DATE, ">", restr)
        return Span(code, MIN_DATE, d, "<", restr)
    raise FormatError(f"bad date restriction {restr!r}")


def parse_actors(text: str) -> list[Entry]:
    entries: list[Entry] = []
    cur: Entry | None = None
    for no, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#") and not raw.startswith("\t"):
            continue
        try:
            if raw.startswith("\t"):
                m = CODE_RE.match(raw)
                if not m:
                    raise FormatError(f"bad code line {raw!r}")
                if cur is None:
                    raise FormatError("code line before any name line")
                check_code(m["code"])
                if m["restr"]:
                    cur.spans.append(parse_restriction(m["code"], m["restr"]))
                else:
                    cur.defaults.append(m["code"])
            elif raw.startswith("+"):
                m = SYN_RE.match(raw)
                if not m or not PHRASE_RE.match(m["phrase"]):
                    raise FormatError(f"bad synonym line {raw!r}")
                if cur is None or cur.spans or cur.defaults:
                    raise FormatError("synonym outside the synonym block of an entry")
                cur.synonyms.append(m["phrase"])
            else:
                m = NAME_RE.match(raw)
                if not m or not PHRASE_RE.match(m["phrase"]):
                    raise FormatError(f"bad name line {raw!r} (need 'NAME_  # comment')")
                cur = Entry(m["phrase"], m["comment"], no)
                entries.append(cur)
        except FormatError as exc:
            raise FormatError(f"line {no}: {exc}") from None
    return entries


def check_entry(e: Entry) -> None:
    where = f"{e.name} (line {e.line})"
    if not e.synonyms:
        raise FormatError(f"{where}: no + synonyms")
    if not e.spans and not e.defaults:
        raise FormatError(f"{where}: no [CODE] line")
    if len(e.defaults) > 1:
        raise FormatError(f"{where}: more than one default code")
    forms = e.forms
    if len(set(forms)) != len(forms):
        raise FormatError(f"{where}: repeated surface form")
    spans = sorted(e.spans, key=lambda s: (s.start, s.end))
    for prev, nxt in zip(spans, spans[1:]):
        if nxt.start < prev.end:
            raise FormatError(f"{where}: spans {prev.raw} and {nxt.raw} overlap")


def probe_days(entries: list[Entry]) -> list[dt.date]:
    one = dt.timedelta(days=1)
    days = {dt.date(1950, 1, 1), dt.date(2030, 1, 1)}
    for e in entries:
        for s in e.spans:
            for d in (s.start, s.end):
                if MIN_DATE < d < MAX_DATE:
                    days.update({d - one, d, d + one})
    return sorted(days)


def check_conflicts(entries: list[Entry]) -> None:
    owners: dict[str, list[Entry]] = {}
    for e in entries:
        for f in e.forms:
            owners.setdefault(f, []).append(e)
    for form, es in owners.items():
        if len(es) < 2:
            continue
        for day in probe_days(es):
            codes = {e.code_on(day) for e in es}
            if len(codes) > 1:
                names = ", ".join(e.name for e in es)
                raise FormatError(f"{form} is shared by {names} with codes {codes} on {day}")


def check_cutoff(text: str, entries: list[Entry]) -> None:
    m = CUTOFF_RE.search(text)
    if not m:
        raise FormatError("header does not state 'Knowledge cut-off: YYYY-MM-DD'")
    cutoff = dt.date(int(m[1]), int(m[2]), int(m[3]))
    for e in entries:
        for s in e.spans:
            late = [d for d in (s.start, s.end) if MIN_DATE < d < MAX_DATE and d > cutoff]
            if late and "constitution" not in e.comment:
                raise FormatError(f"{e.name}: date {s.raw} is after the cut-off {cutoff}")


def check_file(text: str) -> list[Entry]:
    entries = parse_actors(text)
    if not entries:
        raise FormatError("no entries")
    names = [e.name for e in entries]
    if len(set(names)) != len(names):
        raise FormatError("duplicate name lines")
    for e in entries:
        check_entry(e)
    check_conflicts(entries)
    check_cutoff(text, entries)
    return entries


# --------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def text() -> str:
    return SUPPLEMENT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def entries(text: str) -> list[Entry]:
    return check_file(text)


def test_supplement_passes_checker(entries: list[Entry]) -> None:
    assert len(entries) >= 150
    assert sum(len(e.forms) for e in entries) >= 1000


def test_g20_and_un_permanent_members_covered(entries: list[Entry]) -> None:
    countries = {s.code[:3] for e in entries for s in e.spans}
    g20 = {
        "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX",
        "RUS", "SAU", "ZAF", "KOR", "TUR", "GBR", "USA",
    }
    assert g20 <= countries
    assert {"IGOUNO", "IGOWSTNAT", "IGOEUREEC", "IGOAFRAFU", "IGOUNOHLHWHO", "IGOBUSIMF",
            "IGOUNODEVWBK", "IGOBUSWTO", "IGOUNOIAE"} <= {s.code for e in entries for s in e.spans}


@pytest.mark.parametrize(
    ("form", "day", "code"),
    [
        ("PUTIN_", dt.date(2024, 1, 1), "RUSGOV"),
        ("TRUMP_", dt.date(2019, 6, 1), "USAGOV"),
        ("TRUMP_", dt.date(2022, 6, 1), "USAELI"),
        ("TRUMP_", dt.date(2025, 2, 1), "USAGOV"),
        ("GUTERRES_", dt.date(2020, 1, 1), "IGOUNO"),
        ("STOLTENBERG_", dt.date(2020, 1, 1), "IGOWSTNAT"),
        ("NETANYAHU_", dt.date(2022, 1, 1), "ISROPP"),
        ("ZELENSKY_", dt.date(2018, 1, 1), "UKRELI"),
        ("ZELENSKY_", dt.date(2023, 1, 1), "UKRGOV"),
    ],
)
def test_spot_checks(entries: list[Entry], form: str, day: dt.date, code: str) -> None:
    (owner,) = [e for e in entries if form in e.forms]
    assert owner.code_on(day) == code


_GOOD = "# Knowledge cut-off: 2025-06-30\nA_PERSON_  # role | src: x\n+PERSON_\n\t[USAGOV 170120-210120]\n\t[USAELI]\n"


def test_checker_accepts_minimal_entry() -> None:
    (e,) = check_file(_GOOD)
    assert e.code_on(dt.date(2018, 1, 1)) == "USAGOV"
    assert e.code_on(dt.date(2022, 1, 1)) == "USAELI"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (_GOOD.replace("+PERSON_\n", ""), "no + synonyms"),
        (_GOOD.replace("\t[USAGOV 170120-210120]\n\t[USAELI]\n", ""), "no [CODE] line"),
        (_GOOD.replace("USAGOV 170120", "USAGOV 170230"), "invalid date"),
        (_GOOD.replace("170120-210120", "210120-170120"), "ends before"),
        (_GOOD.replace("[USAELI]", "[USAGOV 200101-220101]"), "overlap"),
        (_GOOD.replace("USAGOV", "USAXYZ"), "unknown role block"),
        (_GOOD.replace("USAGOV", "IGOFOO"), "international-organisation"),
        (_GOOD.replace("  # role | src: x", ""), "bad name line"),
        (_GOOD + "B_PERSON_  # r\n+PERSON_\n\t[RUSGOV >150101]\n", "shared by"),
        (_GOOD.replace("210120]", "260120]"), "after the cut-off"),
    ],
)
def test_checker_rejects(bad: str, message: str) -> None:
    with pytest.raises(FormatError, match=re.escape(message)):
        check_file(bad)
