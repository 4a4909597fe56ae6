#pragma once
// `patchflow check` as one library call: decide what the inputs are (patch files, a revision
// range, or a topic of the stack), pick the policy, read MAINTAINERS once, find whose sign-off
// must come last, and run the patch, series and build checks.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/check/check.hpp"
#include "patchflow/check/shard.hpp"
#include "patchflow/config/model.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::check {

struct Request {
  std::vector<std::string> inputs;  // mbox/.patch files, one "A..B" range, or one topic name
  std::string mainline;             // series checks on a range; "" = the range's base
  std::string component;       // use this component's policy for files and ranges ("" = default)
  std::string maintainers;     // MAINTAINERS file or tree dir; "" = the repository's at the tip
  std::string rules;           // --rules linux|xen; "" = the policy's maintainers-rules
  std::string sender;          // mails: whose sign-off comes last; "" = each mail's From
  bool build = false;          // run the policy's build command on every commit (ranges)
  bool checkpatch_pl = false;  // also run the tree's scripts/checkpatch.pl
  // checkpatch.pl options for the built-in engine ("--strict", "--ignore", "A,B" ...), applied
  // after the tree's .checkpatch.conf
  std::vector<std::string> checkpatch_args;
  int jobs = 2;
  // Keep per-patch results and --build results in the repository (<git dir>/patchflow/cache/)
  // and reuse those whose inputs are all the same (check/cache.hpp); false: check everything.
  bool cache = false;
  std::string build_dir;  // scratch directory for --build checkouts (removed afterwards)
  ProgressFn progress;    // patches checked and commits built so far; may be empty
  Shard shard;            // check and build only this shard's patches (series rules: shard 1)
  // Resolved already (report resolves each topic once for check and route): inputs, mainline
  // and component are then not read.
  std::optional<stack::Target> target;
};

enum class InputKind { files, range, topic };
// Several inputs, or a file (stack::names_patch_file), are files; then "A..B" is a range; a
// single other word is a topic name or a revision (stack::resolve_target tells which).
InputKind input_kind(const Request& request);

// What the caller opens lazily; each returns nullptr when there is none and required is false,
// and throws (naming what is missing) when it is required.
struct Context {
  std::function<const config::StackConfig*(bool required)> stack;
  std::function<git_repository*(bool required)> repo;
};

// Throws Error{usage} for an unknown topic or component or unreadable file, Error{git} for bad
// revisions.
Result run(const Request& request, const Context& context);

// `check --terse --show-types FILE...`: exactly what checkpatch.pl --terse --show-types prints
// for each patch file (its lines, then its total line), from the built-in engine with the work
// tree's .checkpatch.conf and the request's checkpatch options. Patchflow's own rules and the
// policy do not apply. Throws Error{usage} for a range or topic, or an unreadable file.
struct TerseReport {
  std::string text;
  bool errors = false;
};
TerseReport checkpatch_terse(const Request& request, const Context& context);

}  // namespace patchflow::check
