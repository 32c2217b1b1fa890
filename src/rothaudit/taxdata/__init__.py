"""taxdata."""
