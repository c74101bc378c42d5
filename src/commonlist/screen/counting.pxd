# C declarations for the compiled word counting of retrieval (setup.py): the arrays are
# typed memoryviews, read without bounds checks (directives atop counting.py).
cimport cython

cdef int _REFUSED, _FOUND, _FILLER

@cython.locals(size=Py_ssize_t, shares="double[::1]", counts="int[::1]", held=Py_ssize_t,
               i=Py_ssize_t, k=Py_ssize_t, weight=double)
cpdef tuple word_tables(list weights, double total)


@cython.locals(found="const int[::1]", held="unsigned char[::1]", bit=int, k=Py_ssize_t,
               name=int, words=int, share=double, score=double, found_score=double,
               kept=_Kept)
cpdef tuple count_words(
    list arrays,
    list generating,
    const double[::1] shares,
    const int[::1] counts,
    double least,
    const unsigned char[::1] name_size,
    int n_words,
    double query_side,
    double name_side,
    double below=*,
    Py_ssize_t keep=*,
)

@cython.locals(bit=int, size=Py_ssize_t, n=Py_ssize_t)
cdef tuple _merged(list arrays, list generating)

@cython.locals(i=Py_ssize_t, j=Py_ssize_t, n=Py_ssize_t, m=Py_ssize_t, k=Py_ssize_t, a=int,
               b=int)
cdef Py_ssize_t _merge(
    const int[::1] left,
    const unsigned char[::1] left_held,
    const int[::1] right,
    unsigned char bit,
    int[::1] out,
    unsigned char[::1] out_held,
) noexcept

@cython.locals(low=Py_ssize_t, high=Py_ssize_t, middle=Py_ssize_t)
cdef bint _holds(const int[::1] names, int name) noexcept

@cython.locals(m=Py_ssize_t, j=Py_ssize_t, k=Py_ssize_t, target=int, low=Py_ssize_t,
               high=Py_ssize_t, middle=Py_ssize_t, step=Py_ssize_t)
cdef void _look_in(
    const int[::1] names, unsigned char bit, const int[::1] found, unsigned char[::1] held
) noexcept

@cython.locals(j=Py_ssize_t, k=Py_ssize_t, name=int, one="unsigned long long")
cdef void _look_in_marked(
    const int[::1] names,
    unsigned char bit,
    const int[::1] found,
    unsigned char[::1] held,
    unsigned long long[::1] marks,
) noexcept

@cython.locals(shared=double, by_name=double, by_query=double, score=double)
cdef (double, double) _scored(
    int count, int size, int n_words, double share, double query_side, double name_side
) noexcept


@cython.final
cdef class _Kept:
    cdef Py_ssize_t spare, keep, n_found, n_kept
    cdef object names_array, retrieval_array, overlap_array
    cdef int[::1] names
    cdef double[::1] retrieval, overlap

    @cython.locals(rank=double)
    cdef int offer(self, int name, double retrieval, double overlap, double below) noexcept

    cdef void add(self, int name, double retrieval, double overlap) noexcept

    @cython.locals(last=Py_ssize_t, kept=double)
    cdef bint refuses(self, int name, double rank) noexcept

    cdef inline double rank_at(self, Py_ssize_t at) noexcept

    @cython.locals(i=Py_ssize_t, spare=Py_ssize_t, names="int[::1]", kept=double)
    cdef void fill(self, int name, double retrieval, double overlap, double rank) noexcept

    @cython.locals(n_found=Py_ssize_t, n_kept=Py_ssize_t, spare=Py_ssize_t, i=Py_ssize_t,
                   j=Py_ssize_t, k=Py_ssize_t, at=Py_ssize_t, names="int[::1]",
                   retrieval="double[::1]", overlap="double[::1]", name=int, score=double,
                   share=double, positions="int[::1]", scores="double[::1]",
                   overlaps="double[::1]")
    cpdef tuple in_index_order(self, bint sort_found)

@cython.locals(marks="unsigned long long[::1]", met="long long[::1]",
               pairs="const long long[::1]", key="long long", word_at=int, marked_at=int,
               first="const int[::1]", n_several=Py_ssize_t, out="int[::1]",
               n_more=Py_ssize_t, bits="const unsigned long long[::1]", names="const int[::1]",
               j=Py_ssize_t, name="unsigned int", at="unsigned int", mark="unsigned long long",
               word="unsigned long long", several="const int[::1]",
               held="unsigned char[::1]", bit=int, generators=int, kept=_Kept,
               k=Py_ssize_t, words=int, share=double, score=double, found_score=double,
               taken=int, sort_found=bint, total=Py_ssize_t,
               longest=Py_ssize_t, room=Py_ssize_t)
cpdef tuple count_bounded(
    list arrays,
    list by_size,
    list generating,
    const double[::1] shares,
    const int[::1] counts,
    double least,
    const unsigned char[::1] name_size,
    int n_words,
    double query_side,
    double name_side,
    double below,
    Py_ssize_t keep,
)

