"""Headless start: `securecheck audit --no-probes` against `python -c pass`, a user pack of
1,000 rules and `securecheck vault` on a 6-entry export (the size of a typical person's
exchange and e-mail logins), with the arms interleaved round by round so a busy machine slows
them alike.

Each child's wall time and its CPU time (user + system, from the kernel's rusage of children)
are taken; on a shared machine the CPU time is the steadier figure.

Run: python bench/bench_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import machine, securecheck_command, table

RULE = """\
  - id: bench.rule{i}
    category: account
    severity: low
    title: {{en: "Rule {i}", zh: "规则 {i}"}}
    why: {{en: Because, zh: 因为}}
    advice: {{en: Do it, zh: 去做}}
    action: {{en: Do it, zh: 去做}}
    remediation: {{en: Fix it, zh: 修复}}
    check:
      kind: question
      question:
        id: bench.rule{i}
        text: {{en: "Done?", zh: "完成了吗？"}}
        choices:
          - {{value: "yes", status: pass, label: {{en: "Yes", zh: 是}}}}
          - {{value: "no", status: fail, label: {{en: "No", zh: 否}}}}
"""


VAULT_HEADER = "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,"
VAULT_HEADER += "login_password,login_totp\n"
VAULT_ROWS = [  # made-up entries: one reused pair, one weak password
    ("OKX", "https://www.okx.com", "Bench-Exch-9qZ7wX2kLm"),
    ("Forum", "https://forum.example.org", "Bench-Exch-9qZ7wX2kLm"),
    ("Mail", "https://mail.example.net", "password123"),
    ("GitHub", "https://github.com", "Bench-Gith-6mK2pW9sXz"),
    ("Bank", "https://bank.example.com", "Bench-Bank-8hJ4rT1cVn"),
    ("Shop", "https://shop.example.com", "Bench-Shop-3vB8nQ5tYp"),
]


def timed_child(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process (which must succeed: a failing arm would
    time an error message)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, check=False, timeout=120)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {done.returncode}\n{done.stderr.decode()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def in_process(code: str, env: dict[str, str]) -> float:
    """Seconds one statement takes inside a warm child (imports done), as the child says."""
    script = (
        "import time, sys\n"
        "from pathlib import Path\n"
        "from securecheck.core import rulepacks, safe_yaml, validation\n"
        "rulepacks.load_rules()\n"
        "started = time.perf_counter()\n"
        f"{code}\n"
        "print(time.perf_counter() - started)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env=env, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="securecheck-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "SECURECHECK"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
    env.update(HOME=str(work), XDG_CONFIG_HOME=str(work / "config"), LANG="C.UTF-8")
    env.update(XDG_DATA_HOME=str(work / "data"), XDG_CACHE_HOME=str(work / "cache"))
    answers = work / "answers.yaml"
    answers.write_text("answers:\n  two_factor.enabled: totp\n  password.unique: unique\n")
    pack = work / "big.yaml"
    pack.write_text("version: 1\nrules:\n" + "".join(RULE.format(i=i) for i in range(1000)))
    export = work / "export.csv"
    export.write_text(
        VAULT_HEADER + "".join(f",,login,{t},,,0,{url},alice,{pw},\n" for t, url, pw in VAULT_ROWS)
    )
    sc = securecheck_command()
    audit = [*sc, "audit", "--no-probes", "--no-history", "--format", "json", "--lang", "en"]
    arms: dict[str, list[str]] = {
        "`python -c pass`": [sys.executable, "-c", "pass"],
        # As a person types it: the text report, the run recorded in the history.
        "`audit --no-probes`": [*sc, "audit", "--no-probes", "--lang", "en"],
        "`audit --no-probes --no-history --format json`": audit,
        "`audit --no-probes --answers FILE`": [*audit, "--answers", str(answers)],
        "`rules validate` 1,000-rule pack": [*sc, "rules", "validate", str(pack)],
        "`vault` 6-entry export, `--no-save`": [*sc, "vault", str(export), "--no-save"],
    }
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in arms}
    for _ in range(2):  # warm-up: bytecode, page cache
        for argv in arms.values():
            timed_child(argv, env)
    for _ in range(args.runs):
        for name, argv in arms.items():
            samples[name].append(timed_child(argv, env))

    def med(name: str, index: int) -> float:
        return statistics.median(s[index] for s in samples[name]) * 1000

    base_wall, base_cpu = med("`python -c pass`", 0), med("`python -c pass`", 1)
    rows = [
        (
            name,
            f"{med(name, 0):.0f}",
            f"{med(name, 0) / base_wall:.1f}",
            f"{med(name, 1):.0f}",
            f"{med(name, 1) / base_cpu:.1f}",
        )
        for name in arms
    ]
    print(f"Machine: {machine()}; {args.runs} interleaved runs, medians\n")
    print(
        table(
            ["what", "wall ms", "× python", "CPU ms", "× python (CPU)"],
            rows,
        )
    )
    # The 1,000-rule pack in a warm process: the compiled validator against the pure-Python one.
    big = repr(str(pack))
    loads = {
        "load 1,000 rules (compiled validator)": f"rulepacks.load_rules([Path({big})])",
        "the same, pure-Python jsonschema only": (
            f"doc = safe_yaml.load_file(Path({big}))\n"
            "validation.detailed_problems(doc, 'rules.schema.json')"
        ),
        "shipped packs, trusted by hash": "rulepacks.load_rules()",
        "shipped packs, validated in full": (
            "[rulepacks.load_pack(p, trust=False) for p in "
            "rulepacks.pack_files(rulepacks.shipped_rules_dir())]"
        ),
    }
    rows = []
    for name, code in loads.items():
        times = [in_process(code, env) for _ in range(max(3, args.runs // 3))]
        rows.append((name, f"{statistics.median(times) * 1000:.0f}"))
    print()
    print(table(["in a warm process", "median ms"], rows))
    print(json.dumps({"work": str(work)}))


if __name__ == "__main__":
    main()
