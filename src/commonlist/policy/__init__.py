"""Adoption policy and the lifecycle of common entries: objections, holds, reviews, petitions."""
