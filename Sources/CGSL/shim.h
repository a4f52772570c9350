// GSL's own cblas header clashes with OpenBLAS's (CBLAS_TRANSPOSE): include OpenBLAS first and
// tell GSL its cblas header is already in.
#include <cblas.h>
#define __GSL_CBLAS_H__
#include <gsl/gsl_errno.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_multifit_nlinear.h>
