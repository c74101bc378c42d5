# C declarations for the compiled model (setup.py): the features' weighted sum, run per
# scored pair, adds and compares in C.
cimport cython


@cython.locals(total=double, weight=double, found=double, needs=int)
cpdef double _evidence(tuple terms, pair, names, long both) except? -1.0

@cython.locals(total=double, weight=double, found=double, needs=int)
cpdef double _most_evidence(tuple terms, names, long both) except? -1.0

# The positions of the fields ``compare`` reads in a ``PreparedRecord``, read from the
# record cast to a tuple (a named tuple's item is otherwise read through its type).
cdef Py_ssize_t _ID, _SCHEMA, _NAMES, _EVIDENCE
cdef double _MARGIN, _NEVER, _MOST_ODDS

@cython.locals(slope=double, rest=double, weight=double, needs=int, adds=tuple)
cpdef double _least_name_score(tuple rises, double bias, double target, long both) except? -1.0

@cython.locals(logit=double, least=double, lfields=tuple, rfields=tuple)
cpdef _compared(left, right, double target, str name, double bias, tuple terms, tuple rises,
                explain)
