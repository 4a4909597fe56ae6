#pragma once
// Bulk object writing: objects stay in memory until commit() writes them all as one packfile.
// One pack instead of thousands of loose files is what makes materialize fast (creating a file
// per object dominated its time), and nothing reaches the disk when a later step fails.
#include <cstddef>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// A second handle on the same repository, with its own object database; give an ObjectBatch
// one of these so the caller's handle never writes into the in-memory store.
Repository reopen_repository(git_repository& repo);

// True when an ObjectBatch was ever made on this handle: it may hold objects only this handle
// can read (another handle opened on the same repository would not find them), so work on it
// must not move to threads with handles of their own.
bool has_objects_in_memory(const git_repository& repo);

class ObjectBatch {
 public:
  // From now on every object written through repo is kept in memory (reads see it too). repo
  // must outlive the batch and should be private to the batch's user (see reopen_repository).
  explicit ObjectBatch(git_repository& repo);
  ObjectBatch(const ObjectBatch&) = delete;
  ObjectBatch& operator=(const ObjectBatch&) = delete;

  // Writes the objects kept so far into the repository as one pack with its index and empties
  // the store; returns how many objects it wrote (0: no pack). Throws Error{git}.
  std::size_t commit();

 private:
  git_repository& m_repo;
  Odb m_odb;
  git_odb_backend* m_backend = nullptr;  // owned by m_odb once added
};

}  // namespace patchflow::git
