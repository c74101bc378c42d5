"""Screening: an index of the common list, candidate retrieval, scoring, bulk engines."""
