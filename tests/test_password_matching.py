"""Our dictionary matchers find exactly what zxcvbn's do, in the same order."""

from __future__ import annotations

import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from zxcvbn import matching  # type: ignore[import-untyped]

from securecheck.password import analyse

DICTIONARIES = {
    **analyse._BASE_DICTIONARIES,
    "user_inputs": matching.build_ranked_dict(["alice", "alice.wong@example.com", "okx2025"]),
}
# Letters of dictionary words, the l33t symbols, digits and a few others: most generated
# strings hold several words, reversed words and near misses.
ALPHABET = string.ascii_letters + string.digits + "@$!|+()[]<>{}%&#/.-_ éÅ长"
PIECES = ["password", "dragon", "monkey", "alice", "wong", "okx", "drowssap", "p@ssw0rd", "2025"]
passwords = st.lists(st.one_of(st.text(ALPHABET, max_size=6), st.sampled_from(PIECES)), max_size=10)


@settings(max_examples=300, deadline=None)
@given(passwords.map("".join))
@example("")
@example("Tr0ub4dor&3")
@example("correcthorsebatterystaple" * 3)  # words longer than any substring tried
@example("x" * 40 + "password")
def test_the_same_matches_as_zxcvbn_in_the_same_order(password: str) -> None:
    assert analyse._dictionary_match(password, DICTIONARIES) == matching.dictionary_match(
        password, DICTIONARIES
    )
    assert analyse._reverse_dictionary_match(
        password, DICTIONARIES
    ) == matching.reverse_dictionary_match(password, DICTIONARIES)


@pytest.mark.parametrize("word", ["a" * 30, "b" * 60])
def test_a_dictionary_with_longer_words_than_the_shipped_ones_is_matched_in_full(
    word: str,
) -> None:
    extra = {**DICTIONARIES, "user_inputs": matching.build_ranked_dict([word])}
    found = analyse._dictionary_match(f"x{word}y", extra)
    assert found == matching.dictionary_match(f"x{word}y", extra)
    assert any(m["matched_word"] == word for m in found)
