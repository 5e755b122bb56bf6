#ifndef KMIX_BENCH_SUPPORT_H
#define KMIX_BENCH_SUPPORT_H

#include <stdbool.h>
#include <stdint.h>

/// Heap allocations counted in every thread of the process while counting is on.
typedef struct {
    /// Calls of malloc, calloc, realloc, posix_memalign, aligned_alloc and memalign.
    uint64_t calls;
    /// Bytes those calls asked for.
    uint64_t bytes;
} kmix_allocation_totals;

/// Starts or stops counting (the totals are kept).
void kmix_allocation_counting(bool on);

/// The totals since the process started (only calls made while counting was on).
kmix_allocation_totals kmix_allocation_read(void);

/// Whether this process's allocator calls go through the counter.
bool kmix_allocation_counter_installed(void);

/// Under callgrind: forgets the costs counted so far (a no-op otherwise).
void kmix_callgrind_zero(void);

/// Under callgrind: writes the costs counted since the last zero or dump to a
/// profile file, marked with `reason` (a no-op otherwise).
void kmix_callgrind_dump(const char *reason);

#endif
