#pragma once
// The stack model as plain structs: what stack/stack.yaml, topics/*.yaml, merge-branches/*.yaml
// and policies/*.yaml say, each item remembering where it was written (file:line:column).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/resolution_file.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/core/finding.hpp"

namespace patchflow {
class Description;
}

namespace patchflow::config {

struct Component {
  std::string name;      // "linux"
  std::string mainline;  // branch name of mainline, e.g. "linux-2.6"
  std::string history;   // mbox with the mainline history (bundled stacks only), stack-relative
  std::string policy;    // policy name; empty: the default policy
  Where where;
  // Where each key's value was written, by YAML key, for diagnostics about that value.
  std::map<std::string, Where> key_where;
};

struct Topic {
  std::string name;       // "xen/dom0/core"
  std::string component;  // "linux"
  std::string branch;     // defaults to name
  std::vector<std::string> depends;
  std::string summary;
  std::string series;    // mbox file with the topic's patches, stack-relative; may be empty
  std::string cover;     // cover-letter text
  std::string upstream;  // expected route, e.g. "direct" or "via SWIOTLB SUBSYSTEM"; may be empty
  int version = 1;       // series version last prepared
  Where where;
  // Where each key's value was written, by YAML key, for diagnostics about that value.
  std::map<std::string, Where> key_where;
  // The YAML file it came from, stack-relative.
  std::string file;
  // Where each dependency was listed.
  std::vector<Where> depends_where;
};

struct Fixup {
  std::string name;  // short name, e.g. "events-irq-merge-fix"
  std::string mbox;  // stack-relative mbox holding the fixup commit
  Where where;
};

// A recorded conflict resolution: applied only to the very conflict it was recorded for.
struct Resolution {
  std::string topic;                // the topic whose merge conflicted
  std::string path;                 // file in conflict
  std::string resolved;             // stack-relative resolution file (resolution_file.hpp)
  std::vector<ResolvedHunk> hunks;  // its content, one per conflict region of path
  Where where;
  Where path_where;  // where path: was written
};

struct MergeBranch {
  std::string name;  // "xen/master"
  std::string base;  // mainline branch or another merge branch
  std::vector<std::string> topics;
  std::string component;
  std::vector<Fixup> fixups;
  std::vector<Resolution> resolutions;
  std::string file;  // the YAML file it came from
  Where where;
  // Where each key's value was written, by YAML key, for diagnostics about that value.
  std::map<std::string, Where> key_where;
  std::vector<Where> topic_where;  // where each topic was listed
};

struct Policy {
  std::string name;
  std::vector<std::string> xen_paths;  // globs of Xen-specific code
  std::string subject_prefix;          // ECMAScript regex the subject must match
  std::string build;                   // build command, run with /bin/sh in a checkout
  std::string maintainers = "MAINTAINERS";
  // Whose get_maintainer.pl rules route this component: "linux" (also U-Boot) or "xen".
  std::string maintainers_rules = "linux";
  // get_maintainer.pl options, as .get_maintainer.conf words ("--find-maintainer-files"), each
  // with where it was written; read after the tree's .get_maintainer.conf (maintainers/arguments).
  std::vector<std::pair<std::string, Where>> maintainers_options;
  std::vector<std::string> always_cc;
  std::string direct_maintainer;               // who takes Xen-only series straight up
  std::map<std::string, Severity> severities;  // check ID -> severity override
  int max_line_length = 100;                   // code lines (checkpatch LONG_LINE)
  int max_subject_length = 75;
  int max_body_line_length = 75;
  int min_body_lines = 1;       // "a standalone why/what/how message"
  int max_changed_lines = 600;  // size warning per commit
  int max_files = 30;
  bool allow_merges_in_topics = false;
  std::vector<std::string> official_domains;   // sign-off must use one of these (if any)
  std::vector<std::string> forbidden_domains;  // personal domains a sign-off must not use
  // `am`: the Link: trailer, "%s" replaced by the patch's Message-Id (without <>); empty: none.
  std::string link_template = "https://lore.kernel.org/r/%s";
  bool maintainer_signoff = true;  // `am`/`trailers`: add the maintainer's Signed-off-by
  Where where;
  // Where each key's value was written, by YAML key, for diagnostics about that value.
  std::map<std::string, Where> key_where;
  // The YAML file it came from, stack-relative.
  std::string file;
};

// Every field of policy, for the keys of results it decides (check's and route's caches).
void describe(const Policy& policy, Description& out);

struct Stack {
  std::string name;
  std::string description;
  std::vector<Component> components;
  std::string repository;  // default repository path, stack-relative; empty: the stack root
  Where where;
};

// Everything loaded from one stack directory.
struct StackConfig {
  std::string root;  // the stack directory (absolute)
  Stack stack;
  std::vector<Topic> topics;
  std::vector<MergeBranch> merge_branches;
  std::vector<Policy> policies;

  // nullptr when absent.
  const Topic* find_topic(const std::string& name) const;
  const MergeBranch* find_merge_branch(const std::string& name) const;
  const Component* find_component(const std::string& name) const;
  const Policy* find_policy(const std::string& name) const;
  // Throw Error{usage} "unknown topic 'x'" etc. when absent.
  const Topic& topic(const std::string& name) const;
  const MergeBranch& merge_branch(const std::string& name) const;
  const Component& component(const std::string& name) const;
  // The component's policy, or a default Policy when it names none.
  Policy policy_for(const std::string& component) const;
  // Stack-relative path -> absolute path under root.
  std::string path(const std::string& relative) const;
  // Topic names in the stack's order.
  std::vector<std::string> topic_names() const;
  // Merge-branch names in an order they can be composed in: each after the merge branch it is
  // based on (xen/next after xen/master), otherwise in the stack's order.
  std::vector<std::string> merge_branch_names() const;
};

}  // namespace patchflow::config
