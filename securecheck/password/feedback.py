"""Words for the password check: zxcvbn's feedback and crack times, our own reasons, and the
extra words a crypto-exchange password is guessed with.

zxcvbn 4.5.0 writes its feedback as fixed English sentences (no placeholders); each is a msgid of
our catalogue, so it is translated like our own texts. A test walks zxcvbn's feedback module and
fails when it has a sentence this list lacks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from securecheck.i18n import Localized, Message, Verbatim, _, ngettext

# zxcvbn 4.5.0's feedback sentences. zxcvbn writes them as fixed English text, which is
# the msgid; listing them here puts them in the catalogue.
ZXCVBN_FEEDBACK: frozenset[str] = frozenset(
    m.msgid
    for m in (
        _("Use a few words, avoid common phrases."),
        _("No need for symbols, digits, or uppercase letters."),
        _("Add another word or two. Uncommon words are better."),
        _("Straight rows of keys are easy to guess."),
        _("Short keyboard patterns are easy to guess."),
        _("Use a longer keyboard pattern with more turns."),
        _('Repeats like "aaa" are easy to guess.'),
        _('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
        _("Avoid repeated words and characters."),
        _('Sequences like "abc" or "6543" are easy to guess.'),
        _("Avoid sequences."),
        _("Recent years are easy to guess."),
        _("Avoid recent years."),
        _("Avoid years that are associated with you."),
        _("Dates are often easy to guess."),
        _("Avoid dates and years that are associated with you."),
        _("This is a top-10 common password."),
        _("This is a top-100 common password."),
        _("This is a very common password."),
        _("This is similar to a commonly used password."),
        _("A word by itself is easy to guess."),
        _("Names and surnames by themselves are easy to guess."),
        _("Common names and surnames are easy to guess."),
        _("Capitalization doesn't help very much."),
        _("All-uppercase is almost as easy to guess as all-lowercase."),
        _("Reversed words aren't much harder to guess."),
        _("Predictable substitutions like '@' instead of 'a' don't help very much."),
    )
)


def feedback_text(english: str) -> Localized:
    """zxcvbn's sentence, translated; a sentence zxcvbn grows later is shown as it is."""
    return Message(english) if english in ZXCVBN_FEEDBACK else Verbatim(english)


_CRACK_FIXED: Mapping[str, Message] = {
    "less than a second": _("less than a second"),
    "centuries": _("centuries"),
}
_CRACK_UNITS: Mapping[str, Callable[[int], Message]] = {
    "second": lambda n: ngettext("{n} second", "{n} seconds", n),
    "minute": lambda n: ngettext("{n} minute", "{n} minutes", n),
    "hour": lambda n: ngettext("{n} hour", "{n} hours", n),
    "day": lambda n: ngettext("{n} day", "{n} days", n),
    "month": lambda n: ngettext("{n} month", "{n} months", n),
    "year": lambda n: ngettext("{n} year", "{n} years", n),
}
_CRACK_COUNT = re.compile(r"(\d+) (second|minute|hour|day|month|year)s?")


def crack_time_text(english: str) -> Localized:
    """zxcvbn's `display_time` ("3 hours", "centuries"), translated."""
    if english in _CRACK_FIXED:
        return _CRACK_FIXED[english]
    found = _CRACK_COUNT.fullmatch(english)
    if found is None:
        return Verbatim(english)
    return _CRACK_UNITS[found.group(2)](int(found.group(1)))


# --- our reasons, in the user's words ---------------------------------------------------------

EMPTY = _("No password was entered.")
PERSONAL = _("It contains your e-mail name or user name.")
COMMON = _("It is one of the most common passwords.")
COMMON_AFFIXED = _(
    "It is a common password with a few digits or symbols added, which attackers try early."
)
PATTERN = _("It is a simple pattern (like 123456, aaaa or qwerty).")
COMMON_REASONS: Mapping[str, Message] = {
    "top": COMMON,
    "affixed": COMMON_AFFIXED,
    "pattern": PATTERN,
}
EXCHANGE_WORD = _("It contains the name of an exchange or a coin, which attackers try first.")
PINYIN_WORD = _("It contains a common Chinese name or phrase in pinyin, which attackers try first.")
YEAR = _("It contains a year (like 1990 or 2025), which attackers try first.")
ANALYSIS_FAILED = _("The password could not be analysed; treat it as not checked.")


def too_short(min_length: int) -> Localized:
    return _("It is shorter than {min_length} characters.", min_length=min_length)


def short_but_strong(min_length: int) -> Localized:
    return _(
        "It is a little shorter than the {min_length} characters that give a safety margin.",
        min_length=min_length,
    )


def offline_guessable(crack_time: Localized) -> Localized:
    return _(
        "It resists online guessing, but if the exchange's password database leaked it could "
        "be cracked in about {crack_time}.",
        crack_time=crack_time,
    )


PASS_SCORE = 4  # a pass needs zxcvbn's top score (and the length); see password.analyse


def too_guessable(score: int, min_score: int) -> Localized:
    """Below `min_score` fails; the sentence names the one scale the meter shows: a pass
    needs 4/4 (a score from `min_score` to 3 is a warning, not a pass)."""
    return _(
        "It is too easy to guess (strength {score}/4; a pass needs {needed}/4).",
        score=score,
        needed=PASS_SCORE,
    )


_VERDICTS: Mapping[str, Message] = {
    "pass": _("Strong enough"),
    "warn": _("Nearly strong enough"),
    "fail": _("Too weak"),
}
_NOT_CHECKED = _("Not checked")


def summary(status_word: str, score: int, crack_time: Localized) -> Localized:
    """One line for a report: the verdict, the strength and the slow-hash crack time."""
    return _(
        "{verdict}: strength {score}/4, about {crack_time} to crack offline",
        verdict=_VERDICTS.get(status_word, _NOT_CHECKED),
        score=score,
        crack_time=crack_time,
    )


# --- words attackers try first against an exchange account ------------------------------------
# zxcvbn 4.5.0 knows none of these. Each list is a ranked dictionary of its own, so a match lowers
# the estimate without counting as the user's personal data, and the reason can name it.

EXCHANGE_WORDS: tuple[str, ...] = (
    "okx", "okex", "binance", "coinbase", "kraken", "bybit", "bitget", "huobi", "htx", "kucoin",
    "gateio", "mexc", "bitfinex", "bitstamp", "gemini", "upbit", "bithumb", "bitmex", "deribit",
    "crypto", "bitcoin", "btc", "eth", "ether", "ethereum", "usdt", "usdc", "tether", "satoshi",
    "nakamoto", "hodl", "moon", "lambo", "doge", "dogecoin", "solana", "ripple", "xrp", "bnb",
    "wallet", "ledger", "trezor", "metamask", "blockchain", "defi", "nft", "web3",
)  # fmt: skip

# Frequent in Chinese-speaking users' passwords and missing from zxcvbn's English lists:
# love codes, "my password", common surnames and the most frequent full names.
PINYIN_WORDS: tuple[str, ...] = (
    "woaini", "5201314", "1314520", "520520", "1314", "aini", "wodemima", "mima",
    "zhangwei", "wangwei", "wangfang", "liwei", "lina", "zhangmin", "lijing", "wangjing",
    "liuwei", "wangxiuying", "zhangli", "lixiuying", "wangli", "zhangjing", "zhangxiuying",
    "liqiang", "wangmin", "limin", "wanglei", "liuyang", "wangyan", "wangyong", "lijun",
    "zhangyong", "lijie", "zhangjie", "zhanglei", "wangqiang", "lijuan", "wangjun", "zhangyan",
    "zhangtao", "wangtao", "liyan", "wangchao", "liming", "liyong", "wangjuan", "liujie", "liumin",
    "zhang", "wang", "liu", "chen", "yang", "huang", "zhao", "zhou", "sun", "zhu", "lin",
)  # fmt: skip
