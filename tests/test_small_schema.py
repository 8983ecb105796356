"""`small_schema` says valid exactly where jsonschema does, for the answers schema."""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

import jsonschema
import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from securecheck.core import small_schema
from securecheck.core.validation import load_schema

ANSWERS = load_schema("answers.schema.json")
FULL = jsonschema.Draft202012Validator(ANSWERS)

ids = st.one_of(
    st.sampled_from(["two_factor.enabled", "os.updates", "a.b_c", "x", "A.b", "a.", "é.b"]),
    st.text(string.ascii_lowercase + "._9", min_size=1, max_size=12),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 10_000_001),
    st.sampled_from([0.0, 1.0, 2.5, 4.0, -1.0]),
    st.text(max_size=45),
    st.sampled_from(["pass", "warn", "fail", "2026-12-01", "2026-12-01T09:30:00Z", "", "x" * 41]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(
                [
                    "value",
                    "answered_at",
                    "reason",
                    "until",
                    "status",
                    "score",
                    "checked_at",
                    "email",
                    "username",
                    "other",
                ]
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=8,
)
answer = st.one_of(
    st.text(max_size=42),
    st.sampled_from(["x" * 40, "x" * 41, "长" * 41]),  # at and past maxLength
    st.fixed_dictionaries(
        {"value": st.one_of(st.text(max_size=42), scalars)},
        optional={"answered_at": st.sampled_from(["2026-12-01", "2026-12-01 09:30", "soon", 5])},
    ),
    values,
)
document = st.fixed_dictionaries(
    {},
    optional={
        "version": st.sampled_from([1, 1.0, True, 2, "1"]),
        "answers": st.one_of(st.dictionaries(ids, answer, max_size=3), values),
        "profile": st.one_of(
            st.fixed_dictionaries({}, optional={"email": st.text(max_size=5), "username": scalars}),
            values,
        ),
        "vault": st.one_of(
            st.fixed_dictionaries(
                {
                    "checked_at": st.sampled_from(["2026-12-01T09:30:00Z", "x"]),
                    "entries_checked": st.integers(-1, 3),
                    "exchange_entries": st.sampled_from([0, 1, 2.0, True, 10_000_001]),
                },
                optional={"breached": scalars, "totp": st.booleans(), "reused_by": scalars},
            ),
            values,
        ),
        "exemptions": st.dictionaries(
            ids,
            st.one_of(
                st.fixed_dictionaries(
                    {"reason": st.text(max_size=3), "until": st.sampled_from(["2027-01-01", "x"])}
                ),
                values,
            ),
            max_size=2,
        ),
        "password": st.one_of(
            st.fixed_dictionaries(
                {
                    "status": st.sampled_from(["pass", "warn", "fail", "ok"]),
                    "score": st.sampled_from([0, 4, 5, 3.0, -1, False]),
                    "checked_at": st.just("2026-12-01T09:30:00+08:00"),
                }
            ),
            values,
        ),
        "extra": values,
    },
)


@settings(max_examples=600, deadline=None)
@given(document)
@example({"answers": {"two_factor.enabled": "totp"}})
@example({"version": True})
@example({"answers": {"a.b": "x" * 41}})
@example({"exemptions": {"a.b": {"reason": "", "until": "2027-01-01"}}})
@example({"password": {"status": "pass", "score": True, "checked_at": "2026-12-01"}})
@example({"answers": {"two_factor.enabled": {"value": "totp", "answered_at": "2026-12-01"}}})
def test_it_calls_a_document_valid_exactly_where_jsonschema_does(doc: dict[str, Any]) -> None:
    assert small_schema.is_valid(doc, ANSWERS) == FULL.is_valid(doc)


class _BothSeen(Exception):
    pass


def test_the_generated_documents_are_both_valid_and_invalid() -> None:
    # A comparison that only ever saw invalid documents would prove little. Generation stops
    # at the first document of the second kind (usually within a dozen), not after 300.
    seen: set[bool] = set()

    @settings(max_examples=300, deadline=None, database=None, phases=[Phase.generate])
    @given(document)
    def collect(doc: dict[str, Any]) -> None:
        seen.add(FULL.is_valid(doc))
        if len(seen) == 2:
            raise _BothSeen

    with pytest.raises(_BothSeen):
        collect()
    assert seen == {True, False}


def test_anything_json_cannot_hold_is_invalid_for_the_full_validator_to_describe() -> None:
    assert not small_schema.is_valid({"answers": {"a.b": dt.date(2026, 1, 1)}}, ANSWERS)
    assert not small_schema.is_valid({1: "x"}, ANSWERS)
    assert not small_schema.is_valid({"version": float("nan")}, ANSWERS)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "if": {"required": ["a"]}},
        {"items": {"type": "string"}},
        {"$ref": "https://elsewhere.invalid/schema.json"},
        {"$ref": "#/$defs/missing"},
        {"type": "tuple"},
        {"properties": {"a": {"format": "email"}}},
    ],
)
def test_a_schema_beyond_its_keywords_is_left_to_the_full_validators(
    schema: dict[str, Any],
) -> None:
    assert not small_schema.supports(schema)
    assert small_schema.supports(ANSWERS)


@pytest.mark.parametrize(
    ("schema", "doc"),
    [
        ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, 1),  # both: not one of
        ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, 1.5),
        ({"type": "integer"}, 2.0),
        ({"type": ["string", "null"]}, None),
        ({"enum": [1, "a"]}, True),
        ({"const": {"a": [1, True]}}, {"a": [1.0, True]}),
        ({"additionalProperties": False, "properties": {"a": True}}, {"a": 1, "b": 2}),
        ({"propertyNames": {"pattern": "^x"}}, {"xa": 1, "ya": 2}),
        ({"minimum": 0, "maximum": 3}, "not a number"),
    ],
)
def test_keywords_beyond_the_answers_schema_mean_what_they_mean_in_jsonschema(
    schema: dict[str, Any], doc: object
) -> None:
    assert small_schema.supports(schema)
    assert small_schema.is_valid(doc, schema) == jsonschema.Draft202012Validator(schema).is_valid(
        doc
    )
