"""Translations: every text of ours is in every shipped catalogue, alike in placeholders,
with Chinese punctuation; rule packs speak every shipped language; tags and locales resolve."""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import Run

import securecheck
from securecheck.core.rulepacks import load_rules
from securecheck.i18n import (
    LANGUAGES,
    Message,
    Texts,
    _,
    canonical,
    fallback_chain,
    from_data,
    from_locale,
    joined,
    ngettext,
    to_data,
)

PACKAGE = Path(securecheck.__file__).parent
CATALOGUES = {
    lang: PACKAGE / "i18n" / "locale" / lang.replace("-", "_") / "LC_MESSAGES" / "securecheck.po"
    for lang in LANGUAGES
    if lang != "en"
}
CJK = re.compile(r"[\u4e00-\u9fff]")
# A half-width , ; ( ) or : touching a Chinese character: should be ，；（）：.
HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,;()]|[,;(]\s*[\u4e00-\u9fff]|[\u4e00-\u9fff]:(?!//)")


# The code's texts are extracted once for the tests that compare them with the catalogues
# (a walk of the whole package, ~0.4 s), and those tests run on one worker.
SAME_EXTRACTION = pytest.mark.xdist_group("i18n-extraction")


@functools.cache
def code_msgids() -> frozenset[str]:
    """What the code asks gettext for, found as translators' tools find it."""
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords={"_": None, "ngettext": (1, 2)},
        comment_tags=(),
    )
    ids: set[str] = set()
    for _filename, _line, message, _comments, _context in found:
        ids.add(message[0] if isinstance(message, tuple) else message)
    return frozenset(ids)


@functools.cache
def catalogue(lang: str) -> Mapping[str, Sequence[str]]:
    with CATALOGUES[lang].open("rb") as fh:
        cat = read_po(fh)
    out: dict[str, tuple[str, ...]] = {}
    for m in cat:
        if not m.id:
            continue
        key = str(m.id[0] if isinstance(m.id, tuple | list) else m.id)
        strings = m.string if isinstance(m.string, tuple | list) else [m.string]
        out[key] = tuple(str(s or "") for s in strings)
    return MappingProxyType(out)


def placeholders(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


@SAME_EXTRACTION
def test_the_code_asks_for_a_few_hundred_texts() -> None:
    assert len(code_msgids()) > 300  # the extraction works at all


@SAME_EXTRACTION
@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_every_msgid_is_translated_with_the_same_placeholders(lang: str) -> None:
    cat = catalogue(lang)
    missing = sorted(code_msgids() - set(cat))
    assert not missing, f"{lang} lacks {missing[:5]}"
    for msgid, strings in cat.items():
        assert all(strings), f"{lang}: empty translation of {msgid!r}"
        for text in strings:
            assert placeholders(text) == placeholders(msgid), (lang, msgid, text)


@SAME_EXTRACTION
@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_no_catalogue_keeps_a_text_the_code_no_longer_says(lang: str) -> None:
    stale = sorted(set(catalogue(lang)) - code_msgids())
    assert not stale, stale[:5]


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_chinese_catalogues_use_full_width_punctuation(lang: str) -> None:
    bad = [s for strings in catalogue(lang).values() for s in strings if HALF_WIDTH.search(s)]
    assert not bad, bad[:5]


def test_traditional_and_simplified_catalogues_differ() -> None:
    hans, hant = catalogue("zh-Hans"), catalogue("zh-Hant")
    assert hans["Password"] == ("密码",) and hant["Password"] == ("密碼",)
    differing = sum(hans[k] != hant[k] for k in hans)
    assert differing > len(hans) * 0.6


def rule_texts() -> Iterator[tuple[str, Texts]]:
    for rule in load_rules():
        texts = [rule.title, rule.why, rule.advice, rule.action, rule.remediation]
        if rule.question is not None:
            texts += [rule.question.text, *(c.label for c in rule.question.choices)]
            texts += [rule.question.help] if rule.question.help else []
        for text in texts:
            assert isinstance(text, Texts)
            yield rule.id, text


def test_every_shipped_rule_text_is_in_every_shipped_language() -> None:
    for rule_id, text in rule_texts():
        tags = set(text.languages())
        assert {"en", "zh", "zh-Hant"} <= tags, (rule_id, tags)
        for tag in ("zh", "zh-Hant"):
            shown = text.get(tag)
            assert CJK.search(shown), (rule_id, tag, shown)
            assert not HALF_WIDTH.search(shown), (rule_id, tag, shown)


def test_language_tags_and_locales_resolve_to_a_shipped_language() -> None:
    assert canonical("zh") == canonical("zh_CN.UTF-8") == canonical("zh-Hans-SG") == "zh-Hans"
    assert canonical("zh_TW") == canonical("zh-HK") == canonical("zh-Hant-MO") == "zh-Hant"
    assert canonical("en_GB.UTF-8") == "en"
    assert canonical("fr") is None and canonical("") is None
    assert from_locale({"LANG": "zh_TW.UTF-8"}) == "zh-Hant"
    assert from_locale({"LANG": "zh_CN.UTF-8"}) == "zh-Hans"
    assert from_locale({"LC_ALL": "C", "LANG": "zh_TW.UTF-8"}) == "en"  # LC_ALL wins
    assert from_locale({"LANGUAGE": "fr:zh_HK"}) == "zh-Hant"
    assert from_locale({}) == "en"


def test_a_rule_text_falls_back_along_the_tag() -> None:
    assert fallback_chain("zh-Hant") == ("zh-Hant", "zh", "en")
    text = Texts.of({"en": "Hello", "zh": "你好"})
    assert text.get("zh-Hant") == "你好"  # no zh-Hant: the shorter tag, not English
    assert text.get("fr") == "Hello"
    assert Texts.of({"en": "Hi", "pt-BR": "Oi"}).get("pt-BR") == "Oi"


def test_plural_forms_follow_the_count() -> None:
    assert ngettext("{n} hour", "{n} hours", 1).get("en") == "1 hour"
    assert ngettext("{n} hour", "{n} hours", 3).get("en") == "3 hours"
    assert ngettext("{n} hour", "{n} hours", 3).get("zh-Hant") == "3 小時"


def test_a_placeholder_value_is_never_read_as_a_template() -> None:
    shown = _("saved to {path}", path="{0.__class__}{path}").get("en")
    assert shown == "saved to {0.__class__}{path}"


def test_texts_cross_a_process_boundary_unchanged() -> None:
    inner = ngettext("{n} day", "{n} days", 2)
    text = joined([_("You answered: {choice}", choice=inner), Texts.of({"en": "a", "zh": "甲"})])
    again = from_data(to_data(text))
    for lang in LANGUAGES:
        assert again.get(lang) == text.get(lang)
    with pytest.raises(ValueError):
        from_data({"msgid": "x", "plural": None, "n": "1", "params": {}})
    assert isinstance(from_data(to_data(_("x"))), Message)


def test_reasons_are_joined_with_the_language_s_own_separator() -> None:
    text = joined([_("HOME is not set"), _("no ufw or firewalld found")])
    assert "; " in text.get("en") and "；" in text.get("zh-Hans") and "；" in text.get("zh-Hant")


def test_audit_prints_traditional_chinese_with_lang_zh_hant_before_the_command(
    cli: Callable[..., Run],
) -> None:
    run = cli("--lang", "zh-Hant", "audit", "--no-probes")
    assert run.code == 0, run.stderr
    assert "帳戶" in run.stdout and "雙重驗證" in run.stdout
    assert "账户" not in run.stdout and "双重验证" not in run.stdout


def test_audit_prints_simplified_chinese_with_lang_zh(cli: Callable[..., Run]) -> None:
    run = cli("--lang", "zh", "audit", "--no-probes")
    assert run.code == 0, run.stderr
    assert "账户" in run.stdout and "双重验证" in run.stdout and "帳戶" not in run.stdout


def test_a_locale_of_taiwan_picks_traditional_chinese(cli: Callable[..., Run]) -> None:
    run = cli("audit", "--no-probes", env={"LC_ALL": "zh_TW.UTF-8"})
    assert "帳戶" in run.stdout, run.stdout[:200]


def test_an_unknown_language_is_a_usage_error(cli: Callable[..., Run]) -> None:
    run = cli("audit", "--lang", "klingon")
    assert run.code == 2 and "klingon" in run.stderr and run.stdout == ""
