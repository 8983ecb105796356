"""What a rule pack's strings may contain: nothing that acts on a terminal or hides a difference.

A pack is shared like a document, and its texts reach terminals, reports and the app. YAML's
double-quoted escapes ("\\e]52;…" puts text on the clipboard, "\\e[1A\\e[2K" rewrites the line
above) and raw bidi or zero-width characters pass the YAML reader, so they are refused here,
with the file, line and column of the string and the character named. Long texts (why, advice,
remediation, question text and help, messages) may hold newlines and tabs; every other string
(ids, titles, actions, labels, sources, references) is one line.

The output side escapes the same characters anyway (`securecheck.core.inert`): this check
tells the pack's author, the escaping protects the reader if a check is ever missed.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from securecheck.core.document import Document, PathKey
from securecheck.core.errors import Problem
from securecheck.core.inert import is_inert

# The keys whose texts are paragraphs; any path through one of them is a long text.
LONG_TEXTS = frozenset({"why", "advice", "remediation", "text", "help", "message"})


def _first_offender(text: str, multiline: bool) -> tuple[int, str]:
    for i, char in enumerate(text):
        if (multiline and char in "\t\n") or is_inert(char):
            continue
        return i, char
    return 0, text[:1]  # not reached: the caller found one


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    if not name:
        name = "a control character" if unicodedata.category(char) == "Cc" else "unnamed"
    return f"U+{ord(char):04X} ({name})"


def _is_link(url: str) -> bool:
    # The schema says so too; the loader checks again because a report turns it into a link.
    return url.startswith("https://") and len(url) > 8 and not any(c.isspace() for c in url)


def text_problems(doc: Document) -> list[Problem]:
    """Every string of the pack that holds a control, bidi or invisible character."""
    problems: list[Problem] = []
    _walk(doc.data, (), doc, problems)
    return problems


def _walk(value: Any, path: PathKey, doc: Document, problems: list[Problem]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _walk(child, (*path, key), doc, problems)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            _walk(child, (*path, i), doc, problems)
    elif isinstance(value, str):
        if path[-1:] == ("url",) and not _is_link(value):
            problems.append(doc.problem(path, "must be an https:// link without spaces"))
            return
        multiline = any(part in LONG_TEXTS for part in path)
        if is_inert(value, multiline=multiline):
            return
        offset, char = _first_offender(value, multiline)
        if char in "\t\n":
            what = "a line break or tab: this text must be one line"
        else:
            what = f"the character {_describe(char)} is not allowed"
        problems.append(doc.problem(path, f"{what} (character {offset + 1} of the text)"))


__all__ = ["LONG_TEXTS", "text_problems"]
