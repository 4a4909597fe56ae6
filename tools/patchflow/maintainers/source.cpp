#include "patchflow/maintainers/source.hpp"

#include <charconv>
#include <filesystem>
#include <memory>
#include <mutex>
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
// <commit>-source-<digest of the request and the build>, as what it answers (the commit and the
// request), the .mailmap text and the parsed database: a commit id names the tree's content, so
// it is never stale, and a lookup then neither reads 550 MAINTAINERS blobs nor parses them. A
// file that cannot be read back whole by this build is a miss (read_source_commit then reads
// the tree).
constexpr std::string_view k_kept_source_magic = "patchflow routing source 2\n";

// What a kept source is the answer for: a commit's tree read with these parameters.
struct SourceKey {
  git::Oid commit;
  std::string maintainers_path;
  bool find_maintainer_files = false;
  Rules rules = Rules::linux;
  bool operator==(const SourceKey&) const = default;
};

std::string_view rules_word(Rules rules) { return rules == Rules::xen ? "xen" : "linux"; }

std::string kept_source_name(const SourceKey& key) {
  // The build is part of the key: another build reads none of this build's bytes back, and two
  // builds used in turn (a developer's and the installed one) would otherwise rewrite one file.
  const std::string request = key.maintainers_path + "\n" +
                              (key.find_maintainer_files ? "find" : "") + "\n" +
                              std::string(rules_word(key.rules)) + "\n" + program_build_id();
  return key.commit.hex() + "-source-" + git::digest(request).substr(0, 16);
}

// "MAINTAINERS at 1a2b3c4d5e6f"
std::string origin_of(const SourceKey& key) {
  return key.maintainers_path + " at " + key.commit.short_hex();
}

// The first lines of a kept source: what it answers, "<commit>\n<find or ->\n<rules>\n<path>\n".
std::string key_lines(const SourceKey& key) {
  return key.commit.hex() + "\n" + (key.find_maintainer_files ? "find" : "-") + "\n" +
         std::string(rules_word(key.rules)) + "\n" + key.maintainers_path + "\n";
}

struct KeptSource {
  SourceKey key;
  Source source;
};

// The kept source at path, with the key its first lines give; nullopt when it cannot be read
// back whole by this build.
std::optional<KeptSource> read_kept_source(const std::string& path) {
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
  auto line = [&bytes]() -> std::optional<std::string_view> {
    const std::size_t end = bytes.find('\n');
    if (end == std::string_view::npos) {
      return std::nullopt;
    }
    const std::string_view text = bytes.substr(0, end);
    bytes.remove_prefix(end + 1);
    return text;
  };
  const auto commit = line(), find = line(), rules = line(), maintainers_path = line();
  const std::optional<git::Oid> commit_id = commit ? git::Oid::parse_hex(*commit) : std::nullopt;
  if (!commit_id || !maintainers_path || maintainers_path->empty() ||
      (*find != "find" && *find != "-") ||
      (*rules != rules_word(Rules::xen) && *rules != rules_word(Rules::linux))) {
    return std::nullopt;
  }
  KeptSource out;
  out.key = {*commit_id, std::string(*maintainers_path), *find == "find",
             *rules == rules_word(Rules::xen) ? Rules::xen : Rules::linux};
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
  out.source.mailmap = parse_mailmap(bytes.substr(header, mailmap_size));
  out.source.database = std::make_shared<const Database>(std::move(*database));
  out.source.origin = origin_of(out.key);
  return out;
}

void write_kept_source(const std::string& path, const SourceKey& key, std::string_view mailmap,
                       const Database& database) {
  std::string data(k_kept_source_magic);
  data += key_lines(key);
  data += std::to_string(mailmap.size()) + "\n";
  data += mailmap;
  data += encode_database(database);
  if (text::write_kept_file(path, data)) {
    git::prune_tree_index(std::filesystem::path(path).parent_path());
  }
}

// Where the name of the kept source the last command that read one in the repository used is
// kept (what warm_last_source reads ahead): <common dir>/patchflow/last-routing-source, beside
// the tree index (whose files git::prune_tree_index counts).
std::filesystem::path last_source_path(const std::filesystem::path& tree_index) {
  return tree_index.parent_path() / "last-routing-source";
}

// Names the kept source name (in tree_index) as the last one read, unless it is already.
void remember_last_source(const std::filesystem::path& tree_index, const std::string& name) {
  const std::string path = last_source_path(tree_index).string();
  if (text::read_file_if_present(path) != name + "\n") {
    text::write_kept_file(path, name + "\n");
  }
}

Source read_source_commit(git_repository& repo, const SourceKey& key) {
  const git::Oid& commit = key.commit;
  const std::string& maintainers_path = key.maintainers_path;
  const std::string origin = origin_of(key);
  const std::filesystem::path directory = git::tree_index_directory(repo);
  const std::string name = kept_source_name(key);
  const std::string kept_path = (directory / name).string();
  if (std::optional<KeptSource> kept = read_kept_source(kept_path)) {
    if (kept->key == key) {
      remember_last_source(directory, name);
      return std::move(kept->source);
    }
  }
  Source source;
  auto database = std::make_shared<Database>();
  database->set_rules(key.rules);
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
  if (key.find_maintainer_files) {
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
  write_kept_source(kept_path, key, mailmap, *database);
  remember_last_source(directory, name);
  source.database = std::move(database);
  return source;
}

// The sources this process read, by what they answer: a commit id names the tree's content in
// every repository, so what was parsed for it is reused as is (report routes and checks 35
// topics on one base, each of which would parse U-Boot's 200 MAINTAINERS files again). Errors
// are not kept (they are rare and cheap).
class ParsedSources {
 public:
  std::optional<Source> find(const SourceKey& key) const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    for (const auto& [known, source] : m_parsed) {
      if (known == key) {
        return source;
      }
    }
    return std::nullopt;
  }

  void add(const SourceKey& key, const Source& source) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (m_parsed.size() >= 4) {  // a process routes with a few revisions at most; bound memory
      m_parsed.erase(m_parsed.begin());
    }
    m_parsed.emplace_back(key, source);
  }

 private:
  mutable std::mutex m_mutex;
  std::vector<std::pair<SourceKey, Source>> m_parsed;
};

ParsedSources& parsed_sources() {
  static ParsedSources sources;
  return sources;
}

// The common directory of the repository at path, as git finds it without searching upwards:
// path/.git (a directory, or a file "gitdir: DIR" of a linked work tree) or path itself when
// bare, then the "commondir" a linked work tree's git directory names. nullopt otherwise.
std::optional<std::filesystem::path> common_dir_at(const std::filesystem::path& path) {
  std::error_code ignored;
  std::filesystem::path git_dir = path / ".git";
  if (std::filesystem::is_regular_file(git_dir, ignored)) {
    const std::optional<std::string> link = text::read_file_if_present(git_dir.string());
    constexpr std::string_view prefix = "gitdir: ";
    if (!link || !link->starts_with(prefix)) {
      return std::nullopt;
    }
    git_dir = path / text::trim(std::string_view(*link).substr(prefix.size()));  // absolute: as is
  } else if (!std::filesystem::is_directory(git_dir, ignored)) {
    if (!std::filesystem::is_regular_file(path / "HEAD", ignored)) {
      return std::nullopt;
    }
    git_dir = path;
  }
  if (const auto common = text::read_file_if_present((git_dir / "commondir").string())) {
    return git_dir / text::trim(*common);
  }
  return git_dir;
}

void warm_from(const std::string& repository_path) {
  const std::optional<std::filesystem::path> common_dir = common_dir_at(repository_path);
  if (!common_dir) {
    return;
  }
  const std::filesystem::path directory = git::tree_index_directory(*common_dir);
  const std::optional<std::string> last =
      text::read_file_if_present(last_source_path(directory).string());
  if (!last || last->empty() || last->back() != '\n' ||
      last->find('/') != std::string::npos) {
    return;
  }
  std::optional<KeptSource> kept =
      read_kept_source((directory / std::string_view(*last).substr(0, last->size() - 1)).string());
  if (kept && !parsed_sources().find(kept->key)) {
    parsed_sources().add(kept->key, kept->source);
  }
}

}  // namespace

void warm_last_source(const std::string& repository_path) noexcept {
  try {
    warm_from(repository_path);
  } catch (const std::exception&) {
    // only a guess: whatever went wrong, load_source_commit reads the source as it would have
  }
}

Source load_source_commit(git_repository& repo, const git::Oid& commit,
                          const std::string& maintainers_path, bool find_maintainer_files,
                          Rules rules) {
  const SourceKey key{commit, maintainers_path, find_maintainer_files, rules};
  if (std::optional<Source> parsed = parsed_sources().find(key)) {
    return std::move(*parsed);
  }
  Source source = read_source_commit(repo, key);
  parsed_sources().add(key, source);
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
