"""The README's fleet recipe, run: docs/fleet/collect.sh writes the files, and they are what
the shipper configs next to it read and what the engine behind them can index."""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Home, shared_facts_dir

# One worker runs this module: its `collected` fixture (two runs of the recipe) then runs once,
# not once on each worker that picked one of its tests.
pytestmark = pytest.mark.xdist_group("fleet-recipe")

RECIPE = Path(__file__).resolve().parents[2] / "docs" / "fleet"
FILEBEAT_MAX_BYTES = 10 * 1024 * 1024  # filestream's default message limit


def collect(home: Home, **env: str) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)
    return subprocess.run(
        ["sh", str(RECIPE / "collect.sh")],
        env={**home.env, "PATH": f"{bin_dir}:/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=home.root,
    )


def in_home(pattern: str, home: Home) -> list[Path]:
    """A shipper's path glob for every user's home, applied to the test's one home."""
    for prefix in ("/home/*/", "/Users/*/"):
        if pattern.startswith(prefix):
            return [Path(p) for p in glob.glob(str(home.root) + "/" + pattern[len(prefix) :])]
    raise AssertionError(f"unexpected path pattern {pattern}")


def fluent_bit() -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((RECIPE / "fluent-bit.yaml").read_text())
    return config


def fluent_inputs(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["parser"]: i for i in config["pipeline"]["inputs"]}


def types_by_field(doc: Any, prefix: str = "") -> dict[str, str]:
    """Each leaf's dotted path and JSON type, as a dynamic mapping sees the first value."""
    if isinstance(doc, dict):
        found: dict[str, str] = {}
        if prefix:
            found[prefix] = "object"
        for key, value in doc.items():
            assert key and not key.startswith("_") and ".." not in key, key
            found.update(types_by_field(value, f"{prefix}.{key}" if prefix else key))
        return found
    if isinstance(doc, list):
        kinds = {t for item in doc for t in types_by_field(item, prefix).values()}
        assert len(kinds) <= 1, (prefix, kinds)  # an array's items share one mapping
        return {prefix: kinds.pop()} if kinds else {}
    if doc is None:
        return {}
    if isinstance(doc, bool):
        return {prefix: "boolean"}
    if isinstance(doc, int):
        return {prefix: "long"}
    if isinstance(doc, float):
        return {prefix: "float"}
    return {prefix: "text"}


def assert_one_mapping(docs: list[Any]) -> None:
    """A field is never an object in one document and a value in another, nor a whole number
    in one and a decimal in the next (the engine would refuse or cut the later ones)."""
    seen: dict[str, str] = {}
    for doc in docs:
        for field, kind in types_by_field(doc).items():
            assert seen.setdefault(field, kind) == kind, (field, seen[field], kind)


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Home, list[Path], list[Path]]:
    root = tmp_path_factory.mktemp("fleet") / "home"
    root.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "SECURECHECK"))}
    env.update(HOME=str(root), LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env["XDG_CACHE_HOME"] = str(shared_facts_dir(tmp_path_factory))  # apt's count, reused
    home = Home(root, env)
    first = collect(home)
    assert first.returncode == 0, first.stderr
    second = collect(home, SECURECHECK_FLEET_FORMAT="ocsf", SECURECHECK_DEVICE_ID="desk-7")
    assert second.returncode == 0, second.stderr
    folder = root / ".local" / "state" / "securecheck" / "fleet"
    return home, sorted(folder.glob("*.ndjson")), sorted(folder.glob("*.ocsf.jsonl"))


def test_collect_writes_one_whole_private_file_per_run(
    collected: tuple[Home, list[Path], list[Path]],
) -> None:
    _, ndjson, ocsf = collected
    assert len(ndjson) == 1 and len(ocsf) == 1
    folder = ndjson[0].parent
    assert sorted(p.name for p in folder.iterdir()) == sorted([ndjson[0].name, ocsf[0].name])
    assert folder.stat().st_mode & 0o777 == 0o700
    assert ndjson[0].stat().st_mode & 0o777 == 0o600


def test_filebeat_reads_the_ndjson_files_as_events(
    collected: tuple[Home, list[Path], list[Path]],
) -> None:
    home, ndjson, _ = collected
    config = yaml.safe_load((RECIPE / "filebeat.yml").read_text())
    (source,) = config["filebeat.inputs"]
    assert source["type"] == "filestream"
    matched = {p for pattern in source["paths"] for p in in_home(pattern, home)}
    assert matched == set(ndjson)  # and never an OCSF file or a half-written .tmp one
    (parser,) = source["parsers"]
    assert parser["ndjson"]["target"] == "" and parser["ndjson"]["overwrite_keys"] is True
    raw = ndjson[0].read_bytes()
    assert raw.endswith(b"\n")
    docs = []
    for line in raw.split(b"\n")[:-1]:
        assert 0 < len(line) < FILEBEAT_MAX_BYTES
        doc = json.loads(line.decode("utf-8"))
        assert isinstance(doc, dict)  # the ndjson parser wants an object per line
        docs.append(doc)
    # Filebeat takes `@timestamp` from the event (overwrite_keys) as RFC 3339.
    for doc in docs:
        dt.datetime.fromisoformat(doc["@timestamp"].replace("Z", "+00:00"))
    assert_one_mapping(docs)
    assert [d["record"] for d in docs].count("summary") == 1


def test_fluent_bit_parses_each_format_with_its_own_parser(
    collected: tuple[Home, list[Path], list[Path]],
) -> None:
    home, ndjson, ocsf = collected
    config = fluent_bit()
    parsers = {p["name"]: p for p in config["parsers"]}
    inputs = fluent_inputs(config)
    assert set(in_home(inputs["securecheck_ndjson"]["path"], home)) == set(ndjson)
    assert set(in_home(inputs["securecheck_ocsf"]["path"], home)) == set(ocsf)
    ndjson_parser = parsers["securecheck_ndjson"]
    assert ndjson_parser["format"] == "json"
    for line in ndjson[0].read_text().splitlines():
        doc = json.loads(line)
        # Fluent Bit reads the event time with strptime and this format.
        dt.datetime.strptime(doc[ndjson_parser["time_key"]], ndjson_parser["time_format"])
    tags = {i["tag"] for i in config["pipeline"]["inputs"]}
    assert tags == {o["match"] for o in config["pipeline"]["outputs"]}


def test_the_ocsf_file_is_compliance_findings_of_the_named_device(
    collected: tuple[Home, list[Path], list[Path]],
) -> None:
    import jsonschema
    from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema  # type: ignore[import-untyped]

    _, _, ocsf = collected
    schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(version="1.5.0"))
    validator = jsonschema.Draft202012Validator(
        schema.get_class_schema("compliance_finding", profiles=[])
    )
    events = [json.loads(line) for line in ocsf[0].read_text().splitlines()]
    assert events and {e["device"]["uid"] for e in events} == {"desk-7"}
    for event in events:
        validator.validate(event)
    assert_one_mapping(events)


def test_collect_refuses_an_unknown_format(tmp_path: Path) -> None:
    home = Home(tmp_path, {"HOME": str(tmp_path)})
    run = collect(home, SECURECHECK_FLEET_FORMAT="xml")
    assert run.returncode == 2 and "ndjson or ocsf" in run.stderr
