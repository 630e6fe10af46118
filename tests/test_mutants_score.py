"""tools/mutation_score.py: the killed ratio of `make mutation`, per module, with the
documented equivalent mutants left out (checked on a small made-up mutmut result)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("mutation_score", ROOT / "tools" / "mutation_score.py")
ms = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("mutation_score", ms)  # dataclasses look their module up there
_spec.loader.exec_module(ms)

MUTATED = '''
def x_f__mutmut_orig(a):
    if a > 0:
        return 1
    return 2

def x_f__mutmut_1(a):
    if a >= 0:
        return 1
    return 2

def x_f__mutmut_2(a):
    if a > 0:
        return 2
    return 2

def x_f__mutmut_3(a):
    if a > 1:
        return 1
    return 2
'''


@pytest.fixture
def mutants(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(MUTATED)
    exit_codes = {"pkg.mod.x_f__mutmut_1": 0, "pkg.mod.x_f__mutmut_2": 1,
                  "pkg.mod.x_f__mutmut_3": 0, "pkg.mod.x_f__mutmut_4": None,
                  "pkg.mod.x_f__mutmut_5": 33, "pkg.mod.x_f__mutmut_6": 36}
    (tmp_path / "pkg" / "mod.py.meta").write_text(json.dumps({"exit_code_by_key": exit_codes}))
    return tmp_path


def test_counts_per_status_and_equivalent_mutants_left_out(mutants):
    equivalent = (ms.Equivalent("pkg.mod.x_f", "if a > 0:", "if a >= 0:", "a is never 0"),
                  ms.Equivalent("pkg.mod.x_f", "return 1", "return 3", "stale"))
    used, survivors = set(), []
    c = ms.score(Path("pkg/mod.py"), used=used, survivors=survivors, mutants=mutants,
                 equivalent=equivalent)
    # killed: exit 1 and the timeout (36); survived: mutant 3; no tests: 5; unchecked: 4
    assert (c.killed, c.survived, c.no_tests, c.equivalent, c.unchecked) == (2, 1, 1, 1, 1)
    assert c.checked == 4 and c.ratio == 50.0
    assert used == {equivalent[0]}
    assert survivors[0] == "pkg.mod.x_f__mutmut_3 (survived): if a > 0:  ->  if a > 1:"


def test_wildcard_entry_matches_any_change_of_its_line(mutants):
    equivalent = (ms.Equivalent("pkg.mod.x_f", "if a > 0:", "*", "unreachable"),)
    c = ms.score(Path("pkg/mod.py"), used=set(), survivors=[], mutants=mutants,
                 equivalent=equivalent)
    assert (c.killed, c.survived, c.equivalent) == (2, 0, 2)


def test_every_equivalent_entry_names_a_module_under_mutation_and_a_reason():
    modules = {".".join(p.with_suffix("").parts) for p in ms.module_files(ms.only_mutate())}
    for e in ms.EQUIVALENT:
        assert e.function.rpartition(".")[0] in modules, e
        assert e.reason and "\n" not in e.reason and e.removed != e.added
