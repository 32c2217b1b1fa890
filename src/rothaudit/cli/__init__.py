"""The typer command line: thin commands that parse arguments, call the library, map errors."""
