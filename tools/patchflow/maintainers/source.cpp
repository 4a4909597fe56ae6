#include "patchflow/maintainers/source.hpp"

#include <filesystem>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/tree_read.hpp"

namespace patchflow::maintainers {

Source load_source_path(const std::string& path, bool find_maintainer_files) {
  Source source;
  source.origin = path;
  std::error_code ignored;
  if (!std::filesystem::is_directory(path, ignored)) {
    source.database = load_database_file(path);
    return source;
  }
  source.database = load_database_dir(path, find_maintainer_files);
  const std::filesystem::path mailmap = std::filesystem::path(path) / ".mailmap";
  if (std::filesystem::is_regular_file(mailmap, ignored)) {
    source.mailmap = parse_mailmap(text::read_file(mailmap.string()));
  }
  return source;
}

Source load_source_commit(git_repository& repo, const git::Oid& commit,
                          const std::string& maintainers_path, bool find_maintainer_files) {
  Source source;
  source.origin = maintainers_path + " at " + commit.short_hex();
  const git::TreeReader tree(repo, commit);
  const DirectoryProbe probe = [&tree](const std::string& path) { return tree.is_directory(path); };
  auto content = tree.read(maintainers_path);
  if (!content) {
    throw_usage("no '" + maintainers_path + "' in the tree of " + commit.short_hex(),
                Where{.ref = commit.hex()});
  }
  source.database.add_file(maintainers_path, std::move(*content), probe);
  if (find_maintainer_files) {
    for (const std::string& path : tree.find_named("MAINTAINERS")) {
      if (path != maintainers_path) {
        source.database.add_file(path, *tree.read(path), probe);
      }
    }
  }
  if (const auto mailmap = tree.read(".mailmap")) {
    source.mailmap = parse_mailmap(*mailmap);
  }
  return source;
}

}  // namespace patchflow::maintainers
