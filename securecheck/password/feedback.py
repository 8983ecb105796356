"""Words for the password check: zxcvbn's feedback and crack times in Simplified Chinese,
our own reasons in both languages, and the extra words a crypto-exchange password is guessed with.

zxcvbn 4.5.0 writes its feedback as fixed English sentences (no placeholders), so the catalogue is
keyed on the exact English text; a test walks zxcvbn's feedback module and fails when one is new.
"""

from __future__ import annotations

import re

from securecheck.core.model import Text

FEEDBACK_ZH: dict[str, str] = {
    "Use a few words, avoid common phrases.": "用几个词组成密码，避开常见短语。",
    "No need for symbols, digits, or uppercase letters.": "不必非要用符号、数字或大写字母。",
    "Add another word or two. Uncommon words are better.": "再加一两个词，越不常见越好。",
    "Straight rows of keys are easy to guess.": "键盘上连成一排的键很容易被猜到。",
    "Short keyboard patterns are easy to guess.": "短的键盘图案很容易被猜到。",
    "Use a longer keyboard pattern with more turns.": "若用键盘图案，请更长、转折更多。",
    'Repeats like "aaa" are easy to guess.': "像“aaa”这样的重复很容易被猜到。",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': (
        "像“abcabcabc”这样的重复只比“abc”难猜一点点。"
    ),
    "Avoid repeated words and characters.": "避免重复的词和字符。",
    'Sequences like "abc" or "6543" are easy to guess.': "像“abc”或“6543”这样的序列很容易被猜到。",
    "Avoid sequences.": "避免使用连续序列。",
    "Recent years are easy to guess.": "最近的年份很容易被猜到。",
    "Avoid recent years.": "避免使用最近的年份。",
    "Avoid years that are associated with you.": "避免使用与你有关的年份。",
    "Dates are often easy to guess.": "日期通常很容易被猜到。",
    "Avoid dates and years that are associated with you.": "避免使用与你有关的日期和年份。",
    "This is a top-10 common password.": "这是最常见的 10 个密码之一。",
    "This is a top-100 common password.": "这是最常见的 100 个密码之一。",
    "This is a very common password.": "这是非常常见的密码。",
    "This is similar to a commonly used password.": "这和一个常用密码很相似。",
    "A word by itself is easy to guess.": "单独一个词很容易被猜到。",
    "Names and surnames by themselves are easy to guess.": "单独的名字或姓氏很容易被猜到。",
    "Common names and surnames are easy to guess.": "常见的名字和姓氏很容易被猜到。",
    "Capitalization doesn't help very much.": "首字母大写帮助不大。",
    "All-uppercase is almost as easy to guess as all-lowercase.": (
        "全部大写和全部小写几乎一样容易被猜到。"
    ),
    "Reversed words aren't much harder to guess.": "把词倒过来写并不会难猜多少。",
    "Predictable substitutions like '@' instead of 'a' don't help very much.": (
        "用“@”代替“a”这类可预料的替换帮助不大。"
    ),
}


def feedback_text(english: str) -> Text:
    """zxcvbn's sentence in both languages; English stands in if zxcvbn grows a new one."""
    return Text(english, FEEDBACK_ZH.get(english, english))


_CRACK_UNITS_ZH = {
    "second": "秒",
    "minute": "分钟",
    "hour": "小时",
    "day": "天",
    "month": "个月",
    "year": "年",
}
_CRACK_FIXED_ZH = {"less than a second": "不到一秒", "centuries": "数百年"}
_CRACK_COUNT = re.compile(r"(\d+) (second|minute|hour|day|month|year)s?")


def crack_time_text(english: str) -> Text:
    """zxcvbn's `display_time` ("3 hours", "centuries") in both languages."""
    if english in _CRACK_FIXED_ZH:
        return Text(english, _CRACK_FIXED_ZH[english])
    found = _CRACK_COUNT.fullmatch(english)
    if found is None:
        return Text.same(english)
    return Text(english, f"{found.group(1)} {_CRACK_UNITS_ZH[found.group(2)]}")


# --- our reasons, in the user's words ---------------------------------------------------------

EMPTY = Text("No password was entered.", "没有输入密码。")
PERSONAL = Text(
    "It contains your e-mail name or user name.",
    "包含你的邮箱名或用户名。",
)
COMMON = Text(
    "It is one of the most common passwords, or a simple pattern (like 123456 or qwerty).",
    "这是最常见的密码之一，或是简单的规律（如 123456、qwerty）。",
)
EXCHANGE_WORD = Text(
    "It contains the name of an exchange or a coin, which attackers try first.",
    "包含交易所或币种的名称，攻击者会优先尝试这类词。",
)
PINYIN_WORD = Text(
    "It contains a common Chinese name or phrase in pinyin, which attackers try first.",
    "包含常见的中文姓名或词语的拼音，攻击者会优先尝试这类内容。",
)
YEAR = Text(
    "It contains a year (like 1990 or 2025), which attackers try first.",
    "包含年份（如 1990、2025），攻击者会优先尝试这类内容。",
)
ANALYSIS_FAILED = Text(
    "The password could not be analysed; treat it as not checked.",
    "无法分析该密码，请视为未检查。",
)


def too_short(min_length: int) -> Text:
    return Text(
        f"It is shorter than {min_length} characters.",
        f"长度不足 {min_length} 个字符。",
    )


def short_but_strong(min_length: int) -> Text:
    return Text(
        f"It is a little shorter than the {min_length} characters that give a safety margin.",
        f"比建议的 {min_length} 个字符略短，少了一层安全余量。",
    )


def offline_guessable(crack_time: Text) -> Text:
    return Text(
        "It resists online guessing, but if the exchange's password database leaked it could be "
        f"cracked in about {crack_time.en}.",
        f"能抵御在线猜测，但如果交易所的密码库泄露，约 {crack_time.zh} 即可被破解。",
    )


def too_guessable(score: int, min_score: int) -> Text:
    return Text(
        f"It is too easy to guess (strength {score}/4, needs at least {min_score}/4).",
        f"太容易被猜到（强度 {score}/4，至少需要 {min_score}/4）。",
    )


def summary(status_word: str, score: int, crack_time: Text) -> Text:
    """One line for a report: the verdict, the strength and the slow-hash crack time."""
    words = {
        "pass": ("Strong enough", "强度足够"),
        "warn": ("Nearly strong enough", "接近足够"),
        "fail": ("Too weak", "强度不够"),
    }
    en, zh = words.get(status_word, ("Not checked", "未检查"))
    return Text(
        f"{en}: strength {score}/4, about {crack_time.en} to crack offline",
        f"{zh}：强度 {score}/4，离线破解约需时间：{crack_time.zh}",
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
