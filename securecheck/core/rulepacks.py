"""Rule packs: YAML files → validated `Rule`s, with `file:line:col: field: problem` errors."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from securecheck.core.digest import sha256_hex
from securecheck.core.document import Document, PathKey, dotted, read_bounded
from securecheck.core.errors import InputError, Problem
from securecheck.core.model import (
    BreachCheck,
    Check,
    Choice,
    Condition,
    Expectation,
    PasswordCheck,
    ProbeCheck,
    Question,
    QuestionCheck,
    Reference,
    ReuseCheck,
    Rule,
    Severity,
    Status,
)
from securecheck.core.packtext import text_problems
from securecheck.core.validation import schema_problems
from securecheck.files import shipped
from securecheck.i18n import Localized, Texts
from securecheck.log import get_logger

if TYPE_CHECKING:
    from securecheck.probes.facts import ProbeDeclaration


def shipped_rules_dir() -> Path:
    """The rule packs that ship with securecheck, installed or in a source checkout."""
    installed = shipped("_rules")
    if installed.is_dir():
        return installed
    # Editable install / running from a checkout: the packs live at the top level.
    return Path(__file__).resolve().parents[2] / "rules"


log = get_logger(__name__)

# The shipped packs that passed every check below, by SHA-256 (`sha256sum` format). Written by
# `python -m securecheck.core.rulepacks --trust` after a full validation, and kept current by a
# test (tests/test_headless_start.py); a pack whose bytes are not listed is validated in full.
TRUSTED_MANIFEST = "validated_rules.sha256"
# The same packs already parsed, as JSON keyed by each pack's SHA-256, written beside the
# manifest, which records this file's own SHA-256 too: a start then needs neither PyYAML nor a
# YAML parse (~50 ms). A file whose bytes are not the recorded ones is ignored (each trusted
# pack is parsed instead), and a pack whose bytes are not listed is validated in full, cache
# or no cache.
PARSED_PACKS = "validated_rules.json"


def _manifest_path() -> Path:
    return shipped(f"data/{TRUSTED_MANIFEST}")


def _parsed_path() -> Path:
    return shipped(f"data/{PARSED_PACKS}")


@functools.cache
def _manifest() -> Mapping[str, str]:
    """File name → SHA-256, as recorded (empty if there is no manifest)."""
    try:
        lines = _manifest_path().read_text("utf-8").splitlines()
    except OSError:
        return {}
    return {name: digest for digest, _sep, name in (line.partition("  ") for line in lines)}


@functools.cache
def trusted_digests() -> frozenset[str]:
    """The digests of the shipped packs validated at test time (empty if none is recorded)."""
    return frozenset(digest for name, digest in _manifest().items() if name != PARSED_PACKS)


@functools.cache
def parsed_packs() -> Mapping[str, Any]:
    """The trusted packs' parsed data by digest, if the file is the one the manifest records;
    else empty (a stale or altered file is never read as data)."""
    expected = _manifest().get(PARSED_PACKS)
    try:
        raw = _parsed_path().read_bytes()
    except OSError:
        return {}
    if expected is None or sha256_hex(raw) != expected:
        log.warning(
            "%s does not match %s: parsing the shipped packs", PARSED_PACKS, TRUSTED_MANIFEST
        )
        return {}
    data = json.loads(raw)
    return data if isinstance(data, dict) else {}


def _same(a: Any, b: Any) -> bool:
    """Equal with the same types all the way down (`==` has 1 == 1.0 == True)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def trusted_files(paths: Iterable[Path]) -> tuple[str, bytes]:
    """The manifest and the parsed form of `paths`, after validating each in full (raises
    InputError, also for a pack whose data JSON would not give back exactly)."""
    parsed: dict[str, Any] = {}
    lines = []
    for path in sorted(paths, key=lambda p: p.name):
        load_pack(path, trust=False)
        raw = path.read_bytes()
        digest = sha256_hex(raw)
        data = _parse_trusted(raw)
        try:
            again = json.loads(json.dumps(data, ensure_ascii=False))
        except (TypeError, ValueError):
            again = None
        if not _same(data, again):
            raise InputError([Problem(str(path), "its data does not survive a JSON round trip")])
        parsed[digest] = data
        lines.append(f"{digest}  {path.name}\n")
    # One pack per line, so a change to a pack is a change to one line.
    cache = "".join(
        ("{" if i == 0 else ",")
        + f"\n{json.dumps(digest)}:{json.dumps(data, ensure_ascii=False, separators=(',', ':'))}"
        for i, (digest, data) in enumerate(parsed.items())
    )
    cache_bytes = ((cache or "{") + "\n}\n").encode("utf-8")
    lines.append(f"{sha256_hex(cache_bytes)}  {PARSED_PACKS}\n")
    return "".join(lines), cache_bytes


def manifest_text(paths: Iterable[Path]) -> str:
    """The manifest for `paths`, after validating each in full (raises InputError)."""
    return trusted_files(paths)[0]


def _parse_trusted(raw: bytes) -> Any:
    """A trusted pack's data, parsed by libyaml without the position keeping (it is valid)."""
    import yaml

    return yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def pack_files(path: Path) -> list[Path]:
    """A rule pack is a YAML file, or a directory of them (not recursive)."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


# --- building model objects ---------------------------------------------------------------


def _text(raw: Mapping[str, str]) -> Localized:
    return Texts.of(raw)


def _condition(raw: Mapping[str, Any]) -> Condition:
    value = raw["value"]
    if isinstance(value, list):
        value = [str(v) for v in value]
    return Condition(fact=raw["fact"], op=raw["op"], value=value)


def _question(raw: Mapping[str, Any]) -> Question:
    return Question(
        id=raw["id"],
        text=_text(raw["text"]),
        help=_text(raw["help"]) if "help" in raw else None,
        choices=tuple(
            Choice(value=c["value"], label=_text(c["label"]), status=Status(c["status"]))
            for c in raw["choices"]
        ),
    )


def _check(raw: Mapping[str, Any]) -> Check:
    if raw["kind"] == "question":
        return QuestionCheck(question=_question(raw["question"]), vault_totp=raw.get("vault_totp"))
    if raw["kind"] == "breach":
        return BreachCheck()
    if raw["kind"] == "reuse":
        return ReuseCheck(question=_question(raw["question"]))
    if raw["kind"] == "password":
        return PasswordCheck(
            min_score=raw.get("min_score", 3), min_length=raw.get("min_length", 12)
        )
    return ProbeCheck(
        probe=raw["probe"],
        expect=tuple(
            Expectation(
                condition=_condition(e),
                otherwise=Status(e.get("otherwise", "fail")),
                when=tuple(_condition(w) for w in e.get("when", [])),
                message=_text(e["message"]) if "message" in e else None,
            )
            for e in raw["expect"]
        ),
        applies_when=tuple(_condition(c) for c in raw.get("applies_when", [])),
        question=_question(raw["question"]) if "question" in raw else None,
        combine=raw.get("combine", "fallback"),
    )


def _rule(raw: Mapping[str, Any], origin: str, pack: str | None = None) -> Rule:
    return Rule(
        id=raw["id"],
        title=_text(raw["title"]),
        category=raw["category"],
        severity=Severity(raw["severity"]),
        why=_text(raw["why"]),
        advice=_text(raw["advice"]),
        action=_text(raw["action"]),
        remediation=_text(raw["remediation"]),
        check=_check(raw["check"]),
        source=raw.get("source", ""),
        weight=float(raw["weight"]) if "weight" in raw else None,
        platforms=tuple(raw.get("platforms", ["any"])),
        references=tuple(Reference(r["title"], r["url"]) for r in raw.get("references", [])),
        expires_after_days=raw.get("expires_after_days"),
        origin=origin,
        pack=pack,
    )


# --- meaning checks the schema cannot express ---------------------------------------------


def _meaning_problems(doc: Document, known: Mapping[str, ProbeDeclaration]) -> list[Problem]:
    problems: list[Problem] = []
    for i, raw in enumerate(doc.data["rules"]):
        check = raw["check"]
        base: PathKey = ("rules", i, "check")
        question = check.get("question")
        if question is not None:
            if question["id"] != raw["id"]:
                problems.append(
                    doc.problem((*base, "question", "id"), f"must equal the rule id '{raw['id']}'")
                )
            values = [c["value"] for c in question["choices"]]
            totp = check.get("vault_totp")
            if totp is not None and totp not in values:
                problems.append(
                    doc.problem((*base, "vault_totp"), f"'{totp}' is not a choice of the question")
                )
            for j, value in enumerate(values):
                if value in values[:j]:
                    problems.append(
                        doc.problem(
                            (*base, "question", "choices", j, "value"),
                            f"duplicate choice '{value}'",
                        )
                    )
        if check["kind"] != "probe":
            continue
        probe = check["probe"]
        if probe not in known:
            problems.append(
                doc.problem(
                    (*base, "probe"),
                    f"no probe named '{probe}' (known: {', '.join(sorted(known))})",
                )
            )
            continue
        conditions: list[tuple[PathKey, Mapping[str, Any]]] = []
        for j, exp in enumerate(check["expect"]):
            conditions.append(((*base, "expect", j), exp))
            conditions += [
                ((*base, "expect", j, "when", k), w) for k, w in enumerate(exp.get("when", []))
            ]
        conditions += [
            ((*base, "applies_when", k), c) for k, c in enumerate(check.get("applies_when", []))
        ]
        for where, cond in conditions:
            problems.extend(_condition_problems(doc, where, cond, known))
    return problems


def _condition_problems(
    doc: Document, where: PathKey, cond: Mapping[str, Any], known: Mapping[str, ProbeDeclaration]
) -> list[Problem]:
    probe, _dot, name = cond["fact"].partition(".")
    declaration = known.get(probe)
    if declaration is None:
        return [doc.problem((*where, "fact"), f"no probe named '{probe}'")]
    fact = declaration.fact(name)
    if fact is None:
        has = ", ".join(declaration.fact_names)
        return [
            doc.problem((*where, "fact"), f"probe '{probe}' has no fact '{name}' (it has: {has})")
        ]
    problem = fact.comparison_problem(cond["op"], cond["value"], cond["fact"])
    if problem is None:
        return []
    # An operator that does not fit points at `op`; a value of the wrong type at `value`.
    field = "op" if problem.startswith(f"'{cond['op']}' does not apply") else "value"
    return [doc.problem((*where, field), problem)]


def probe_facts() -> Mapping[str, ProbeDeclaration]:
    """What every probe can report, with types (no probe runner is loaded)."""
    from securecheck.probes.registry import declarations

    return declarations()


# --- public API ---------------------------------------------------------------------------


def load_pack(
    path: Path,
    known: Mapping[str, ProbeDeclaration] | None = None,
    pack: str | None = None,
    *,
    trust: bool = True,
) -> list[Rule]:
    """Load one YAML file; raise InputError listing every problem found in it.

    `pack` names a user pack (None: a shipped one); its rules are scored on their own. A
    shipped pack whose bytes match the manifest was validated at test time and is only parsed
    (`trust=False` validates it anyway)."""
    if pack is None and trust:
        raw = read_bounded(path)
        digest = sha256_hex(raw)
        if digest in trusted_digests():
            data = parsed_packs().get(digest)
            if data is None:
                data = _parse_trusted(raw)
            return [_rule(r, str(path), pack) for r in data["rules"]]
        from securecheck.core.safe_yaml import load_bytes

        doc = load_bytes(raw, str(path))
    else:
        from securecheck.core.safe_yaml import load_file

        doc = load_file(path)
    if doc.data is None:
        raise InputError([Problem(str(path), "the file is empty", 1, 1)])
    if not isinstance(doc.data, dict) or "rules" not in doc.data:
        # Not a pack at all (a planted link to /etc/shadow, a stray file): quote none of it.
        raise InputError([Problem(str(path), "not a securecheck rule pack (no 'rules' key)", 1, 1)])
    problems = schema_problems(doc, "rules.schema.json") or text_problems(doc)
    if problems:
        raise InputError(problems)
    problems = _meaning_problems(doc, known if known is not None else probe_facts())
    if problems:
        raise InputError(problems)
    return [_rule(raw, str(path), pack) for raw in doc.data["rules"]]


def _id_positions(path: Path) -> dict[str, int]:
    # Re-reading a pack only happens on the error path (duplicate ids).
    from securecheck.core.safe_yaml import load_file

    doc = load_file(path)
    return {
        raw["id"]: (doc.where(("rules", i, "id")) or (0, 0))[0]
        for i, raw in enumerate(doc.data["rules"])
    }


def load_rules(extra: Iterable[Path] = (), include_shipped: bool = True) -> list[Rule]:
    """The shipped packs plus user packs, validated together; every problem at once."""
    paths: list[Path] = pack_files(shipped_rules_dir()) if include_shipped else []
    shipped = {p.resolve() for p in paths}
    for p in extra:
        if not p.exists():
            raise InputError([Problem(str(p), "no such file or directory")])
        found = pack_files(p)
        if not found:  # an empty directory must not pass `rules validate` as "ok"
            raise InputError([Problem(str(p), "no rule packs (*.yaml, *.yml) in this directory")])
        paths.extend(found)
    # The same file named twice (e.g. `rules validate` on a shipped pack) is read once.
    unique: dict[Path, Path] = {}
    for p in paths:
        unique.setdefault(p.resolve(), p)
    paths = list(unique.values())
    names = _pack_names([p for p in paths if p.resolve() not in shipped])
    # The probes' declarations load only when a pack must be checked against them.
    facts = None
    rules: list[Rule] = []
    problems: list[Problem] = []
    first_seen: dict[str, Rule] = {}
    for path in paths:
        try:
            pack = load_pack(path, facts, names.get(path))
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        for rule in pack:
            if rule.id in first_seen:
                other = first_seen[rule.id]
                line = _id_positions(path).get(rule.id)
                other_line = _id_positions(Path(other.origin)).get(rule.id)
                problems.append(
                    Problem(
                        str(path),
                        f"duplicate rule id '{rule.id}' (also at {other.origin}:{other_line})",
                        line,
                        None,
                        "id",
                    )
                )
                continue
            first_seen[rule.id] = rule
            rules.append(rule)
    if problems:
        raise InputError(problems)
    return rules


def _pack_names(paths: list[Path]) -> dict[Path, str]:
    """A user pack is named by its file name (`my-org.yaml`), never its full path (which can
    hold the user name); two packs of the same name get their folder's name in front."""
    names = {p: p.name for p in paths}
    for p in paths:
        if sum(1 for name in names.values() if name == p.name) > 1:
            names[p] = f"{p.parent.name}/{p.name}"
    return names


def validate(paths: Iterable[Path]) -> list[Problem]:
    """Every problem in the given packs (and their clash with the shipped ones)."""
    try:
        load_rules(paths)
    except InputError as exc:
        return exc.problems
    return []


def main(argv: list[str]) -> int:
    """`python -m securecheck.core.rulepacks --trust`: validate the shipped packs in full and
    write their manifest (run after editing a pack; the test suite says when it is due)."""
    if argv != ["--trust"]:
        print("usage: python -m securecheck.core.rulepacks --trust", file=sys.stderr)
        return 2
    try:
        text, parsed = trusted_files(pack_files(shipped_rules_dir()))
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    _parsed_path().write_bytes(parsed)
    _manifest_path().write_text(text, "utf-8")
    print(f"wrote {_manifest_path()} and {_parsed_path()}")
    return 0


__all__ = [
    "dotted",
    "load_pack",
    "load_rules",
    "manifest_text",
    "parsed_packs",
    "shipped_rules_dir",
    "trusted_digests",
    "trusted_files",
    "validate",
]

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
