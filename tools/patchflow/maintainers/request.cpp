#include "patchflow/maintainers/request.hpp"

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
  std::optional<git::Oid> tip;
  Source source;
  Options options;
  FixesPolicy fixes;
};

// Reads the inputs and the MAINTAINERS source; options.mailmap points into the result, so the
// Prepared must not move afterwards.
void prepare(const Request& request, const RepositoryProvider& repository, Prepared& out) {
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
  }
  const bool from_repository = request.maintainers.empty();
  if (!request.rev.empty() && (from_repository || request.git)) {
    out.tip = git::resolve_commit(repository(), request.rev);
  } else if (!out.tip && (from_repository || request.git)) {
    out.tip = git::resolve_commit(repository(), "HEAD");
  }
  out.source = from_repository
                   ? load_source_commit(repository(), *out.tip, request.maintainers_path,
                                        request.find_maintainer_files, request.options.rules)
                   : load_source_path(request.maintainers, request.find_maintainer_files,
                                      request.options.rules);
  out.options = request.options;
  out.options.mailmap = &out.source.mailmap;
  if (from_repository || request.git) {
    out.fixes.signers = fix_signers_from(repository());
  }
}

Result lookup(const Request& request, const RepositoryProvider& repository,
              const Prepared& prepared, const Scan& scan) {
  Result result =
      find_maintainers(prepared.source.database, scan, prepared.options, prepared.fixes);
  if (request.git) {
    std::vector<std::string> files;
    for (const std::string& f : result.files) {
      if (f != "dev/null") files.push_back(f);
    }
    add_history_signals(result, history_signals(repository(), *prepared.tip, files, request.history,
                                                &prepared.source.mailmap));
  }
  return result;
}

}  // namespace

Result run(const Request& request, const RepositoryProvider& repository) {
  Prepared prepared;
  prepare(request, repository, prepared);
  Scan scan;
  for (const auto& [label, text] : prepared.patches) {
    scan_patch(prepared.source.database, text, prepared.options, scan);
  }
  scan_paths(request.paths, scan);
  return lookup(request, repository, prepared, scan);
}

std::vector<std::pair<std::string, Result>> run_each(const Request& request,
                                                     const RepositoryProvider& repository) {
  Prepared prepared;
  prepare(request, repository, prepared);
  std::vector<std::pair<std::string, Result>> results;
  for (const auto& [label, text] : prepared.patches) {
    Scan scan;
    scan_patch(prepared.source.database, text, prepared.options, scan);
    results.emplace_back(label, lookup(request, repository, prepared, scan));
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
