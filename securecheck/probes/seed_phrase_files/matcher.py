"""Finding BIP39 recovery phrases in text: runs of word-list words whose checksum holds.

A phrase is 12, 15, 18, 21 or 24 words from one BIP39 word list (English, Chinese simplified,
Chinese traditional, as the `mnemonic` package ships them); its last word carries a checksum
of the others (4 to 8 bits), so a random run of list words is a phrase one time in 16 to 256,
and a run with a wrong word almost never is.

Speed comes from never looking at most of the text in Python: one RE2 automaton (linear
time, no backtracking) finds the places where 12 or more candidates stand in a row: English
words of 3 to 8 letters split by a few non-letters; Chinese characters each split from the
next by a space, a number or a comma; or a line holding nothing but 12 to 24 Chinese
characters. Only those places are split into words, looked up in the lists (set lookups)
and checksummed, window by window.

A phrase must also stand the way people write one down: on a line of its own (one line, or
one word per line, numbered or not), or after a label or a quote (`seed: ...`,
`"mnemonic": "..."`), ending where its line ends or at a closing quote. Twelve list words in a
row inside running prose are not a phrase even when their checksum happens to hold (one time
in 16), and a copy of the word list itself (words in list order) is not one either.

What this module returns is a word count, never a word: callers report the file and the
count, and nothing here logs or raises with the text it read.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import re2  # type: ignore[import-untyped]
from mnemonic import Mnemonic

LENGTHS = (24, 21, 18, 15, 12)  # longest first: a 24-word phrase is not two 12-word ones
SHORTEST = LENGTHS[-1]
_TWELVE = b"\x01" * SHORTEST  # twelve list words in a row, as flags
LANGUAGES = ("english", "chinese_simplified", "chinese_traditional")

_LETTERS = bytes(c for c in range(256) if 65 <= c <= 90 or 97 <= c <= 122)
# ASCII letters to lower case, everything else (digits, punctuation, UTF-8 bytes) to a space.
_WORD_BYTES = bytes(c | 0x20 if c in _LETTERS else 32 for c in range(256))
_HAN = r"\x{4e00}-\x{9fff}"  # every character of both Chinese lists is in this block
_SPACES = r" \t\x{3000}"
_CHINESE_SEPARATORS = (
    r"\s\d.,:;()\-\x{3000}\x{3001}\x{3002}\x{ff08}\x{ff09}\x{ff0c}\x{ff1a}\x{ff1b}"
)
_OPENER_CLASS = r":=\"'(\[{\x{201c}\x{300c}\x{ff1a}"  # : = " ' ( [ { “ 「 ：
# Group 1: English words of 3-8 letters, 1-8 non-letters apart, from the start of a line or
# a label or quote on (so only a few attempts are ever alive at once: the automaton stays
# small and fast). Group 2: Chinese characters each set apart by separators. Group 3: a line
# of nothing but 12-24 Chinese characters (spaces allowed), the way a wallet shows a phrase;
# running Chinese prose matches neither.
_PATTERN = (
    rf"(?m:(?:^|[{_OPENER_CLASS}])[^A-Za-z\n]{{0,8}}"
    r"((?:[A-Za-z]{3,8}[^A-Za-z]{1,8}){11,}[A-Za-z]{3,8}))"
    rf"|([{_HAN}](?:[{_CHINESE_SEPARATORS}]+[{_HAN}]){{11,}})"
    rf"|(?m:^[{_SPACES}]*((?:[{_HAN}][{_SPACES}]*){{12,24}})\r?$)"
)


class _Match(Protocol):
    def start(self, group: int) -> int: ...

    def end(self, group: int) -> int: ...


class _Automaton(Protocol):
    """The part of a compiled RE2 pattern used here (google-re2 ships no type hints)."""

    def finditer(self, data: bytes) -> Iterator[_Match]: ...


@functools.cache
def _automaton() -> _Automaton:
    options = re2.Options()
    options.max_mem = 64 << 20  # the counted repetitions need a larger automaton than 8 MiB
    automaton: _Automaton = re2.compile(_PATTERN.encode("ascii"), options)
    return automaton


@dataclass(frozen=True)
class Wordlists:
    """Each list as word -> index (English words as lower-case bytes)."""

    english: Mapping[bytes, int]
    chinese: Mapping[str, Mapping[str, int]]  # list name -> character -> index


@functools.cache
def wordlists() -> Wordlists:
    english = {w.encode("ascii"): i for i, w in enumerate(Mnemonic("english").wordlist)}
    chinese = {
        name: {w: i for i, w in enumerate(Mnemonic(name).wordlist)} for name in LANGUAGES[1:]
    }
    return Wordlists(english, chinese)


def checksum_ok(indices: Sequence[int]) -> bool:
    """Whether word indices (11 bits each) end with the BIP39 checksum of the rest."""
    count = len(indices)
    if count not in LENGTHS:
        return False
    number = 0
    for index in indices:
        number = (number << 11) | index
    check_bits = count // 3
    entropy_bits = count * 11 - check_bits
    entropy = (number >> check_bits).to_bytes(entropy_bits // 8, "big")
    digest = hashlib.sha256(entropy).digest()[0]
    return (digest >> (8 - check_bits)) == (number & ((1 << check_bits) - 1))


def _plausible(indices: Sequence[int]) -> bool:
    """A phrase, not a stretch of the word list itself (sorted), whose checksum holds."""
    if all(a < b for a, b in itertools.pairwise(indices)):
        return False  # a copy of the list (english.txt) is no one's phrase
    return checksum_ok(indices)


Span = tuple[int, int]  # where a word is in the data: [start, end)


def _runs(indices: Sequence[int | None]) -> Iterator[tuple[int, int]]:
    """[start, end) of each stretch of at least SHORTEST list words in a row."""
    start = 0
    for position, index in enumerate([*indices, None]):
        if index is None:
            if position - start >= SHORTEST:
                yield start, position
            start = position + 1


def _phrases_in_run(
    indices: Sequence[int | None], spans: Sequence[Span], stands_alone: Callable[[Span, Span], bool]
) -> Iterator[int]:
    """Word counts of the phrases among looked-up words (None: not a list word); a window
    counts when its checksum holds and it stands the way a phrase is written."""
    for run_start, run_end in _runs(indices):
        start = run_start
        while start <= run_end - SHORTEST:
            for count in LENGTHS:
                if start + count > run_end:
                    continue
                window = [i for i in indices[start : start + count] if i is not None]
                first, last = spans[start], spans[start + count - 1]
                if stands_alone(first, last) and _plausible(window):
                    yield count
                    start += count
                    break
            else:
                start += 1


_OPENERS = tuple(c.encode("utf-8") for c in ":=\"'([{“「：")
_CLOSERS = tuple(c.encode("utf-8") for c in "\"')]}”」")


def _bounded(data: bytes, letters: re.Pattern[bytes]) -> Callable[[Span, Span], bool]:
    """Whether words from `first` to `last` stand alone in `data`: nothing written (no
    `letters`) before them on their line, or a label or quote right before; and nothing
    written after them on their line, or a closing quote right after."""

    def stands_alone(first: Span, last: Span) -> bool:
        line_start = data.rfind(b"\n", 0, first[0]) + 1
        before = data[line_start : first[0]]
        line_end = data.find(b"\n", last[1])
        after = data[last[1] : len(data) if line_end < 0 else line_end]
        opened = letters.search(before) is None or before.rstrip().endswith(_OPENERS)
        closed = letters.search(after) is None or after.lstrip().startswith(_CLOSERS)
        return opened and closed

    return stands_alone


_ASCII_WORD = re.compile(rb"[A-Za-z]+")
_WRITTEN = re.compile(rb"[A-Za-z]|[\xe4-\xe9][\x80-\xbf]{2}")  # a letter, or a CJK character


def _english(data: bytes, begin: int, end: int, lists: Wordlists) -> Iterator[int]:
    # The automaton may start or stop inside a longer word: that piece is not a word.
    cut_first = begin > 0 and data[begin - 1] in _LETTERS
    cut_last = end < len(data) and data[end] in _LETTERS
    words = data[begin:end].translate(_WORD_BYTES).split()
    words = words[1 if cut_first else 0 : len(words) - 1 if cut_last else len(words)]
    if bytes(map(lists.english.__contains__, words)).find(_TWELVE) < 0:
        return  # the usual case in prose: short words, but not twelve list words in a row
    indices = [lists.english.get(w) for w in words]
    spans = [m.span() for m in _ASCII_WORD.finditer(data, begin, end)]
    spans = spans[1 if cut_first else 0 : len(spans) - 1 if cut_last else len(spans)]
    yield from _phrases_in_run(indices, spans, _bounded(data, _WRITTEN))


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _han_chars(data: bytes, begin: int, end: int) -> list[tuple[str, Span]]:
    """The Chinese characters of data[begin:end] with where each is (3 UTF-8 bytes)."""
    chars = []
    position = begin
    for char in data[begin:end].decode("utf-8", "replace"):
        size = len(char.encode("utf-8", "replace"))
        if _is_han(char):
            chars.append((char, (position, position + size)))
        position += size
    return chars


def _chinese_spaced(data: bytes, begin: int, end: int, lists: Wordlists) -> Iterator[int]:
    chars = _han_chars(data, begin, end)
    # The first or last character may belong to a word of several characters (prose).
    before = data[max(0, begin - 3) : begin].decode("utf-8", "ignore")
    after = data[end : end + 3].decode("utf-8", "ignore")
    if chars and before and _is_han(before[-1]):
        chars = chars[1:]
    if chars and after and _is_han(after[0]):
        chars = chars[:-1]
    spans = [span for _c, span in chars]
    for table in lists.chinese.values():
        found = list(
            _phrases_in_run([table.get(c) for c, _s in chars], spans, _bounded(data, _WRITTEN))
        )
        if found:
            yield from found
            return


def _chinese_line(data: bytes, begin: int, end: int, lists: Wordlists) -> Iterator[int]:
    chars = [c for c, _span in _han_chars(data, begin, end)]
    if len(chars) not in LENGTHS:
        return  # a line is one phrase or none: no windows inside running text
    for table in lists.chinese.values():
        indices = [table.get(c) for c in chars]
        clean = [i for i in indices if i is not None]
        if len(clean) == len(chars) and _plausible(clean):
            yield len(chars)
            return


def find_phrases(text: str) -> list[int]:
    """The word count of each recovery phrase in `text`, in the order they appear."""
    return find_phrases_in_bytes(text.encode("utf-8", "replace"))


def find_phrases_in_bytes(data: bytes) -> list[int]:
    """`find_phrases` for UTF-8 bytes."""
    lists = wordlists()
    found: list[int] = []
    for match in _automaton().finditer(data):
        if match.start(1) >= 0:
            found.extend(_english(data, match.start(1), match.end(1), lists))
        elif match.start(2) >= 0:
            found.extend(_chinese_spaced(data, match.start(2), match.end(2), lists))
        elif match.start(3) >= 0:
            found.extend(_chinese_line(data, match.start(3), match.end(3), lists))
    return found
