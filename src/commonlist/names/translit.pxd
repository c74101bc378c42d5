# C declarations for the compiled transliteration module (setup.py): the test for
# doubled letters runs as a C loop over the key's code points.
cimport cython


@cython.locals(i=Py_ssize_t)
cdef bint _has_doubled(str key) except -1
