"""`rothaudit` commands. Heavy libraries (polars, pandera) load inside commands, never at start-up,
so `rothaudit --help` stays fast."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from rothaudit import __version__
from rothaudit.errors import InputError

app = typer.Typer(
    name="rothaudit",
    help="Check a household's Backdoor Roth IRA from Vanguard and Fidelity exports.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rothaudit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Check a household's Backdoor Roth IRA from Vanguard and Fidelity exports."""


@app.command("import")
def import_command(
    paths: Annotated[list[Path], typer.Argument(help="Export files or folders.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the canonical frame (.csv or .parquet).")
    ] = None,
) -> None:
    """Parse exports only: per-file counts, rejections, and the canonical transaction frame."""
    from rothaudit.importing.pipeline import import_paths
    from rothaudit.writers.import_summary import render_import_summary, write_frame

    batch = import_paths(paths)
    typer.echo(render_import_summary(batch))
    if out is not None:
        write_frame(batch.transactions, out)
        typer.echo(f"wrote {out}")


@app.command("audit")
def audit_command(
    paths: Annotated[list[Path], typer.Argument(help="Export files or folders.")],
    profile: Annotated[
        Path | None, typer.Option("--profile", help="household.toml (default: found in a folder).")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Report folder.")] = Path("rothaudit-report"),
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated: md,html,json,xlsx.")
    ] = "md,html,json,xlsx",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="ISO date the audit speaks from (default today).")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; use the exit code.")
    ] = False,
) -> None:
    """Reconcile contributions and conversions, check every rule, compute Form 8606, write reports."""
    from rothaudit.audit.run import run_audit

    day = _parse_as_of(as_of)
    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    outcome = run_audit(paths, profile=profile, out=out, formats=wanted, as_of=day)
    if not quiet:
        from rothaudit.writers.terminal import print_summary

        print_summary(outcome.summary)
    raise typer.Exit(outcome.exit_code)


@app.command("rules")
def rules_command(
    name_or_code: Annotated[str | None, typer.Argument(help="A rule's name or code.")] = None,
) -> None:
    """List the rules, or explain one (what, why, example, citations)."""
    from rothaudit.rules.registry import explain_rule, list_rules

    typer.echo(list_rules() if name_or_code is None else explain_rule(name_or_code))


def _parse_as_of(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError("--as-of", f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def _fail(message: str) -> int:
    sys.stderr.write(f"rothaudit: {message}\n")
    return 2


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn every failure into one stderr line and exit 2."""
    try:
        code = app(args=argv, prog_name="rothaudit", standalone_mode=False)
    except InputError as err:
        code = _fail(str(err))
    except typer.TyperException as err:  # usage errors, bad parameters
        code = _fail(err.format_message().replace("\n", " "))
    except typer.Abort:
        code = _fail("aborted")
    except Exception as err:  # our bug: still one line, never a traceback
        code = _fail(f"internal error: {type(err).__name__}: {err}".replace("\n", " "))
    sys.exit(code if isinstance(code, int) else 0)
