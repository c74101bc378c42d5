"""Comparison features: each a pure function of two prepared records → score and detail."""
