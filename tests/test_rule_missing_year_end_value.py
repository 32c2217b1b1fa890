"""missing-year-end-value: an unknown Dec 31 value in a conversion or distribution year."""

from __future__ import annotations

from datetime import date

from rules_support import TRAD, Case, run

from rothaudit.rules.missing_year_end_value import RULE


def test_unknown_value_in_a_conversion_year() -> None:
    case = Case()
    conv = case.convert(date(2024, 1, 5), 7000)
    case.year_end(2024, TRAD, None, source="missing")
    [f] = run(RULE, case)
    assert (f.tax_year, f.amount, f.accounts, f.severity) == (2024, None, (TRAD,), "error")
    assert conv.out_event.ref in f.evidence and "because of a conversion" in f.message
    assert "[[year_end_values]]" in f.action and "tax_year = 2024" in f.action


def test_unknown_value_in_a_distribution_year() -> None:
    case = Case()
    case.distributions.append(case.event(TRAD, date(2024, 8, 1), "distribution", -500))
    case.year_end(2024, TRAD, None, source="missing")
    [f] = run(RULE, case)
    assert "because of a distribution" in f.message


def test_known_value_is_clean() -> None:
    case = Case()
    case.convert(date(2024, 1, 5), 7000)
    case.year_end(2024, TRAD, "0")
    assert run(RULE, case) == []


def test_year_without_conversion_or_distribution_does_not_need_it() -> None:
    case = Case()
    case.contribute(TRAD, date(2024, 1, 5), 7000)
    case.year_end(2024, TRAD, None, source="missing")
    assert run(RULE, case) == []


def test_before_dec_31_the_action_says_to_wait_for_the_december_statement() -> None:
    case = Case(as_of=date(2024, 11, 15))
    case.convert(date(2024, 3, 12), 7000)
    case.year_end(2024, TRAD, None, source="missing")
    [f] = run(RULE, case)
    assert f.action.startswith("After 2024-12-31, take the value from the December statement")
    assert "has not come yet" in f.message


def test_message_and_action_are_whole_sentences_with_or_without_a_note() -> None:
    from dataclasses import replace

    for as_of, note in (
        (date(2025, 3, 1), ""),
        (date(2025, 3, 1), "no Dec 31 value in the exports or household.toml"),
        (date(2024, 11, 15), "2024-12-31 has not come yet (audit as of 2024-11-15): a projection"),
        (date(2024, 11, 15), ""),
    ):
        case = Case(as_of=as_of)
        case.convert(date(2024, 3, 12), 7000)
        v = case.year_end(2024, TRAD, None, source="missing")
        case.year_end_values[("alex", 2024)] = [replace(v, note=note)]
        [f] = run(RULE, case)
        for text in (f.message, f.action):
            assert text.endswith(".") and ".." not in text.replace("...", ""), text
            assert "  " not in text, text
        if note:
            assert note[0].upper() + note[1:] + "." in f.message
