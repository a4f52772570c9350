// OpenBLAS CBLAS interface, plus the thread-count control OpenBLAS exports.
#include <cblas.h>
