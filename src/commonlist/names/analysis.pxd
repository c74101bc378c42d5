# C declarations for the compiled analysis module (setup.py): a name part is an
# extension type, so that modules which cimport it read its fields as struct members.
# Not tracked by the garbage collector: a part holds strings, tuples and frozensets of
# strings and two enum members, none of which can lead back to it, so it is never part
# of a reference cycle (the collector's passes visited every cached part before).
cimport cython


@cython.final
@cython.no_gc
cdef class NamePart:
    cdef readonly str form
    cdef readonly str latin
    cdef readonly tuple keys
    cdef readonly str key
    cdef readonly str stem
    cdef readonly object role
    cdef readonly object gender
    cdef readonly frozenset symbols
    cdef readonly unsigned long long serial
    cdef readonly tuple ends
    cdef readonly tuple blocks
    cdef readonly int longest
    cdef readonly int role_at


# A name: read per pair of names aligned (``compare.names``). Holds strings, tuples of
# parts and a frozenset of strings: no reference cycle can pass through it either.
@cython.final
@cython.no_gc
cdef class AnalyzedName:
    cdef readonly str original
    cdef readonly bint person
    cdef readonly tuple parts
    cdef readonly frozenset blocks
    cdef readonly tuple words
    cdef readonly tuple block_ids
