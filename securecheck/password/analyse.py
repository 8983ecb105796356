"""Password analysis: a bounded zxcvbn verdict (the instant meter is in password_quick).

Pure code: no I/O, no UI, no logging. The password is held only as a `Secret`; `reveal()` is
called inside `quick_estimate`, `analyse` and password_service's client only; nothing derived
from it outlives the call, and nothing is cached by it (a cache key is a copy of the password,
and its hash is evidence).

Verdict (zxcvbn 4.5.0; samples of 300 passwords of 12+ characters each, bench/ and tests/):
- FAIL: the e-mail local part or user name inside (case-insensitive, inputs of 3+ characters);
  a top-10k common password or a trivial pattern; score < min_score (default 3); more than
  WARN_LENGTH_SLACK characters short of min_length (default 12).
- PASS needs score 4 and min_length. Score 3 is only 1e8-1e10 guesses: hours to weeks against a
  leaked slow-hash database. Measured: random 12+ characters, three or four random words all
  score 4 (1800/1800); "Word+year+symbol" scores 3 in 273/300, "exchange+word+year" 286/300.
- WARN: exactly one safety margin missing, score 3 or 1-2 characters short (zxcvbn prices what
  it does not recognise, pinyin say, at 10 guesses a character, so a 10-character unknown string
  already scores 4; length is the margin against its blind spots). Both missing is FAIL.
zxcvbn's recent-year pattern stops at 2019 and it knows no exchange or pinyin words: we add years
up to next year and two small dictionaries (password_i18n) so Okx2025!-style passwords score lower.

Bound: zxcvbn's l33t matcher enumerates every substitution table (736 for a crafted 64-char
string, ~1.3 s). We do not patch zxcvbn; we run its matchers ourselves with one table per
reading of the ambiguous l33t characters ('1', '|', '7' may be i/l/t or themselves): at most
3**3 = 27 tables, each mapping every other l33t character at once. On 3800 l33t and common
passwords this never scores higher than zxcvbn and scores lower where a password mixes two
substitutes for one letter (p4$5word). Only the first PREFIX_CHARS characters are matched and
nothing is credited beyond them, so the score is the prefix's (conservative; the evidence says
so). No zxcvbn global is written (zxcvbn() stores user_inputs in a module dict; we pass our own
dictionaries), so concurrent calls are safe without a lock.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Sequence
from typing import Any

from zxcvbn import feedback, matching, scoring, time_estimates  # type: ignore[import-untyped]

from securecheck.core.model import Status
from securecheck.core.secret import Secret
from securecheck.i18n import Localized
from securecheck.password import feedback as words
from securecheck.password.quick import (
    QuickEstimate,
    bounded,
    common_kind,
    normalise,
    quick_estimate,
)
from securecheck.password.verdict import PREFIX_CHARS, PasswordVerdict

WARN_LENGTH_SLACK = 2  # this many characters short of min_length is WARN when otherwise strong
# Above this nothing is decided differently (score 4 is 1e10, "centuries" ~3e13); below it a
# brute-force-only estimate would spell out the exact length (10 guesses a character).
GUESSES_LOG10_CAP = 14.0
MAX_USER_INPUT_CHARS = 256
MAX_L33T_TABLES = 27
CRACK_SCENARIO = "offline_slow_hashing_1e4_per_second"  # a leaked database of bcrypt-like hashes

Match = dict[str, Any]
Dictionaries = dict[str, dict[str, int]]

# The instant estimate and the verdict live in modules without zxcvbn (the app imports them);
# they are named here too, so callers of the analysis need one import.
__all__ = [
    "PREFIX_CHARS",
    "PasswordVerdict",
    "QuickEstimate",
    "analyse",
    "quick_estimate",
]


def analyse(
    secret: Secret,
    user_inputs: Sequence[str] = (),
    *,
    min_score: int = 3,
    min_length: int = 12,
) -> PasswordVerdict:
    """Judge a password; every input gets a verdict, in bounded time, without raising."""
    if not 0 <= min_score <= 4 or min_length < 1:
        raise ValueError("min_score must be 0-4 and min_length at least 1")
    try:
        return _analyse(secret.reveal(), user_inputs, min_score, min_length)
    except Exception:
        # A bug of ours must not carry the password out in an exception's message or a
        # traceback's locals; the verdict says it was not checked, and is not a pass.
        return _unanalysed(Status.ERROR, words.ANALYSIS_FAILED)


def _unanalysed(status: Status, reason: Localized) -> PasswordVerdict:
    """A verdict without an estimate: nothing was entered, or our analysis broke."""
    never = words.crack_time_text("less than a second")
    return PasswordVerdict(status, 0, 0.0, never, None, (), (reason,), False, False, False)


def _analyse(
    password: str, user_inputs: Sequence[str], min_score: int, min_length: int
) -> PasswordVerdict:
    text, length = normalise(password)
    if length == 0:
        return _unanalysed(Status.FAIL, words.EMPTY)
    long_enough = length >= min_length
    personal = _personal_words(user_inputs)
    folded = text.casefold()
    contains_personal = any(word in folded for word in personal)
    result = _estimate(text[:PREFIX_CHARS], personal)
    score: int = result["score"]
    crack = words.crack_time_text(result["crack_times_display"][CRACK_SCENARIO])

    reasons: list[Localized] = []
    if contains_personal:
        reasons.append(words.PERSONAL)
    common = common_kind(text)
    if common is not None:
        reasons.append(words.COMMON_REASONS[common])
    if score < min_score:
        reasons.append(words.too_guessable(score, min_score))
    if length < min_length - WARN_LENGTH_SLACK:
        reasons.append(words.too_short(min_length))
    # One safety margin missing is a warning; both missing, or any reason above, is a fail.
    margins = [words.offline_guessable(crack)] if min_score <= score < 4 else []
    if not long_enough and not reasons:
        margins.append(words.short_but_strong(min_length))
    status = Status.FAIL if reasons or len(margins) > 1 else Status.WARN if margins else Status.PASS
    reasons += margins
    if status is not Status.PASS:
        found = {m.get("dictionary_name") for m in result["sequence"]}
        reasons += [reason for name, reason in _CONTEXT_REASONS.items() if name in found]
        # zxcvbn may price "2025!" as brute force rather than a year, so look at every match.
        if any(m.get("regex_name") == "recent_year" for m in result["matches"]):
            reasons.append(words.YEAR)

    said = result["feedback"]
    return PasswordVerdict(
        status=status,
        score=score,
        guesses_log10=round(min(result["guesses_log10"], GUESSES_LOG10_CAP), 1),
        crack_time=crack,
        warning=words.feedback_text(said["warning"]) if said["warning"] else None,
        suggestions=tuple(words.feedback_text(s) for s in said["suggestions"]),
        reasons=tuple(reasons),
        long_enough=long_enough,
        contains_personal=contains_personal,
        # Cut to PREFIX_CHARS for zxcvbn, or already by the bound before NFKC.
        analysed_prefix_only=len(text) > PREFIX_CHARS or bounded(password) != password,
    )


def _personal_words(user_inputs: Sequence[str]) -> tuple[str, ...]:
    """The user's inputs and e-mail local parts, case-folded; shorter than 3 are ignored."""
    found: list[str] = []
    for given in user_inputs:
        word = str(given)[:MAX_USER_INPUT_CHARS].casefold().strip()
        for candidate in (word, word.partition("@")[0]):
            if len(candidate) >= 3 and candidate not in found:
                found.append(candidate)
    return tuple(found)


# --- zxcvbn, bounded -----------------------------------------------------------------------

_BASE_DICTIONARIES: Dictionaries = {
    name: ranked for name, ranked in matching.RANKED_DICTIONARIES.items() if name != "user_inputs"
}
_BASE_DICTIONARIES["exchange_words"] = matching.build_ranked_dict(list(words.EXCHANGE_WORDS))
_BASE_DICTIONARIES["pinyin_words"] = matching.build_ranked_dict(list(words.PINYIN_WORDS))
_CONTEXT_REASONS = {"exchange_words": words.EXCHANGE_WORD, "pinyin_words": words.PINYIN_WORD}

_L33T_LETTERS: dict[str, tuple[str, ...]] = {}
for _letter, _subs in matching.L33T_TABLE.items():
    for _sub in _subs:
        _L33T_LETTERS[_sub] = (*_L33T_LETTERS.get(_sub, ()), _letter)


def _recent_years(today: dt.date) -> dict[str, re.Pattern[str]]:
    # zxcvbn's own pattern is 19xx|200x|201x: it misses Okx2025!.
    years = "|".join(str(y) for y in range(today.year + 1, 1999, -1))
    return {"recent_year": re.compile(rf"19\d\d|{years}")}


def _l33t_tables(password: str) -> list[dict[str, str]]:
    present = [c for c in _L33T_LETTERS if c in password]
    fixed = {c: _L33T_LETTERS[c][0] for c in present if len(_L33T_LETTERS[c]) == 1}
    ambiguous = [c for c in present if len(_L33T_LETTERS[c]) > 1]
    options: list[tuple[str | None, ...]] = [(*_L33T_LETTERS[c], None) for c in ambiguous]
    tables = []
    for choice in itertools.islice(itertools.product(*options), MAX_L33T_TABLES):
        table = {
            **fixed,
            **{c: letter for c, letter in zip(ambiguous, choice, strict=True) if letter},
        }
        if table:
            tables.append(table)
    return tables


_longest_base_word: dict[str, int] = {}


def _longest_word(name: str, ranked: dict[str, int]) -> int:
    if _BASE_DICTIONARIES.get(name) is not ranked:
        return max(map(len, ranked), default=0)
    if name not in _longest_base_word:
        _longest_base_word[name] = max(map(len, ranked), default=0)
    return _longest_base_word[name]


def _dictionary_match(password: str, dictionaries: Dictionaries) -> list[Match]:
    """zxcvbn's dictionary_match: the same matches, in the same order (by position, then
    dictionary). zxcvbn slices all n²/2 substrings once per dictionary: 62 ms for 256
    characters here, and the l33t matcher runs it once per substitution table. Here each
    substring is sliced once, and only up to the longest word (23 characters in the shipped
    lists) of the dictionaries at hand: a longer one cannot match."""
    lower = password.lower()
    length = len(password)
    ranked = [(name, ranks, _longest_word(name, ranks)) for name, ranks in dictionaries.items()]
    longest = max((most for _, _, most in ranked), default=0)
    found: list[Match] = []
    for i in range(length):
        for j in range(i, min(length, i + longest)):
            word = lower[i : j + 1]
            for name, ranks, most in ranked:
                rank = ranks.get(word) if j - i < most else None
                if rank is not None:
                    found.append(
                        {
                            "pattern": "dictionary",
                            "i": i,
                            "j": j,
                            "token": password[i : j + 1],
                            "matched_word": word,
                            "rank": rank,
                            "dictionary_name": name,
                            "reversed": False,
                            "l33t": False,
                        }
                    )
    return found


def _reverse_dictionary_match(password: str, dictionaries: Dictionaries) -> list[Match]:
    """zxcvbn's reverse_dictionary_match, over `_dictionary_match`."""
    last = len(password) - 1
    found = _dictionary_match(password[::-1], dictionaries)
    for match in found:
        match.update(
            token=match["token"][::-1], reversed=True, i=last - match["j"], j=last - match["i"]
        )
    return sorted(found, key=lambda m: (m["i"], m["j"]))


def _l33t_match(password: str, dictionaries: Dictionaries) -> list[Match]:
    """zxcvbn's l33t_match over our bounded tables."""
    found: list[Match] = []
    for table in _l33t_tables(password):
        for match in _dictionary_match(matching.translate(password, table), dictionaries):
            token = password[match["i"] : match["j"] + 1]
            if len(token) < 2 or token.lower() == match["matched_word"]:
                continue  # only matches that contain an actual substitution
            used = {c: letter for c, letter in table.items() if c in token}
            match.update(
                l33t=True,
                token=token,
                sub=used,
                sub_display=", ".join(f"{c} -> {letter}" for c, letter in used.items()),
            )
            found.append(match)
    return found


_GREEDY = re.compile(r"(.+)\1+")
_LAZY = re.compile(r"(.+?)\1+")
_LAZY_ANCHORED = re.compile(r"^(.+?)\1+$")


def _repeat_match(
    password: str, dictionaries: Dictionaries, regexen: dict[str, Any]
) -> list[Match]:
    """zxcvbn's repeat_match, recursing into our bounded matcher instead of its own."""
    found: list[Match] = []
    last = 0
    while last < len(password):
        greedy = _GREEDY.search(password, pos=last)
        lazy = _LAZY.search(password, pos=last)
        if not greedy or not lazy:
            break
        if len(greedy.group(0)) > len(lazy.group(0)):
            match, anchored = greedy, _LAZY_ANCHORED.search(greedy.group(0))
            base = anchored.group(1) if anchored else greedy.group(1)
        else:
            match, base = lazy, lazy.group(1)
        i, j = match.span()[0], match.span()[1] - 1
        analysis = scoring.most_guessable_match_sequence(
            base, _omnimatch(base, dictionaries, regexen)
        )
        found.append(
            {
                "pattern": "repeat",
                "i": i,
                "j": j,
                "token": match.group(0),
                "base_token": base,
                "base_guesses": analysis["guesses"],
                "base_matches": analysis["sequence"],
                "repeat_count": len(match.group(0)) / len(base),
            }
        )
        last = j + 1
    return found


def _omnimatch(password: str, dictionaries: Dictionaries, regexen: dict[str, Any]) -> list[Match]:
    """zxcvbn's omnimatch with our dictionaries, years and bounded l33t and repeat matchers."""
    found: list[Match] = [
        *_dictionary_match(password, dictionaries),
        *_reverse_dictionary_match(password, dictionaries),
        *_l33t_match(password, dictionaries),
        *matching.spatial_match(password, _ranked_dictionaries=dictionaries),
        *_repeat_match(password, dictionaries, regexen),
        *matching.sequence_match(password, dictionaries),
        *matching.regex_match(password, _regexen=regexen, _ranked_dictionaries=dictionaries),
        *matching.date_match(password, dictionaries),
    ]
    return sorted(found, key=lambda m: (m["i"], m["j"]))


def _estimate(prefix: str, personal: Sequence[str]) -> Match:
    """What zxcvbn() returns, for a prefix of at most PREFIX_CHARS characters."""
    dictionaries = {**_BASE_DICTIONARIES, "user_inputs": matching.build_ranked_dict(personal)}
    regexen = _recent_years(dt.date.today())
    matches = _omnimatch(prefix, dictionaries, regexen)
    result: Match = scoring.most_guessable_match_sequence(prefix, matches)
    result["matches"] = matches
    result["guesses_log10"] = math.log10(result["guesses"])
    result.update(time_estimates.estimate_attack_times(result["guesses"]))
    result["feedback"] = feedback.get_feedback(result["score"], result["sequence"])
    return result
