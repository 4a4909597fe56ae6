#pragma once
// Where each topic stands in the repository: its fork point from mainline, how far ahead and
// behind it is, which topics it really contains versus what it declares, and where it goes.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::stack {

struct TopicStatus {
  std::string name;
  std::string branch;
  std::string component;
  std::string mainline;
  std::optional<git::Oid> tip;   // nullopt: the branch does not exist
  std::optional<git::Oid> base;  // merge base with mainline; nullopt: unrelated or missing
  // A merge base exists and none of the topic's own commits is a merge commit that a merge
  // branch contains (the talk's rule: never root a topic in a merge branch).
  bool based_on_mainline = false;
  std::size_t ahead = 0;   // commits on the topic, not on mainline (its prerequisites' included)
  // The topic's own commits and the topics they need first, as stack::resolve_target gives them
  // (what series mails, check checks and route addresses); empty when it cannot be resolved.
  std::vector<git::Oid> commits;
  std::vector<std::string> prerequisites;
  std::size_t behind = 0;  // commits on mainline, not on the topic
  std::vector<std::string> declared_depends;
  std::vector<std::string> actual_depends;  // other topics whose tips the topic contains
  std::vector<std::string> merge_branches;  // merge branches that list it
  std::optional<int> last_sent_version;     // highest vN under refs/patchflow/sent/<topic>/
};

struct TopicsReport {
  std::vector<TopicStatus> topics;  // in the stack's topic order
};

// Reads every topic of stack from repo; moves nothing. Throws Error{git} when a component's
// mainline branch is missing ("run 'patchflow materialize'").
TopicsReport topic_status(git_repository& repo, const config::StackConfig& stack);

// One topic's row as JSON; the report's "topics" array holds these.
nlohmann::json to_json(const TopicStatus& topic);
nlohmann::json to_json(const TopicsReport& report);
std::string format_text(const TopicsReport& report);

}  // namespace patchflow::stack
