"""seed_phrase_files: checksum-valid recovery phrases in the folders people keep notes in.

The probe reads through a host; these tests give it a fake home (FakeHost), and a real one
in a temporary folder for the end-to-end and privacy tests (test_seed_phrase_privacy.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import re2  # type: ignore[import-untyped]
from fakehost import FakeHost
from hypothesis import given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from securecheck.core import engine
from securecheck.core.model import ProbeOutcome, Result, Status
from securecheck.core.rulepacks import load_rules
from securecheck.probes.gather import run_probe
from securecheck.probes.host import FILE_CAP, FileStat
from securecheck.probes.seed_phrase_files import matcher
from securecheck.probes.seed_phrase_files.folders import parse_user_dirs
from securecheck.probes.seed_phrase_files.matcher import (
    checksum_ok,
    find_phrases,
    find_phrases_in_bytes,
    wordlists,
)
from securecheck.probes.seed_phrase_files.runner import SPEC, Limits, scan
from securecheck.probes.system import SystemHost

RULE = next(r for r in load_rules() if r.id == "wallet.seed_phrase_files")
HOME = "/home/alice"
ENGLISH = Mnemonic("english")
# A valid phrase of unusual words (no report would say "zebra" or "pudding" by chance).
PHRASE = "zebra walnut vapor umbrella tuna squirrel rhythm quiz pudding oyster jaguar panda"
BAD_CHECKSUM = PHRASE.replace("panda", "kangaroo")
HANS = Mnemonic("chinese_simplified").to_mnemonic(bytes(range(16)))
HANT = Mnemonic("chinese_traditional").to_mnemonic(bytes(range(16, 48)))


def verdict(outcome: ProbeOutcome) -> Result:
    audit = engine.AuditInput(rules=[RULE], outcomes={"seed_phrase_files": outcome})
    return engine.evaluate(RULE, audit)


def home(files: dict[str, str], **kw: object) -> FakeHost:
    return FakeHost(
        "linux",
        files={f"{HOME}/{path}": text for path, text in files.items()},
        dirs=[HOME],
        environ={"HOME": HOME},
        **kw,  # type: ignore[arg-type]
    )


# --- the matcher ---------------------------------------------------------------------------


def test_the_canary_phrases_are_valid_and_the_bad_one_is_not() -> None:
    assert ENGLISH.check(PHRASE) and not ENGLISH.check(BAD_CHECKSUM)
    assert Mnemonic("chinese_simplified").check(HANS)
    assert Mnemonic("chinese_traditional").check(HANT)


@pytest.mark.parametrize("strength", [128, 160, 192, 224, 256])
@pytest.mark.parametrize("language", ["english", "chinese_simplified", "chinese_traditional"])
def test_every_phrase_length_in_every_list_is_found(language: str, strength: int) -> None:
    phrase = Mnemonic(language).to_mnemonic(bytes([strength % 251]) * (strength // 8))
    assert find_phrases(f"my wallet\n{phrase}\n") == [strength // 32 * 3]


@pytest.mark.parametrize(
    "text",
    [
        PHRASE,
        PHRASE.upper(),
        f"Seed phrase: {PHRASE}",
        "\n".join(PHRASE.split()),
        "\n".join(f"{i}. {w}" for i, w in enumerate(PHRASE.split(), 1)),
        "\r\n".join(f"{i}) {w}" for i, w in enumerate(PHRASE.split(), 1)),
        ",".join(PHRASE.split()),
        f'{{"mnemonic": "{PHRASE}", "path": "m/44"}}',
        "  ".join(f"{i:2d} {w}" for i, w in enumerate(PHRASE.split(), 1)),
    ],
    ids=["line", "upper", "label", "per-line", "numbered", "crlf", "csv", "json", "grid"],
)
def test_the_ways_people_write_a_phrase_down_are_found(text: str) -> None:
    assert find_phrases(f"notes\n{text}\nthe end") == [12]


@pytest.mark.parametrize(
    "text",
    [
        HANS,  # spaced
        HANS.replace(" ", ""),  # one line of characters, the way a wallet shows them
        "助记词：" + HANS,
        "\n".join(HANS.split()),
        HANT,
    ],
    ids=["spaced", "packed", "label", "per-line", "traditional"],
)
def test_chinese_phrases_are_found(text: str) -> None:
    assert find_phrases(f"备忘\n{text}\n") in ([12], [24])


def test_a_bad_checksum_is_not_flagged() -> None:
    assert find_phrases(BAD_CHECKSUM) == []
    assert find_phrases(HANS.replace(HANS[0], "我" if HANS[0] != "我" else "的", 1)) == []


def test_twelve_list_words_in_running_prose_are_not_a_phrase() -> None:
    # Every window of this run checksums one time in 16; inside a sentence none is a phrase.
    words = ENGLISH.wordlist
    prose = " ".join(
        f"I said {' '.join(words[(i * 37 + j * 101) % 2048] for j in range(14))} to them."
        for i in range(300)
    )
    assert find_phrases(prose) == []


def test_a_copy_of_the_word_list_is_not_a_phrase() -> None:
    assert find_phrases("\n".join(ENGLISH.wordlist)) == []


def test_chinese_prose_is_not_a_phrase() -> None:
    chars = Mnemonic("chinese_simplified").wordlist
    prose = "".join(
        "".join(chars[(i * 31 + j * 7) % 2048] for j in range(30)) + "，" for i in range(200)
    )
    assert find_phrases(prose) == []


@pytest.mark.parametrize(
    "text",
    [
        f"remember these words: {PHRASE}",  # "these" is no list word: the run goes on after it
        f'note to self - "{PHRASE}"',  # "to" ends the attempt from the line start; the quote's
        f'abandon ability able about "{PHRASE}"',  # ...and a quote inside a run of list words
        f"{' '.join(ENGLISH.wordlist[100:115])} xylophone\n{PHRASE}",  # a long run, then a break
        f"{BAD_CHECKSUM}\n{PHRASE}",  # a bad window right before a good one
        f"abandon ability and the\n{PHRASE}",  # "and", "the" end the automaton's run
        f"The AND: {PHRASE}",
    ],
    ids=[
        "label-after-prose",
        "quote-after-break",
        "quote-in-run",
        "next-line",
        "after-bad",
        "after-breakers",
        "breaker-label",
    ],
)
def test_a_run_broken_before_a_phrase_does_not_hide_it(text: str) -> None:
    assert find_phrases(f"notes\n{text}\nthe end") == [12]


def test_the_words_that_end_a_run_are_in_no_list() -> None:
    lists = wordlists()
    assert all(w.encode() not in lists.english for w in matcher.BREAKERS)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="theandTHEANDxq1 ", max_size=10))
def test_a_word_but_the_breakers_is_spelled_right(word: str) -> None:
    # The automaton's "3-8 letters, but not the, and" agrees with the plain definition.
    spelled = re2.compile(matcher._word_except(matcher.BREAKERS))
    expected = word.isalpha() and 3 <= len(word) <= 8 and word.lower() not in matcher.BREAKERS
    assert (spelled.fullmatch(word.encode()) is not None) == expected


@pytest.mark.parametrize(
    ("separator", "found"),
    [("，" * 8, [12]), ("，" * 9, []), ("……" * 4, [12]), (" " * 9, [])],
    ids=["8-wide", "9-wide", "ellipses", "9-spaces"],
)
def test_separators_are_counted_in_characters_not_bytes(separator: str, found: list[int]) -> None:
    # Up to 8 characters between words, whether a character takes one byte or three.
    assert find_phrases("notes\n" + separator.join(PHRASE.split()) + "\n") == found
    assert find_phrases("备忘\n" + "　" * 8 + PHRASE + "\n") == [12]  # 8 ideographic spaces
    assert find_phrases("备忘\n" + "　" * 9 + PHRASE + "\n") == []


@pytest.mark.parametrize(
    "data",
    [
        b"\x93" + PHRASE.encode() + b"\x94",  # Windows-1252 curly quotes
        b"seed: " + PHRASE.replace(" ", "\xa0").encode("latin-1"),  # no-break spaces
        b"caf\xe9 notes\n" + PHRASE.replace(" ", "\n").encode(),  # a Latin-1 file
        b"\xff\xfe\x80\n" + HANS.encode(),  # stray bytes before a Chinese phrase
    ],
    ids=["cp1252-quotes", "nbsp", "latin-1", "stray-bytes"],
)
def test_bytes_that_are_not_utf8_count_as_separators(data: bytes) -> None:
    # As the decoded text (U+FFFD for each) would have it: the phrase is still there.
    assert find_phrases(data.decode("utf-8", "replace")) == [12]
    assert find_phrases_in_bytes(data) == [12]


def test_english_and_chinese_phrases_are_counted_in_the_order_they_appear() -> None:
    long_phrase = Mnemonic("chinese_traditional").to_mnemonic(bytes(range(32)))
    text = f"a\n{HANS}\nb\n{PHRASE}\nc\n{long_phrase.replace(' ', '')}\n"
    assert find_phrases(text) == [12, 12, 24]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2047), min_size=12, max_size=12))
def test_the_checksum_agrees_with_the_reference_implementation(indices: list[int]) -> None:
    words = " ".join(ENGLISH.wordlist[i] for i in indices)
    assert checksum_ok(indices) == ENGLISH.check(words)


def test_word_lists_have_2048_entries_each() -> None:
    lists = wordlists()
    assert len(lists.english) == 2048
    assert all(len(table) == 2048 for table in lists.chinese.values())


# --- the probe -----------------------------------------------------------------------------


def test_a_phrase_in_documents_fails_naming_the_file_and_the_word_count() -> None:
    host = home({"Documents/notes.txt": f"shopping list\n{PHRASE}\n"})
    outcome = run_probe(SPEC, host)
    assert outcome.facts["found"] == ["~/Documents/notes.txt (12)"]
    result = verdict(outcome)
    assert result.status == Status.FAIL
    assert "~/Documents/notes.txt (12 words)" in result.message.get("en")
    assert "~/Documents/notes.txt（12 个词）" in result.message.get("zh-Hans")
    assert "~/Documents/notes.txt（12 個詞）" in result.message.get("zh-Hant")


def test_a_chinese_phrase_fails_too() -> None:
    outcome = run_probe(SPEC, home({"Desktop/钱包.txt": HANS}))
    assert outcome.facts["found"] == ["~/Desktop/钱包.txt (12)"]


def test_nothing_found_passes_and_says_how_much_was_searched() -> None:
    host = home({"Documents/a.txt": "hello", "Downloads/b.md": BAD_CHECKSUM, "c.txt": "x"})
    outcome = run_probe(SPEC, host)
    result = verdict(outcome)
    assert result.status == Status.PASS
    assert outcome.facts["files_scanned"] == 3
    assert "3 text files searched" in result.message.get("en")


@pytest.mark.parametrize("folder", ["文档", "下載", "Dokumente", "Téléchargements", "Escritorio"])
def test_localized_folder_names_are_searched(folder: str) -> None:
    outcome = run_probe(SPEC, home({f"{folder}/x.txt": PHRASE}))
    assert outcome.facts["found"] == [f"~/{folder}/x.txt (12)"]


def test_xdg_user_dirs_name_the_folders() -> None:
    dirs = 'XDG_DOCUMENTS_DIR="$HOME/Papiers"\nXDG_DESKTOP_DIR="$HOME"\n'
    outcome = run_probe(SPEC, home({".config/user-dirs.dirs": dirs, "Papiers/keep/x.txt": PHRASE}))
    assert outcome.facts["found"] == ["~/Papiers/keep/x.txt (12)"]


def test_user_dirs_parsing() -> None:
    text = (
        '# comment\nXDG_DOCUMENTS_DIR="$HOME/Documents perso"\n'
        'XDG_DOWNLOAD_DIR="/data/dl"\nXDG_MUSIC_DIR="$HOME/Music"\nXDG_DESKTOP_DIR="$HOME/"\n'
    )
    assert parse_user_dirs(text, HOME) == [f"{HOME}/Documents perso", "/data/dl"]


def test_the_home_top_level_is_searched_but_not_its_other_folders() -> None:
    outcome = run_probe(SPEC, home({"seed.txt": PHRASE, "Projects/seed.txt": PHRASE}))
    assert outcome.facts["found"] == ["~/seed.txt (12)"]


def test_only_a_small_depth_below_the_note_folders() -> None:
    files = {"Documents/a/b/seed.txt": PHRASE, "Documents/a/b/c/deep.txt": PHRASE}
    assert run_probe(SPEC, home(files)).facts["found"] == ["~/Documents/a/b/seed.txt (12)"]


def test_binary_and_non_text_files_are_not_read() -> None:
    files = {
        "Documents/photo.png": PHRASE,
        "Documents/utf16.txt": "\x00".join(PHRASE),
        "Documents/.hidden.txt": PHRASE,
    }
    outcome = run_probe(SPEC, home(files))
    assert outcome.facts["found"] == [] and outcome.facts["files_scanned"] == 1


def test_a_file_over_the_size_limit_is_reported_not_scanned() -> None:
    files = {"Documents/big.txt": "x" * (FILE_CAP + 1), "Documents/seed.txt": PHRASE}
    outcome = run_probe(SPEC, home(files))
    assert outcome.facts["not_scanned"] == ["too_large:1"]
    assert outcome.facts["found"] == ["~/Documents/seed.txt (12)"]
    message = verdict(outcome).message.get("en")
    assert "not scanned: 1 file over 1 MiB" in message


def test_an_unreadable_file_is_reported() -> None:
    host = home({"Documents/a.txt": "x"}, unreadable=[f"{HOME}/Documents/locked.txt"])
    assert run_probe(SPEC, host).facts["not_scanned"] == ["unreadable:1"]


def test_the_file_count_limit_stops_the_scan_and_says_so() -> None:
    host = home({f"Documents/{i}.txt": "x" for i in range(5)})
    result = scan(host, HOME, "/", Limits(files=2))
    assert result.files == 2 and result.not_scanned(Limits(files=2)) == ["file_limit:2"]


def test_the_byte_limit_stops_the_scan_and_says_so() -> None:
    host = home({f"Documents/{i}.txt": "x" * 100 for i in range(5)})
    limits = Limits(total_bytes=250)
    result = scan(host, HOME, "/", limits)
    assert result.files == 2 and result.not_scanned(limits) == ["byte_limit:0"]


def test_the_time_budget_stops_the_scan_and_says_so() -> None:
    ticks = itertools.count()
    host = home({f"Documents/{i}.txt": "x" for i in range(5)})
    limits = Limits(seconds=2.5)
    result = scan(host, HOME, "/", limits, clock=lambda: float(next(ticks)))
    assert result.stopped == "time_budget" and result.not_scanned(limits) == ["time_budget:2.5"]
    outcome = ProbeOutcome(
        "seed_phrase_files",
        {"found": [], "files_scanned": result.files, "not_scanned": result.not_scanned(limits)},
    )
    assert "not scanned: what was left after 2.5 s" in verdict(outcome).message.get("en")


def test_the_real_host_finds_a_phrase_in_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    # The probe reads bytes, not text: a note saved as Windows-1252 (curly quotes, an accented
    # word, no-break spaces) is searched as it is on disk.
    docs = tmp_path / "Documents"
    docs.mkdir()
    note = "caf\xe9\n\u201c" + PHRASE.replace(" ", "\xa0") + "\u201d\n"
    (docs / "latin.txt").write_bytes(note.encode("cp1252"))
    (docs / "utf16.txt").write_bytes(PHRASE.encode("utf-16"))  # NULs: not a note
    result = scan(SystemHost(), str(tmp_path), "/", Limits())
    assert result.found == ["~/Documents/latin.txt (12)"] and result.files == 2
    assert result.bytes == len(note) + len(PHRASE.encode("utf-16"))


def test_no_home_is_unknown() -> None:
    result = verdict(run_probe(SPEC, FakeHost("linux")))
    assert result.status == Status.UNKNOWN and "HOME" in result.message.get("en")


class WindowsHost(FakeHost):
    """A FakeHost whose folders are listed by backslash, as Windows paths are."""

    def list_dir(self, path: str) -> list[str] | None:
        prefix = path.rstrip("\\") + "\\"
        names = {p[len(prefix) :].split("\\", 1)[0] for p in self.files if p.startswith(prefix)}
        return sorted(names) if names or path in self.dirs else None

    def stat(self, path: str) -> FileStat | None:
        if path in self.files:
            return FileStat(len(self.files[path]), 0)
        return FileStat(0, 0, is_dir=True) if self.list_dir(path) is not None else None


def test_windows_paths_show_the_home_as_tilde() -> None:
    profile = r"C:\Users\alice"
    host = WindowsHost(
        "windows",
        files={f"{profile}\\OneDrive\\Documents\\seed.txt": PHRASE},
        dirs=[profile],
        environ={"USERPROFILE": profile},
    )
    outcome = run_probe(SPEC, host)
    assert outcome.facts["found"] == [r"~\OneDrive\Documents\seed.txt (12)"]


def test_a_note_folder_that_cannot_be_listed_makes_it_unknown() -> None:
    class Locked(FakeHost):
        def list_dir(self, path: str) -> list[str] | None:
            return None if path.endswith("/Documents") else super().list_dir(path)

    host = Locked(
        "macos",
        files={f"{HOME}/Documents/x.txt": PHRASE, f"{HOME}/a.txt": "x"},
        dirs=[f"{HOME}/Documents"],
        environ={"HOME": HOME},
    )
    result = verdict(run_probe(SPEC, host))
    assert result.status == Status.UNKNOWN
    assert "~/Documents" in result.message.get("en")
