# C declarations for the compiled gathering of spellings (setup.py).
cimport cython


@cython.locals(data="const char *", found=list, k=Py_ssize_t, at=int, start=Py_ssize_t,
               end=Py_ssize_t)
cpdef list spellings_at(bytes text, const long long[::1] offsets, const int[::1] positions)

cdef unsigned long long _ALL, _ODD, _PAIRS, _NIBBLES, _BYTES
cdef bint COMPILED

@cython.locals(n=Py_ssize_t, spans_array=object, spans="long long[::1]", first=Py_ssize_t,
               size=Py_ssize_t, found=object, out="double[::1]", data="const unsigned char *",
               letters="const unsigned char *", masks=object, mask="unsigned long long[::1]",
               one="unsigned long long", i=Py_ssize_t,
               k=Py_ssize_t, at=int, start=Py_ssize_t, end=Py_ssize_t, j=Py_ssize_t,
               row="unsigned long long", matched="unsigned long long", common=Py_ssize_t,
               total=Py_ssize_t, ratio=double, kept=float, share=float)
cpdef spelling_ranks(bytes text, const long long[::1] offsets, const int[::1] positions,
                     bytes query, const double[::1] retrieval, const double[::1] overlap)

cdef unsigned long long _ones(unsigned long long bits) noexcept
