#pragma once
// Work over many commits on threads that each read the repository through their own handle
// (libgit2 objects and caches are not shared between threads).
#include <cstddef>
#include <functional>
#include <string>

#include "patchflow/git/attributes.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// A worker thread's own handle on the repository at path, for rendering diffs: it reads
// attributes from the small index AttributeIndexScope installs (not a 2 MB index per thread).
struct WorkerRepository {
  explicit WorkerRepository(const std::string& path);
  Repository repository;
  AttributeIndexScope attributes;  // after repository: ends first
};

// Calls fn(handle, i) for every i in [0, count) on up to jobs threads (core/parallel.hpp's
// parallel_for_each_thread): the calling thread uses repo, every other thread a handle of its
// own on the same repository; every handle reads attributes through an AttributeIndexScope
// while fn runs (fn renders diffs and checks nothing out). Short lists (under 8 items) stay on the
// calling thread, where opening a second handle costs more than it saves. Errors are rethrown as
// parallel_for's are.
void for_each_with_repository(git_repository& repo, std::size_t count, int jobs,
                              const std::function<void(git_repository&, std::size_t)>& fn);

}  // namespace patchflow::git
