"""The packaged CAMEO / PLOVER code tables (newsgraph.events.tables)."""

from __future__ import annotations

import importlib.util
import pickle
from pathlib import Path

import pytest

from newsgraph.events.tables import QUAD_CLASSES, CodeInfo, CodeTables, _load_cameo, gdelt_event_columns, lookup

REPO = Path(__file__).resolve().parents[2]
TABLES = CodeTables()


def test_known_codes_goldstein_quad_plover():
    info = TABLES.lookup("042")
    assert info == CodeInfo(code="042", root="04", name="Make a visit", goldstein=1.9, quad_class=1,
                            plover_type="CONSULT", plover_mode="visit")
    assert info.known and info.quad_name == "Verbal Cooperation" and info.base == "042"
    root = TABLES.lookup("19")
    assert (root.root, root.goldstein, root.quad_class, root.plover_type, root.plover_mode) == ("19", -10.0, 4, "ASSAULT", None)
    sub = TABLES.lookup("0311")
    assert (sub.root, sub.goldstein, sub.quad_class, sub.plover_type, sub.plover_mode) == ("03", 5.2, 1, "AGREE", None)
    assert TABLES.lookup("195").plover_mode == "heavy-weapons"
    assert TABLES.lookup("1823").plover_type == "ASSAULT" and TABLES.lookup("1823").plover_mode is None
    # PLOVER splits CAMEO 08 YIELD: 081 is CONCEDE, 084 RETREAT
    assert TABLES.lookup("081").plover_type == "CONCEDE"
    assert TABLES.lookup("0841").plover_type == "RETREAT" and TABLES.lookup("0841").plover_mode == "release"


def test_missing_code_gets_root_but_no_invented_scores():
    for code, plover in (("176", "COERCE"), ("0315", "AGREE"), ("174K", "COERCE"), ("9999", None)):
        info = TABLES.lookup(code)
        assert info.code == code and info.root == code[:2]
        assert info.goldstein is None and info.quad_class is None and info.name is None and not info.known
        assert info.plover_type == plover and info.plover_mode is None
    # the nearest ancestor decides: 1924 is under base 192 (COERCE), not root 19 (ASSAULT)
    assert TABLES.lookup("1924").plover_type == "COERCE"
    for code in ("abc", "", "4", None):
        info = TABLES.lookup(code)
        assert info.root is None and info.goldstein is None and info.plover_type is None


def test_code_is_emitted_as_given():
    assert TABLES.lookup(" 042").code == " 042"
    assert TABLES.lookup(" 042").goldstein == 1.9
    assert lookup("042") == TABLES.lookup("042")


def test_plover_dropped_roots_have_no_type():
    for code in ("01", "010", "02", "0231", "0123"):
        assert TABLES.lookup(code).plover_type is None, code
    assert TABLES.lookup("010").goldstein == 0.0 and TABLES.lookup("010").quad_class == 1


def test_plover_only_codes_are_kept_without_scores():
    info = TABLES.lookup("1213")
    assert (info.root, info.plover_type, info.plover_mode) == ("12", "REJECT", "assist")
    assert info.goldstein is None and info.quad_class is None and info.known


def test_demand_codes_use_the_cameo_manual_names():
    assert TABLES.lookup("101").name == "Demand material cooperation"
    assert TABLES.lookup("108").name == "Demand mediation"
    assert TABLES.lookup("102").name == "Demand policy support"


def test_table_invariants():
    rows = list(TABLES)
    assert len(rows) == len(TABLES) == 313
    assert sum(1 for r in rows if len(r.code) == 2) == 20
    types = TABLES.plover_types()
    for r in rows:
        assert r.root == r.code[:2] and r.name
        if r.quad_class is not None:
            assert r.quad_class == TABLES.lookup(r.root).quad_class
            assert -10.0 <= r.goldstein <= 10.0
        if r.plover_type is not None:
            assert r.plover_type in types
        else:
            assert r.root in ("01", "02") and r.plover_mode is None
    assert sum(1 for r in rows if r.goldstein is None) == 2


def test_quad_classes_and_plover_types():
    assert dict(QUAD_CLASSES) == {1: "Verbal Cooperation", 2: "Material Cooperation", 3: "Verbal Conflict", 4: "Material Conflict"}
    assert CodeTables.quad_name(4) == "Material Conflict" and CodeTables.quad_name(None) is None
    types = TABLES.plover_types()
    assert len(types) == 16
    assert {t: types[t].quad_class for t in ("AGREE", "COOPERATE", "ACCUSE", "ASSAULT")} == \
        {"AGREE": 1, "COOPERATE": 2, "ACCUSE": 3, "ASSAULT": 4}
    consult = TABLES.plover_type("consult")
    assert consult is not None and "visit" in consult.modes and consult.describe("visit")
    assert TABLES.plover_type("NOPE") is None


def test_picklable_and_loaded_once():
    clone = pickle.loads(pickle.dumps(TABLES))
    assert clone == TABLES and clone.lookup("042").goldstein == 1.9
    assert pickle.loads(pickle.dumps(TABLES.lookup("042"))) == TABLES.lookup("042")
    pickle.dumps(TABLES.plover_type("ASSAULT"))
    before = _load_cameo.cache_info().misses
    CodeTables().lookup("18")
    assert _load_cameo.cache_info().misses == before


def test_gdelt_columns():
    cols = gdelt_event_columns()
    assert len(cols) == 61 and len(set(cols)) == 61
    assert cols[0] == "GLOBALEVENTID" and cols[-1] == "SOURCEURL" and cols.index("EventCode") == 26


@pytest.mark.shared
def test_packaged_tables_match_the_shared_sources(shared_dir):
    spec = importlib.util.spec_from_file_location("convert_event_tables", REPO / "scripts" / "convert_event_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    files = module.build(shared_dir / "data" / "events")
    data = REPO / "src" / "newsgraph" / "events" / "data"
    for name, text in files.items():
        assert (data / name).read_text(encoding="utf-8") == text, f"{name} is stale: run scripts/convert_event_tables.py"
