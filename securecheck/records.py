"""Frozen records: what `@dataclass(frozen=True)` gives the model, for less at import time.

A frozen dataclass writes and compiles six methods per class when its module is imported
(~0.8 ms a class: the model's two dozen were a sixth of a headless start). A record compiles
only its `__init__`, and only when the class is first constructed (so construction stays as
fast and its signature as strict); equality, hashing, `repr` and the refusal to change share
one implementation. Fields, defaults and `field(default_factory=...)` work as with
dataclasses; so do `==` (same class, same values), `hash`, `repr`, `match` and pickling.
`field`, `replace` and `FrozenInstanceError` are this module's: importing `dataclasses` (and
the `inspect` it loads) would cost a headless start as much as the records save.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")
_FACTORY = object()  # the default of a field that has a default factory
MISSING: Any = object()  # no default given


class FrozenInstanceError(AttributeError):
    """Raised on assigning to (or deleting) a field of a record."""


class Field:
    """What `field()` returns: a field's default or default factory, read by `record`."""

    __slots__ = ("default", "default_factory")

    def __init__(self, default: Any, default_factory: Any) -> None:
        self.default = default
        self.default_factory = default_factory


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] = MISSING) -> Any:
    """A field's default, or a factory called for each record (as `dataclasses.field`)."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("a field takes a default or a default_factory, not both")
    return Field(default, default_factory)


def _eq(self: Any, other: Any) -> Any:  # bool, or NotImplemented for another class
    if other.__class__ is self.__class__:
        return self._values() == other._values()
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self._values())


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_fields__)
    return f"{type(self).__qualname__}({shown})"


def _setattr(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[_T]) -> type[_T]:
    """Make `cls` a frozen record of its annotated fields (in order; `ClassVar`s excluded)."""
    if any(hasattr(base, "__record_fields__") for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: a record does not inherit from a record")
    # The strings as written (every module of ours has `from __future__ import annotations`):
    # nothing is evaluated. A class's own, not a base's: records do not inherit fields.
    # `inspect` (~5 ms to import) only where the class keeps no plain dict (Python 3.14's
    # lazily evaluated annotations).
    annotations = cls.__dict__.get("__annotations__")  # noqa: RUF063
    if not isinstance(annotations, dict):
        import inspect

        annotations = inspect.get_annotations(cls)
    names = tuple(
        name for name, kind in annotations.items() if not str(kind).startswith("ClassVar")
    )
    params, lines = [], []
    scope: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    for name in names:
        default = cls.__dict__.get(name, MISSING)
        if type(default).__name__ == "Field" and not isinstance(default, Field):
            raise TypeError(f"{cls.__name__}.{name}: use records.field, not dataclasses.field")
        if isinstance(default, Field):
            if default.default_factory is not MISSING:
                scope[f"_factory_{name}"] = default.default_factory
                params.append(f"{name}=_FACTORY")
                lines.append(
                    f" _set(self, {name!r}, _factory_{name}() if {name} is _FACTORY else {name})"
                )
                delattr(cls, name)
                continue
            default = default.default
            if default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, default)
        if default is MISSING:
            if any("=" in p for p in params):
                raise TypeError(f"{cls.__name__}: field {name!r} without a default follows one")
            params.append(name)
        else:
            if default.__class__.__hash__ is None:  # a list, dict or set shared by every record
                raise ValueError(f"{cls.__name__}.{name}: a mutable default; use default_factory")
            scope[f"_default_{name}"] = default
            params.append(f"{name}=_default_{name}")
        lines.append(f" _set(self, {name!r}, {name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(lines) or " pass")
    for key in ("__init__", "__setattr__", "__delattr__"):
        if key in cls.__dict__:
            raise TypeError(f"{cls.__name__}: a record writes its own {key}")
    members: dict[str, Any] = {
        "__init__": _first_init(cls, source, scope),
        "__setattr__": _setattr,
        "__delattr__": _delattr,
        "__record_fields__": names,
        "__match_args__": names,
        "_values": _getter(names),
    }
    # As with dataclasses, a class's own __eq__, __hash__ or __repr__ is kept (the None that
    # Python puts in __hash__ beside a class's own __eq__ is not one of its own).
    own = dict(cls.__dict__)
    if own.get("__hash__", False) is None and "__eq__" in own:
        del own["__hash__"]
    for key, shared in (("__eq__", _eq), ("__hash__", _hash), ("__repr__", _repr)):
        if key not in own:
            members[key] = shared
    for key, value in members.items():
        setattr(cls, key, value)
    return cls


def _first_init(cls: type, source: str, scope: dict[str, Any]) -> Callable[..., None]:
    """An `__init__` that compiles the class's own on its first call and hands over to it.

    Compiling is most of what a record costs at import (~0.1 ms a class), and a headless
    audit builds only some of the model's classes. The compiled one then replaces this
    (two threads racing here both compile the same function: harmless).
    """

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        exec(source, scope)  # one small function per class: the only code a record writes
        init: Callable[..., None] = scope["__init__"]
        init.__qualname__ = __init__.__qualname__
        type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if not names:
        return lambda self: ()
    if len(names) == 1:
        name = names[0]
        return lambda self: (getattr(self, name),)
    get = operator.attrgetter(*names)
    return lambda self: get(self)


def replace(obj: _T, /, **changes: Any) -> _T:
    """A copy of the record `obj` with some fields changed (as `dataclasses.replace`)."""
    names: tuple[str, ...] = type(obj).__record_fields__  # type: ignore[attr-defined]
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    values = {name: changes[name] if name in changes else getattr(obj, name) for name in names}
    return type(obj)(**values)


__all__ = ["FrozenInstanceError", "field", "record", "replace"]
