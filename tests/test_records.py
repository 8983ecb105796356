"""The model's frozen records behave as the frozen dataclasses they replace."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Mapping

import pytest

from securecheck.core.model import Choice, ProbeOutcome, Question, Status
from securecheck.i18n import Verbatim
from securecheck.records import FrozenInstanceError, field, record, replace


@record
class Point:
    x: int
    y: int = 0
    tags: Mapping[str, int] = field(default_factory=dict)


def test_records_compare_and_hash_by_class_and_values() -> None:
    assert Point(1) == Point(1, 0, {}) and hash(Point(1, 2, ())) == hash(Point(1, 2, ()))  # type: ignore[arg-type]
    assert Point(1) != Point(2)
    assert Point(1) != (1, 0, {})  # type: ignore[comparison-overlap]  # a tuple of the values

    @record
    class Other:
        x: int
        y: int = 0
        tags: Mapping[str, int] = field(default_factory=dict)

    assert Point(1) != Other(1)  # type: ignore[comparison-overlap]


def test_a_record_cannot_be_changed_and_replace_makes_a_changed_copy() -> None:
    point = Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        point.x = 5  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del point.y
    moved = replace(point, y=3)
    assert (moved.x, moved.y, point.y) == (1, 3, 2)
    with pytest.raises(TypeError):
        replace(point, z=1)


def test_the_constructor_is_as_strict_as_a_dataclass_one() -> None:
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, 2, {}, 4)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=3)  # type: ignore[call-arg]
    assert Point(1).tags is not Point(1).tags  # each gets its own default


def test_the_first_construction_is_as_strict_and_as_right_as_later_ones() -> None:
    # The constructor is compiled on a class's first construction: that one must refuse
    # what later ones refuse, and a class built only through a subclass works the same.
    @record
    class Fresh:
        a: int
        b: str = "b"

    with pytest.raises(TypeError, match="missing 1 required positional argument: 'a'"):
        Fresh()  # type: ignore[call-arg]
    assert Fresh(1) == Fresh(a=1, b="b") and Fresh.__init__.__qualname__.endswith("Fresh.__init__")

    @record
    class Base:
        a: int

    class Child(Base):
        pass

    child = Child(2)
    assert child.a == 2 and Base(2).a == 2 and type(child) is Child
    with pytest.raises(TypeError):
        Base(1, 2)  # type: ignore[call-arg]


def test_a_field_without_a_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="without a default"):

        @record
        class Broken:
            x: int = 0
            y: int  # type: ignore[misc]


def test_model_records_survive_pickle_copy_and_match() -> None:
    outcome = ProbeOutcome("firewall", {"enabled": True}, reason=Verbatim("why"))
    question = Question("q", Verbatim("?"), (Choice("yes", Verbatim("Yes"), Status.PASS),))
    for value in (outcome, question):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value
    match outcome:
        case ProbeOutcome(probe, facts):
            assert (probe, facts) == ("firewall", {"enabled": True})
    assert repr(Point(1)) == "Point(x=1, y=0, tags={})"


def test_a_record_keeps_the_methods_its_class_writes() -> None:
    @record
    class Money:
        cents: int

        def __repr__(self) -> str:
            return f"{self.cents / 100:.2f}"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Money) and abs(self.cents - other.cents) < 1

    assert repr(Money(150)) == "1.50" and Money(1) == Money(1)
    assert hash(Money(1)) == hash(Money(1))  # still hashable, as a frozen dataclass would be


def test_what_a_record_would_silently_ignore_is_refused() -> None:
    with pytest.raises(ValueError, match="mutable default"):

        @record
        class Shared:
            items: list[int] = []  # noqa: RUF012

    with pytest.raises(TypeError, match="unexpected keyword argument 'repr'"):

        @record
        class Hidden:
            secret: str = field(default="", repr=False)  # type: ignore[call-arg]

    with pytest.raises(TypeError, match=r"use records\.field, not dataclasses\.field"):
        import dataclasses

        @record
        class Foreign:
            secret: str = dataclasses.field(default="", repr=False)

    with pytest.raises(ValueError, match="not both"):
        field(default=1, default_factory=list)
