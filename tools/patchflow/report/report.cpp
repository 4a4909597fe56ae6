#include "patchflow/report/report.hpp"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "patchflow/check/request.hpp"
#include "patchflow/core/parallel.hpp"
#include "patchflow/git/parallel.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/report/dependencies.hpp"
#include "patchflow/report/dot_render.hpp"
#include "patchflow/report/graph.hpp"
#include "patchflow/route/request.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::report {
namespace {

// The topic as stack::resolve_target gives it, once for check and route; nullopt with the
// reason in both errors when it cannot be resolved.
std::optional<stack::Target> resolve(git_repository& repo, const config::StackConfig& stack,
                                     TopicRow& row) {
  if (!row.status.tip) {
    row.check_error = row.route_error = "no branch '" + row.status.branch + "'";
    return std::nullopt;
  }
  try {
    return stack::resolve_target(repo, &stack, row.status.name);
  } catch (const Error& e) {
    row.check_error = row.route_error = e.what();
    return std::nullopt;
  }
}

void run_check(git_repository& repo, const config::StackConfig& stack, const Options& options,
               const stack::Target& target, TopicRow& row) {
  check::Context context;
  context.stack = [&stack](bool) { return &stack; };
  context.repo = [&repo](bool) { return &repo; };
  check::Request request;
  request.target = target;
  request.jobs = 1;  // the report's threads are busy with the other topics
  request.cache = options.cache;
  try {
    const check::Result result = check::run(request, context);
    CheckSummary summary{.patches = result.commits.size()};
    auto count = [&summary](const Finding& finding) {
      summary.errors += finding.severity == Severity::error;
      summary.warnings += finding.severity == Severity::warning;
      summary.checks += finding.severity == Severity::check;
    };
    for (const check::CommitReport& commit : result.commits) {
      std::for_each(commit.findings.begin(), commit.findings.end(), count);
    }
    std::for_each(result.series.begin(), result.series.end(), count);
    row.check = summary;
  } catch (const Error& e) {
    row.check_error = e.what();
  }
}

void run_route(git_repository& repo, const Options& options, const stack::Target& target,
               TopicRow& row) {
  try {
    // One thread per topic: the report already routes options.jobs topics at once.
    const route::SeriesRoute series = route::run(repo, target, {.cache = options.cache, .jobs = 1});
    std::vector<std::string> routes;
    for (const route::PatchRoute& patch : series.patches) {
      routes.push_back(patch.kind == route::Kind::via ? "via " + patch.section : patch.route());
    }
    row.route = summarize_route(routes);
  } catch (const Error& e) {
    row.route_error = e.what();
  }
}

nlohmann::json to_json(const TopicRow& row) {
  nlohmann::json check;
  if (row.check) {
    check = {{"patches", row.check->patches},
             {"errors", row.check->errors},
             {"warnings", row.check->warnings},
             {"checks", row.check->checks},
             {"clean", row.check->is_clean()}};
  }
  nlohmann::json json = stack::to_json(row.status);
  json["undeclared_depends"] = row.undeclared_depends;
  json["check"] = check;
  json["check_error"] = row.check_error;
  json["route"] = row.route;
  json["route_error"] = row.route_error;
  return json;
}

}  // namespace

bool Report::has_check_errors() const {
  return std::any_of(topics.begin(), topics.end(),
                     [](const TopicRow& row) { return row.check && row.check->errors > 0; });
}

std::string summarize_route(const std::vector<std::string>& patch_routes) {
  if (std::find(patch_routes.begin(), patch_routes.end(), "split") != patch_routes.end()) {
    return "split";
  }
  std::vector<std::string> distinct;
  for (const std::string& route : patch_routes) {
    if (std::find(distinct.begin(), distinct.end(), route) == distinct.end()) {
      distinct.push_back(route);
    }
  }
  std::string joined;
  for (const std::string& route : distinct) {
    joined += (joined.empty() ? "" : " + ") + route;
  }
  return joined;
}

Report build_report(git_repository& repo, const config::StackConfig& stack,
                    const Options& options) {
  stack::TopicsReport status = stack::topic_status(repo, stack);
  Report report{.stack_name = stack.stack.name, .description = stack.stack.description};
  report.topics.resize(status.topics.size());
  // Topics are independent: checked and routed on options.jobs threads, each with its own
  // repository handle (libgit2 handles are not shared between threads); rows keep stack order.
  const std::string path = git_repository_path(&repo);
  parallel_for_each_thread(report.topics.size(), options.jobs, [&]() -> Worker {
    auto own = std::make_shared<git::WorkerRepository>(path);
    return [&, own](std::size_t i) {
      const stack::TopicStatus& topic = status.topics[i];
      TopicRow row{.status = topic, .undeclared_depends = undeclared_depends(stack, topic)};
      git_repository& handle = *own->repository;
      if (const auto target = resolve(handle, stack, row)) {
        run_check(handle, stack, options, *target, row);
        run_route(handle, options, *target, row);
      }
      report.topics[i] = std::move(row);
    };
  });
  report.dot = graph_dot(stack, &status);
  if (!options.dot_executable.empty()) {
    report.svg = render_svg(options.dot_executable, report.dot);
  }
  return report;
}

nlohmann::json to_json(const Report& report) {
  nlohmann::json topics = nlohmann::json::array();
  for (const TopicRow& row : report.topics) {
    topics.push_back(to_json(row));
  }
  return {{"stack", report.stack_name},
          {"description", report.description},
          {"topics", topics},
          {"graph", {{"dot", report.dot}, {"svg_rendered", !report.svg.empty()}}}};
}

}  // namespace patchflow::report
