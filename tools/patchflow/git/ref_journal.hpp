#pragma once
// Moving several refs at once, all or nothing even when the process is killed half-way. Each ref
// write is atomic on its own (lock file and rename), but a move of several refs is a sequence of
// them: before the first, a journal under <git common dir>/patchflow/ lists every ref with its
// old and new id (written durably: temporary file, fsync, rename); after the last it is removed.
// The next patchflow command that opens the repository finds a journal a killed process left and
// finishes that move, or undoes it (recover_interrupted_moves).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// One ref move of update_refs.
struct RefUpdate {
  std::string ref;              // full ref name
  std::optional<Oid> expected;  // nullopt: must not exist
  std::optional<Oid> target;    // nullopt: delete the ref
};

// A file that belongs to a move (the topic YAML `am --new` writes with the topic's ref): written
// after every ref, and part of the all or nothing.
struct FileWrite {
  std::string path;  // absolute; must not exist before the move
  std::string content;
};

// Moves (or deletes) every ref of updates and writes every file of files, or none. Each ref is
// compared with its expected value first; then the journal is written, the refs are moved one by
// one by compare-and-swap, the files written, and the journal removed. A ref that moves meanwhile
// (or is locked) puts back the refs already moved: throws Error{git} "'<ref>' moved meanwhile
// (expected <old>, found <now>); no ref updated" (or "... is locked ..."), and then nothing was
// written. Error{usage} when a file of files exists. A single ref without files is one
// compare-and-swap, no journal.
void update_refs(git_repository& repo, const std::vector<RefUpdate>& updates,
                 const std::string& reflog_message, const std::vector<FileWrite>& files = {});

// What recover_interrupted_moves did with one journal.
struct Recovery {
  std::string journal;             // its path
  std::string message;             // the interrupted move's reflog message
  bool completed = false;          // true: moved to the new ids; false: put back to the old ones
  std::vector<std::string> moved;  // refs (and files) this recovery wrote or removed
  // Refs and files someone else changed meanwhile, left as they are: "'<ref>' is at <id>, not
  // <old> or <new>"; a ref that could not be written ("... is locked ...") keeps the journal.
  std::vector<std::string> left_alone;
  bool journal_kept = false;  // a write failed: the next command tries again
};

// Finishes or undoes every move a killed process left a journal of: finished when every new
// object exists and each ref is at its old or new id (and each file absent or as journaled);
// otherwise every ref at its new id goes back to its old one and files the move wrote are
// removed. Refs someone else moved are left alone and reported. Moves another live process is
// making are left to it. Returns one Recovery per journal (none: the common case, one
// directory lookup). Throws Error{git} for a journal it cannot read, naming it.
std::vector<Recovery> recover_interrupted_moves(git_repository& repo);

// "patchflow: finished an interrupted move (<message>): <ref>, <ref>\n" and the left-alone lines.
std::string format_recovery(const Recovery& recovery);

// Test hook for crash tests: called during update_refs of more than one ref with the number of
// refs written so far, 0 once the journal is durable and then after each ref. main() installs it
// (PATCHFLOW_TEST_ABORT_AFTER_REF_WRITES); empty by default.
void set_ref_write_observer(std::function<void(std::size_t written)> observer);

}  // namespace patchflow::git
