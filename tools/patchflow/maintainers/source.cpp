#include "patchflow/maintainers/source.hpp"

#include <filesystem>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/tree_read.hpp"

namespace patchflow::maintainers {

void require_xen_version(const Database& database) {
  if (database.rules() == Rules::xen && database.xen_file_version().empty()) {
    const std::string file =
        database.file_names().empty() ? "MAINTAINERS" : database.file_names().front();
    throw_usage(
        "not a Xen MAINTAINERS file: Xen's rules need a 'V: xen-maintainers-<version>' "
        "entry under THE REST",
        Where{.file = file});
  }
}

Source load_source_path(const std::string& path, bool find_maintainer_files, Rules rules) {
  Source source;
  source.origin = path;
  std::error_code ignored;
  if (!std::filesystem::is_directory(path, ignored)) {
    DirectoryProbe probe;
    if (rules == Rules::xen) {
      const std::filesystem::path top = std::filesystem::path(path).parent_path();
      probe = [top](const std::string& value) {
        std::error_code none;
        return std::filesystem::is_directory(top / value, none);
      };
    }
    source.database = load_database_file(path, probe, rules);
    require_xen_version(source.database);
    return source;
  }
  source.database = load_database_dir(path, find_maintainer_files, {}, rules);
  require_xen_version(source.database);
  const std::filesystem::path script =
      std::filesystem::path(path) / "scripts" / "get_maintainer.pl";
  if (std::filesystem::is_regular_file(script, ignored)) {
    source.database.set_penguin_chiefs(script_penguin_chiefs(text::read_file(script.string())));
  }
  const std::filesystem::path mailmap = std::filesystem::path(path) / ".mailmap";
  if (std::filesystem::is_regular_file(mailmap, ignored)) {
    source.mailmap = parse_mailmap(text::read_file(mailmap.string()));
  }
  return source;
}

Source load_source_commit(git_repository& repo, const git::Oid& commit,
                          const std::string& maintainers_path, bool find_maintainer_files,
                          Rules rules) {
  Source source;
  source.database.set_rules(rules);
  source.origin = maintainers_path + " at " + commit.short_hex();
  const git::TreeReader tree(repo, commit);
  // Directories and MAINTAINERS files come from the tree's index, read once per tree id.
  git::NamedBlobs indexed = git::named_blobs(repo, commit, "MAINTAINERS");
  const DirectoryProbe probe = [&indexed](const std::string& path) {
    return indexed.directories.count(path) != 0;
  };
  std::optional<std::string> content;
  for (auto& [path, text] : indexed.files) {
    if (path == maintainers_path) {
      content = std::move(text);
    }
  }
  if (!content) {
    content = tree.read(maintainers_path);
  }
  if (!content) {
    throw_usage("no '" + maintainers_path + "' in the tree of " + commit.short_hex(),
                Where{.ref = commit.hex()});
  }
  source.database.add_file(maintainers_path, std::move(*content), probe);
  if (find_maintainer_files) {
    for (auto& [path, text] : indexed.files) {
      if (path != maintainers_path) {
        source.database.add_file(path, std::move(text), probe);
      }
    }
  }
  require_xen_version(source.database);
  const std::size_t slash = maintainers_path.rfind('/');
  const std::string top = slash == std::string::npos ? "" : maintainers_path.substr(0, slash + 1);
  if (const auto script = tree.read(top + "scripts/get_maintainer.pl")) {
    source.database.set_penguin_chiefs(script_penguin_chiefs(*script));
  }
  if (const auto mailmap = tree.read(".mailmap")) {
    source.mailmap = parse_mailmap(*mailmap);
  }
  return source;
}

}  // namespace patchflow::maintainers
