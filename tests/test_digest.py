"""`sha256_hex` is SHA-256, whichever implementation it found."""

from __future__ import annotations

import hashlib

import pytest

from securecheck.core import digest


@pytest.mark.parametrize(
    "data", [b"", b"abc", b"\x00" * 1000, "規則".encode(), bytes(range(256)) * 300]
)
def test_it_is_the_sha256_that_hashlib_and_sha256sum_give(data: bytes) -> None:
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_the_known_answer() -> None:  # FIPS 180-2, appendix B.1
    assert digest.sha256_hex(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_without_cpythons_own_module_it_falls_back_to_hashlib(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib

    def missing(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(importlib, "import_module", missing)
    monkeypatch.setattr(digest, "_sha256", None)
    assert digest._constructor() is hashlib.sha256
    assert digest.sha256_hex(b"abc").startswith("ba7816bf")
