# C declarations for the compiled gathering of spellings (setup.py).
cimport cython


@cython.locals(data="const char *", found=list, k=Py_ssize_t, at=int, start=Py_ssize_t,
               end=Py_ssize_t)
cpdef list spellings_at(bytes text, const long long[::1] offsets, const int[::1] positions)
