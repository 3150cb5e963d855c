"""Event export: GDELT 2.0 rows, JSONL, Parquet and the ``export`` command."""

from __future__ import annotations

import gzip
import io
import json
import sys

import pytest

from newsgraph.cli.export_cmd import export_command
from newsgraph.errors import ConfigError, ExtraMissing
from newsgraph.events.export import (
    PARQUET_COLUMNS,
    coerce_event,
    global_event_id,
    read_parquet_events,
    to_gdelt_row,
    write_events,
)
from newsgraph.events.record import Actor, Event, event_id_for
from newsgraph.events.tables import gdelt_event_columns

COLS = gdelt_event_columns()


def col(row: list[str], name: str) -> str:
    return row[COLS.index(name)]


def make_event(**kw) -> Event:
    base = dict(
        event_id=event_id_for("art-1", 0, "RUSGOV", "UKR", "042"),
        article_id="art-1",
        sentence="The Russian government sent a delegation to Ukraine.",
        sentence_index=0,
        source=Actor("Russian government", "RUSGOV", "RUS", "GOV"),
        target=Actor("Ukraine", "UKR", "UKR", None),
        cameo_code="042",
        cameo_root="04",
        date="2024-03-05T10:30:00Z",
        verb="sent",
        confidence=0.8,
    )
    base.update(kw)
    return Event(**base)


# --- GDELT ------------------------------------------------------------------------------------


def test_gdelt_row_columns():
    row = to_gdelt_row(make_event())
    assert len(row) == 61 and all(isinstance(c, str) for c in row)
    expect = {
        "SQLDATE": "20240305", "MonthYear": "202403", "Year": "2024",
        "FractionDate": "2024.1781",  # ((3 - 1) * 30 + 5) / 365
        "Actor1Code": "RUSGOV", "Actor1Name": "Russian government", "Actor1CountryCode": "RUS", "Actor1Type1Code": "GOV",
        "Actor2Code": "UKR", "Actor2Name": "Ukraine", "Actor2CountryCode": "UKR", "Actor2Type1Code": "",
        "IsRootEvent": "1", "EventCode": "042", "EventBaseCode": "042", "EventRootCode": "04",
        "QuadClass": "1", "GoldsteinScale": "1.9",
        "NumMentions": "1", "NumSources": "1", "NumArticles": "1", "AvgTone": "",
        "ActionGeo_CountryCode": "", "Actor1Geo_Type": "", "ActionGeo_Lat": "",
        "DATEADDED": "20240305000000", "SOURCEURL": "art-1",
    }
    assert {k: col(row, k) for k in expect} == expect
    assert col(row, "GLOBALEVENTID") == str(global_event_id(make_event().event_id))


def test_gdelt_row_codes_and_scores():
    sub = to_gdelt_row(make_event(cameo_code="0311", cameo_root="03"))
    assert (col(sub, "EventCode"), col(sub, "EventBaseCode"), col(sub, "EventRootCode")) == ("0311", "031", "03")
    assert (col(sub, "QuadClass"), col(sub, "GoldsteinScale")) == ("1", "5.2")
    root = to_gdelt_row(make_event(cameo_code="19", cameo_root="19"))
    assert (col(root, "EventBaseCode"), col(root, "GoldsteinScale"), col(root, "QuadClass")) == ("19", "-10", "4")
    unknown = to_gdelt_row(make_event(cameo_code="176", cameo_root="17"))
    assert (col(unknown, "QuadClass"), col(unknown, "GoldsteinScale"), col(unknown, "EventRootCode")) == ("", "", "17")
    # the event's own scores win over the table
    own = to_gdelt_row(make_event(quad_class=2, goldstein=-1.5))
    assert (col(own, "QuadClass"), col(own, "GoldsteinScale")) == ("2", "-1.5")


def test_gdelt_row_optional_facts():
    row = to_gdelt_row(make_event(target=None, sentence_index=3, date=None, location="UKR"), url="https://example.org/a")
    for name in ("Actor2Code", "Actor2Name", "Actor2CountryCode", "SQLDATE", "FractionDate", "DATEADDED",
                 "ActionGeo_CountryCode", "ActionGeo_FullName"):
        assert col(row, name) == "", name
    assert col(row, "IsRootEvent") == "0" and col(row, "SOURCEURL") == "https://example.org/a"
    place = to_gdelt_row(make_event(location="Kyiv", date="20240305"))
    assert col(place, "ActionGeo_FullName") == "Kyiv" and col(place, "SQLDATE") == "20240305"
    assert col(to_gdelt_row(make_event(date="not a date")), "SQLDATE") == ""


def test_gdelt_cells_never_break_the_row():
    ev = make_event(source=Actor("The\tgovernment\nof Russia", "RUSGOV", "RUS", "GOV"))
    row = to_gdelt_row(ev)
    assert col(row, "Actor1Name") == "The government of Russia"
    assert all("\t" not in c and "\n" not in c for c in row)


def test_global_event_id_stable_and_63_bit():
    # pinned: blake2b(event_id, 8 bytes), big-endian, top bit cleared; a change breaks every exported id
    assert global_event_id("abc") == global_event_id("abc") == 6393727014797677913
    ids = {global_event_id(f"event-{i}") for i in range(2000)}
    assert len(ids) == 2000 and all(0 < i < 2**63 for i in ids)


def test_write_gdelt_header_urls_and_determinism(tmp_path):
    events = [make_event(), make_event(event_id="e2", article_id="art-2", target=None)]
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    assert write_events(events, "gdelt", a, header=True, urls={"art-1": "https://example.org/1"}) == 2
    assert write_events(events, "gdelt", b, header=True, urls={"art-1": "https://example.org/1"}) == 2
    assert a.read_bytes() == b.read_bytes()
    lines = a.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 4
    assert lines[0].split("\t") == list(COLS)
    rows = [line.split("\t") for line in lines[1:3]]
    assert all(len(r) == 61 for r in rows)
    assert col(rows[0], "SOURCEURL") == "https://example.org/1" and col(rows[1], "SOURCEURL") == "art-2"
    write_events(events, "gdelt", a)
    assert not a.read_text(encoding="utf-8").startswith("GLOBALEVENTID")


# --- JSONL and Parquet ------------------------------------------------------------------------


def test_jsonl_round_trip(tmp_path):
    events = [make_event(), make_event(event_id="e2", target=None, attribution=Actor("ministry", "RUSGOV", "RUS", "GOV"))]
    path = tmp_path / "out" / "events.jsonl"
    assert write_events([events[0].to_dict(), events[1]], "jsonl", path) == 2
    back = [Event.from_dict(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
    assert back == events


def test_parquet_round_trip(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    events = [
        make_event(),
        make_event(event_id="e2", target=None, goldstein=-2.0, quad_class=3, plover_type="ACCUSE", story_id="s1",
                   attribution=Actor("the ministry", "UKRGOV", "UKR", "GOV"), location="Kyiv"),
    ]
    path = tmp_path / "events.parquet"
    assert write_events(events, "parquet", path) == 2
    assert read_parquet_events(path) == events
    table = pq.read_table(path)
    assert table.schema.names == [c for c, _, _ in PARQUET_COLUMNS]
    assert table.schema.field("sentence_index").type == pa.int32()
    assert table.schema.field("quad_class").type == pa.int8()
    assert table.column("target_code").to_pylist() == ["UKR", None]
    # an empty export still has the schema
    empty = tmp_path / "empty.parquet"
    assert write_events([], "parquet", empty) == 0
    assert pq.read_table(empty).schema.names == table.schema.names


def test_parquet_needs_a_file_and_the_extra(monkeypatch, tmp_path):
    with pytest.raises(ConfigError):
        write_events([make_event()], "parquet", "-")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ExtraMissing, match=r'pip install "newsgraph\[parquet\]"'):
        write_events([make_event()], "parquet", tmp_path / "x.parquet")


def test_bad_format_and_bad_records():
    with pytest.raises(ConfigError):
        write_events([], "csv", "-")
    with pytest.raises(ValueError, match="cameo_root"):
        coerce_event({k: v for k, v in make_event().to_dict().items() if k != "cameo_root"})
    with pytest.raises(ValueError, match="sentence_index"):
        coerce_event({**make_event().to_dict(), "sentence_index": "3"})
    with pytest.raises(ValueError):
        coerce_event({**make_event().to_dict(), "source": "RUS"})


# --- the export command -----------------------------------------------------------------------


def _events_file(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_export_command_reports_bad_lines(tmp_path, capsys):
    good = json.dumps(make_event().to_dict())
    missing = json.dumps({k: v for k, v in make_event().to_dict().items() if k != "source"})
    src = _events_file(tmp_path / "events.jsonl", [good, "{not json", "", "[1, 2]", missing])
    articles = _events_file(tmp_path / "articles.jsonl", [json.dumps({"id": "art-1", "url": "https://example.org/1"}), "oops"])
    out = tmp_path / "events.tsv"
    assert export_command(str(src), "events", "gdelt", out, False, articles) == 0
    err = capsys.readouterr().err
    assert "export: read 4, written 1, rejected 3" in err
    assert f"rejected {src}:2: bad_json" in err and f"{src}:4: bad_json" in err and f"{src}:5: bad_event" in err
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1 and len(rows[0]) == 61 and col(rows[0], "SOURCEURL") == "https://example.org/1"


def test_export_command_stdin_gzip_and_exit_codes(tmp_path, capsys):
    good = json.dumps(make_event().to_dict()) + "\n"
    assert export_command("-", "events", "jsonl", None, False, None, stdin=io.BytesIO(good.encode())) == 0
    captured = capsys.readouterr()
    assert Event.from_dict(json.loads(captured.out)) == make_event()
    gz = tmp_path / "events.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as handle:
        handle.write(good)
    out = tmp_path / "o.jsonl"
    assert export_command(str(gz), "events", "jsonl", out, False, None) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    bad = _events_file(tmp_path / "bad.jsonl", ["nope"])
    assert export_command(str(bad), "events", "gdelt", tmp_path / "x.tsv", False, None) == 1
    assert "export: read 1, written 0, rejected 1" in capsys.readouterr().err
    assert export_command(str(bad), "stories", "gdelt", None, False, None) == 2
    assert export_command(str(bad), "events", "csv", None, False, None) == 2
    assert export_command(str(tmp_path / "missing.jsonl"), "events", "gdelt", None, False, None) == 2
    assert export_command(str(bad), "events", "parquet", None, False, None) == 2
    assert "NG101" in capsys.readouterr().err


def test_export_command_parquet(tmp_path):
    pytest.importorskip("pyarrow")
    src = _events_file(tmp_path / "events.jsonl", [json.dumps(make_event().to_dict())])
    out = tmp_path / "events.parquet"
    assert export_command(str(src), "events", "parquet", out, False, None) == 0
    assert read_parquet_events(out) == [make_event()]
