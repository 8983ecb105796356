"""Bad input gets a clear error and loses nothing.

Rule packs come from the internet and answers files are edited by hand. Whatever is in them —
broken YAML, alias bombs, 5 000 levels of nesting, 100 MB, binary, another encoding, the wrong
type in any field, an unknown probe, a duplicate id — the loader answers with `file:line`
problems (InputError, nothing else), within a second, and the CLI exits 2 without a traceback,
without writing a report and without touching the answers file.
"""

from __future__ import annotations

import copy
import datetime
import functools
import re
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Home, Run, write
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from securecheck.core.answers import load_answers
from securecheck.core.errors import InputError, Problem
from securecheck.core.rulepacks import load_pack, load_rules, probe_facts, shipped_rules_dir
from securecheck.core.safe_yaml import load_bytes

Cli = Callable[..., Run]
# A refusal must not build what it refuses: an alias bomb expanded, a 100 MB file read. Memory
# is what proves it (the same on any machine); seconds on a shared CI machine prove nothing.
REFUSAL_PEAK_BYTES = 16 * 1024 * 1024
FACTS = probe_facts()
SHIPPED = load_rules()
QUESTIONS = [r.question for r in SHIPPED if r.question is not None]


# --- a valid pack and a valid answers file, to break one field at a time -----------------------


@functools.cache
def _shipped_raw_rules() -> dict[str, dict[str, Any]]:
    """Every shipped rule as written, by id (read once: every worker builds VALID_PACK)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return {
        raw["id"]: raw
        for path in sorted(shipped_rules_dir().glob("*.yaml"))
        for raw in yaml.load(path.read_text("utf-8"), Loader=loader)["rules"]
    }


def _shipped_rule(rule_id: str) -> dict[str, Any]:
    return dict(_shipped_raw_rules()[rule_id])


def _renamed(rule_id: str, new_id: str, **extra: Any) -> dict[str, Any]:
    raw = copy.deepcopy(_shipped_rule(rule_id))
    raw["id"] = new_id
    if "question" in raw["check"]:
        raw["check"]["question"]["id"] = new_id
    raw.update(extra)
    return raw


# One rule of each check kind, with every optional field present somewhere.
VALID_PACK: dict[str, Any] = {
    "version": 1,
    "rules": [
        _renamed("password.strength", "my.password", weight=7, platforms=["linux", "macos"]),
        _renamed("two_factor.enabled", "my.two_factor", expires_after_days=30),
        _renamed("network.public_wifi", "my.public_wifi"),
        _renamed("device.antivirus", "my.antivirus"),
    ],
}

VALID_ANSWERS: dict[str, Any] = {
    "version": 1,
    "answers": {
        "two_factor.enabled": "totp",
        "login_activity.review": {"value": "weekly", "answered_at": "2026-11-24T09:30:00+00:00"},
    },
    "profile": {"email": "alice@example.com", "username": "alice"},
    "exemptions": {"device.firewall": {"reason": "managed", "until": "2027-03-31"}},
}

WRONG_VALUES: list[Any] = [None, True, 7, 2.5, "text", [], ["text"], {}, {"key": "text"}]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _fields(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(node, dict):
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        yield (*path, key), value
        yield from _fields(value, (*path, key))


def _replaced(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(doc)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def _pack_fields() -> list[tuple[Any, ...]]:
    """Every field of the pack, once per place in the schema (choices[1] is like choices[0]).
    A condition's `value` is left out: it may be a bool, a number, text or a list of text."""
    seen: set[tuple[Any, ...]] = set()
    chosen = []
    for path, _ in _fields(VALID_PACK):
        if "value" in path and ("expect" in path or "applies_when" in path):
            continue
        kind = VALID_PACK["rules"][path[1]]["check"]["kind"] if len(path) > 1 else ""
        generic = tuple("*" if isinstance(p, int) else p for p in path)
        if "check" not in path:  # the rule-level fields are the same for every kind
            kind = ""
        if (kind, generic) not in seen:
            seen.add((kind, generic))
            chosen.append(path)
    return chosen


def _dotted(path: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _assert_points_at_file(exc: InputError, path: Path, *, line: bool = True) -> None:
    assert exc.problems
    for problem in exc.problems:
        assert isinstance(problem, Problem)
        assert str(problem).startswith(f"{path}:"), problem
    if line:
        assert any(p.line is not None for p in exc.problems), exc.problems


def _assert_names_the_field(exc: InputError, field: tuple[Any, ...]) -> None:
    """Some problem is about the broken field, its parent, or something inside it."""
    broken = _dotted(field)
    named = [p.field or "" for p in exc.problems]
    assert any(
        broken == f or broken.startswith((f + ".", f + "[")) or f.startswith(broken) for f in named
    ), (broken, [str(p) for p in exc.problems])


def _refusal(load: Callable[[], object]) -> InputError | None:
    try:
        load()
    except InputError as exc:
        return exc
    return None


def _refusal_and_peak(load: Callable[[], object]) -> tuple[InputError | None, int]:
    """The refusal, and the most memory Python held while reaching it."""
    tracemalloc.start()
    try:
        error = _refusal(load)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return error, peak


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: 20 times the speed


def _dump(doc: Any) -> str:
    return yaml.dump(doc, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)


def test_the_unbroken_files_load(tmp_path: Path) -> None:
    # Otherwise every "refused" below could be refusing something else.
    assert len(load_pack(write(tmp_path / "pack.yaml", _dump(VALID_PACK)), FACTS)) == 4
    assert load_answers(write(tmp_path / "answers.yaml", _dump(VALID_ANSWERS)), QUESTIONS).answers


@pytest.mark.parametrize("field", _pack_fields(), ids=_dotted)
def test_wrong_type_in_any_rule_field_is_refused_with_file_and_line(
    tmp_path: Path, field: tuple[Any, ...]
) -> None:
    # Only the rule holding the field goes in the file: the same check, a quarter of the parsing.
    index = field[1] if len(field) > 1 else 0
    pack = {"version": 1, "rules": [VALID_PACK["rules"][index]]}
    field = field[:1] if len(field) == 1 else ("rules", 0, *field[2:])
    original: Any = pack
    for key in field:
        original = original[key]
    for wrong in WRONG_VALUES:
        if _kind(wrong) == _kind(original):
            continue
        path = write(tmp_path / "pack.yaml", _dump(_replaced(pack, field, wrong)))
        error = _refusal(functools.partial(load_pack, path, FACTS))
        assert error is not None, f"{_dotted(field)} = {wrong!r} was accepted"
        _assert_points_at_file(error, path)
        _assert_names_the_field(error, field)


@pytest.mark.parametrize("field", [p for p, _ in _fields(VALID_ANSWERS)], ids=_dotted)
def test_wrong_type_in_any_answers_field_is_refused_with_file_and_line(
    tmp_path: Path, field: tuple[Any, ...]
) -> None:
    original = VALID_ANSWERS
    for key in field:
        original = original[key]
    for wrong in WRONG_VALUES:
        if _kind(wrong) == _kind(original):
            continue
        path = write(tmp_path / "answers.yaml", _dump(_replaced(VALID_ANSWERS, field, wrong)))
        error = _refusal(functools.partial(load_answers, path, QUESTIONS))
        assert error is not None, f"{_dotted(field)} = {wrong!r} was accepted"
        _assert_points_at_file(error, path)
        _assert_names_the_field(error, field)


# --- hostile files ----------------------------------------------------------------------------

LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
).encode()

HOSTILE: dict[str, bytes] = {
    "malformed-yaml": b"version: 1\nrules: [\n  {id: x, title: {en: 'unclosed\n",
    "tab-indent": b"version: 1\nrules:\n\t- id: x\n",
    "billion-laughs": LAUGHS,
    "anchor-merge": b"version: 1\nbase: &b {id: x}\nrules: [{<<: *b}]\n",
    "deep-flow-5000": b"version: 1\nrules: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "deep-block-5000": b"version: 1\nrules:\n" + b"- " * 5000 + b"x\n",
    "deep-mapping-5000": b"version: 1\nrules: " + b"{a: " * 5000 + b"1" + b"}" * 5000 + b"\n",
    "binary": bytes(range(256)) * 64,
    "latin-1": "version: 1\nrules: []\n# café\n".encode("latin-1"),
    "utf-16": "version: 1\nrules: []\n".encode("utf-16"),
    "nul-bytes": b"version: 1\nrules: []\x00\n",
    "python-tag": b"version: 1\nrules: !!python/object/apply:os.system ['echo pwned']\n",
    "custom-tag": b"version: !foo 1\n",
    "duplicate-key": b"version: 1\nversion: 1\n",
    "two-documents": b"version: 1\n---\nversion: 1\n",
    "not-a-mapping": b"- version\n- 1\n",
    "huge-integer": b"version: " + b"9" * 5000 + b"\n",
}
CONTROL_CHARS: dict[str, bytes] = {
    "bell": b"version: 1\nanswers: \x07\n",
    "escape": b"version: 1\n\x1b[2J\n",
    "c1-csi": "version: 1\nrules: [\x9b]\n".encode(),
    "delete": b"version: 1\x7f\n",
}


def _targets() -> list[Any]:
    return [
        pytest.param("rules", id="rules"),
        pytest.param("answers", id="answers"),
    ]


def _load(target: str, path: Path) -> Callable[[], object]:
    if target == "rules":
        return lambda: load_rules([path])
    return lambda: load_answers(path, QUESTIONS)


@pytest.mark.parametrize("target", _targets())
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_is_refused_without_building_it_with_file_and_line(
    tmp_path: Path, target: str, case: str
) -> None:
    path = tmp_path / f"{case}.yaml"
    path.write_bytes(HOSTILE[case])
    error, peak = _refusal_and_peak(_load(target, path))
    assert error is not None, "accepted"
    _assert_points_at_file(error, path)
    assert peak < REFUSAL_PEAK_BYTES, f"held {peak} bytes to refuse it"


@pytest.mark.parametrize("target", _targets())
@pytest.mark.parametrize("case", sorted(CONTROL_CHARS))
def test_control_characters_are_refused_with_file_and_line(
    tmp_path: Path, target: str, case: str
) -> None:
    path = tmp_path / f"{case}.yaml"
    path.write_bytes(CONTROL_CHARS[case])
    error = _refusal(_load(target, path))
    assert error is not None
    _assert_points_at_file(error, path)


RULE_PROBLEMS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "unknown-probe": (
        lambda d: d["rules"][2]["check"].__setitem__("probe", "telepathy"),
        "no probe named 'telepathy'",
    ),
    "unknown-fact": (
        lambda d: d["rules"][3]["check"]["expect"][0].__setitem__("fact", "antivirus.mood"),
        "has no fact 'mood'",
    ),
    "duplicate-id-in-pack": (
        lambda d: d["rules"][1].__setitem__("id", "my.password"),
        "duplicate rule id 'my.password'",
    ),
    "duplicate-of-a-shipped-id": (
        lambda d: d["rules"][0].__setitem__("id", "password.strength"),
        "duplicate rule id 'password.strength'",
    ),
    "unknown-key": (lambda d: d["rules"][0].__setitem__("colour", "red"), "unknown key 'colour'"),
}


@pytest.mark.parametrize("case", sorted(RULE_PROBLEMS))
def test_rule_mistakes_are_refused_with_file_and_line(tmp_path: Path, case: str) -> None:
    doc = copy.deepcopy(VALID_PACK)
    if case == "duplicate-id-in-pack":
        doc["rules"][1]["check"]["question"]["id"] = "my.password"
    mutate, message = RULE_PROBLEMS[case]
    mutate(doc)
    path = write(tmp_path / "pack.yaml", _dump(doc))
    error = _refusal(lambda: load_rules([path]))
    assert error is not None
    _assert_points_at_file(error, path)
    assert any(message in str(p) for p in error.problems), error.problems


@pytest.mark.parametrize("weight", [".nan", ".NaN"])
def test_not_a_number_weight_is_refused(tmp_path: Path, weight: str) -> None:
    doc = copy.deepcopy(VALID_PACK)
    doc["rules"][0]["weight"] = 12345.0
    path = write(tmp_path / "pack.yaml", _dump(doc).replace("12345.0", weight))
    error = _refusal(lambda: load_rules([path]))
    assert error is not None, "a NaN weight was accepted"
    _assert_points_at_file(error, path)


# --- size -------------------------------------------------------------------------------------


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.write(b"version: 1\n")
        fh.truncate(size)  # a hole: 100 MB on paper, nothing on disk
    return path


@pytest.mark.parametrize("target", _targets())
def test_100_mb_file_is_refused_by_size_without_reading_it(tmp_path: Path, target: str) -> None:
    path = _sparse(tmp_path / "huge.yaml", 100 * 1024 * 1024)
    error, peak = _refusal_and_peak(_load(target, path))
    assert error is not None
    _assert_points_at_file(error, path, line=False)
    assert "larger than" in str(error)
    assert peak < REFUSAL_PEAK_BYTES, f"read {peak} bytes into memory for a refusal"


def test_pack_of_many_keys_under_the_size_cap_is_refused(tmp_path: Path) -> None:
    lines = "".join(f"k{i}: 1\n" for i in range(60_000))  # ~600 KB, under the 1 MiB cap
    path = write(tmp_path / "wide.yaml", "version: 1\nrules: []\n" + lines)
    error = _refusal(lambda: load_rules([path]))
    assert error is not None
    _assert_points_at_file(error, path)


# --- the CLI: exit 2, file:line on stderr, no traceback, nothing written ----------------------

CLI_RULE_CASES = [
    "malformed-yaml",
    "billion-laughs",
    "deep-flow-5000",
    "binary",
    "latin-1",
    "python-tag",
]
CLI_ANSWER_CASES = ["malformed-yaml", "billion-laughs", "deep-block-5000", "binary", "latin-1"]


def _assert_refused(run: Run, path: Path, *, line: bool = True) -> None:
    assert run.code == 2, (run.code, run.stderr)
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
    where = re.escape(str(path)) + (r":\d+:" if line else ":")
    assert re.search(where, run.stderr), run.stderr


@pytest.mark.parametrize("case", CLI_RULE_CASES)
def test_rules_validate_refuses_a_hostile_pack(cli_here: Cli, tmp_path: Path, case: str) -> None:
    cli = cli_here  # one case of many: in this process (test_cli.py runs the real one)
    path = tmp_path / "pack.yaml"
    path.write_bytes(HOSTILE[case])
    _assert_refused(cli("rules", "validate", str(path)), path)


@pytest.mark.parametrize("case", ["billion-laughs", "deep-flow-5000", "unknown-probe"])
def test_audit_with_a_hostile_pack_writes_no_report(
    cli_here: Cli, tmp_path: Path, case: str
) -> None:
    cli = cli_here  # one case of many: in this process (test_cli.py runs the real one)
    path = tmp_path / "pack.yaml"
    if case in HOSTILE:
        path.write_bytes(HOSTILE[case])
    else:
        doc = copy.deepcopy(VALID_PACK)
        RULE_PROBLEMS[case][0](doc)
        write(path, _dump(doc))
    out = tmp_path / "report.json"
    run = cli("audit", "--no-probes", "--rules", str(path), "--output", str(out))
    _assert_refused(run, path)
    assert not out.exists()


@pytest.mark.parametrize("case", CLI_ANSWER_CASES)
def test_audit_and_answer_refuse_a_hostile_answers_file_and_leave_it_alone(
    cli_here: Cli, home: Home, tmp_path: Path, case: str
) -> None:
    cli = cli_here  # one case of many: in this process (test_cli.py runs the real one)
    path = home.config / "answers.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(HOSTILE[case])
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    out = tmp_path / "report.md"
    _assert_refused(cli("audit", "--no-probes", "--output", str(out)), path)
    _assert_refused(cli("answer", "two_factor.enabled", "totp"), path)
    assert not out.exists()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["answers.yaml"]


@pytest.mark.parametrize("command", ["validate", "audit-answers"])
def test_cli_refuses_a_100_mb_file_by_size(
    cli: Cli, home: Home, tmp_path: Path, command: str
) -> None:
    path = _sparse(tmp_path / "huge.yaml", 100 * 1024 * 1024)
    if command == "validate":
        run = cli("rules", "validate", str(path))
    else:
        run = cli("audit", "--no-probes", "--answers", str(path), "--output", "r.json")
    _assert_refused(run, path, line=False)
    assert "larger than" in run.stderr
    assert not (tmp_path / "r.json").exists()


def test_cli_refuses_control_characters_without_a_traceback(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_bytes(CONTROL_CHARS["bell"])
    _assert_refused(cli("rules", "validate", str(path)), path)


# --- fuzzing ----------------------------------------------------------------------------------

YAML_TOKENS = st.sampled_from(
    [
        "- ", ": ", "{", "}", "[", "]", ",", "\n", "  ", "&a ", "*a", "!!str ", "!!binary ",
        "!!python/name:os.system ", "? ", "|", ">", "#", "'", '"', "---\n", "...\n",
        "%YAML 1.1\n", "version", "rules", "answers", "1", ".nan", "~", "true", "2020-01-01",
        "\\u0000", "\ufeff", "\u2028", "id", "check", "kind", "probe", "two_factor.enabled",
    ]
)  # fmt: skip
YAMLISH = st.lists(st.one_of(YAML_TOKENS, st.text(max_size=6)), max_size=40).map("".join)
ANY_INPUT = st.one_of(st.binary(max_size=512), YAMLISH.map(lambda s: s.encode("utf-8", "replace")))
FUZZ = settings(
    max_examples=120,
    deadline=None,  # wall-clock limits fail on a loaded machine; the global timeout is the net
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(raw=ANY_INPUT)
@example(raw=b"a: \x07\n")
def test_any_bytes_into_the_yaml_loader_raise_only_input_error(raw: bytes) -> None:
    try:
        load_bytes(raw, "fuzz.yaml")
    except InputError as exc:
        assert all(str(p).startswith("fuzz.yaml") for p in exc.problems)


@FUZZ
@given(raw=ANY_INPUT)
@example(raw=b"version: 1\nrules: \x1b\n")
def test_any_bytes_as_a_rule_pack_or_answers_file_raise_only_input_error(
    tmp_path: Path, raw: bytes
) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(raw)
    for load in (lambda: load_pack(path, FACTS), lambda: load_answers(path, QUESTIONS)):
        try:
            load()
        except InputError as exc:
            _assert_points_at_file(exc, path, line=False)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.text(max_size=12),
    st.dates(),
    st.sampled_from(["two_factor.enabled", "totp", "weekly", "2026-01-01", "firewall.enabled"]),
)
KEYS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        ["version", "answers", "profile", "exemptions", "two_factor.enabled", "value",
         "answered_at", "reason", "until", "email", "username", "rules", "id", "check", "kind"]
    ),
)  # fmt: skip
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=25,
)


@FUZZ
@given(doc=DOCUMENTS)
@example(doc={"rules": datetime.date(2000, 1, 1)})  # the fast validator took no dates
@example(doc={"version": 1, "answers": {"two_factor.enabled": datetime.date(2000, 1, 1)}})
def test_any_yaml_document_raises_only_input_error(tmp_path: Path, doc: Any) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(_dump(doc), encoding="utf-8", errors="surrogatepass")
    for load in (lambda: load_pack(path, FACTS), lambda: load_answers(path, QUESTIONS)):
        try:
            load()
        except InputError as exc:
            _assert_points_at_file(exc, path, line=False)
