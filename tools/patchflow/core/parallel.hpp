#pragma once
// The one way patchflow spreads independent work over threads.
#include <cstddef>
#include <functional>
#include <thread>

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

// Starts fn on a thread of its own at once, for work a later step needs and can begin before that
// step knows it (loading a library while the command line is parsed). The destructor waits for
// it. fn's exceptions are dropped: the later step, doing the same work, reports them.
class BackgroundTask {
 public:
  explicit BackgroundTask(std::function<void()> fn);
  BackgroundTask(const BackgroundTask&) = delete;
  BackgroundTask& operator=(const BackgroundTask&) = delete;
  ~BackgroundTask();

 private:
  std::thread m_thread;
};

}  // namespace patchflow
