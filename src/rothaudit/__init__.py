"""rothaudit: check a household's Backdoor Roth IRA from brokerage exports before filing."""

__version__ = "0.1.0"
