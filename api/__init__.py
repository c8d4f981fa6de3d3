"""HTTP API, CLI and pages of the claims service."""
