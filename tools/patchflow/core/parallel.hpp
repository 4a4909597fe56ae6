#pragma once
// The one way patchflow spreads independent work over threads.
#include <cstddef>
#include <functional>

namespace patchflow {

// Calls fn(i) for every i in [0, count) on up to jobs threads (the calling thread is one of
// them; jobs <= 1 or count <= 1 runs serially). Every call runs even when one throws; the first
// exception thrown is rethrown after all threads joined, so the caller sees it as from a loop.
void parallel_for(std::size_t count, int jobs, const std::function<void(std::size_t)>& fn);

// The same with per-thread state: make_worker() runs once on each thread that takes work and
// returns the function that thread calls for its items (capturing, say, its own libgit2
// repository handle, which threads must not share). When make_worker() throws, its error is
// rethrown and the item that thread had taken is not processed.
using Worker = std::function<void(std::size_t)>;
void parallel_for_each_thread(std::size_t count, int jobs,
                              const std::function<Worker()>& make_worker);

}  // namespace patchflow
