#include "patchflow/core/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace patchflow {
namespace {

TEST(ParallelTest, EveryItemRunsExactlyOnce) {
  for (const int jobs : {1, 2, 8}) {
    std::vector<std::atomic<int>> seen(1000);
    parallel_for(seen.size(), jobs, [&](std::size_t i) { ++seen[i]; });
    for (const auto& count : seen) {
      ASSERT_EQ(count.load(), 1) << "jobs " << jobs;
    }
  }
}

TEST(ParallelTest, NoItemsCallsNothing) {
  parallel_for(0, 4, [](std::size_t) { ADD_FAILURE() << "called"; });
}

// The caller sees the error as from a serial loop, and the other items still ran (a build
// that fails at one commit still reports the others).
TEST(ParallelTest, FirstErrorReachesTheCallerAfterEveryItemRan) {
  std::atomic<int> ran{0};
  EXPECT_THROW(parallel_for(100, 4,
                            [&](std::size_t i) {
                              ++ran;
                              if (i % 10 == 3) {
                                throw std::runtime_error("item " + std::to_string(i));
                              }
                            }),
               std::runtime_error);
  EXPECT_EQ(ran.load(), 100);
}

TEST(ParallelTest, EachThreadMakesItsOwnWorkerOnItsOwnThread) {
  std::mutex mutex;
  std::set<std::thread::id> made_on;
  std::atomic<int> items{0};
  parallel_for_each_thread(64, 3, [&]() -> Worker {
    const std::thread::id me = std::this_thread::get_id();
    {
      std::lock_guard lock(mutex);
      EXPECT_TRUE(made_on.insert(me).second) << "two workers made on one thread";
    }
    return [&, me](std::size_t) {
      EXPECT_EQ(std::this_thread::get_id(), me);
      ++items;
    };
  });
  EXPECT_EQ(items.load(), 64);
  EXPECT_LE(made_on.size(), 3u);
}

TEST(BackgroundTaskTest, RunsOnAnotherThreadAndIsDoneWhenDestroyed) {
  std::atomic<bool> done{false};
  std::thread::id ran_on;
  {
    const BackgroundTask task([&] {
      ran_on = std::this_thread::get_id();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      done = true;
    });
  }
  EXPECT_TRUE(done.load()) << "the destructor returned before the work ended";
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(BackgroundTaskTest, AnExceptionIsDroppedNotTheProcess) {
  std::atomic<bool> started{false};
  {
    const BackgroundTask task([&] {
      started = true;
      throw std::runtime_error("library missing");
    });
  }
  EXPECT_TRUE(started.load());
}

}  // namespace
}  // namespace patchflow
