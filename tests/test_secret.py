"""`Secret` and `PasswordHash` keep Python's rule that equal objects hash alike, without a hash
that says anything about the password."""

from __future__ import annotations

import pytest

from securecheck.core.secret import Secret
from securecheck.password.breaches import PasswordHash


def test_equal_secrets_hash_alike_so_sets_and_dicts_see_one() -> None:
    a, b = Secret("correct horse"), Secret("correct horse")
    assert a == b and a is not b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert {a: 1}[b] == 1
    assert Secret("correct horse") != Secret("correct horsf")
    assert Secret("x") != "x"  # never equal to the plain text it hides


def test_a_secrets_hash_does_not_depend_on_the_password() -> None:
    assert len({hash(Secret(text)) for text in ("", "a", "hunter2", "パスワード" * 50)}) == 1


def test_equal_password_hashes_hash_alike_and_reveal_nothing() -> None:
    a, b = PasswordHash.of(Secret("hunter2")), PasswordHash.of(Secret("hunter2"))
    other = PasswordHash.of(Secret("hunter3"))
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != other and hash(a) == hash(other)


@pytest.mark.parametrize("shown", [repr, str, "{}".format])
def test_a_secret_never_shows_its_text(shown: object) -> None:
    assert callable(shown)
    assert "hunter2" not in shown(Secret("hunter2"))
