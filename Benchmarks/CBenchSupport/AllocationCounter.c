// Counts heap allocations by interposing the allocator's entry points.
//
// An executable that defines malloc & co. takes them over for the whole
// process (glibc, the Swift runtime, Foundation and OpenBLAS call them through
// the dynamic linker). Each definition counts the call when counting is on and
// forwards to glibc's own implementation (`__libc_malloc` …), so memory from
// either side may be freed by the other. Only kmix-bench links this target.
// With KMIX_ALLOCATION_TRACE set, each counted call also prints its call stack
// to standard error (pipe it through `swift demangle`).

#include "CBenchSupport.h"

#include <errno.h>
#include <execinfo.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static bool counting;
static uint64_t calls;
static uint64_t bytes;
static bool installed;
static int tracing = -1;
static __thread bool inside;

static void trace(size_t size) {
    if (tracing < 0) tracing = getenv("KMIX_ALLOCATION_TRACE") != NULL;
    if (!tracing || inside) return;
    inside = true;
    void *frames[24];
    int depth = backtrace(frames, 24);
    char line[64];
    int length = 0;
    const char *prefix = "allocation of ";
    while (prefix[length]) { line[length] = prefix[length]; length++; }
    char digits[24];
    int count_ = 0;
    do { digits[count_++] = (char)('0' + size % 10); size /= 10; } while (size > 0);
    while (count_ > 0) line[length++] = digits[--count_];
    line[length++] = '\n';
    write(2, line, (size_t)length);
    backtrace_symbols_fd(frames + 2, depth - 2, 2);
    inside = false;
}

static void count(size_t size) {
    if (__atomic_load_n(&counting, __ATOMIC_RELAXED)) {
        __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
        __atomic_fetch_add(&bytes, size, __ATOMIC_RELAXED);
        trace(size);
    }
}

void *malloc(size_t size) {
    __atomic_store_n(&installed, true, __ATOMIC_RELAXED);
    count(size);
    return __libc_malloc(size);
}

void *calloc(size_t count_, size_t size) {
    count(count_ * size);
    return __libc_calloc(count_, size);
}

void *realloc(void *pointer, size_t size) {
    count(size);
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    count(size);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL && size != 0) return ENOMEM;
    *result = pointer;
    return 0;
}

void kmix_allocation_counting(bool on) {
    __atomic_store_n(&counting, on, __ATOMIC_SEQ_CST);
}

kmix_allocation_totals kmix_allocation_read(void) {
    kmix_allocation_totals totals = {
        __atomic_load_n(&calls, __ATOMIC_SEQ_CST),
        __atomic_load_n(&bytes, __ATOMIC_SEQ_CST),
    };
    return totals;
}

bool kmix_allocation_counter_installed(void) {
    return __atomic_load_n(&installed, __ATOMIC_RELAXED);
}
