# C declarations for the compiled ranking steps of retrieval (setup.py): the arrays are
# typed memoryviews, read without bounds checks (directives atop ranking.py).
cimport cython


@cython.locals(n=Py_ssize_t, keep=Py_ssize_t, held=Py_ssize_t, i=Py_ssize_t,
               k=Py_ssize_t, at=Py_ssize_t, entry=int, score=double, best_overlap=double,
               rank=double, top_entry="int[::1]", top="double[:, ::1]", entries="int[::1]")
cpdef tuple best_entries(
    const int[::1] name_entry,
    const int[::1] names,
    const double[::1] retrieval,
    const double[::1] overlap,
    const double[::1] ranks,
    Py_ssize_t limit,
)


@cython.locals(n=Py_ssize_t, i=Py_ssize_t, j=Py_ssize_t, k=Py_ssize_t, low=Py_ssize_t,
               high=Py_ssize_t, target=Py_ssize_t, above=Py_ssize_t, ties=Py_ssize_t,
               tied=Py_ssize_t,
               value=double, pivot=double, swap=double, cut=double,
               least="double[::1]", work="double[::1]", chosen="Py_ssize_t[::1]")
cpdef object most_overlapping(
    const double[::1] retrieval, const double[::1] overlap, Py_ssize_t keep,
    bint all_tied=*
)
