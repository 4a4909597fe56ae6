#include "patchflow/git/parallel.hpp"

#include <atomic>
#include <memory>
#include <string>

#include "patchflow/core/parallel.hpp"
#include "patchflow/git/repository.hpp"

namespace patchflow::git {

WorkerRepository::WorkerRepository(const std::string& path)
    : repository(open_repository(path)), attributes(*repository) {}

void for_each_with_repository(git_repository& repo, std::size_t count, int jobs,
                              const std::function<void(git_repository&, std::size_t)>& fn) {
  constexpr std::size_t k_min_parallel = 8;
  const AttributeIndexScope attributes(repo);
  if (jobs <= 1 || count < k_min_parallel) {
    for (std::size_t i = 0; i < count; ++i) {
      fn(repo, i);
    }
    return;
  }
  const std::string path = git_repository_path(&repo);
  std::atomic<bool> caller_handle_taken{false};
  parallel_for_each_thread(count, jobs, [&]() -> Worker {
    // The first thread keeps the caller's handle; the others open their own.
    if (!caller_handle_taken.exchange(true)) {
      return [&](std::size_t i) { fn(repo, i); };
    }
    auto own = std::make_shared<WorkerRepository>(path);
    return [&fn, own](std::size_t i) { fn(*own->repository, i); };
  });
}

}  // namespace patchflow::git
