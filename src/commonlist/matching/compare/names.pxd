# C declarations for the compiled name comparison (setup.py): the aligner reads the
# fields of name parts (an extension type, see commonlist/names/analysis.pxd) as
# struct members, and its helpers call each other as C functions.
cimport cython

from commonlist.names.analysis cimport AnalyzedName, NamePart

# Read per part pair: typed, so that a look-up is a C call and a comparison a C one.
cdef dict _WEIGHT, _EXTRA, _UNALIGNED, _unlike_parts
cdef unsigned long long[::1] _pair_keys
cdef double[::1] _pair_scores
cdef const double[::1] _WEIGHT_AT, _UNALIGNED_AT
cdef unsigned long long _SET_MASK, _SPREAD, _NO_PAIR, _WAYS
cdef frozenset _PERSON_NAME_ROLES, _NO_IDENTITY, _GIVEN_ROLES
cdef double _MIN_EDGE, _ROUNDING


cpdef double key_similarity(str left, str right) except? -1.0

@cython.locals(lrole=object, rrole=object, other=NamePart, best=double, joined=double)
cpdef double part_similarity(NamePart left, NamePart right) except? -1.0

@cython.locals(best=double, sim=double, rest=str, start=str, article=str, key=str,
               kunya_key=str)
cpdef double _kunya_written_as_one(NamePart kunya, str word) except? -1.0

cpdef unsigned long long _first_slot(unsigned long long left, unsigned long long right) noexcept

@cython.locals(pair="unsigned long long", first="unsigned long long", slot="unsigned long long",
               free="unsigned long long", sim=double)
cpdef double _part_score(NamePart left, NamePart right) except? -1.0

cdef tuple _SINGLES

cdef tuple _single(Py_ssize_t i)

@cython.locals(lp=NamePart, rp=NamePart, sim=double, i=Py_ssize_t, j=Py_ssize_t, li=tuple,
               met=bint, every_left=bint, singles=Py_ssize_t)
cpdef bint _found_edges(tuple left, tuple right, list edges) except -1

cdef void _order(list edges, bint merged) except *

@cython.locals(first=NamePart, second=NamePart, part=NamePart, longest=int, size=int,
               i=Py_ssize_t)
cpdef _merged_edges(tuple merged, tuple single, list edges, bint flipped)

cpdef bint _roles_compatible(object a, object b) except -1

@cython.locals(lp=NamePart, rp=NamePart, partner=NamePart, num=double, den=double,
               sim=double, weight=double, lparts=tuple, rparts=tuple, notes=list,
               lacking=list, used_l=list, used_r=list, l0=Py_ssize_t, edges=list, joined=bint,
               l1=Py_ssize_t, r0=Py_ssize_t, r1=Py_ssize_t, i=Py_ssize_t, j=Py_ssize_t)
cpdef _align(AnalyzedName left, AnalyzedName right, double trust, double least)

@cython.locals(lp=NamePart, rp=NamePart, weight=double, other=double, i=Py_ssize_t,
               j=Py_ssize_t)
cdef inline double _edge_weight(tuple lparts, tuple rparts, tuple li, tuple ri) except? -1.0

@cython.locals(lp=NamePart, rp=NamePart, total=double, sim=double, share=double,
               cost=double, li=tuple, ri=tuple, i=Py_ssize_t, j=Py_ssize_t)
cpdef bint _may_reach(tuple lparts, tuple rparts, list edges, double least) except -1

cpdef double _extra_weight(object role, dict extra) except? -1.0

@cython.locals(lrole=object, rrole=object)
cpdef bint _given_names(NamePart left, NamePart right, tuple lparts, tuple rparts) except -1

cpdef bint _unlike(NamePart left, NamePart right) except -1

@cython.locals(total="unsigned long long", k=Py_ssize_t, i=Py_ssize_t, j=Py_ssize_t, names=tuple,
               name=AnalyzedName, words=tuple, part=NamePart)
cpdef unsigned long long read_ahead(list records) except? 0

@cython.locals(lname=AnalyzedName, rname=AnalyzedName, best=object, found=object,
               ltrust=double, rtrust=double, lids=tuple, rids=tuple, lsize=Py_ssize_t,
               shared=Py_ssize_t, i=Py_ssize_t, j=Py_ssize_t)
cpdef match_names(tuple left, tuple right, double least=*)

@cython.locals(i=Py_ssize_t, j=Py_ssize_t, m=Py_ssize_t, n=Py_ssize_t, shared=Py_ssize_t,
               a=long, b=long)
cpdef Py_ssize_t _shared(tuple left, tuple right) except -1

@cython.locals(i=Py_ssize_t, j=Py_ssize_t, m=Py_ssize_t, n=Py_ssize_t, a=long, b=long)
cpdef bint _any_shared(tuple left, tuple right) except -1
