#pragma once
// The YAML files of a new stack directory, and writing them all or none.
#include <map>
#include <string>

#include "patchflow/init/discover.hpp"

namespace patchflow::init {

struct SkeletonOptions {
  std::string stack_name;    // stack.yaml `name:`
  std::string component;     // the one component
  std::string repository;    // stack.yaml `repository:`, relative to the stack directory
  std::string merge_branch;  // "" : merge-branches/ gets a commented example instead
};

// Stack-relative path -> content: stack/stack.yaml, topics/<slug>.yaml per topic,
// merge-branches/<slug>.yaml (or example.yaml.sample), policies/<component>.yaml. Each file
// loads with config::load_stack and says in comments what was guessed.
using Files = std::map<std::string, std::string>;
Files make_skeleton(const Discovery& discovery, const SkeletonOptions& options);

// "xen/dom0/core" -> "xen-dom0-core": a file name for a topic or merge branch.
std::string slug(const std::string& name);

// name as a YAML scalar: plain when it cannot be read as anything but this string, otherwise
// double-quoted with JSON escapes.
std::string yaml_scalar(const std::string& value);

// Writes files below dir (created when missing). Nothing is written when a stack is already
// there: Error{usage} naming the first file found (stack/stack.yaml, a file to be written, or a
// YAML file in topics/, merge-branches/ or policies/ that the new stack would load). A missing
// or empty dir is filled in a temporary sibling and renamed into place; otherwise a failure
// part-way removes the files already written.
void write_skeleton(const std::string& dir, const Files& files);

}  // namespace patchflow::init
