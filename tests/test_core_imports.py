"""The core never depends on the face: a headless audit loads no textual."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "securecheck.core.model",
    "securecheck.core.rulepacks",
    "securecheck.core.engine",
    "securecheck.core.scoring",
    "securecheck.report",
    "securecheck.core.answers",
    "securecheck.core.audit",
    "securecheck.cli",
    "securecheck.probes",
    "securecheck.core.checks.probe",
    "securecheck.core.checks.question",
    "securecheck.password.analyse",
    "securecheck.password.service",
]


def test_core_modules_import_without_textual() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'textual' or name.startswith('textual.'):\n"
        "            raise ImportError('textual is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {CORE!r}: __import__(m)\n"
        "from securecheck.probes.registry import registry; registry()\n"
        "assert not [m for m in sys.modules if m.startswith('textual')]\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_headless_audit_does_not_load_textual(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys\n"
        "from securecheck.cli import main\n"
        "code = main(['audit', '--no-probes', '--format', 'json', '--answers', sys.argv[1]])\n"
        "loaded = [m for m in sys.modules if m.startswith('textual')]\n"
        "sys.stderr.write(repr(loaded))\n"
        "sys.exit(3 if loaded else code)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "none.yaml")], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
