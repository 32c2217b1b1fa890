"""The closed vocabulary of transaction kinds (polars-free, so the CLI can import it cheaply)."""

from __future__ import annotations

KINDS: tuple[str, ...] = (
    "contribution",
    "conversion_out",
    "conversion_in",
    "recharacterization",
    "distribution",
    "withholding",
    "rollover_in",
    "rollover_out",
    "transfer_in",
    "transfer_out",
    "dividend",
    "interest",
    "reinvestment",
    "buy",
    "sell",
    "sweep",
    "fee",
    "other",
)

BALANCE_ORIGINS: tuple[str, ...] = (
    "vanguard_holdings",  # holdings section of OfxDownload.csv, dated the download day
    "ofx_position",  # INVPOSLIST entry, dated DTPRICEASOF
    "ofx_balance",  # INVBAL AVAILCASH / BALLIST entry, dated DTASOF
    "statement_summary",  # Fidelity monthly statement CSV: Ending Net Value (cash included) per account
    "statement_position",  # Fidelity monthly statement CSV: a position's Ending Value
    "positions_download",  # Fidelity Portfolio_Positions_<date>.csv
)

BALANCE_LEVELS: tuple[str, ...] = ("account", "position")
