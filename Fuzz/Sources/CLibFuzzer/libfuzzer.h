// The one libFuzzer entry the fuzz targets call. It lives in the fuzzer runtime that
// `-sanitize=fuzzer` links, so this target declares it and links nothing.
#include <stddef.h>
#include <stdint.h>

// Runs libFuzzer's command line (corpus folders, -max_total_time=…, …) on `callback`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
