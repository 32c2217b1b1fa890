"""Account numbers are masked to their last four characters, in fields and inside free text."""

from __future__ import annotations

import pytest

from rothaudit.writers.mask import mask_account, mask_text


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("12345678", "...5678"),
        ("X12345678", "...5678"),
        ("245123456", "...3456"),
        ("89766", "...9766"),
        ("123", "...123"),
    ],
)
def test_mask_account(number: str, masked: str) -> None:
    assert mask_account(number) == masked


def test_fidelity_action_naming_the_counterpart_account() -> None:
    assert mask_text("CONV TO ROTH IRA 245123456", []) == "CONV TO ROTH IRA ...3456"


def test_known_numbers_with_letters_are_masked_whole() -> None:
    text = "TRANSFERRED FROM VS X12345678 (Cash)"
    assert mask_text(text, ["X12345678"]) == "TRANSFERRED FROM VS ...5678 (Cash)"


def test_known_short_numbers_inside_text() -> None:
    assert mask_text("account Z9876543 and 5551234", ["Z9876543"]) == "account ...6543 and ...1234"


@pytest.mark.parametrize(
    "text",
    ["$123,456.78 converted", "123456.78", "1,234,567 shares", "line 10 = 0.100000", "$7,000.00"],
)
def test_amounts_are_not_masked(text: str) -> None:
    assert mask_text(text, []) == text


def test_masking_is_idempotent() -> None:
    once = mask_text("CONV TO ROTH IRA 245123456 from 12345678", ["12345678"])
    assert mask_text(once, ["12345678"]) == once == "CONV TO ROTH IRA ...3456 from ...5678"
