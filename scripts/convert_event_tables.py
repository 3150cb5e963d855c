#!/usr/bin/env python3
"""Build the packaged event code tables (src/newsgraph/events/data/) from the shared reference data.

    python scripts/convert_event_tables.py [--shared ../shared/data/events] [--out src/newsgraph/events/data]
    python scripts/convert_event_tables.py --check     # exit 1 when the packaged files are stale

Reads ``cameo_goldstein.csv``, ``cameo_to_plover_2021.csv``, ``plover_ontology.json`` and
``gdelt2_event_columns.csv`` (see the README beside them) and writes:

- ``cameo.tsv``: code, root, name, goldstein, quad_class, plover_type, plover_mode. One row per code
  of cameo_goldstein.csv (311), plus the codes CAMEO2PLOVER maps that the Goldstein table lacks
  (1213, 1214: the Phoenix verb dictionary emits 1213) with goldstein and quad_class left empty.
  PLOVER type/mode come from the raw CAMEO2PLOVER-2021 table; codes it does not list (PLOVER drops
  CAMEO 01 MAKE PUBLIC STATEMENT and 02 APPEAL) have empty PLOVER cells. The name is the GDELT
  lookup name, except for the five codes (101, 105-108) whose GDELT name follows an older CAMEO
  ordering: there the CAMEO manual name is used, the meaning the PETRARCH/Phoenix dictionaries and
  the PLOVER table give the code.
- ``plover_types.json``: the 16 PLOVER event types with quad class and their modes.
- ``gdelt2_event_columns.tsv``: the 61 columns of the GDELT 2.0 event table, in order.
- ``NOTICE-tables.md``: source, commit and licence of each.

The output is deterministic (sorted, no timestamps), so re-running on unchanged input gives
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", REPO.parent / "shared")) / "data" / "events"
DEFAULT_OUT = REPO / "src" / "newsgraph" / "events" / "data"

PLOVER_REPO = "openeventdata/PLOVER"
PLOVER_COMMIT = "5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f"
GDELT_LOOKUP_COPY = "mpiccirilli/UNDP-BCPR-Project"
GDELT_LOOKUP_COMMIT = "e009a802f0e801526a6ff9a70d452b5cecd7ccb6"

CAMEO_COLUMNS = ("code", "root", "name", "goldstein", "quad_class", "plover_type", "plover_mode")
QUAD_BY_NAME = {
    "VERBAL COOPERATION": 1,
    "MATERIAL COOPERATION": 2,
    "VERBAL CONFLICT": 3,
    "MATERIAL CONFLICT": 4,
}
#: what cameo_goldstein.csv writes in plover_event for codes PLOVER does not map
DROPPED = "(dropped)"
#: name_note prefix that gives the CAMEO manual name of a code whose GDELT lookup name differs
MANUAL_NAME_MARK = "CAMEO manual ordering (PETRARCH CAMEO.2.0.txt patterns, PLOVER table) is: "


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _clean(value: str | None) -> str:
    """One line of text, no tabs: the TSV needs neither quoting nor escapes."""
    return " ".join((value or "").split())


def build_cameo(shared: Path) -> list[dict[str, str]]:
    goldstein_rows = _read_csv(shared / "cameo_goldstein.csv")
    plover_rows = _read_csv(shared / "cameo_to_plover_2021.csv")
    plover = {r["cameo_code"]: r for r in plover_rows}
    if len(plover) != len(plover_rows):
        raise SystemExit("cameo_to_plover_2021.csv lists a code twice")

    rows: dict[str, dict[str, str]] = {}
    for src in goldstein_rows:
        code = src["cameo_code"].strip()
        if not (code.isdigit() and 2 <= len(code) <= 4) or code in rows:
            raise SystemExit(f"cameo_goldstein.csv: bad or repeated code {code!r}")
        if src["root_code"] != code[:2]:
            raise SystemExit(f"cameo_goldstein.csv: {code} has root {src['root_code']!r}")
        name = src["name"]
        note = src.get("name_note") or ""
        if MANUAL_NAME_MARK in note:
            name = note.split(MANUAL_NAME_MARK, 1)[1]
        mapped = plover.get(code)
        # the derived PLOVER columns must agree with the raw mapping table
        derived = (src["plover_event"], src["plover_mode"])
        expected = (mapped["plover_event"], mapped["plover_mode"]) if mapped else (DROPPED, "")
        if derived != expected:
            raise SystemExit(f"{code}: cameo_goldstein.csv PLOVER {derived} != CAMEO2PLOVER {expected}")
        quad = src["quad_class"]
        if quad and quad not in "1234":
            raise SystemExit(f"{code}: quad class {quad!r}")
        if src["goldstein"]:
            float(src["goldstein"])  # must parse
        rows[code] = {
            "code": code,
            "root": code[:2],
            "name": _clean(name),
            "goldstein": src["goldstein"].strip(),
            "quad_class": quad.strip(),
            "plover_type": mapped["plover_event"] if mapped else "",
            "plover_mode": mapped["plover_mode"] if mapped else "",
        }
    for code, mapped in plover.items():
        if code in rows:
            continue
        if not (code.isdigit() and 2 <= len(code) <= 4):
            raise SystemExit(f"cameo_to_plover_2021.csv: bad code {code!r}")
        rows[code] = {
            "code": code,
            "root": code[:2],
            "name": _clean(mapped["description_in_file"]),
            "goldstein": "",
            "quad_class": "",
            "plover_type": mapped["plover_event"],
            "plover_mode": mapped["plover_mode"],
        }
    return [rows[c] for c in sorted(rows, key=lambda c: (c[:2], c))]


def build_plover(shared: Path) -> dict:
    onto = json.loads((shared / "plover_ontology.json").read_text(encoding="utf-8"))
    source = onto.get("source") or {}
    if source.get("commit") != PLOVER_COMMIT:
        raise SystemExit(f"plover_ontology.json is from commit {source.get('commit')}, expected {PLOVER_COMMIT}")
    types = []
    for ev in onto["events"]:
        quad_name = ev["quad_category"].strip().upper()
        types.append({
            "type": ev["event"],
            "quad_class": QUAD_BY_NAME[quad_name],
            "quad_name": quad_name.title(),
            "requires_recipient": bool(ev.get("requires_recipient")),
            "modes": [{"mode": m["mode"], "description": _clean(m.get("description"))} for m in ev.get("modes") or []],
        })
    if len(types) != 16:
        raise SystemExit(f"expected 16 PLOVER event types, found {len(types)}")
    return {
        "source": f"{PLOVER_REPO} @ {PLOVER_COMMIT}, PLOVER_MANUAL.tex",
        "licence": "CC BY-SA 4.0",
        "attribution": "PLOVER (Political Language Ontology for Verifiable Event Records), openeventdata/PLOVER",
        "auxiliary_modes": list(onto.get("auxiliary_modes") or []),
        "types": types,
    }


def build_gdelt_columns(shared: Path) -> list[dict[str, str]]:
    rows = _read_csv(shared / "gdelt2_event_columns.csv")
    out = []
    for i, r in enumerate(rows):
        if int(r["index0"]) != i:
            raise SystemExit(f"gdelt2_event_columns.csv: row {i} has index {r['index0']}")
        out.append({"index": str(i), "column": r["column"].strip(),
                    "in_gdelt1_daily": "1" if r["in_gdelt1_daily_58col"] == "True" else "0",
                    "note": _clean(r["note"])})
    if len(out) != 61:
        raise SystemExit(f"expected 61 GDELT 2.0 columns, found {len(out)}")
    return out


def _tsv(columns: tuple[str, ...] | list[str], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    buf.write("\t".join(columns) + "\n")
    for row in rows:
        cells = [row[c] for c in columns]
        if any("\t" in c or "\n" in c for c in cells):
            raise SystemExit(f"tab or newline in {cells}")
        buf.write("\t".join(cells) + "\n")
    return buf.getvalue()


def notice(n_cameo: int, n_extra: int) -> str:
    return f"""# Notice: event code tables

The files in this folder are generated by `scripts/convert_event_tables.py` from the reference
data in `shared/data/events/`. They carry their own licences, which differ from newsgraph's.

| file | content | source @ commit | licence |
|---|---|---|---|
| `cameo.tsv` | {n_cameo} CAMEO event codes: root, name, Goldstein score, QuadClass, PLOVER event type and mode | names, Goldstein scores, QuadClass: the GDELT lookup tables `CAMEO.eventcodes.txt` and `CAMEO.goldsteinscale.txt` (copy in {GDELT_LOOKUP_COPY} @ {GDELT_LOOKUP_COMMIT}); PLOVER type and mode: {PLOVER_REPO} @ {PLOVER_COMMIT}, `CAMEO2PLOVER-2021.txt` | PLOVER columns (and so the file as a whole): CC BY-SA 4.0; GDELT lookups: published by the GDELT Project for open use with citation |
| `plover_types.json` | the 16 PLOVER event types with QuadClass, whether a recipient is required, and their modes | {PLOVER_REPO} @ {PLOVER_COMMIT}, `PLOVER_MANUAL.tex` | CC BY-SA 4.0 |
| `gdelt2_event_columns.tsv` | the 61 columns of the GDELT 2.0 event table, in order | column names from the GDELT Event Codebook V2.0 | facts (no licence needed); cite GDELT |

## PLOVER (CC BY-SA 4.0)

The PLOVER-derived content (the `plover_type` and `plover_mode` columns of `cameo.tsv`, and
`plover_types.json`) comes from the PLOVER project, <https://github.com/openeventdata/PLOVER>,
licensed under the Creative Commons Attribution-ShareAlike 4.0 International License
(<https://creativecommons.org/licenses/by-sa/4.0/>). Changes made here: the tables were reduced
to the columns listed above and reformatted (TSV / JSON); {n_extra} codes the mapping lists but
the Goldstein table lacks were added as rows with no Goldstein score or QuadClass. These files,
and any adaptation of them, may be shared only under the same licence, with this attribution.

## GDELT

Event code names, Goldstein scores and QuadClass follow the lookup tables published by the GDELT
Project. Please cite: Leetaru, Kalev and Schrodt, Philip A. (2013). "GDELT: Global Data on Events,
Location and Tone, 1979-2012." International Studies Association Annual Conference, April 2013,
San Francisco, CA. Column names: The GDELT Event Database Data Format Codebook V2.0 (2015),
<https://www.gdeltproject.org/>.

Five GDELT lookup names (101, 105, 106, 107, 108) follow an older CAMEO ordering of the DEMAND
codes; `cameo.tsv` gives those five the CAMEO manual names instead (the meaning the
PETRARCH/Phoenix verb dictionaries and the PLOVER table give them). Their Goldstein score (-5.0)
is the same either way.
"""


def build(shared: Path) -> dict[str, str]:
    cameo = build_cameo(shared)
    n_base = len(_read_csv(shared / "cameo_goldstein.csv"))
    plover = build_plover(shared)
    gdelt = build_gdelt_columns(shared)
    return {
        "cameo.tsv": _tsv(CAMEO_COLUMNS, cameo),
        "plover_types.json": json.dumps(plover, ensure_ascii=False, indent=1) + "\n",
        "gdelt2_event_columns.tsv": _tsv(("index", "column", "in_gdelt1_daily", "note"), gdelt),
        "NOTICE-tables.md": notice(len(cameo), len(cameo) - n_base),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared/data/events folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="package data folder to write")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file differs")
    args = parser.parse_args(argv)
    if not (args.shared / "cameo_goldstein.csv").is_file():
        print(f"convert_event_tables: no cameo_goldstein.csv in {args.shared}", file=sys.stderr)
        return 2
    files = build(args.shared)
    stale = []
    for name, text in files.items():
        path = args.out / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            args.out.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    verb = "stale" if args.check else "written"
    print(f"convert_event_tables: {len(stale)} of {len(files)} files {verb}" + (f": {', '.join(stale)}" if stale else ""),
          file=sys.stderr)
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
