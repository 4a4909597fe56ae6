#include "patchflow/core/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace patchflow {

namespace {

constexpr std::size_t k_huge_page = std::size_t{2} << 20;
// The heap's first growth: above the peak of every command but `report` on U-Boot's 35 topics.
constexpr std::size_t k_heap_reserve = std::size_t{64} << 20;

std::uintptr_t align_up(std::uintptr_t value, std::size_t alignment) {
  return (value + alignment - 1) & ~(static_cast<std::uintptr_t>(alignment) - 1);
}

}  // namespace

void prepare_heap_for_short_run() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * k_heap_reserve));
  mallopt(M_ARENA_MAX, 1);
  mallopt(M_TOP_PAD, static_cast<int>(k_heap_reserve));
  // Make the heap grow now: a request larger than its free top makes glibc extend the break by
  // the request plus M_TOP_PAD; freeing it gives the space back to the top (not to the kernel:
  // it is below the trim threshold). sbrk(0) only reads the break. `volatile`: a compiler may
  // remove a malloc whose block is only freed.
  const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
  void* volatile block = std::malloc(mallinfo2().keepcost + 4096);
  std::free(block);
  const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const std::uintptr_t begin = align_up(before, k_huge_page);
  if (after > begin + k_huge_page) {
    // Advice only: a kernel without transparent huge pages refuses it, which changes nothing.
    madvise(reinterpret_cast<void*>(begin), after - begin, MADV_HUGEPAGE);
  }
}

}  // namespace patchflow
