"""The order check over consumer spans: replays pass, going back to a record never handled fails."""

from __future__ import annotations

from tests.chaos.spans import Handled, out_of_order


def _h(instance: str, offset: int, at: int) -> Handled:
    return Handled(instance, "t.topic", 0, offset, f"2026-01-01T00:00:{at:02d}Z")


def test_a_handover_with_replays_is_in_order() -> None:
    records = [_h("a", 0, 1), _h("a", 1, 2), _h("a", 2, 3), _h("b", 1, 4), _h("b", 2, 5), _h("b", 3, 6)]

    assert out_of_order(records) == []


def test_handling_a_later_record_before_an_earlier_one_is_reported() -> None:
    records = [_h("a", 0, 1), _h("a", 2, 2), _h("a", 1, 3)]

    assert out_of_order(records) == ["t.topic[0] : a handled 1 after 2"]


def test_records_of_different_keys_may_interleave() -> None:
    records = [
        Handled("a", "t.topic", 0, 2, "2026-01-01T00:00:01Z", key="table-b"),
        Handled("a", "t.topic", 0, 1, "2026-01-01T00:00:02Z", key="table-a"),
    ]
    assert out_of_order(records) == []
