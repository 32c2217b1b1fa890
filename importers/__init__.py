"""Per-broker importers: each module is mostly data (header aliases, action prefixes) and
defines `IMPORTER`. Shipped as `rothaudit.importers`."""
