"""Numbered, immutable releases of the listed entries: diffs, deltas, exports, signatures."""
