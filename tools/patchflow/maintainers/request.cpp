#include "patchflow/maintainers/request.hpp"

#include <filesystem>

#include "patchflow/core/text.hpp"
#include "patchflow/git/history_walk.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_read.hpp"
#include "patchflow/maintainers/source.hpp"

namespace patchflow::maintainers {

namespace {

std::vector<git::Oid> range_commits(git_repository& repo, const std::string& range) {
  const std::size_t dots = range.find("..");
  if (dots == std::string::npos) {
    return {git::resolve_commit(repo, range)};
  }
  const git::Oid hide = git::resolve_commit(repo, range.substr(0, dots));
  const git::Oid tip = git::resolve_commit(repo, range.substr(dots + 2));
  return git::commits_between(repo, {hide}, tip);
}

}  // namespace

FixSigners fix_signers_from(git_repository& repo) {
  return [&repo](const std::string& hex) -> std::optional<std::vector<std::string>> {
    const auto id = git::find_commit_prefix(repo, hex);
    if (!id) {
      return std::nullopt;
    }
    std::vector<std::string> signers;
    for (const git::CommitInfo& info : git::walk_commits(repo, *id)) {
      for (std::string_view line : text::split_lines(info.message)) {
        line = text::trim(line);
        for (const std::string_view tag : {"Signed-off-by:", "Reviewed-by:", "Acked-by:"}) {
          if (line.substr(0, tag.size()) == tag && line.find('@') != std::string_view::npos) {
            signers.emplace_back(text::trim(line.substr(tag.size())));
          }
        }
      }
      break;  // only the commit itself
    }
    return signers;
  };
}

Result run(const Request& request, const RepositoryProvider& repository) {
  std::vector<std::string> patch_texts;
  std::optional<git::Oid> tip;
  for (const std::string& input : request.inputs) {
    std::error_code ignored;
    if (std::filesystem::is_regular_file(input, ignored)) {
      patch_texts.push_back(text::read_file(input));
      continue;
    }
    for (const git::Oid& commit : range_commits(repository(), input)) {
      patch_texts.push_back(git::commit_patch_text(repository(), commit));
      tip = commit;
    }
  }
  const bool from_repository = request.maintainers.empty();
  if (!request.rev.empty() && (from_repository || request.git)) {
    tip = git::resolve_commit(repository(), request.rev);
  } else if (!tip && (from_repository || request.git)) {
    tip = git::resolve_commit(repository(), "HEAD");
  }
  const Source source =
      from_repository ? load_source_commit(repository(), *tip, request.maintainers_path,
                                           request.find_maintainer_files)
                      : load_source_path(request.maintainers, request.find_maintainer_files);
  Options options = request.options;
  options.mailmap = &source.mailmap;
  Scan scan;
  for (const std::string& text : patch_texts) {
    scan_patch(source.database, text, options, scan);
  }
  scan_paths(request.paths, scan);
  FixesPolicy fixes;
  if (from_repository || request.git) {
    fixes.signers = fix_signers_from(repository());
  }
  Result result = find_maintainers(source.database, scan, options, fixes);
  if (request.git) {
    std::vector<std::string> files;
    for (const std::string& f : result.files) {
      if (f != "dev/null") files.push_back(f);
    }
    add_history_signals(result,
                        history_signals(repository(), *tip, files, request.history, &source.mailmap));
  }
  return result;
}

}  // namespace patchflow::maintainers
