#include "patchflow/maintainers/request.hpp"

#include <nlohmann/json.hpp>

#include "patchflow/core/text.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/history_walk.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_read.hpp"
#include "patchflow/maintainers/source.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::maintainers {

FixSigners fix_signers_from(git_repository& repo) {
  return [&repo](const std::string& hex) -> std::optional<std::vector<std::string>> {
    const auto id = git::find_commit_prefix(repo, hex);
    if (!id) {
      return std::nullopt;
    }
    return signature_people(git::commit_message(repo, *id));
  };
}

namespace {

struct Prepared {
  std::vector<std::pair<std::string, std::string>> patches;  // label, text
  std::optional<git::Oid> tip;  // where --git walks history back from: the inputs' tip or HEAD
  Routing routing;
  AddHistory history;  // --git: history signals
  FixesPolicy fixes;
};

// Reads the inputs, the options and the MAINTAINERS source; routing.options.mailmap points into
// the result, so the Prepared must not move afterwards.
void prepare(const Request& request, const RepositoryProvider& repository, Prepared& out) {
  config::Policy policy;
  std::optional<git::Oid> routing_at;  // the tree MAINTAINERS is read from
  for (const std::string& input : request.inputs) {
    if (stack::names_patch_file(input)) {
      out.patches.emplace_back(input, text::read_file(input));  // throws naming the path
      continue;
    }
    const stack::Target target = stack::resolve_target(repository(), request.stack, input);
    for (const git::Oid& commit : target.commits) {
      out.patches.emplace_back(commit.short_hex(), git::commit_patch_text(repository(), commit));
    }
    out.tip = target.tip;
    routing_at = stack::routing_commit(target);  // the series' base, as every command routes
    policy = target.policy;
  }
  SourceRequest source = source_request(policy, request.rules);
  source.maintainers = request.maintainers;
  source.command_line = request.arguments;
  source.prints_listing = true;
  const bool from_repository = request.maintainers.empty();
  // --git needs the repository too: known only once the options are read, so a path source
  // reads them first.
  const Arguments path_arguments =
      from_repository ? Arguments{} : routing_arguments(nullptr, std::nullopt, source);
  // --sections prints no addresses, so no history either (the script turns --git off with it).
  const bool listing = !from_repository && lookup_options(path_arguments, source.rules).sections;
  const bool needs_repository =
      from_repository || (path_arguments.git.value_or(false) && !listing);
  if (!request.rev.empty() && needs_repository) {
    out.tip = git::resolve_commit(repository(), request.rev);
    routing_at = out.tip;
  }
  // Patch files made with format-patch --base say where they apply (else HEAD), as route
  // --check-cc and add-maintainers read them.
  if (!routing_at && from_repository) {
    std::vector<std::string> texts;
    for (const auto& [label, text] : out.patches) {
      texts.push_back(text);
    }
    routing_at = stack::mails_routing_commit(repository(), texts, "").commit;
  }
  if (!out.tip && needs_repository) {
    out.tip = git::resolve_commit(repository(), "HEAD");
  }
  if (!routing_at) {
    routing_at = out.tip;
  }
  out.routing = load_routing(from_repository ? &repository() : nullptr, routing_at, source);
  out.routing.options.mailmap = &out.routing.source.mailmap;
  const Arguments& arguments = out.routing.arguments;
  const bool git = arguments.git.value_or(false) && !out.routing.options.sections;
  if (git && !out.tip) {
    out.tip = git::resolve_commit(repository(), "HEAD");
  }
  if (git) {
    out.history = history_for(arguments, repository(), *out.tip, &out.routing.source.mailmap,
                              request.since, request.now);
  }
  out.fixes.max_maintainers = arguments.git_max_maintainers.value_or(out.fixes.max_maintainers);
  out.fixes.min_percent = arguments.git_min_percent.value_or(out.fixes.min_percent);
  if (from_repository || git) {
    out.fixes.signers = fix_signers_from(repository());
  }
}

Result lookup(const Prepared& prepared, const Scan& scan) {
  Result result = find_maintainers(*prepared.routing.source.database, scan,
                                   prepared.routing.options, prepared.fixes);
  result.origin = prepared.routing.source.origin;
  result.revision = prepared.routing.revision ? prepared.routing.revision->hex() : "";
  if (prepared.history) {
    prepared.history(result);
  }
  return result;
}

}  // namespace

Result run(const Request& request, const RepositoryProvider& repository) {
  Prepared prepared;
  prepare(request, repository, prepared);
  Scan scan;
  for (const auto& [label, text] : prepared.patches) {
    scan_patch(*prepared.routing.source.database, text, prepared.routing.options, scan);
  }
  scan_paths(request.paths, scan);
  return lookup(prepared, scan);
}

std::vector<std::pair<std::string, Result>> run_each(const Request& request,
                                                     const RepositoryProvider& repository) {
  Prepared prepared;
  prepare(request, repository, prepared);
  std::vector<std::pair<std::string, Result>> results;
  for (const auto& [label, text] : prepared.patches) {
    Scan scan;
    scan_patch(*prepared.routing.source.database, text, prepared.routing.options, scan);
    results.emplace_back(label, lookup(prepared, scan));
  }
  return results;
}

std::string format_text(const std::vector<std::pair<std::string, Result>>& results) {
  std::string out;
  for (const auto& [label, result] : results) {
    out += label + ":\n" + format_text(result) + "\n";
  }
  return out;
}

nlohmann::json to_json(const std::vector<std::pair<std::string, Result>>& results) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [label, result] : results) {
    nlohmann::json one = to_json(result);
    one["input"] = label;
    out.push_back(std::move(one));
  }
  return out;
}

}  // namespace patchflow::maintainers
