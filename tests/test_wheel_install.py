"""The built wheel, installed into a fresh venv, runs from another folder (no network used).

The fresh venv gets no dependencies of its own: a `.pth` file appends this interpreter's
site-packages (where polars, pandera, ... already are) after its own, so the installed wheel,
not the editable checkout, is what `rothaudit` imports. `.pth` files inside an appended folder
are not run, so the editable install's finder stays out.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from rothaudit import __version__

# Invented holdings and transactions in Vanguard's OfxDownload.csv layout.
VANGUARD_CSV = (
    "Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,\n"
    "87654321,VANGUARD FEDERAL MONEY MARKET FUND,VMFXX,0.53,1.0,0.53,\n"
    "\n\n\n"
    "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,"
    "Investment Name,Symbol,Shares,Share Price,Principal Amount,Commissions and Fees,Net Amount,"
    "Accrued Interest,Account Type,\n"
    "87654321,2024-02-05,2024-02-05,Conversion (outgoing),Conversion,"
    "VANGUARD FEDERAL MONEY MARKET FUND,VMFXX,-7000.0,0.0,-7000.0,0.0,-7000.0,0.0,CASH,\n"
    "87654321,2024-02-01,2024-02-01,Contribution,Contribution,"
    "VANGUARD FEDERAL MONEY MARKET FUND,VMFXX,7000.0,0.0,7000.0,0.0,7000.0,0.0,CASH,\n"
)


def _can_build_wheels() -> bool:
    """setuptools builds wheels itself from 70.1; before that it needs the `wheel` package."""
    major, minor = (int(p) for p in importlib.metadata.version("setuptools").split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def _sh(cmd: list[str], cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    done = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done.stdout


def _build_wheel(tmp_path: Path) -> Path:
    """Build from a copy of the sources, so the checkout gets no build/ or egg-info."""
    src = tmp_path / "src-copy"
    for name in ("pyproject.toml", "README.md"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("src", "importers"):
        shutil.copytree(ROOT / name, src / name, ignore=skip)
    out = tmp_path / "dist"
    _sh(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(out),
            str(src),
        ],
        cwd=tmp_path,
    )
    (wheel,) = out.glob("rothaudit-*.whl")
    return wheel


def _venv(tmp_path: Path) -> tuple[Path, Path]:
    """A fresh venv seeing this interpreter's packages behind its own; (bin, site-packages)."""
    home = tmp_path / "venv"
    venv.create(home, system_site_packages=True, with_pip=False)
    bin_dir = home / ("Scripts" if os.name == "nt" else "bin")
    target = next(home.glob("lib/python*/site-packages"))
    (target / "_parent_env.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return bin_dir, target


@pytest.mark.skipif(
    not _can_build_wheels(), reason="offline wheel build needs setuptools>=70.1 or `wheel`"
)
def test_wheel_installs_into_a_fresh_venv_and_runs_from_another_folder(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    tops = {n.split("/")[0] for n in zipfile.ZipFile(wheel).namelist()}
    assert "importers" not in tops
    assert {n for n in tops if not n.endswith(".dist-info")} == {"rothaudit"}

    bin_dir, target = _venv(tmp_path)
    python = bin_dir / "python"
    _sh(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        cwd=tmp_path,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert _sh([str(bin_dir / "rothaudit"), "--version"], elsewhere) == f"rothaudit {__version__}\n"

    where = _sh(
        [
            str(python),
            "-c",
            "import importlib.util as u, rothaudit.importers as m; "
            "print(m.__file__); print(u.find_spec('importers'))",
        ],
        elsewhere,
    ).split()
    assert Path(where[0]).is_relative_to(target), where
    assert where[1] == "None"
    assert not (target / "importers").exists()

    export = elsewhere / "OfxDownload.csv"
    export.write_text(VANGUARD_CSV, encoding="utf-8")
    out = _sh(
        [str(bin_dir / "rothaudit"), "import", "OfxDownload.csv", "--out", "frame.parquet"],
        elsewhere,
    )
    assert out.splitlines()[1].split()[:2] == ["OfxDownload.csv", "vanguard_csv"]
    assert (elsewhere / "frame.parquet").exists()
