// The one place Swift sees GLPK's C API. Only the GLPK wrapper target imports this module.
#include <glpk.h>
