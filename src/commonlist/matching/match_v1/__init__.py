"""commonlist matcher, version 1. Released versions never change; add match_v2 instead."""

from commonlist.matching.match_v1.model import MatchV1

__all__ = ["MatchV1"]
