"""YAML 1.1 reads numbers no person meant: in securecheck's files a number is plain decimal.

Attack (issue 10 §8): `weight: 1:30` was read as 90 (base 60) and `weight: 0x10` as 16, so a
pack could look like it weighs one thing and weigh another. Anything but decimal digits is an
error naming file and line; quoted, it is text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write
from security.hostile import hostile_pack, write_pack

from securecheck.core.errors import InputError
from securecheck.core.rulepacks import load_pack, probe_facts
from securecheck.core.safe_yaml import load_bytes

FACTS = probe_facts()


@pytest.mark.parametrize(
    "written",
    ["1:30", "0x10", "017", "0b101", "1_000", "1:30.5", "1_0.5", "+0x1"],
)
def test_number_that_is_not_plain_decimal_is_an_error_at_its_line(written: str) -> None:
    with pytest.raises(InputError) as caught:
        load_bytes(f"version: 1\nweight: {written}\n".encode(), "pack.yaml")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("pack.yaml", 2, 9)
    assert "plain decimal" in problem.message and written in problem.message


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("90", 90),
        ("16", 16),
        ("0", 0),
        ("-3", -3),
        ("2.5", 2.5),
        ("1.0e+2", 100.0),
        ('"1:30"', "1:30"),
    ],
)
def test_plain_decimal_numbers_and_quoted_text_load(written: str, value: object) -> None:
    assert load_bytes(f"weight: {written}\n".encode(), "pack.yaml").data == {"weight": value}


def test_rule_weight_written_in_base_60_is_refused_with_file_and_line(tmp_path: Path) -> None:
    pack = hostile_pack("")
    pack["rules"][0]["weight"] = 90
    path = write_pack(tmp_path / "pack.yaml", pack)
    text = path.read_text("utf-8").replace("weight: 90", "weight: 1:30")
    write(path, text)
    line = text.splitlines().index(next(ln for ln in text.splitlines() if "weight: 1:30" in ln))
    with pytest.raises(InputError) as caught:
        load_pack(path, FACTS)
    assert any(p.line == line + 1 and "'1:30'" in p.message for p in caught.value.problems)
