"""A password held in memory that refuses to show itself.

Tracebacks with local variables, `repr()` in a log line, a worker's default description,
pickling into a file: each is a way a password escapes. A `Secret` prints as `Secret(***)`
in all of them; only `reveal()` gives the text, and only the code that analyses it calls that.
"""

from __future__ import annotations

from typing import NoReturn


class Secret:
    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret(***)"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return "Secret(***)"

    def __eq__(self, other: object) -> bool:
        # Constant time: how long a comparison takes says nothing about where two differ.
        import hmac

        return isinstance(other, Secret) and hmac.compare_digest(
            other._value.encode("utf-8", "surrogatepass"),
            self._value.encode("utf-8", "surrogatepass"),
        )

    def __hash__(self) -> int:
        # Equal Secrets must hash alike, and a hash derived from the value is itself a leak:
        # one constant for all (a set of Secrets is slow, which nobody needs to be fast).
        return hash(Secret)

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")

    def __len__(self) -> NoReturn:
        # Its exact length is evidence about the password: nobody outside the analyser needs it.
        raise TypeError("the length of a Secret is not shown")

    def clear(self) -> None:
        """Drop the reference (Python strings are immutable; this is what we can do)."""
        self._value = ""
