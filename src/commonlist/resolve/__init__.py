"""Resolution: member records → common entries, with review decisions and stable IDs."""

from commonlist.resolve.entries import (
    Assertion,
    EntryRecord,
    EntrySummary,
    EntryView,
    Fact,
    NameGroup,
    canonical_id,
    count_entries,
    designating_members,
    entry_for_record,
    export_entities,
    get_entry,
    list_entries,
)
from commonlist.resolve.judgement import Decision, Judgement, Pair, judge, retract
from commonlist.resolve.matcher import Matcher, Scorer, default_matcher
from commonlist.resolve.resolver import ResolveConfig, RunSummary, recluster, resolve

__all__ = [
    "Assertion",
    "Decision",
    "EntryRecord",
    "EntrySummary",
    "EntryView",
    "Fact",
    "Judgement",
    "Matcher",
    "NameGroup",
    "Pair",
    "ResolveConfig",
    "RunSummary",
    "Scorer",
    "canonical_id",
    "count_entries",
    "default_matcher",
    "designating_members",
    "entry_for_record",
    "export_entities",
    "get_entry",
    "judge",
    "list_entries",
    "recluster",
    "resolve",
    "retract",
]
