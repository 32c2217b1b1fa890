"""The import framework: no broker names here, only the protocol, registry and pipeline."""
