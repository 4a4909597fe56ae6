#include "patchflow/core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace patchflow {

void parallel_for(std::size_t count, int jobs, const std::function<void(std::size_t)>& fn) {
  parallel_for_each_thread(count, jobs, [&fn]() -> Worker { return fn; });
}

void parallel_for_each_thread(std::size_t count, int jobs,
                              const std::function<Worker()>& make_worker) {
  const std::size_t threads_wanted =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(jobs, 1)), count);
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  const auto keep_first_error = [&] {
    std::lock_guard lock(error_mutex);
    if (!error) {
      error = std::current_exception();
    }
  };
  const auto work = [&] {
    std::size_t i = next++;
    if (i >= count) {
      return;
    }
    try {
      const Worker worker = make_worker();
      for (; i < count; i = next++) {
        try {
          worker(i);
        } catch (...) {
          keep_first_error();
        }
      }
    } catch (...) {
      keep_first_error();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < threads_wanted; ++t) {
    threads.emplace_back(work);
  }
  work();  // the calling thread takes its share
  for (std::thread& thread : threads) {
    thread.join();
  }
  if (error) {
    std::rethrow_exception(error);
  }
}

BackgroundTask::BackgroundTask(std::function<void()> fn)
    : m_thread([fn = std::move(fn)] {
        try {
          fn();
        } catch (...) {  // reported by the step that needs the work (the class comment)
        }
      }) {}

BackgroundTask::~BackgroundTask() { m_thread.join(); }

}  // namespace patchflow
