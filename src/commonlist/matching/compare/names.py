"""Name evidence: align the parts of two names across scripts, orders and spellings.

Each pair of names (one from each record) is aligned part by part: parts meet if
they share a transliteration key, a gender-free stem, a Wikidata name group, or
are within a length-scaled edit distance; adjacent parts may merge (``Abdul
Rahman`` ≈ ``Abdulrahman``); an initial meets a word with its letter. Unaligned
parts then weigh according to their role: two left-over given names (or
patronymics) are a conflict that pulls the score down hard, while a part one
name simply lacks (a patronymic, a middle name, an honorific) costs little.
The best-aligned pair of names decides, and records which conflicts it found.
"""

from __future__ import annotations

from itertools import product
from operator import itemgetter
from typing import Any

import numpy as np
from rapidfuzz.distance import Levenshtein

from commonlist.matching.types import (
    NO_EVIDENCE,
    FeatureScore,
    NameMatch,
    RecordPair,
)
from commonlist.names.analysis import AnalyzedName, NamePart
from commonlist.names.memo import memo
from commonlist.names.parts import (
    GENERIC,
    GIVEN,
    HONORIFIC,
    INITIAL,
    JOINED_KUNYA,
    KUNYA,
    LEGAL,
    NUMBER,
    PATRONYMIC,
    SURNAME,
    UNKNOWN,
    PartRole,
)
from commonlist.names.translit import consonant_key, phonetic_key

# How much a part weighs when aligned, and when the other name lacks it. Every role
# but PARTICLE: particles are left out of alignment (``AnalyzedName.words``).
_WEIGHT = {
    SURNAME: 1.2, GIVEN: 1.0, UNKNOWN: 1.0,
    PATRONYMIC: 0.8, INITIAL: 0.35, NUMBER: 1.0,
    GENERIC: 0.5, HONORIFIC: 0.15, LEGAL: 0.3, KUNYA: 1.0,
}  # fmt: skip
_EXTRA = {
    SURNAME: 0.45, GIVEN: 0.45, UNKNOWN: 0.45,
    PATRONYMIC: 0.2, INITIAL: 0.1, NUMBER: 1.0,
    GENERIC: 0.25, HONORIFIC: 0.03, LEGAL: 0.1, KUNYA: 0.3,
}  # fmt: skip
_PERSON_NAME_ROLES = frozenset({SURNAME, GIVEN, UNKNOWN, PATRONYMIC})
#: The least a part no edge aligns adds to an alignment's weight: its extra weight when
#: it is left over alone, or half the weight of a conflict it may be in (a conflict's
#: weight, the larger of its two parts', is at least the mean of the two).
_UNALIGNED = {role: min(_EXTRA[role], _WEIGHT[role] / 2) for role in _WEIGHT}
#: ``_WEIGHT`` and ``_UNALIGNED`` by a part's ``role_at`` (compiled: C arrays, read per
#: pair of names); 0 for a particle, which no alignment holds.
_WEIGHT_AT = np.array([_WEIGHT.get(role, 0.0) for role in PartRole])
_UNALIGNED_AT = np.array([_UNALIGNED.get(role, 0.0) for role in PartRole])
#: How far below zero ``_may_reach``'s sum may fall from rounding alone.
_ROUNDING = 1e-9
#: Parts that say something about a name but cannot identify it alone: two names that
#: meet only on these (a legal form, a title, an initial) share no name.
_NO_IDENTITY = frozenset({LEGAL, HONORIFIC, INITIAL})
_GIVEN_ROLES = frozenset({GIVEN, UNKNOWN})
_GIVEN_AND_SURNAME = frozenset({GIVEN, SURNAME})
#: Given names whose spellings share less than this are two names, not two spellings.
_GIVEN_CONFLICT = 0.5
_MIN_EDGE = 0.45
#: How a word that writes a kunya as one may start (``abou`` too, for ``Abouhamza``), the
#: articles its name may keep (``Abolqasem``, ``Abulhasan``; or none), and the letters
#: left at least.
_KUNYA_STARTS = ("abou", *JOINED_KUNYA)
_KUNYA_ARTICLES = ("", "al", "el", "ul", "l")
_KUNYA_REST = 3
_SYMBOL_SCORE = 0.92
_MAX_ALIGNED = 8


NO_MATCH = NameMatch(0.0, "", "", (), False, False, False)
#: Bound once: a module attribute look-up per call otherwise.
_normalized_similarity = Levenshtein.normalized_similarity


def key_similarity(left: str, right: str) -> float:
    """Similarity of two phonetic keys, tolerant of one edit per ~5 letters.

    Short keys (three letters or fewer) must be equal: ``Ali``/``Ala`` are other
    names, not typos.

    Args:
        left: a phonetic key.
        right: another phonetic key.

    Returns:
        1.0 for equal keys, 0.0 below about 60 % character agreement, a steep
        curve in between.
    """
    if left == right:
        return 1.0
    if min(len(left), len(right)) <= 3:
        return 0.0
    ratio = _normalized_similarity(left, right)
    if ratio < 0.6:
        score = 0.0
    else:
        score = ratio**1.5
    cl, cr = consonant_key(left), consonant_key(right)
    if cl == cr and len(cl) >= 2:
        score = max(score, 0.8)
    return score


def part_similarity(left: NamePart, right: NamePart) -> float:
    """How well two name parts agree, in [0, 1].

    Args:
        left: a part of one name.
        right: a part of the other name.

    Returns:
        1.0 for the same key or gender-free stem, 0.92 for a shared Wikidata name
        group, an edit-distance score otherwise; initials score 0.8 against a
        word with their letter.
    """
    lrole, rrole = left.role, right.role
    if lrole is INITIAL or rrole is INITIAL:
        if left.latin[:1] == right.latin[:1]:
            return 1.0 if lrole is rrole else 0.8
        return 0.0
    if (lrole is HONORIFIC) != (rrole is HONORIFIC):
        return 0.0
    joined = 0.0
    if (lrole is KUNYA) != (rrole is KUNYA):
        # "Abu Usama" is not an Usama, but "Abu al-Qasim" may be written "Abolqasem"
        other = right if lrole is KUNYA else left
        if not other.latin.startswith(JOINED_KUNYA):
            return 0.0
        joined = _kunya_written_as_one(left if lrole is KUNYA else right, other.latin)
        if joined == 1.0:
            return 1.0
    if lrole is LEGAL or rrole is LEGAL:
        same = lrole is rrole and not left.symbols.isdisjoint(right.symbols)
        return 1.0 if same or left.key == right.key else 0.0
    if left.stem == right.stem:
        return 1.0
    if len(left.keys) == 1 == len(right.keys):  # all but attested Arabic spellings
        best = key_similarity(left.key, right.key)
        if best == 1.0:
            return 1.0
    else:
        best = 0.0
        for lk, rk in product(left.keys, right.keys):
            best = max(best, key_similarity(lk, rk))
            if best == 1.0:
                return 1.0
    if not left.symbols.isdisjoint(right.symbols):
        best = max(best, _SYMBOL_SCORE)
    if left.stem != left.key or right.stem != right.key:
        best = max(best, key_similarity(left.stem, right.stem))
    return best if best > joined else joined


def _kunya_written_as_one(kunya: NamePart, word: str) -> float:
    """How well one word that starts as a kunya (``Abuhamza``, ``Abolqasem``) writes a
    kunya's name: the kunya's keys against the key of the word's rest, past ``abu`` or
    ``umm`` and an article. The rest is keyed as a word of its own: inside one word a
    letter may key otherwise than at a word's start (``abujandal`` keys as
    ``abuandal``, ``jandal`` as ``Jandal``)."""
    best = 0.0
    for start in _KUNYA_STARTS:
        if not word.startswith(start):
            continue
        rest = word[len(start) :]
        for article in _KUNYA_ARTICLES:
            if len(rest) - len(article) < _KUNYA_REST or not rest.startswith(article):
                continue
            key = phonetic_key(rest[len(article) :])
            for kunya_key in kunya.keys:
                sim = key_similarity(kunya_key, key)
                if sim > best:
                    best = sim
    return best


#: part_similarity of parts met before, by the parts' serials: a set-associative cache.
#: A pair's key is ``left << 32 | right``; a hash of the two picks a set of
#: ``_WAYS`` slots side by side, and a pair new to a full set takes one of them (by
#: its key's low bits). A look-up reads a few keys in one cache line and a score,
#: where a dict this size cost three cache misses (its index, its entry, the key's
#: int object) and an int object per pair. The similarity of two keys is not cached
#: apart: most key pairs are met once.
_WAYS = 4
_PAIR_SLOTS = 1 << 19
_SETS = _PAIR_SLOTS // _WAYS
_SET_MASK = _SETS - 1
_SPREAD = 0x9E3779B1  # odd: left serials far apart land in sets far apart
#: No pair has this key: serials are below 2**32 - 1.
_NO_PAIR = (1 << 64) - 1
_pair_keys = np.full(_PAIR_SLOTS, _NO_PAIR, dtype=np.uint64)
_pair_scores = np.zeros(_PAIR_SLOTS, dtype=np.float64)
_MAX_PART_SCORES = 262144
#: A part's serial, or a pair's key or slot (compiled: an unsigned 64-bit C integer).
_Serial = int


def _first_slot(left: _Serial, right: _Serial) -> _Serial:
    """The first slot of the set of a pair of parts' serials (both below 2**32: the
    product cannot overflow)."""
    return ((left * _SPREAD + right) & _SET_MASK) * _WAYS


def _part_score(left: NamePart, right: NamePart) -> float:
    """``part_similarity`` of two parts, cached by their serials.

    The key is written around the score (no key, the score, the key) and read around
    it: a reader that another thread interrupts mid-way never takes a score for a key
    it was not written with.
    """
    pair = left.serial << 32 | right.serial
    first = _first_slot(left.serial, right.serial)
    for slot in range(first, first + _WAYS):
        if _pair_keys[slot] == pair:
            sim = float(_pair_scores[slot])
            if _pair_keys[slot] == pair:
                return sim
            break
    sim = part_similarity(left, right)
    slot = first + (pair & (_WAYS - 1))
    for free in range(first, first + _WAYS):
        if _pair_keys[free] == _NO_PAIR:
            slot = free
            break
    _pair_keys[slot] = _NO_PAIR
    _pair_scores[slot] = sim
    _pair_keys[slot] = pair
    return sim


def _keep(cache: dict[int, Any], pair: int, value: Any) -> Any:
    """Store ``value`` for a pair of parts in a cache by serials, emptied at once when
    full (as ``memo`` caches are), and return it."""
    if len(cache) >= _MAX_PART_SCORES:
        cache.clear()
    cache[pair] = value
    return value


@memo(262144)
def _merged_similarity(first: str, second: str, keys: tuple[str, ...]) -> float:
    """How well two adjacent keys written as one word meet one of a word's keys."""
    size = len(first) + len(second)
    best = 0.0
    for key in keys:
        if abs(len(key) - size) <= 2 and key[:1] == first[:1] and key[-1:] == second[-1:]:
            best = max(best, key_similarity(first + second, key))
    return best


def clear_caches() -> None:
    """Forget every cached comparison of two parts or merged parts."""
    _merged_similarity.cache_clear()
    _pair_keys[:] = _NO_PAIR
    _unlike_parts.clear()


#: The words of a name, and the edges between two names' parts: (similarity, left parts,
#: right parts). Aliases: the compiled module takes their types from ``names.pxd``.
_Parts = tuple[NamePart, ...]
_Edges = list[tuple[float, tuple[int, ...], tuple[int, ...]]]
#: A record's analysed names, each with the trust of its property.
_Names = tuple[tuple[AnalyzedName, float], ...]


#: The positions of one or two parts of a name, as an edge or a note holds them, and a
#: count or a position (compiled: a C integer).
_Positions = tuple[int, ...]
_Count = int
#: ``(i,)`` for the positions of most names' parts, made once: the edges and notes of
#: an alignment point at parts by these, and need not each build its own.
_SINGLES = tuple([(i,) for i in range(64)])


def _single(i: _Count) -> _Positions:
    """``(i,)``: the position of one part, as edges and notes hold it."""
    return _SINGLES[i] if i < len(_SINGLES) else (i,)


def _found_edges(left: _Parts, right: _Parts, edges: _Edges) -> bool:
    """Add to ``edges`` each pair of parts alike enough to align, as (similarity, left
    parts, right parts), in the order met; whether any holds two parts of one name.
    ``_order`` sorts them for the alignment."""
    every_left = True  # each left part met some right part
    for i in range(len(left)):
        lp = left[i]
        li = _single(i)
        met = False
        for j in range(len(right)):
            rp = right[j]
            sim = _part_score(lp, rp)
            if sim >= _MIN_EDGE:
                edges.append((sim, li, _single(j)))
                met = True
        every_left = every_left and met
    # Adjacent parts written as one word on the other side (Abdul Rahman ~ Abdulrahman),
    # looked for only when some part found no partner on its own.
    if (
        len(left) != len(right)
        or not every_left
        or len({ri for _, _, ri in edges}) != len(right)  # some right part met none
    ):
        singles = len(edges)
        _merged_edges(left, right, edges, False)
        _merged_edges(right, left, edges, True)
        return len(edges) != singles
    return False


def _order(edges: _Edges, merged: bool) -> None:
    """Sort edges best first; among equals, those of ``merged`` parts (two of one name)
    before single ones, and otherwise in the order found (a stable sort)."""
    if merged:
        edges.sort(key=_edge_order)
    elif len(edges) > 1:
        edges.sort(key=_similarity, reverse=True)  # single parts only: by similarity alone


def _merged_edges(merged: _Parts, single: _Parts, edges: _Edges, flipped: bool) -> None:
    """Add to ``edges`` each pair of adjacent parts of ``merged`` written as one part of
    ``single``, as (similarity, left parts, right parts); ``flipped``: ``merged`` is the
    right name."""
    # A merged pair can only meet a word that starts and ends as the pair does, and one of
    # whose keys is within two letters of the pair's length.
    longest = 0
    for i in range(len(single)):
        part = single[i]
        if part.longest > longest:
            longest = part.longest
    for i in range(len(merged) - 1):
        first, second = merged[i], merged[i + 1]
        size = len(first.key) + len(second.key)
        if size - 2 > longest:
            continue
        ends = (first.key[:1], second.key[-1:])
        for j, part in enumerate(single):
            if ends in part.ends:
                sim = _merged_similarity(first.key, second.key, part.keys)
                if sim >= 0.8:
                    pair = (i, i + 1)
                    one = _single(j)
                    edges.append((sim, one, pair) if flipped else (sim, pair, one))


_similarity = itemgetter(0)


def _edge_order(edge: tuple[float, tuple[int, ...], tuple[int, ...]]) -> tuple[float, int]:
    """Best similarity first; among equals, merged parts before single ones."""
    return -edge[0], -len(edge[1]) - len(edge[2])


def _roles_compatible(a: PartRole, b: PartRole) -> bool:
    if a is b or a is UNKNOWN or b is UNKNOWN:
        return True
    return (
        a in _PERSON_NAME_ROLES
        and b in _PERSON_NAME_ROLES
        and a is not PATRONYMIC
        and b is not PATRONYMIC
    )


#: Builds a named tuple in C (the class's own ``__new__`` is a Python function).
_new_tuple = tuple.__new__


def align_names(left: AnalyzedName, right: AnalyzedName) -> NameMatch:
    """Align two names part by part and score the alignment.

    Args:
        left: an analysed name.
        right: another analysed name of the same kind (person/organisation).

    Returns:
        The score in [0, 1] with a readable account of each aligned, conflicting
        and extra part.
    """
    return _align(left, right, 1.0, 0.0)


def _align(left: AnalyzedName, right: AnalyzedName, trust: float, least: float) -> NameMatch:
    """The alignment of two names, its score scaled by ``trust``; ``NO_MATCH`` when no
    pair of parts that can identify a name aligns, or when ``least`` is above 0 and
    the score is below it for certain (``_may_reach``)."""
    lparts = left.words
    rparts = right.words
    if not lparts or not rparts:
        return NO_MATCH
    edges: _Edges = []
    joined = _found_edges(lparts, rparts, edges)
    if least > 0.0 and trust > 0.0 and not _may_reach(lparts, rparts, edges, least / trust):
        return NO_MATCH
    _order(edges, joined)
    used_l = [False] * len(lparts)  # True: the part at that position is aligned
    used_r = [False] * len(rparts)
    num = den = 0.0
    notes: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    gender_conflict = patronymic_conflict = given_conflict = False
    identified = False  # some aligned pair of words can identify a name
    for found, li, ri in edges:
        # an edge holds one part, or two adjacent ones, of each name
        sim = found
        l0, l1, r0, r1 = li[0], li[-1], ri[0], ri[-1]
        if used_l[l0] or used_l[l1] or used_r[r0] or used_r[r1]:
            continue
        used_l[l0] = used_l[l1] = used_r[r0] = used_r[r1] = True
        if l0 == l1 and r0 == r1:
            lp, rp = lparts[l0], rparts[r0]
            lrole, rrole = lp.role, rp.role
            if lrole not in _NO_IDENTITY and rrole not in _NO_IDENTITY:
                identified = True
            if (lrole is GIVEN and rrole is SURNAME) or (lrole is SURNAME and rrole is GIVEN):
                sim *= 0.9  # a given name met a surname: word order may lie, a little doubt
            lg, rg = lp.gender, rp.gender
            if lg is not None and rg is not None and lg is not rg:
                gender_conflict = True
            if lrole is rrole is PATRONYMIC and sim < 0.7:
                patronymic_conflict = True
            if sim < 0.7 and not given_conflict and _given_names(lp, rp, lparts, rparts):
                given_conflict = _unlike(lp, rp)
        else:
            merged = [lparts[i] for i in li] + [rparts[j] for j in ri]
            identified = identified or any([p.role not in _NO_IDENTITY for p in merged])
            if _GIVEN_AND_SURNAME <= {p.role for p in merged}:
                sim *= 0.9
        weight = _edge_weight(lparts, rparts, li, ri)
        num += sim * weight
        den += weight
        notes.append((li, ri, sim))
    if not identified:
        return NO_MATCH
    # One word of a person's name, all of one name (a one-word alias, or two words written
    # as one: "Anis" ~ "Anis Bakhodurovich", "Ali Khan" ~ "Alikhan Tavfikovich"): a lone
    # given name or surname identifies nobody, so the other name's further words weigh in
    # full rather than as parts one name lacks.
    alone = (
        len(notes) == 1
        and (left.person or right.person)
        and (False not in used_l or False not in used_r)
    )
    extra = _WEIGHT if alone else _EXTRA
    # Each part left over on the left meets the first left-over right part whose role is
    # compatible: two parts the names give differently (a conflict). The rest are parts
    # one name lacks.
    lacking: list[int] = []  # left parts with no partner, in order
    for i in range(len(lparts)):
        if used_l[i]:
            continue
        lp = lparts[i]
        if lp.role is HONORIFIC or lp.role is INITIAL:
            lacking.append(i)
            continue
        for j in range(len(rparts)):
            if not used_r[j] and _roles_compatible(lp.role, rparts[j].role):
                break
        else:
            lacking.append(i)
            continue
        partner = rparts[j]
        used_r[j] = True
        den += max(_WEIGHT[lp.role], _WEIGHT[partner.role])
        if lp.role is PATRONYMIC or partner.role is PATRONYMIC:
            patronymic_conflict = True
        if not given_conflict and _given_names(lp, partner, lparts, rparts):
            given_conflict = _unlike(lp, partner)
        notes.append((_single(i), _single(j), -1.0))
    for i in lacking:
        den += _extra_weight(lparts[i].role, extra)
        notes.append((_single(i), (), -1.0))
    for j in range(len(rparts)):
        if not used_r[j]:
            den += _extra_weight(rparts[j].role, extra)
            notes.append(((), _single(j), -1.0))
    score = num / den if den else 0.0
    return _new_tuple(
        NameMatch,
        (
            score * trust,
            left.original,
            right.original,
            tuple(notes),
            gender_conflict,
            patronymic_conflict,
            given_conflict,
            (lparts, rparts),
        ),
    )


def _edge_weight(lparts: _Parts, rparts: _Parts, li: _Positions, ri: _Positions) -> float:
    """What an edge weighs aligned: the largest weight of its parts, or an initial's when
    one of two single parts is an initial (it tells one letter of the word it meets)."""
    if len(li) == 1 == len(ri):
        lp, rp = lparts[li[0]], rparts[ri[0]]
        if lp.role is INITIAL or rp.role is INITIAL:
            return _WEIGHT[INITIAL]
        weight = float(_WEIGHT_AT[lp.role_at])
        other = float(_WEIGHT_AT[rp.role_at])
        return other if other > weight else weight
    weight = 0.0
    for i in li:
        lp = lparts[i]
        other = float(_WEIGHT_AT[lp.role_at])
        if other > weight:
            weight = other
    for j in ri:
        rp = rparts[j]
        other = float(_WEIGHT_AT[rp.role_at])
        if other > weight:
            weight = other
    return weight


def _may_reach(lparts: _Parts, rparts: _Parts, edges: _Edges, least: float) -> bool:
    """Whether two names' parts, with these edges between them, may align to a score of
    ``least`` or more: False only when they cannot.

    A score is ``num / den``: each aligned edge adds its similarity times its weight
    (``_edge_weight``) to ``num`` and its weight to ``den``, each part left over adds to
    ``den`` alone (at least ``_UNALIGNED``). Share an edge's terms out
    equally among its parts, and the score is a ratio of sums over parts, each part's
    terms those of one of its edges or of none. The score reaches ``least`` only if
    ``num - least × den``, that sum over parts, is at least 0. It is at most each part's
    term left over, plus, for each edge and each of its parts, what the edge would gain
    the part over that if it is more: checked so (less the rounding).
    """
    total = 0.0
    for lp in lparts:
        cost = _UNALIGNED_AT[lp.role_at]
        total -= least * cost
    for rp in rparts:
        cost = _UNALIGNED_AT[rp.role_at]
        total -= least * cost
    for sim, li, ri in edges:
        share = _edge_weight(lparts, rparts, li, ri) / (len(li) + len(ri)) * (sim - least)
        for i in li:
            lp = lparts[i]
            cost = _UNALIGNED_AT[lp.role_at]
            if share + least * cost > 0.0:
                total += share + least * cost
        for j in ri:
            rp = rparts[j]
            cost = _UNALIGNED_AT[rp.role_at]
            if share + least * cost > 0.0:
                total += share + least * cost
    return total >= -_ROUNDING


def _extra_weight(role: PartRole, extra: dict[PartRole, float]) -> float:
    """What a part only one name has costs: ``extra``'s weight for the parts of a
    person's name, the usual small cost for titles, initials and the like."""
    return extra[role] if role in _PERSON_NAME_ROLES else _EXTRA[role]


def _given_names(left: NamePart, right: NamePart, lparts: _Parts, rparts: _Parts) -> bool:
    """Whether two parts are both a person's own given name.

    Tagged given names, or untagged words that open both names: in Arabic and
    other chain names (given, father, grandfather, family) siblings share all but
    this first word.
    """
    lrole, rrole = left.role, right.role
    if lrole not in _GIVEN_ROLES or rrole not in _GIVEN_ROLES:
        return False
    return lrole is GIVEN or rrole is GIVEN or (left is lparts[0] and right is rparts[0])


def _unlike(left: NamePart, right: NamePart) -> bool:
    """Whether two words share less than half their letters in every spelling.

    Transliteration variants of one name (Hafez/Hafedh, Aza/Asa, Khamza/Xamza) stay
    above; two names (Mohammad/Khawla, Tarek/Ali) fall below. Cached by the parts'
    serials, as their similarity is.
    """
    pair = left.serial << 32 | right.serial
    found = _unlike_parts.get(pair)
    if found is None:
        pairs = [(left.latin, right.latin), *product(left.keys, right.keys)]
        found = _keep(
            _unlike_parts,
            pair,
            max([_normalized_similarity(a, b) for a, b in pairs]) < _GIVEN_CONFLICT,
        )
    return found


#: ``_unlike`` of parts met before, by their serials (left << 32 | right)
_unlike_parts: dict[int, bool] = {}


def read_ahead(records: list[_Names]) -> int:
    """Read what ``match_names`` first reads of each record's names, one record after
    another: their names, blocks, parts and the parts' keys.

    A query's candidates lie far apart in memory, each name a chain of objects. These
    reads of different records do not wait on each other and are in flight together,
    where the comparisons would meet them one chain at a time (``MatchV1.compare_all``
    reads its candidates so first). Returns a sum of what was read, so that no read is
    left out."""
    total = 0
    for k in range(len(records)):
        names = records[k]
        for i in range(len(names)):
            name = names[i][0]
            total += len(name.block_ids)
            words = name.words
            for j in range(len(words)):
                part = words[j]
                total += part.serial + part.longest + len(part.key)
    return total


def match_names(left: _Names, right: _Names, least: float = 0.0) -> NameMatch:
    """The best-aligned pair of names of two records.

    Args:
        left: the analysed names of one record with the trust of their property
            (weak aliases less than names).
        right: the same for the other record.
        least: a score the caller has no use for alignments below (above 0: a pair
            of names that cannot reach it is not aligned, ``_may_reach``).

    Returns:
        The best name alignment, its score scaled by the lower trust of the two names;
        with ``least``, the same when it is ``least`` or more, and some alignment below
        ``least`` (``NO_MATCH`` mostly) otherwise.
    """
    if len(left) == 1 == len(right):  # most records have one name
        (lname, ltrust), (rname, rtrust) = left[0], right[0]
        if not _any_shared(lname.block_ids, rname.block_ids):
            return NO_MATCH
        found = _align(lname, rname, min(ltrust, rtrust), least)
        return found if found.score > 0.0 else NO_MATCH
    best = NO_MATCH
    # Align the most promising pairs first (most shared blocking keys), at most
    # _MAX_ALIGNED of them: aliases of one record mostly repeat the same parts.
    candidates: list[tuple[float, int, int]] = []
    for i in range(len(left)):
        lname = left[i][0]
        lids = lname.block_ids
        lsize = len(lids)
        for j in range(len(right)):
            rname = right[j][0]
            rids = rname.block_ids
            if shared := _shared(lids, rids):
                candidates.append((shared / (lsize + len(rids) - shared), i, j))
    # (heapq.nlargest's equivalent, without its Python frames)
    ranked = sorted(candidates, reverse=True)[:_MAX_ALIGNED]
    for _, i, j in ranked:
        (lname, ltrust), (rname, rtrust) = left[i], right[j]
        found = _align(lname, rname, min(ltrust, rtrust), least)
        if found.score > best.score:
            best = found
            if best.score >= 1.0:
                break
            # only a better pair replaces it: those that cannot reach it are not aligned
            least = max(least, best.score)
    return best


#: A name's blocks, numbered and sorted.
_Ids = tuple[int, ...]


def _shared(left: _Ids, right: _Ids) -> _Count:
    """How many numbers two sorted tuples of distinct numbers share: two names' shared
    blocks (``AnalyzedName.block_ids``), ``len(left & right)`` of their sets."""
    i = j = shared = 0
    m, n = len(left), len(right)
    while i < m and j < n:
        a = left[i]
        b = right[j]
        if a == b:
            shared += 1
            i += 1
            j += 1
        elif a < b:
            i += 1
        else:
            j += 1
    return shared


def _any_shared(left: _Ids, right: _Ids) -> bool:
    """Whether two sorted tuples of distinct numbers share one (``_shared`` above 0):
    read only up to the first they share, a few of each tuple's numbers mostly."""
    i = j = 0
    m, n = len(left), len(right)
    while i < m and j < n:
        a = left[i]
        b = right[j]
        if a == b:
            return True
        if a < b:
            i += 1
        else:
            j += 1
    return False


def name_match(pair: RecordPair) -> FeatureScore:
    """How well the best pair of names aligns, across scripts and spellings."""
    names = pair.names
    return FeatureScore(names.score, f"{names.left!r}≈{names.right!r}: {names.detail}")


def name_score(pair: RecordPair) -> float:
    """``name_match(pair).score`` without writing its detail."""
    return pair.names.score


def name_gender_conflict(pair: RecordPair) -> FeatureScore:
    """1.0 if aligned surnames or patronymics have forms of different gender.

    Рахмонов/Рахмонова, Шарипович/Шариповна: one family, a man and a woman.
    """
    return _GENDER_FORMS if pair.names.gender_conflict else NO_EVIDENCE


def given_name_conflict(pair: RecordPair) -> FeatureScore:
    """1.0 if the best names give the person two different given names.

    Brothers and sisters on one list share father's, grandfather's and family
    names (Barzan Ibrahim al-Tikriti's children): only the given name tells them
    apart, and a name alignment that is otherwise perfect must not outweigh it.
    """
    return _OTHER_GIVEN if pair.names.given_conflict else NO_EVIDENCE


def patronymic_conflict(pair: RecordPair) -> FeatureScore:
    """1.0 if both best names carry a patronymic and the patronymics differ."""
    return _OTHER_PATRONYMIC if pair.names.patronymic_conflict else NO_EVIDENCE


# What the conflict features find: one shared value each (a frozen dataclass's
# ``__init__`` is interpreted Python, and these carry no detail of their own).
_GENDER_FORMS = FeatureScore(1.0, "masculine and feminine forms of one name")
_OTHER_GIVEN = FeatureScore(1.0, "different given names")
_OTHER_PATRONYMIC = FeatureScore(1.0, "different patronymics")
