#include "patchflow/maintainers/source.hpp"

#include <charconv>
#include <filesystem>
#include <memory>
#include <mutex>
#include <tuple>
#include <utility>

#include "patchflow/core/build_id.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/core/mapped_file.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/result_cache.hpp"
#include "patchflow/git/tree_read.hpp"
#include "patchflow/maintainers/kept_database.hpp"
#include "patchflow/maintainers/lookup.hpp"

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
    auto database = std::make_shared<Database>(load_database_file(path, probe, rules));
    require_xen_version(*database);
    source.database = std::move(database);
    return source;
  }
  auto database =
      std::make_shared<Database>(load_database_dir(path, find_maintainer_files, {}, rules));
  require_xen_version(*database);
  const std::filesystem::path script =
      std::filesystem::path(path) / "scripts" / "get_maintainer.pl";
  if (std::filesystem::is_regular_file(script, ignored)) {
    database->set_penguin_chiefs(script_penguin_chiefs(text::read_file(script.string())));
  }
  source.database = std::move(database);
  const std::filesystem::path mailmap = std::filesystem::path(path) / ".mailmap";
  if (std::filesystem::is_regular_file(mailmap, ignored)) {
    source.mailmap = parse_mailmap(text::read_file(mailmap.string()));
  }
  return source;
}

namespace {

// A commit's routing source is kept in the repository, in git::tree_index_directory:
// <commit>-source-<digest of the request and the build>, as the .mailmap text and the parsed
// database: a commit id names the tree's content, so it is never stale, and a lookup then
// neither reads 550 MAINTAINERS blobs nor parses them. A file that cannot be read back whole by
// this build is a miss (read_source_commit then reads the tree).
constexpr std::string_view k_kept_source_magic = "patchflow routing source 1\n";

std::string kept_source_path(git_repository& repo, const git::Oid& commit,
                             const std::string& maintainers_path, bool find_maintainer_files,
                             Rules rules) {
  // The build is part of the key: another build reads none of this build's bytes back, and two
  // builds used in turn (a developer's and the installed one) would otherwise rewrite one file.
  const std::string request = maintainers_path + "\n" + (find_maintainer_files ? "find" : "") +
                              "\n" + (rules == Rules::xen ? "xen" : "linux") + "\n" +
                              program_build_id();
  return (git::tree_index_directory(repo) /
          (commit.hex() + "-source-" + git::digest(request).substr(0, 16)))
      .string();
}

std::optional<Source> read_kept_source(const std::string& path, const std::string& origin) {
  std::optional<MappedFile> mapped = MappedFile::open(path);
  if (!mapped) {
    return std::nullopt;
  }
  // Shared: the database decoded from it views its bytes.
  const auto kept = std::make_shared<const MappedFile>(std::move(*mapped));
  std::string_view bytes = kept->bytes();
  if (bytes.substr(0, k_kept_source_magic.size()) != k_kept_source_magic) {
    return std::nullopt;
  }
  bytes.remove_prefix(k_kept_source_magic.size());
  // "<size of .mailmap>\n", its bytes, then the database.
  std::size_t mailmap_size = 0;
  const auto [next, ec] = std::from_chars(bytes.data(), bytes.data() + bytes.size(), mailmap_size);
  const std::size_t header = static_cast<std::size_t>(next - bytes.data()) + 1;
  if (ec != std::errc() || next == bytes.data() + bytes.size() || *next != '\n' ||
      mailmap_size > bytes.size() - header) {
    return std::nullopt;
  }
  std::optional<Database> database = decode_database(bytes.substr(header + mailmap_size), kept);
  if (!database) {
    return std::nullopt;
  }
  Source source;
  source.mailmap = parse_mailmap(bytes.substr(header, mailmap_size));
  source.database = std::make_shared<const Database>(std::move(*database));
  source.origin = origin;
  return source;
}

void write_kept_source(const std::string& path, std::string_view mailmap,
                       const Database& database) {
  std::string data(k_kept_source_magic);
  data += std::to_string(mailmap.size()) + "\n";
  data += mailmap;
  data += encode_database(database);
  if (text::write_kept_file(path, data)) {
    git::prune_tree_index(std::filesystem::path(path).parent_path());
  }
}

Source read_source_commit(git_repository& repo, const git::Oid& commit,
                          const std::string& maintainers_path, bool find_maintainer_files,
                          Rules rules) {
  const std::string origin = maintainers_path + " at " + commit.short_hex();
  const std::string kept_path =
      kept_source_path(repo, commit, maintainers_path, find_maintainer_files, rules);
  if (std::optional<Source> kept = read_kept_source(kept_path, origin)) {
    return std::move(*kept);
  }
  Source source;
  auto database = std::make_shared<Database>();
  database->set_rules(rules);
  source.origin = origin;
  const git::TreeReader tree(repo, commit);
  // Directories and MAINTAINERS files come from the tree's index, read once per tree id.
  git::NamedBlobs indexed = git::named_blobs(repo, commit, "MAINTAINERS");
  const DirectoryProbe probe = directory_set_probe(indexed.directories);
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
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back(maintainers_path, std::move(*content));
  if (find_maintainer_files) {
    for (auto& [path, text] : indexed.files) {
      if (path != maintainers_path) {
        files.emplace_back(path, std::move(text));
      }
    }
  }
  database->add_files(std::move(files), probe, k_load_jobs);
  require_xen_version(*database);
  const std::size_t slash = maintainers_path.rfind('/');
  const std::string top = slash == std::string::npos ? "" : maintainers_path.substr(0, slash + 1);
  if (const auto script = tree.read(top + "scripts/get_maintainer.pl")) {
    database->set_penguin_chiefs(script_penguin_chiefs(*script));
  }
  const std::string mailmap = tree.read(".mailmap").value_or("");
  source.mailmap = parse_mailmap(mailmap);
  write_kept_source(kept_path, mailmap, *database);
  source.database = std::move(database);
  return source;
}

}  // namespace

Source load_source_commit(git_repository& repo, const git::Oid& commit,
                          const std::string& maintainers_path, bool find_maintainer_files,
                          Rules rules) {
  // A commit id names the tree's content in every repository, so what was parsed for it is
  // reused as is: report routes and checks 35 topics on one base, each of which would parse
  // U-Boot's 200 MAINTAINERS files again. Errors are not kept (they are rare and cheap).
  using Key = std::tuple<git::Oid, std::string, bool, Rules>;
  static std::mutex mutex;
  static std::vector<std::pair<Key, Source>> parsed;
  Key key{commit, maintainers_path, find_maintainer_files, rules};
  {
    const std::lock_guard<std::mutex> lock(mutex);
    for (const auto& [known, source] : parsed) {
      if (known == key) {
        return source;
      }
    }
  }
  Source source = read_source_commit(repo, commit, maintainers_path, find_maintainer_files, rules);
  const std::lock_guard<std::mutex> lock(mutex);
  if (parsed.size() >= 4) {  // a process routes with a few revisions at most; bound the memory
    parsed.erase(parsed.begin());
  }
  parsed.emplace_back(std::move(key), source);
  return source;
}

SourceRequest source_request(const config::Policy& policy, const std::string& given_rules) {
  SourceRequest request;
  request.maintainers_path = policy.maintainers;
  request.rules = rules_named(given_rules.empty() ? policy.maintainers_rules : given_rules);
  for (const auto& [text, where] : policy.maintainers_options) {
    for (Argument& arg : split_arguments(text, where, false)) {
      request.policy_options.push_back(std::move(arg));
    }
  }
  return request;
}

Arguments routing_arguments(git_repository* repo, const std::optional<git::Oid>& commit,
                            const SourceRequest& request) {
  std::vector<Argument> args;
  const std::string name(k_options_file);
  if (!request.maintainers.empty()) {
    std::error_code ignored;
    const std::filesystem::path file = std::filesystem::path(request.maintainers) / name;
    if (std::filesystem::is_directory(request.maintainers, ignored) &&
        std::filesystem::is_regular_file(file, ignored)) {
      args = split_arguments(text::read_file(file.string()), Where{.file = file.string()}, true);
    }
  } else if (repo != nullptr && commit) {
    if (const auto conf = git::read_blob_at(*repo, *commit, name)) {
      args = split_arguments(*conf, Where{.file = name, .ref = commit->hex()}, true);
    }
  }
  args.insert(args.end(), request.policy_options.begin(), request.policy_options.end());
  args.insert(args.end(), request.command_line.begin(), request.command_line.end());
  Arguments arguments;
  apply_arguments(args, arguments);
  return arguments;
}

Routing load_routing(git_repository* repo, const std::optional<git::Oid>& commit,
                     const SourceRequest& request) {
  return load_routing(repo, commit, request, routing_arguments(repo, commit, request));
}

Routing load_routing(git_repository* repo, const std::optional<git::Oid>& commit,
                     const SourceRequest& request, Arguments arguments) {
  Routing routing;
  routing.arguments = std::move(arguments);
  routing.options = lookup_options(routing.arguments, request.rules);
  if (routing.options.sections && !request.prints_listing) {
    const Where& where = routing.arguments.listing_where;
    throw_usage("get_maintainer.pl options '--sections' and '--letters'" +
                    std::string(where.file.empty() ? " on the command line" : "") +
                    " only apply to 'patchflow maintainers': they print sections, not recipients",
                where);
  }
  const bool find_files = routing.arguments.find_maintainer_files.value_or(false);
  if (!request.maintainers.empty()) {
    routing.maintainers_path = request.maintainers;
    routing.source = load_source_path(request.maintainers, find_files, request.rules);
  } else {
    if (repo == nullptr || !commit) {
      throw_usage("no MAINTAINERS: give --maintainers or a repository");
    }
    routing.maintainers_path = maintainers_path_in_tree(routing.arguments, request.maintainers_path);
    routing.revision = *commit;
    routing.source =
        load_source_commit(*repo, *commit, routing.maintainers_path, find_files, request.rules);
  }
  if (routing.arguments.mailmap == false) {
    routing.source.mailmap = Mailmap{};
  }
  return routing;
}

}  // namespace patchflow::maintainers
