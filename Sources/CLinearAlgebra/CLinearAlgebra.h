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
void dtrtri_(const char *uplo, const char *diag, const int *n, double *a, const int *lda, int *info,
             size_t uplo_len, size_t diag_len);

// dladdr tells which shared object provides cblas_dgemm, i.e. which BLAS Debian's alternatives
// chose. glibc declares it and Dl_info only under _GNU_SOURCE, which Swift's Glibc module is not
// built with, so mirror the declaration here; the asm label binds it to glibc's own dladdr (in
// libc.so.6 since glibc 2.34). The struct layout is glibc's stable ABI.
#if defined(__GLIBC__)
typedef struct {
    const char *dli_fname; // path of the shared object containing the address
    void *dli_fbase;       // its load address
    const char *dli_sname; // nearest symbol name, or NULL
    void *dli_saddr;       // that symbol's address, or NULL
} LotrinhDlInfo;

int lotrinh_dladdr(const void *address, LotrinhDlInfo *info) __asm__("dladdr");
#endif

// A hint to start loading the cache line holding `address` (no fault for any address). Swift has
// no prefetch of its own; the training sweep's skill pass reads student factors in an order the
// hardware prefetcher cannot guess.
static inline void lotrinh_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
