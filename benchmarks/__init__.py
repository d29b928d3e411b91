"""Speed measurements: scripts that print figures, run from the repository root."""
