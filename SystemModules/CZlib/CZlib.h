// zlib, for reading .gz input files directly (Debian: zlib1g-dev).
#include <zlib.h>
