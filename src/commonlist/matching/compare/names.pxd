# C declarations for the compiled name comparison (setup.py): the aligner reads the
# fields of name parts (an extension type, see commonlist/names/analysis.pxd) as
# struct members, and its helpers call each other as C functions.
cimport cython

from commonlist.names.analysis cimport NamePart


cpdef double key_similarity(str left, str right) except? -1.0

@cython.locals(lrole=object, rrole=object, other=NamePart, best=double)
cpdef double part_similarity(NamePart left, NamePart right) except? -1.0

@cython.locals(lp=NamePart, rp=NamePart, row="unsigned long long", pair="unsigned long long",
               known=dict, longest_left=int, longest_right=int)
cpdef list _edges(left, right)

cpdef int _longest_key(NamePart part) except -1

@cython.locals(lp=NamePart, rp=NamePart, partner=NamePart, num=double, den=double)
cpdef _align(left, right)
