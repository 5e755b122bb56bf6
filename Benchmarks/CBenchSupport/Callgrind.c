// Callgrind client requests, so that kmix-bench can profile exactly its timed
// steps. The requests are a few no-op instructions when not running under
// valgrind; without valgrind's headers they compile to nothing.

#include "CBenchSupport.h"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>

void kmix_callgrind_zero(void) { CALLGRIND_ZERO_STATS; }

void kmix_callgrind_dump(const char *reason) { CALLGRIND_DUMP_STATS_AT(reason); }
#else
void kmix_callgrind_zero(void) {}

void kmix_callgrind_dump(const char *reason) { (void)reason; }
#endif
