"""Every code in the registry has its rule module, a four-part doc and resolvable citations;
`rothaudit rules` lists and explains them."""

from __future__ import annotations

from pathlib import Path

import pytest

import rothaudit.rules
from rothaudit.cli.app import app, main
from rothaudit.rules.registry import CODES, all_rules, explain_rule, find_rule
from rothaudit.taxdata import citation

PARTS = ("What it checks:", "Why it matters:", "Example:", "References:")
RULES_DIR = Path(rothaudit.rules.__file__).parent


def test_every_code_has_a_module_and_no_module_lacks_a_code() -> None:
    modules = {p.stem for p in RULES_DIR.glob("*.py")} - {"__init__", "base", "registry"}
    rule_modules = {m for m in modules if not m.startswith("_")}
    assert rule_modules == {name.replace("-", "_") for name in CODES}
    assert [r.name for r in all_rules()] == sorted(CODES, key=CODES.__getitem__)


@pytest.mark.parametrize("name", sorted(CODES))
def test_rule_is_documented_and_cited(name: str) -> None:
    rule = find_rule(name)
    assert rule.code == CODES[name] and rule.severity in ("error", "warning", "info")
    positions = [rule.doc.find(part) for part in PARTS]
    assert -1 not in positions and positions == sorted(positions), positions
    assert rule.summary and "\n" not in rule.summary and rule.citations
    for cid in rule.citations:
        assert citation(cid).title


def test_contract_severities() -> None:
    expected = {
        "over-contribution": "error",
        "roth-income-limit": "error",
        "late-contribution": "error",
        "tax-year-mismatch": "warning",
        "ambiguous-tax-year": "warning",
        "stray-balance": "warning",
        "pro-rata": "warning",
        "missing-year-end-value": "error",
        "cross-year-conversion": "info",
        "unconverted-basis": "info",
        "conversion-recharacterized": "error",
        "unclassified-transaction": "warning",
        "duplicate-transaction": "info",
        "inferred-account-type": "info",
    }
    assert {n: find_rule(n).severity for n in expected} == expected


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(args)
    out, err = capsys.readouterr()
    return done.value.code, out, err


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(["rules"], capsys)
    assert code == 0 and len(out.strip().splitlines()) == len(CODES)
    assert out.startswith("RA101  over-contribution")


@pytest.mark.parametrize("key", ["over-contribution", "RA101", "ra101"])
def test_rules_explains_one(key: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(["rules", key], capsys)
    assert code == 0 and out.startswith("RA101 over-contribution (error)")
    assert all(part in out for part in PARTS) and "[IRC-4973]" in out
    assert out == explain_rule("over-contribution") + "\n"


def test_unknown_rule_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _cli(["rules", "no-such-rule"], capsys)
    assert code == 2 and err == "rothaudit: no-such-rule: no such rule (see `rothaudit rules`)\n"


def test_typer_app_runs_rules() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["rules", "stray-balance"])
    assert result.exit_code == 0 and "RA201 stray-balance (warning)" in result.output
