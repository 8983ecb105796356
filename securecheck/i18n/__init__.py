"""What securecheck says, in the user's language.

Two sources of text, one interface (`Localized.get(lang)`):
- our own words go through gettext: `_("{n} updates are waiting", n=5)` builds a `Message`
  whose English msgid is looked up in `locale/<lang>/LC_MESSAGES/securecheck.mo` only when
  it is shown, so one result can be rendered in any language;
- a rule pack's words come as `{language tag: text}` maps (`Texts`), read with a fallback
  chain (`zh-Hant` → `zh` → `en`).

Placeholders use `str.format` names. The template is always ours (a msgid or its
translation); parameters are only ever substituted into it, never parsed as templates.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

from securecheck.files import shipped
from securecheck.log import get_logger
from securecheck.records import record

log = get_logger("securecheck.i18n")

DOMAIN = "securecheck"
# The languages securecheck ships a catalogue for. English is the msgid language.
LANGUAGES: tuple[str, ...] = ("en", "zh-Hans", "zh-Hant")
DEFAULT = "en"
# What users type or locales say, lower-cased, to a shipped language.
ALIASES: Mapping[str, str] = {
    "en": "en",
    "zh": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-my": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
}
# The name each language calls itself, for pickers.
NATIVE_NAMES: Mapping[str, str] = {"en": "English", "zh-Hans": "简体中文", "zh-Hant": "繁體中文"}


def canonical(tag: str) -> str | None:
    """A shipped language for what a user typed (`zh`, `zh_TW`, `zh-Hant-HK`…), or None."""
    clean = tag.strip().replace("_", "-").split(".", 1)[0].split("@", 1)[0].lower()
    if not clean:
        return None
    if clean in ALIASES:
        return ALIASES[clean]
    parts = clean.split("-")
    if parts[0] == "zh":
        # zh-Hant-TW, zh-Hans-CN: the script decides; a bare region was matched above.
        if "hant" in parts:
            return "zh-Hant"
        if "hans" in parts:
            return "zh-Hans"
        return "zh-Hant" if any(p in ("tw", "hk", "mo") for p in parts) else "zh-Hans"
    if parts[0] == "en":
        return "en"
    return None


def from_locale(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user's locale (LC_ALL > LC_MESSAGES > LANG > LANGUAGE), else en."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            # LANGUAGE may list several (zh_TW:en); the first one we ship wins.
            for item in value.split(":"):
                found = canonical(item)
                if found is not None:
                    return found
            return DEFAULT
    return DEFAULT


def fallback_chain(lang: str) -> tuple[str, ...]:
    """Tags to try for a rule pack's text: the tag, its shorter forms, then English.

    `zh-Hant` → (zh-Hant, zh, en); `zh-Hans` → (zh-Hans, zh, en); `pt-BR` → (pt-BR, pt, en).
    """
    parts = lang.split("-")
    chain = ["-".join(parts[:i]) for i in range(len(parts), 0, -1)]
    if DEFAULT not in chain:
        chain.append(DEFAULT)
    return tuple(chain)


@runtime_checkable
class Localized(Protocol):
    """Anything that can be shown in a language."""

    # What sets a text apart from anything else with a `.get` (a dict): `isinstance` checks
    # that it is there, so evidence holding plain mappings is never taken for a text.
    localized: ClassVar[bool]

    def get(self, lang: str) -> str: ...


def _locale_dir() -> Path:
    return shipped("i18n/locale")


def _catalogue_name(lang: str) -> str:
    return lang.replace("-", "_")  # zh-Hant → zh_Hant, the folder name gettext looks for


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a shipped language (English: the msgids themselves)."""
    lang = canonical(lang) or DEFAULT  # "zh", "zh_TW" and the like name a shipped language
    if lang == DEFAULT:
        return gettext.NullTranslations()
    folder = _locale_dir() / _catalogue_name(lang) / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    if mo.is_file():
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    # A source checkout that was never built has only the .po: compile it in memory.
    return _from_po(folder / f"{DOMAIN}.po")


def _from_po(po: Path) -> gettext.NullTranslations:
    import io

    try:
        from babel.messages import mofile, pofile
    except ImportError:  # pragma: no cover - an installed wheel always has the .mo
        log.warning("no compiled catalogue at %s and Babel is not installed", po.parent)
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = pofile.read_po(fh)
    buf = io.BytesIO()
    mofile.write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _shown(value: object, lang: str) -> object:
    if isinstance(value, Localized):
        return value.get(lang)
    return value


@record
class Message:
    """One of our own texts, translated when shown. Build it with `_()` or `ngettext()`."""

    localized: ClassVar[bool] = True

    msgid: str
    plural: str | None = None
    n: int = 1
    params: tuple[tuple[str, object], ...] = ()

    def get(self, lang: str) -> str:
        tr = translations(lang)
        template = (
            tr.ngettext(self.msgid, self.plural, self.n)
            if self.plural is not None
            else tr.gettext(self.msgid)
        )
        if not self.params and self.plural is None:
            return template
        values = {key: _shown(value, lang) for key, value in self.params}
        values.setdefault("n", self.n)
        return template.format(**values)

    def __str__(self) -> str:  # for logs and debugging: English
        return self.get(DEFAULT)


def _(msgid: str, /, **params: object) -> Message:
    """Mark a text of ours for translation; placeholders are filled when it is shown."""
    return Message(msgid, params=tuple(params.items()))


def ngettext(singular: str, plural: str, n: int, /, **params: object) -> Message:
    """A text whose form depends on a count; `{n}` is the count."""
    return Message(singular, plural, n, tuple(params.items()))


@record
class Texts:
    """A rule pack's text: `{language tag: text}`, shown through the fallback chain."""

    localized: ClassVar[bool] = True

    by_lang: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, mapping: Mapping[str, str]) -> Texts:
        return cls(tuple(mapping.items()))

    def get(self, lang: str) -> str:
        table = dict(self.by_lang)
        for tag in fallback_chain(lang):
            if tag in table:
                return table[tag]
        return next(iter(table.values()), "")

    def languages(self) -> tuple[str, ...]:
        return tuple(tag for tag, _text in self.by_lang)


@record
class Verbatim:
    """A text that reads the same in every language: a name, a path, a number."""

    localized: ClassVar[bool] = True

    text: str

    def get(self, lang: str) -> str:
        return self.text


# Between reasons in one line; Chinese uses the full-width semicolon.
SEPARATOR = _("; ")


@record
class Joined:
    """Several texts as one, with the language's own separator (`; ` or `；`)."""

    localized: ClassVar[bool] = True

    parts: tuple[Localized, ...]
    separator: Localized = SEPARATOR

    def get(self, lang: str) -> str:
        return self.separator.get(lang).join(p.get(lang) for p in self.parts)


def joined(parts: Iterable[Localized], separator: Localized | None = None) -> Localized:
    items = tuple(parts)
    if len(items) == 1:
        return items[0]
    return Joined(items) if separator is None else Joined(items, separator)


__all__ = [
    "ALIASES",
    "DEFAULT",
    "LANGUAGES",
    "NATIVE_NAMES",
    "Joined",
    "Localized",
    "Message",
    "Texts",
    "Verbatim",
    "_",
    "canonical",
    "fallback_chain",
    "from_data",
    "from_locale",
    "joined",
    "ngettext",
    "to_data",
    "translations",
]


# --- a plain-data form, for texts that cross a process boundary (the password service) -------

Data = dict[str, object]


def to_data(text: Localized) -> Data:
    """A JSON-able form of a text; `from_data` gives it back."""
    if isinstance(text, Message):
        params = {k: to_data(v) if isinstance(v, Localized) else v for k, v in text.params}
        return {"msgid": text.msgid, "plural": text.plural, "n": text.n, "params": params}
    if isinstance(text, Joined):
        return {"joined": [to_data(p) for p in text.parts], "separator": to_data(text.separator)}
    if isinstance(text, Texts):
        return {"texts": dict(text.by_lang)}
    return {"verbatim": text.get(DEFAULT)}


def _param(value: object) -> object:
    if isinstance(value, dict):
        return from_data(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError("not a text parameter")


def from_data(data: object) -> Localized:
    """The inverse of `to_data`; ValueError for anything else."""
    if not isinstance(data, dict):
        raise ValueError("not a text")
    if set(data) == {"verbatim"} and isinstance(data["verbatim"], str):
        return Verbatim(data["verbatim"])
    texts = data.get("texts")
    if (
        set(data) == {"texts"}
        and isinstance(texts, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items())
    ):
        return Texts.of(texts)
    if set(data) == {"joined", "separator"} and isinstance(data["joined"], list):
        return Joined(tuple(from_data(p) for p in data["joined"]), from_data(data["separator"]))
    if set(data) == {"msgid", "plural", "n", "params"}:
        msgid, plural, n, params = data["msgid"], data["plural"], data["n"], data["params"]
        if (
            isinstance(msgid, str)
            and (plural is None or isinstance(plural, str))
            and type(n) is int
            and isinstance(params, dict)
        ):
            return Message(msgid, plural, n, tuple((str(k), _param(v)) for k, v in params.items()))
    raise ValueError("not a text")
