"""The password check: verdicts, the bound, privacy of the password, and the zh catalogue."""

from __future__ import annotations

import ast
import hashlib
import json
import random
import string
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
import zxcvbn  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st
from zxcvbn import time_estimates

from securecheck.core.model import Status
from securecheck.core.secret import Secret
from securecheck.i18n import Localized
from securecheck.password import analyse as password
from securecheck.password import feedback as words
from securecheck.password.analyse import (
    PREFIX_CHARS,
    PasswordVerdict,
    QuickEstimate,
    analyse,
    quick_estimate,
)

CRAFTED = ("4@8({[</369&#!1/|0$5+7%2/" * 3)[:64]
CJK = range(0x4E00, 0xA000)


def verdict(text: str, *user_inputs: str, **limits: int) -> PasswordVerdict:
    return analyse(Secret(text), list(user_inputs), **limits)


def random_password(seed: int, length: int = 20) -> str:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + string.punctuation
    return "".join(rng.choice(alphabet) for _ in range(length))


# --- verdicts ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["123456", "password101"])
def test_the_articles_examples_fail(text: str) -> None:
    result = verdict(text)
    assert result.status is Status.FAIL
    # 123456 is a pattern; password101 is a common word with digits added: each told so.
    told = words.COMMON_AFFIXED if text == "password101" else words.PATTERN
    assert told in result.reasons and words.COMMON not in result.reasons


@pytest.mark.parametrize("seed", range(10))
def test_a_random_20_character_password_passes(seed: int) -> None:
    result = verdict(random_password(seed), "someone@example.com")
    assert result.status is Status.PASS
    assert result.score == 4
    assert result.reasons == ()


@pytest.mark.parametrize(
    "text", ["correct horse battery staple", "purple monkey dishwasher lantern"]
)
def test_a_long_passphrase_of_common_words_passes(text: str) -> None:
    assert verdict(text).status is Status.PASS


@pytest.mark.parametrize(
    ("text", "user_input"),
    [
        ("Zhangwei.Trader#9q!xZ", "zhangwei.trader@qq.com"),  # the e-mail local part
        ("xK9#mQ2$vL7!ZHANGWEI.TRADERpw", "zhangwei.trader@qq.com"),  # any case, anywhere
        ("Rk8!vQ2#cryptowolf77zT", "CryptoWolf77"),  # the user name
    ],
)
def test_a_password_containing_the_users_e_mail_name_or_user_name_fails(
    text: str, user_input: str
) -> None:
    result = verdict(text, user_input)
    assert result.status is Status.FAIL
    assert result.contains_personal
    assert words.PERSONAL in result.reasons
    assert verdict(text).contains_personal is False


def test_user_inputs_shorter_than_three_characters_are_ignored() -> None:
    result = verdict(random_password(1) + "ab", "ab", "@x")
    assert not result.contains_personal
    assert result.status is Status.PASS


def test_exchange_names_and_recent_years_lower_the_estimate_below_raw_zxcvbn() -> None:
    for text in ("Okx2025", "Binance2024!", "Coinbase2026"):
        ours = verdict(text)
        raw = zxcvbn.zxcvbn(text)
        assert ours.guesses_log10 < float(raw["guesses_log10"])
        assert ours.status is Status.FAIL
        assert words.EXCHANGE_WORD in ours.reasons
        assert words.YEAR in ours.reasons


def test_strong_but_slightly_short_is_a_warning_not_a_pass() -> None:
    result = verdict("Tr0ub4dor&3")  # 11 characters, zxcvbn score 4
    assert result.score == 4
    assert result.status is Status.WARN
    assert not result.long_enough
    assert result.reasons == (words.short_but_strong(12),)


def test_score_three_is_a_warning_about_an_offline_attack() -> None:
    result = verdict("woaini13145201314")
    assert result.score == 3
    assert result.status is Status.WARN
    assert words.offline_guessable(result.crack_time) in result.reasons
    assert words.PINYIN_WORD in result.reasons


def test_both_safety_margins_missing_is_a_fail() -> None:
    result = verdict("zhangsan@qq")  # score 3 and 11 characters
    assert result.score == 3
    assert result.status is Status.FAIL


def test_a_rule_pack_may_ask_for_more() -> None:
    text = random_password(3, 14)
    assert verdict(text).status is Status.PASS
    assert verdict(text, min_length=16).status is Status.WARN
    assert verdict(text, min_length=20).status is Status.FAIL
    with pytest.raises(ValueError, match="min_score"):
        verdict(text, min_score=5)


@pytest.mark.parametrize("text", ["p@ssw0rd", "P4$$w0rd!", "Tr0ub4dor&3", "l0v3ly", "b4s3b4ll"])
def test_ordinary_l33t_passwords_keep_zxcvbns_score(text: str) -> None:
    assert verdict(text).score == zxcvbn.zxcvbn(text)["score"]


def test_the_l33t_tables_are_bounded() -> None:
    tables = password._l33t_tables(CRAFTED)
    assert 0 < len(tables) <= password.MAX_L33T_TABLES
    every_l33t_char = set(password._L33T_LETTERS)
    assert all(set(t) >= every_l33t_char - {"1", "|", "7"} for t in tables)


INPUTS = {
    "empty": "",
    "10k paste": random_password(4, 10_000),
    "10k one letter": "a" * 10_000,
    "crafted l33t": CRAFTED,
    "crafted l33t 10k": (CRAFTED * 200)[:10_000],
    "unicode": "密码🔑Ünïcødé-パスワード-كلمة",
    "control chars": "\x00\x01\x07\x1b[31m\r\n\t\x7f",
    "lone surrogate": "abc\ud800def\udfff",
    "full width": "ｐａｓｓｗｏｒｄ１２３",
    "zero width": "\u200b\u200d\ufeff" * 30,
    "emoji 10k": "🔑" * 10_000,
}


@pytest.mark.parametrize("text", INPUTS.values(), ids=INPUTS.keys())
def test_every_input_gets_a_verdict(text: str) -> None:
    result = verdict(text, "someone@example.com")
    assert result.status in (Status.PASS, Status.WARN, Status.FAIL)
    json.dumps(result.evidence("en"), ensure_ascii=False)
    json.dumps(result.evidence("zh"), ensure_ascii=False)
    assert isinstance(quick_estimate(Secret(text)), QuickEstimate)
    assert verdict(text, "someone@example.com") == result  # deterministic


def test_empty_is_a_fail_with_reason_empty() -> None:
    result = verdict("")
    assert result.status is Status.FAIL
    assert result.reasons == (words.EMPTY,)


def test_a_password_longer_than_the_prefix_says_only_the_prefix_was_analysed() -> None:
    short = verdict(random_password(5, PREFIX_CHARS))
    assert not short.analysed_prefix_only
    assert short.evidence("en")["analysed_prefix_chars"] is None
    long = verdict(random_password(5, 300))
    assert long.analysed_prefix_only
    assert long.evidence("en")["analysed_prefix_chars"] == PREFIX_CHARS
    # Beyond the prefix nothing is credited: a weak prefix stays weak.
    assert verdict("a" * PREFIX_CHARS + random_password(6, 200)).status is Status.FAIL


@settings(max_examples=150, deadline=None, database=None)
@given(st.text(max_size=100))
def test_any_text_gets_a_decided_verdict(text: str) -> None:
    result = verdict(text, "someone@example.com")
    assert result.status.decided
    json.dumps(result.evidence("zh"))
    assert 0 <= quick_estimate(Secret(text)).meter <= 4


def test_calls_from_threads_do_not_see_each_others_user_inputs() -> None:
    text = "Zhangwei.Trader#9q!xZ"
    jobs = [("zhangwei.trader@qq.com",), ()] * 20
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda inputs: verdict(text, *inputs), jobs))
    assert [r.contains_personal for r in results] == [bool(j) for j in jobs]


# --- privacy -------------------------------------------------------------------------------


def canaries() -> list[str]:
    return [
        "Canary-7f3Q!xz-Pw-2319",
        "canary" + random_password(7, 100),  # longer than the prefix
        "Canary!密码-123",
    ]


@pytest.mark.parametrize("canary", canaries())
def test_the_verdict_and_evidence_never_show_the_password(canary: str) -> None:
    result = verdict(canary, "someone@example.com")
    shown = [repr(result), str(result), repr(quick_estimate(Secret(canary)))]
    shown += [json.dumps(result.evidence(lang), ensure_ascii=False) for lang in ("en", "zh")]
    digests = [
        hashlib.new(name, canary.encode("utf-8", "surrogatepass")).hexdigest()
        for name in ("md5", "sha1", "sha256")
    ]
    for text in shown:
        assert canary not in text
        assert canary.lower() not in text.lower()
        assert canary[:8] not in text  # nor a piece of it
        for digest in digests:
            assert digest not in text.lower()
    assert "len" not in " ".join(result.evidence("en")).replace("long_enough", "")


@pytest.mark.parametrize("canary", canaries())
def test_the_evidence_holds_no_field_equal_to_the_exact_length(canary: str) -> None:
    evidence = verdict(canary).evidence("en")
    numbers = [v for v in evidence.values() if isinstance(v, int | float) and v is not True]
    assert len(canary) not in numbers
    guesses = evidence["guesses_log10"]
    assert isinstance(guesses, int | float) and guesses <= password.GUESSES_LOG10_CAP


def test_the_evidence_has_the_documented_fields() -> None:
    assert set(verdict("hello").evidence("en")) == {
        "score", "guesses_log10", "crack_time", "warning", "suggestions", "reasons",
        "long_enough", "contains_personal", "analysed_prefix_only", "analysed_prefix_chars",
    }  # fmt: skip


def test_a_failure_inside_the_analysis_neither_raises_nor_leaks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    canary = "Canary-7f3Q!xz-Pw-2319"

    def broken(prefix: str, personal: object) -> None:
        raise RuntimeError(f"bad input {prefix}")

    monkeypatch.setattr(password, "_estimate", broken)
    result = verdict(canary)
    assert result.status is Status.ERROR
    assert not result.status.decided
    assert canary not in repr(result) + json.dumps(result.evidence("en"))


# --- the instant estimate ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "band"),
    [(0, "empty"), (7, "short"), (8, "medium"), (11, "medium"), (12, "long"), (19, "long"),
     (20, "very_long"), (10_000, "very_long")],
)  # fmt: skip
def test_quick_estimate_gives_a_length_band_never_the_length(length: int, band: str) -> None:
    estimate = quick_estimate(Secret(random_password(length, length)))
    assert estimate.length_band == band
    assert set(vars(estimate)) == {"length_band", "classes", "common", "meter"}


@pytest.mark.parametrize(
    ("text", "classes"),
    [("", 0), ("abc", 1), ("abcDEF", 2), ("abcDEF123", 3), ("abcDEF123!", 4), ("密码", 1),
     ("é", 1), ("ａ", 1)],
)  # fmt: skip
def test_quick_estimate_counts_classes_with_other_unicode_as_symbol(
    text: str, classes: int
) -> None:
    assert quick_estimate(Secret(text)).classes == classes


@pytest.mark.parametrize(
    "text",
    ["123456", "password101", "P@ssw0rd!", "Password2024!", "qwertyuiop", "aaaaaaaaaaaa",
     "abcdefgh", "abcabcabcabc", "1qaz2wsx", "ｐａｓｓｗｏｒｄ"],
)  # fmt: skip
def test_quick_estimate_flags_common_passwords_and_trivial_patterns(text: str) -> None:
    estimate = quick_estimate(Secret(text))
    assert estimate.common
    assert estimate.meter <= 1


def test_quick_estimate_meter_rises_with_length_and_variety() -> None:
    meters = [quick_estimate(Secret(random_password(9, n))).meter for n in (6, 10, 14, 24)]
    assert meters == sorted(meters)
    assert meters[-1] == 4
    assert not quick_estimate(Secret(random_password(9, 24))).common
    assert quick_estimate(Secret("")).meter == 0


# --- the zh catalogue ----------------------------------------------------------------------


def zxcvbn_feedback_strings() -> set[str]:
    """Every `_("...")` in zxcvbn's feedback module, read from its source."""
    source = Path(zxcvbn.__file__).with_name("feedback.py").read_text(encoding="utf-8")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_"
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def test_every_zxcvbn_feedback_string_is_a_translated_message() -> None:
    strings = zxcvbn_feedback_strings()
    assert len(strings) >= 25
    missing = strings - set(words.ZXCVBN_FEEDBACK)
    assert not missing
    assert set(words.ZXCVBN_FEEDBACK) <= strings  # no stale entries
    for english in strings:
        for lang in ("zh-Hans", "zh-Hant"):
            assert any(ord(c) in CJK for c in words.feedback_text(english).get(lang))


def test_feedback_met_in_practice_is_translated() -> None:
    samples = ["123456", "password", "qwertyuiop", "zxcvbn", "aaaaaaa", "abcabcabc", "abcdef"]
    samples += ["2016", "13/05/1987", "P@ssword", "PASSWORD99", "drowssap", "smith", "Jennifer"]
    seen = 0
    for text in samples:
        result = verdict(text)
        for text_ in (result.warning, *result.suggestions):
            if text_ is not None:
                seen += 1
                assert any(ord(c) in CJK for c in text_.get("zh")), text_.get("en")
    assert seen > len(samples)


@pytest.mark.parametrize(
    ("seconds", "zh"),
    [(0.5, "不到一秒"), (1, "1 秒"), (30, "30 秒"), (3 * 3600, "3 小时"), (2 * 86400, "2 天"),
     (3 * 31 * 86400, "3 个月"), (5 * 12 * 31 * 86400, "5 年"), (10**12, "数百年"),
     (5 * 60, "5 分钟")],
)  # fmt: skip
def test_crack_times_read_in_chinese(seconds: float, zh: str) -> None:
    english = time_estimates.display_time(Decimal(seconds))
    assert words.crack_time_text(english).get("zh") == zh


def test_our_own_reasons_exist_in_both_languages() -> None:
    texts: list[Localized] = [
        words.EMPTY,
        words.PERSONAL,
        words.COMMON,
        words.EXCHANGE_WORD,
        words.PINYIN_WORD,
    ]
    texts += [words.COMMON_AFFIXED, words.PATTERN]
    texts += [words.YEAR, words.ANALYSIS_FAILED, words.too_short(12), words.short_but_strong(12)]
    texts += [words.too_guessable(1, 3), words.offline_guessable(words.crack_time_text("3 hours"))]
    for text in texts:
        assert text.get("en") and any(ord(c) in CJK for c in text.get("zh"))


# --- what the app gets without zxcvbn ------------------------------------------------------


def test_the_shipped_common_list_and_keyboards_are_zxcvbns() -> None:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # type: ignore[import-untyped]
    from zxcvbn.matching import GRAPHS  # type: ignore[import-untyped]

    from securecheck.password import quick as password_quick

    top = FREQUENCY_LISTS["passwords"][: password_quick.COMMON_TOP_RANKS]
    assert password_quick._TOP_PASSWORDS == frozenset(top)
    neighbours = [
        {key: {c for n in near if n for c in n} for key, near in graph.items()}
        for _, graph in sorted(GRAPHS.items())
    ]
    assert [{k: set(v) for k, v in g.items()} for g in password_quick._ADJACENT] == neighbours


@pytest.mark.parametrize(
    "text",
    ["password1", "Zorbaxq-password-2024", "Tr0ub4dor&3-correct-horse", "x9!" * 40, "密码甲乙丙"],
)
def test_a_verdict_survives_its_json_form_exactly(text: str) -> None:
    from securecheck.password.verdict import verdict_from_json, verdict_to_json

    original = verdict(text, "zorbaxq@example.com")
    again = verdict_from_json(json.loads(json.dumps(verdict_to_json(original))))
    assert again == original


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d.pop("score"),
        lambda d: d.update(score="4"),
        lambda d: d.update(status="great"),
        lambda d: d.update(long_enough=1),
        lambda d: d.update(extra=True),
        lambda d: d.update(crack_time={"en": "x"}),
    ],
)
def test_a_malformed_verdict_is_refused(tamper) -> None:  # type: ignore[no-untyped-def]
    from securecheck.password.verdict import verdict_from_json, verdict_to_json

    data = verdict_to_json(verdict("password1"))
    tamper(data)
    with pytest.raises(ValueError, match="not a password verdict"):
        verdict_from_json(data)


def test_the_service_answers_a_verdict_and_names_no_input_in_an_error() -> None:
    import io

    from securecheck.password.service import serve
    from securecheck.password.verdict import verdict_from_json

    good = {"id": 7, "password": "password1", "user_inputs": [], "min_score": 3, "min_length": 12}
    bad = {"id": 8, "password": CRAFTED, "user_inputs": [], "min_score": "x", "min_length": 12}
    out = io.BytesIO()
    serve(io.BytesIO(f"{json.dumps(good)}\n{json.dumps(bad)}\nnot json {CRAFTED}\n".encode()), out)
    first, second, third = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["id"] == 7
    assert verdict_from_json(first["verdict"]) == verdict("password1")
    assert second == {"id": 8, "error": "bad request"}
    assert third == {"id": None, "error": "bad request"}


@pytest.mark.parametrize(
    "text", ["Dragonfly2026!", "Xk9#mQ2vL8pw", "correct horse battery staple", "Tr0ub4dor&3-x"]
)
def test_a_password_that_is_not_common_is_never_told_it_is(text: str) -> None:
    told = [r.get("en") for r in verdict(text).reasons]
    assert not any("most common" in line for line in told), told


def test_the_verdict_names_the_same_pass_mark_as_the_meter() -> None:
    assert "a pass needs 4/4" in words.too_guessable(1, 3).get("en")
