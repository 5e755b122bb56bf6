#ifndef KMIX_COPENBLAS_SHIM_H
#define KMIX_COPENBLAS_SHIM_H
/* Debian's cblas.h is OpenBLAS's: it also declares openblas_set_num_threads. */
#include <cblas.h>
#endif
