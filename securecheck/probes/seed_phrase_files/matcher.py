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
import string
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

# The automaton reads bytes as they are on disk (RE2's Latin-1 mode: no decoding, and a byte
# that is not UTF-8 is one more character that is not a letter, as U+FFFD would be once
# decoded), so Chinese characters and punctuation are spelled as their UTF-8 bytes. Every
# character of both Chinese lists is in U+4E00-U+9FFF: e4 b8 80 to e9 bf bf.
_HAN = rb"(?:\xe4[\xb8-\xbf]|[\xe5-\xe9][\x80-\xbf])[\x80-\xbf]"
_SPACES = rb"(?:[ \t]|\xe3\x80\x80)"  # space, tab, ideographic space
# ...and digits, ASCII punctuation, 、 。 （ ） ， ： ；
_CHINESE_SEPARATORS = rb"(?:[\s\d.,:;()\-]|\xe3\x80[\x80-\x82]|\xef\xbc[\x88\x89\x8c\x9a\x9b])"
_OPENER = rb"(?:[:=\"'(\[{]|\xe2\x80\x9c|\xe3\x80\x8c|\xef\xbc\x9a)"  # : = " ' ( [ { “ 「 ：
# Characters that are not ASCII letters, counted as a decoded text counts them: each ASCII
# non-letter and each UTF-8 lead byte starts one, continuation bytes (80-bf) add none. One
# way only to read any byte, so the automaton never follows two counts of the same bytes.
_CONTINUED = rb"[\x80-\xbf]*"
_HEAD = rb"[\x00-@\[-`{-\x7f\xc0-\xff]"
_HEAD_IN_LINE = rb"[\x00-\x09\x0b-@\[-`{-\x7f\xc0-\xff]"  # the same but a line feed


def _non_letters(head: bytes, least: int, most: int) -> bytes:
    """`least` (0 or 1) to `most` characters that are not letters; stray continuation bytes
    count as none, but are enough for `least` = 1."""
    counted = rb"(?:" + head + _CONTINUED + rb")"
    if least == 0:
        return _CONTINUED + counted + b"{0,%d}" % most
    return rb"(?:[\x80-\xbf]+" + counted + b"{0,%d}|" % most + counted + b"{1,%d})" % most


# The commonest English words of 3-8 letters, and in no list: a run of candidates ends at them,
# so that fewer runs of ordinary prose reach Python. That loses no phrase: a phrase after one
# of them must start its line or follow a label or a quote, where a new attempt starts anyway.
# (More words make the automaton larger than they save: measured in bench/README.md.)
BREAKERS = ("the", "and")
_Tree = dict[str, "_Tree"]  # letter -> the letters after it; "" where a word ends


def _word_except(excluded: Sequence[str], shortest: int = 3, longest: int = 8) -> bytes:
    """A word of `shortest` to `longest` ASCII letters, in any case, that is none of the
    lower-case words `excluded`: spelled out along the tree of their letters."""
    tree: _Tree = {}
    for word in excluded:
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}  # a word ends here

    def below(node: _Tree, depth: int) -> bytes:
        ways = [b""] if depth >= shortest and "" not in node else []
        if depth < longest:
            nexts = sorted(letter for letter in node if letter)
            for letter in nexts:
                ways.append(
                    b"[%s%s]" % (letter.upper().encode(), letter.encode())
                    + below(node[letter], depth + 1)
                )
            others = "".join(c + c.upper() for c in string.ascii_lowercase if c not in nexts)
            rest = b"[A-Za-z]{%d,%d}" % (max(0, shortest - depth - 1), longest - depth - 1)
            ways.append(b"[" + others.encode() + b"]" + rest)
        return b"(?:" + b"|".join(ways) + b")"

    return below(tree, 0)


_ENGLISH_WORD = _word_except(BREAKERS)
_ENGLISH_PAIR = rb"(?:" + _ENGLISH_WORD + _non_letters(_HEAD, 1, 8) + rb")"
# English words of 3-8 letters, 1-8 other characters apart, from the start of a line or a
# label or quote on (at most 8 characters before the first word), twelve or more. Written "any
# number of words, then the last twelve": an attempt started at a later quote in the same run
# then merges with the one under way, so the automaton has one state per count of words, not
# one per pair of counts (it is built several times faster, and runs faster). Then Chinese
# characters each set apart by separators; and a line of nothing but 12-24 Chinese characters
# (spaces allowed), the way a wallet shows a phrase; running Chinese prose matches neither.
# No capturing groups: asking RE2 where a group is costs a second, slow pass over each match;
# which form matched is told from the match itself.
_ENGLISH = b"".join(
    (
        rb"(?m:(?:^|" + _OPENER + rb")",
        _non_letters(_HEAD_IN_LINE, 0, 8),
        _ENGLISH_PAIR + rb"*" + _ENGLISH_PAIR + rb"{11}" + _ENGLISH_WORD + rb")",
    )
)
_CHINESE_SPACED = _HAN + rb"(?:" + _CHINESE_SEPARATORS + rb"+" + _HAN + rb"){11,}"
_CHINESE_LINE = rb"(?m:^" + _SPACES + rb"*((?:" + _HAN + _SPACES + rb"*){12,24})\r?$)"


class _Match(Protocol):
    def start(self, group: int = 0) -> int: ...

    def end(self, group: int = 0) -> int: ...


class _Automaton(Protocol):
    """The part of a compiled RE2 pattern used here (google-re2 ships no type hints)."""

    def finditer(self, data: bytes) -> Iterator[_Match]: ...

    def match(self, data: bytes) -> _Match | None: ...


def _compile(pattern: bytes) -> _Automaton:
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    options.max_mem = 64 << 20  # the counted repetitions need a larger automaton than 8 MiB
    automaton: _Automaton = re2.compile(pattern, options)
    return automaton


@functools.cache
def _automaton() -> _Automaton:
    """Every candidate, of the three forms."""
    uncaptured = _CHINESE_LINE.replace(b"((?:", b"(?:(?:")
    return _compile(b"|".join((_ENGLISH, _CHINESE_SPACED, uncaptured)))


@functools.cache
def _chinese_automaton() -> _Automaton:
    """The two Chinese forms, told apart (group 1: spaced; group 2: a line's characters)."""
    return _compile(b"(" + _CHINESE_SPACED + b")|" + _CHINESE_LINE)


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
_ASCII_LETTER = re.compile(rb"[A-Za-z]")
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
    """`find_phrases` for UTF-8 bytes (bytes that are not UTF-8 count as separators)."""
    lists = wordlists()
    found: list[int] = []
    for match in _automaton().finditer(data):
        begin, end = match.start(), match.end()
        # An English candidate's first letter is its first word (after at most a quote and 8
        # characters); a Chinese one has no ASCII letter at all.
        letter = _ASCII_LETTER.search(data, begin, end)
        if letter is not None:
            found.extend(_english(data, letter.start(), end, lists))
            continue
        # Where a Chinese candidate is can be asked of a second automaton, on the match alone
        # (rare: a few per file at most).
        chinese = _chinese_automaton().match(data[begin:end])
        if chinese is None:
            continue
        if chinese.start(1) >= 0:
            found.extend(_chinese_spaced(data, begin, end, lists))
        else:
            where = begin + chinese.start(2), begin + chinese.end(2)
            found.extend(_chinese_line(data, *where, lists))
    return found
