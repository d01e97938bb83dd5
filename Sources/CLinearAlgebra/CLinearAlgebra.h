#ifndef LOTRINH_CLINEARALGEBRA_H
#define LOTRINH_CLINEARALGEBRA_H

// CBLAS from Debian's libblas-dev (the generic interface; the alternatives system chooses
// reference BLAS or OpenBLAS at run time).
#include <cblas.h>

// liblapack-dev ships no header: declare the Fortran LAPACK routines Lotrinh calls.
// Fortran passes every argument by reference; character arguments carry a hidden length.
#include <stddef.h>

void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda,
             double *b, const int *ldb, int *info, size_t uplo_len);
void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda,
            double *b, const int *ldb, int *info, size_t uplo_len);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);

#endif
