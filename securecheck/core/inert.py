"""Text that did not come from our own code, made harmless to show.

Rule packs, answers files, tool output, file paths and error quotes can carry terminal
control sequences (ESC [ …, OSC 52 to set the clipboard, OSC 0 to set the title), C1 controls,
bidirectional overrides that reorder what is read (an address shown backwards), and
zero-width characters that hide a difference. `inert()` shows each of them as a visible
escape (`\\x1b`, `\\u202e`) instead, so whatever reaches a terminal, a report or the app is
exactly the characters a person can see. Newlines and tabs are kept only where asked.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls; bidi embeddings, overrides and isolates;
# zero-width and invisible formatting characters; line and paragraph separators.
_DANGEROUS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\u2028\u2029\ufeff\ufff9-\ufffb"
)
_ALWAYS = re.compile(f"[{_DANGEROUS}]")
_WITH_LAYOUT = re.compile(f"[{_DANGEROUS}\t\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str, *, multiline: bool = False) -> str:
    """`text` with every control, bidi and invisible character shown as an escape.

    `multiline=True` keeps newlines and tabs (long texts such as a rule's advice); a one-line
    field (a title, an id, a file name) shows them escaped too.
    """
    pattern = _ALWAYS if multiline else _WITH_LAYOUT
    return pattern.sub(_escape, text)


def is_inert(text: str, *, multiline: bool = False) -> bool:
    """Whether `text` has nothing `inert()` would change."""
    pattern = _ALWAYS if multiline else _WITH_LAYOUT
    return pattern.search(text) is None


def one_line(text: str) -> str:
    """`text` for a one-line slot (a table cell, a line of a report): line breaks and tabs
    become spaces, everything else dangerous an escape, so no line can be forged."""
    return inert(" ".join(text.split("\n")).replace("\t", " ").replace("\r", " ").strip())


def quote(value: object, limit: int = 40) -> str:
    """A value from an input file quoted in an error message: at most `limit` characters,
    escaped. A file that is not ours (a planted link to /etc/shadow) must not be printed whole."""
    if not isinstance(value, str):  # a number, a list: as written, without quotes
        text = repr(value)
        return inert(text[:limit]) + ("…" if len(text) > limit else "")
    shown = inert(value[:limit])
    return f"'{shown}…'" if len(value) > limit else f"'{shown}'"


_JSON_ESCAPE = re.compile(f"[{_DANGEROUS}]")


def json_inert(document: str) -> str:
    """A JSON text with every dangerous character inside its strings written as a \\u escape.

    `json.dumps(..., ensure_ascii=False)` escapes C0 controls but leaves C1 controls and bidi
    characters raw. JSON's own structure is ASCII, so they can only stand inside strings,
    where `\\uXXXX` means the same character: the data is unchanged, the bytes are inert.
    """
    return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)
