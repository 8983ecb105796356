"""What an answers file may not say, and where it may not live.

These checks keep the file from gaming the score or being planted by someone else:
- an exemption names a loaded rule, never a critical one, and holds for at most
  MAX_EXEMPTION_DAYS from today (its reason is required by the schema);
- no date lies in the future by more than CLOCK_SKEW: an answer dated 2099 would never expire;
- like ssh's StrictModes, a file another user owns or that group or others can write (and the
  default config directory, when others can write it) is refused, never silently used.
Each raises or returns `Problem`s naming the file, line and field.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from securecheck.core.document import Document
from securecheck.core.errors import InputError, Problem
from securecheck.core.model import Answer, Exemption, PasswordRecord, Rule, Severity, Status

MAX_EXEMPTION_DAYS = 366
CLOCK_SKEW = dt.timedelta(days=1)


def parse_time(text: str) -> dt.datetime:
    """An ISO date and time; one without a zone is UTC."""
    when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


# --- exemptions ----------------------------------------------------------------------------


def exemption_problems(
    doc: Document,
    exemptions: Mapping[str, Exemption],
    rules: Iterable[Rule] | None,
    now: dt.datetime,
) -> list[Problem]:
    """Critical rules cannot be exempted; an exemption ends within MAX_EXEMPTION_DAYS."""
    by_id = {r.id: r for r in rules} if rules is not None else None
    latest = (now + dt.timedelta(days=MAX_EXEMPTION_DAYS)).date()
    problems: list[Problem] = []
    for rid, exemption in exemptions.items():
        rule = by_id.get(rid) if by_id is not None else None
        if by_id is not None and rule is None:
            problems.append(
                doc.problem(("exemptions", rid), f"no rule '{rid}' in the loaded rules", key=True)
            )
        elif rule is not None and rule.severity == Severity.CRITICAL:
            problems.append(
                doc.problem(
                    ("exemptions", rid),
                    f"'{rid}' is a critical rule and cannot be exempted",
                    key=True,
                )
            )
        if exemption.until is not None and exemption.until.date() > latest:
            problems.append(
                doc.problem(
                    ("exemptions", rid, "until"),
                    f"more than {MAX_EXEMPTION_DAYS} days ahead (at most {latest.isoformat()}): "
                    "an exemption must come up for review",
                )
            )
    return problems


# --- dates ---------------------------------------------------------------------------------


def future_problems(
    doc: Document,
    answers: Mapping[str, Answer],
    password: PasswordRecord | None,
    now: dt.datetime,
) -> list[Problem]:
    """A date after now (beyond a day of clock skew) would keep an answer fresh forever."""
    limit = now + CLOCK_SKEW
    problems: list[Problem] = []
    for qid, answer in answers.items():
        if answer.answered_at is not None and answer.answered_at > limit:
            problems.append(
                doc.problem(("answers", qid, "answered_at"), "is in the future; fix the date")
            )
    if password is not None and password.checked_at > limit:
        problems.append(
            doc.problem(("password", "checked_at"), "is in the future; check the password again")
        )
    return problems


# --- the password verdict entry --------------------------------------------------------------


def password_record(doc: Document, raw: Mapping[str, Any] | None) -> PasswordRecord | None:
    """The `password:` entry (its shape is checked by the schema): verdict, score, date."""
    if raw is None:
        return None
    try:
        when = parse_time(raw["checked_at"])
    except ValueError:
        raise InputError(
            [doc.problem(("password", "checked_at"), "not a valid date and time")]
        ) from None
    return PasswordRecord(Status(raw["status"]), int(raw["score"]), when)


def password_entry(record: PasswordRecord) -> dict[str, object]:
    return {
        "status": record.status.value,
        "score": record.score,
        "checked_at": record.checked_at.isoformat(timespec="seconds"),
    }


# --- who may have written the file ---------------------------------------------------------


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(str(path), message)])


def check_ownership(path: Path, default_dir: Path | None = None) -> None:
    """Refuse a file someone else could have written, as ssh's StrictModes does.

    The file must be owned by the user (or root) and not writable by group or others; the
    default config directory (`default_dir`, when the file lives there) must not be writable by
    others. Windows has no such mode bits: nothing to check there.
    """
    if os.name == "nt" or not hasattr(os, "geteuid"):
        return
    if default_dir is not None and path.parent == default_dir and default_dir.exists():
        mode = default_dir.stat().st_mode
        if mode & stat.S_IWOTH:
            raise _refuse(
                default_dir,
                f"other users can write this directory (mode {stat.S_IMODE(mode):04o}), so "
                f"its answers file cannot be trusted; run `chmod o-w {default_dir}`",
            )
    if not path.exists():
        return
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        return  # a device or a FIFO: the reader refuses it as not a regular file
    if info.st_uid not in (os.geteuid(), 0):
        raise _refuse(
            path,
            f"owned by another user (uid {info.st_uid}); securecheck only uses an answers "
            "file you own",
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise _refuse(
            path,
            f"group or others can write it (mode {stat.S_IMODE(info.st_mode):04o}), so it "
            f"cannot be trusted; run `chmod go-w {path}`",
        )
