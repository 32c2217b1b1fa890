"""`rothaudit` commands. Heavy libraries (polars, pandera) load inside commands, never at start-up,
so `rothaudit --help` stays fast."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from rothaudit import __version__
from rothaudit.cli.paths import check_paths, os_reason, shown
from rothaudit.errors import InputError

app = typer.Typer(
    name="rothaudit",
    help="Check a household's Backdoor Roth IRA from Vanguard and Fidelity exports.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: no type tags, no boxes, no rich import for --help
)
NO_COMMAND = "no command given: audit, import or rules (see rothaudit --help)"
PATHS_HELP = "Export files (.csv, .ofx, .qfx) or folders, searched recursively."


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


@app.command("audit", short_help="Audit the exports and write the reports.")
def audit_command(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help=PATHS_HELP, readable=False)],
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            metavar="FILE",
            help="The household file (default: a household.toml at the top of a PATH folder).",
            readable=False,
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Report folder.", readable=False)
    ] = Path("rothaudit-report"),
    formats: Annotated[
        str,
        typer.Option("--format", metavar="LIST", help="Comma-separated report formats."),
    ] = "md,html,json,xlsx",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The day the audit speaks from, YYYY-MM-DD (default: today).",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; use the exit code.")
    ] = False,
) -> None:
    """Reconcile contributions and conversions, check every rule, compute Form 8606, write reports."""
    from rothaudit.audit.run import run_audit

    day = _parse_as_of(as_of)
    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    if not wanted:
        raise InputError("--format", "no format given (choose from md, html, json, xlsx)")
    _check_profile(profile)
    check_paths(paths)
    outcome = run_audit(paths, profile=profile, out=out, formats=wanted, as_of=day)
    if not quiet:
        from rothaudit.writers.terminal import print_summary

        print_summary(outcome.summary)
    raise typer.Exit(outcome.exit_code)


@app.command("import", short_help="Parse exports only: counts, rejections, the frame.")
def import_command(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help=PATHS_HELP, readable=False)],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="FILE",
            help="Also write the canonical frame (.csv or .parquet).",
            readable=False,
        ),
    ] = None,
) -> None:
    """Parse exports only: per-file counts, rejections, and the canonical transaction frame."""
    from rothaudit.importing.pipeline import import_paths
    from rothaudit.writers.import_summary import render_import_summary, write_frame

    check_paths(paths)
    batch = import_paths(paths)
    typer.echo(render_import_summary(batch))
    if out is not None:
        try:
            write_frame(batch.transactions, out)
        except OSError as err:
            raise InputError(shown(out), f"cannot write ({os_reason(err)})") from None
        typer.echo(f"wrote {out}")


@app.command("rules", short_help="List the rules, or explain one.")
def rules_command(
    name_or_code: Annotated[
        str | None,
        typer.Argument(metavar="NAME_OR_CODE", help="A rule's name (over-contribution) or code."),
    ] = None,
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


def _check_profile(profile: Path | None) -> None:
    """A --profile that is a folder gets its own words (the audit would say `no such file`)."""
    if profile is not None and profile.is_dir():
        raise InputError(shown(profile), "a folder, not a household file")


def _fail(message: str) -> int:
    one_line = re.sub(r"\s*[\r\n]+\s*", " ", message).strip()
    sys.stderr.write(f"rothaudit: {one_line}\n")
    return 2


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn every failure into one stderr line and exit 2."""
    try:
        code = app(args=argv, prog_name="rothaudit", standalone_mode=False)
    except InputError as err:
        code = _fail(shown(str(err)))
    except typer.TyperException as err:  # usage errors, bad parameters
        if type(err).__name__ == "NoArgsIsHelpError":  # bare `rothaudit`: help, then the reason
            typer.echo(err.format_message())
            code = _fail(NO_COMMAND)
        else:
            code = _fail(err.format_message())
    except OSError as err:  # the file system refused something the checks could not foresee
        where = shown(err.filename) if err.filename else "rothaudit"
        code = _fail(f"{where}: {os_reason(err)}")
    except typer.Abort:
        code = _fail("aborted")
    except Exception as err:  # our bug: still one line, never a traceback
        code = _fail(shown(f"internal error: {type(err).__name__}: {err}"))
    sys.exit(code if isinstance(code, int) else 0)
