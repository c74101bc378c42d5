# C declarations for the compiled ranking steps of retrieval (setup.py): the arrays are
# typed memoryviews, read without bounds checks (directives atop ranking.py).
cimport cython


@cython.locals(n=Py_ssize_t, keep=Py_ssize_t, runs=Py_ssize_t, held=Py_ssize_t,
               i=Py_ssize_t, r=Py_ssize_t, k=Py_ssize_t, at=Py_ssize_t, last=Py_ssize_t,
               other=Py_ssize_t, entry=int, rank=double, score=double,
               run_entry="int[::1]", run_score="double[::1]", run_overlap="double[::1]",
               run_rank="double[::1]", top="Py_ssize_t[::1]")
cpdef tuple best_entries(
    const int[::1] entries,
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
