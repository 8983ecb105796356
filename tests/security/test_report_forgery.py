"""A rule pack cannot forge a report: no raw HTML, no heading, link or list of its own.

Attack (issue 10 §7): `references[].url` accepted a newline, and Markdown output did not escape
it, so a pack wrote `<img onerror=…>` and a fake heading "✓ Everything passed — [log in to
verify your account](…)" into the report. URLs must be https without whitespace or controls
(schema and loader), and every untrusted string is escaped: parsed with markdown-it, the report
of a hostile pack has exactly the structure of the report of a tame one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from security.hostile import MARKDOWN, hostile_pack, no_pack_text_check, write_pack

from securecheck import report
from securecheck.core import audit
from securecheck.core.errors import InputError
from securecheck.core.rulepacks import load_pack, probe_facts

__all__ = ["no_pack_text_check"]
FACTS = probe_facts()
EVIL_URLS = {
    "newline-html": "https://example.com/\n\n<img src=x onerror=alert(1)>",
    "fake-heading": "https://example.com/)\n# ✓ Everything passed",
    "space": "https://example.com/ onclick=x",
    "javascript": "javascript:alert(1)",
    "plain-http": "http://example.com/",
    "escape": "https://example.com/\x1b]52;c;QUJD\x07",
    "c1": "https://example.com/\x85next",
}


@pytest.mark.parametrize("case", sorted(EVIL_URLS))
def test_reference_url_that_is_not_a_plain_https_link_is_refused(tmp_path: Path, case: str) -> None:
    pack = write_pack(tmp_path / "evil.yaml", hostile_pack("", url=EVIL_URLS[case]))
    with pytest.raises(InputError) as caught:
        load_pack(pack, FACTS)
    fields = {p.field for p in caught.value.problems}
    assert "rules[0].references[0].url" in fields, [str(p) for p in caught.value.problems]


def _markdown(tmp_path: Path, pack: dict[str, Any], name: str) -> str:
    path = write_pack(tmp_path / f"{name}.yaml", pack)
    setup = audit.load_setup(tmp_path / "answers.yaml", [path])
    card = audit.score(setup.rules, setup.answers, None)
    return report.to_markdown(report.build(card, "en"))


def _shape(tokens: list[Token]) -> list[tuple[str, str, int]]:
    """The document's structure: block tokens and the kinds of their inline children, with runs
    of plain text (however escaped) counted as one."""
    shape: list[tuple[str, str, int]] = []
    for token in tokens:
        if token.type != "inline":
            shape.append((token.type, token.tag, token.nesting))
            continue
        for child in token.children or []:
            item = ("text", "", 0) if child.type in ("text", "text_special") else None
            item = item or (child.type, child.tag, child.nesting)
            if not (item == ("text", "", 0) and shape and shape[-1] == item):
                shape.append(item)
    return shape


def _parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def _all(tokens: list[Token]) -> list[Token]:
    return [t for tok in tokens for t in [tok, *(tok.children or [])]]


@pytest.mark.usefixtures("no_pack_text_check")
def test_hostile_pack_cannot_add_html_headings_or_links_to_the_markdown_report(
    tmp_path: Path,
) -> None:
    payload = MARKDOWN + "\x1b]0;t\x07\u202e"
    evil_url = "https://example.com/a)\n\n<img src=x onerror=alert(1)>\n# Everything passed"
    hostile = _markdown(tmp_path, hostile_pack(payload, url=evil_url), "hostile")
    # The tame pack's URL is no https link either: both are shown as text, never as links.
    tame = _markdown(tmp_path, hostile_pack("plain words", url="http://tame.example/"), "tame")
    evil_tokens, tame_tokens = _parse(hostile), _parse(tame)

    assert _shape(evil_tokens) == _shape(tame_tokens)
    kinds = {t.type for t in _all(evil_tokens)}
    assert not kinds & {"html_block", "html_inline", "image"}
    headings = [
        evil_tokens[i + 1].content for i, t in enumerate(evil_tokens) if t.type == "heading_open"
    ]
    assert not any(h.startswith("✓") or "Everything passed" == h.strip() for h in headings)
    links = [t.attrGet("href") for t in _all(evil_tokens) if t.type == "link_open"]
    assert links == [t.attrGet("href") for t in _all(tame_tokens) if t.type == "link_open"]
    assert not any("evil.example" in str(href) for href in links)
    # The attacker's text is still there, literally.
    assert "<img src=x onerror=alert(1)>" in "".join(
        t.content for t in _all(evil_tokens) if t.type == "text"
    )


def test_reference_link_is_kept_and_percent_encoded_where_needed(tmp_path: Path) -> None:
    url = "https://example.com/path_(with)_parens?q=a&b=<c>"
    text = _markdown(tmp_path, hostile_pack("", url=url.replace("<c>", "c")), "ok")
    links = [t.attrGet("href") for t in _all(_parse(text)) if t.type == "link_open"]
    assert "https://example.com/path_%28with%29_parens?q=a&b=c" in links
