"""JSON records edited in place, against the standard library's parser:
whatever the record, splicing leaves every other value as it was."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from cleantext.io.jsonl import RecordProblem, parse_record

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=8,
)
records = st.dictionaries(st.text(max_size=4), values, max_size=4)
spacing = st.sampled_from([(", ", ": "), (",", ":"), (" ,\t", " :\n ")])


@given(record=records, body=st.text(), new=st.text(), sep=spacing, ascii_only=st.booleans())
def test_splice_changes_the_field_and_nothing_else(record, body, new, sep, ascii_only) -> None:
    record = {**record, "meta": {"x": 1, "body": body}}
    line = json.dumps(record, separators=sep, ensure_ascii=ascii_only) + "\n"
    rec = parse_record(line, [("meta", "body")])
    assert rec.values == [body]
    assert rec.splice([body]) == line  # nothing changed: the same bytes
    out = rec.splice([new])
    assert json.loads(out) == {**record, "meta": {"x": 1, "body": new}}
    start, end = rec.spans[0]
    assert out[:start] == line[:start] and out.endswith(line[end:])


@given(value=values)
def test_a_value_that_is_not_an_object_is_refused(value) -> None:
    line = json.dumps(value) + "\n"
    if isinstance(value, dict):
        return
    try:
        parse_record(line, [("text",)])
    except RecordProblem as exc:
        assert "expected a JSON object" in str(exc)
    else:
        raise AssertionError("accepted a record that is not an object")
