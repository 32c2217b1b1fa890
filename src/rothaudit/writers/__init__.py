"""Report writers: they format what the auditor computed and never compute tax logic."""
