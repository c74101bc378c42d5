# C declarations for the compiled word counting of retrieval (setup.py): the arrays are
# typed memoryviews, read without bounds checks (directives atop counting.py).
cimport cython


@cython.locals(found="const int[::1]", held="unsigned char[::1]", bit=int, spare=Py_ssize_t,
               room=Py_ssize_t, k=Py_ssize_t, i=Py_ssize_t, j=Py_ssize_t, at=Py_ssize_t,
               n_found=Py_ssize_t, n_kept=Py_ssize_t, last=Py_ssize_t, name=int, words=int,
               share=double, count=int, size=double, shared=double, by_name=double,
               by_query=double, score=double, found_score=double, rank=double,
               names="int[::1]", retrieval="double[::1]", overlap="double[::1]",
               value="double[::1]", by_index="Py_ssize_t[::1]", positions="int[::1]",
               scores="double[::1]", overlaps="double[::1]")
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
