"""Finding text reads cleanly: every message and action of the committed reports (the demo and
every acceptance household; other tests keep those byte-identical to a fresh run) is whole
sentences: it ends with a full stop, with no double spaces and no doubled full stops."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, ROOT

DEMO = ROOT / "reports" / "demo" / "report.json"
REPORTS = [*sorted(FIXTURES.glob("households/*/expected/report.json")), DEMO]


def _texts():
    for path in REPORTS:
        for f in json.loads(path.read_text(encoding="utf-8"))["findings"]:
            for key in ("message", "action"):
                yield pytest.param(f[key], id=f"{path.parent.parent.name}-{f['name']}-{key}")


@pytest.mark.parametrize("text", list(_texts()))
def test_finding_text_is_whole_sentences(text: str) -> None:
    assert text.endswith("."), text
    assert "  " not in text and ".." not in text.replace("...", ""), text
    assert text == text.strip(), text  # may open with a person key: "morgan contributed ..."


def test_there_are_findings_to_check() -> None:
    assert len(REPORTS) > 5 and len(list(_texts())) > 50
