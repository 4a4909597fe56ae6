#pragma once
// How a patchflow process sets up glibc's allocator before any work: one place, called first in
// main(), so that the choice and its measurements are not spread over the commands.

namespace patchflow {

// A command lives for milliseconds, allocates tens of megabytes at most and frees memory it
// soon needs again (a blob, xdiff's tables, a patch's text). On such a run the cost of memory
// is the first touch of each page (a page fault: about 10 us, 30 us inside some virtual
// machines), not its amount. So:
// - freed memory is kept, never handed back to the kernel (no trimming; no blocks mapped and
//   unmapped on their own below 32 MB);
// - every thread allocates from one arena: a worker's arena is fresh memory, faulted in again;
// - the heap is grown once, here, by 64 MB of address space (not memory: pages are given on
//   first touch) and advised as transparent huge pages, so a fault brings 2 MB instead of 4 KB
//   where the kernel allows it (transparent_hugepage "madvise" or "always").
// Nothing here changes what a command computes; without huge pages it is the first two only.
void prepare_heap_for_short_run();

}  // namespace patchflow
