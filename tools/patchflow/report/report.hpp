#pragma once
// One snapshot of the whole stack for people: per topic where its branch stands, what it
// depends on, which merge branches carry it, what `patchflow check` says about it now, which
// way it goes upstream and which version was last mailed; plus the dependency graph.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/stack/topic_status.hpp"

namespace patchflow::report {

// Counts of `patchflow check <topic>`: its own commits (stack::resolve_target), its policy.
struct CheckSummary {
  std::size_t patches = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t checks = 0;
  bool is_clean() const { return errors == 0 && warnings == 0 && checks == 0; }
};

struct TopicRow {
  stack::TopicStatus status;  // branch, base, ahead/behind, declared/actual deps, merge branches
  std::vector<std::string> undeclared_depends;  // actual dependencies not declared (transitively)
  std::optional<CheckSummary> check;            // nullopt: not run, check_error says why
  std::string check_error;
  // "direct", "via <SECTION>", "split", "unowned", or several joined by " + " when patches go
  // different ways; empty when not routed (route_error says why) or nothing to route.
  std::string route;
  std::string route_error;
};

struct Report {
  std::string stack_name;
  std::string description;
  std::vector<TopicRow> topics;  // in the stack's topic order
  std::string dot;               // the dependency graph (graph_dot with the topics' status)
  std::string svg;               // dot rendered by Graphviz; empty when it was not run
  bool has_check_errors() const;
};

struct Options {
  // Graphviz `dot` (a path) to render the graph with; empty: the report keeps the DOT text.
  std::string dot_executable;
  int jobs = 2;  // topics checked and routed at once, each on its own thread
  // Reuse and keep each patch's check result and route in the repository (check::Request::cache,
  // route::Request::cache), as `patchflow check` and `route` do: a report of an unchanged stack
  // checks and diffs nothing again.
  bool cache = true;
};

// Reads the repository (moves nothing) and runs check and route per topic. A topic whose check
// or route cannot run (no branch, no MAINTAINERS in its tree) gets the reason in its row
// instead. Throws Error{git} when a component's mainline is missing, Error{usage} when dot fails.
Report build_report(git_repository& repo, const config::StackConfig& stack, const Options& options);

nlohmann::json to_json(const Report& report);

// The route of a whole series in one phrase, from its patches' kinds (see TopicRow::route).
std::string summarize_route(const std::vector<std::string>& patch_routes);

}  // namespace patchflow::report
