#include "patchflow/git/attributes.hpp"

#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "patchflow/core/text.hpp"
#include "patchflow/git/config.hpp"
#include "patchflow/git/result_cache.hpp"

namespace patchflow::git {
namespace {

std::string file_answer(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return "-";
  }
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return digest(content);
}

// The directories libgit2's search path for level holds (GIT_OPT_GET_SEARCH_PATH): where it
// looks for the system and XDG attribute files.
std::vector<std::string> search_path(git_config_level_t level) {
  Buffer buffer;
  check(git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, &buffer.buf), "cannot read search path");
  return text::split(buffer.str(), GIT_PATH_LIST_SEPARATOR);
}

}  // namespace

std::string describe_global_attribute_sources(git_repository& repo) {
  std::string out;
  auto add = [&out](const std::string& name, const std::string& answer) {
    out += name + " " + answer + "\n";
  };
  for (const std::string& dir : search_path(GIT_CONFIG_LEVEL_SYSTEM)) {
    add("system " + dir, file_answer(std::filesystem::path(dir) / "gitattributes"));
  }
  const Config config = open_config(&repo);
  Buffer global;
  const int rc = git_config_get_path(&global.buf, config.get(), "core.attributesfile");
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    for (const std::string& dir : search_path(GIT_CONFIG_LEVEL_XDG)) {
      add("xdg " + dir, file_answer(std::filesystem::path(dir) / "attributes"));
    }
  } else {
    check(rc, "cannot read git configuration 'core.attributesfile'");
    add("core.attributesfile " + global.str(), file_answer(global.str()));
  }
  Buffer info;
  check(git_repository_item_path(&info.buf, &repo, GIT_REPOSITORY_ITEM_INFO),
        "cannot find the info directory");
  add("info", file_answer(std::filesystem::path(info.str()) / "attributes"));
  return out;
}

std::string describe_diff_settings(git_repository& repo) {
  const Config config = open_config(&repo);
  return "config\n" + config_entries(*config, "^(diff|core)\\.") + "attributes\n" +
         describe_global_attribute_sources(repo);
}

AttributeSources::AttributeSources(git_repository& repo) {
  const char* workdir = git_repository_workdir(&repo);
  m_workdir = workdir != nullptr ? workdir : "";
  Buffer index_path;
  check(git_repository_item_path(&index_path.buf, &repo, GIT_REPOSITORY_ITEM_INDEX),
        "cannot find the index");
  const std::string path = index_path.str();
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) {
    return;  // no index (a bare repository): nothing in it to read attributes from
  }
  // An index rewritten within the file system's time resolution could keep its times: one
  // written in the last two seconds is read, not trusted to its state (git's racy-index rule).
  const bool settled = std::time(nullptr) - status.st_mtim.tv_sec > 2;
  const ResultCache kept = settled ? ResultCache::of(repo, "index-attributes") : ResultCache();
  Description state;
  state.add("index", path)
      .add("size", static_cast<long long>(status.st_size))
      .add("inode", static_cast<long long>(status.st_ino))
      .add("mtime",
           std::to_string(status.st_mtim.tv_sec) + "." + std::to_string(status.st_mtim.tv_nsec))
      .add("ctime",
           std::to_string(status.st_ctim.tv_sec) + "." + std::to_string(status.st_ctim.tv_nsec));
  const std::string key = digest(std::move(state).text());
  if (const auto value = kept.find(key)) {
    for (const std::string_view line : text::split_lines(*value)) {
      if (line.size() > 41 && line[40] == ' ') {
        m_index_files.emplace(std::string(line.substr(41)), std::string(line.substr(0, 40)));
      }
    }
    return;
  }
  git_index* raw = nullptr;
  check(git_index_open(&raw, path.c_str()), "cannot read the index '" + path + "'");
  const Index index(raw);
  std::string text;
  const std::size_t count = git_index_entrycount(index.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    const std::string_view name = entry->path;
    if (GIT_INDEX_ENTRY_STAGE(entry) != 0 ||
        !(name == ".gitattributes" || name.ends_with("/.gitattributes"))) {
      continue;
    }
    const std::string id = Oid(entry->id).hex();
    m_index_files.emplace(std::string(name), id);
    text += id + " " + std::string(name) + "\n";
  }
  kept.store(key, text);
}

std::string AttributeSources::describe(const std::vector<std::string>& paths) const {
  std::string out;
  auto add = [&out](const std::string& name, const std::string& answer) {
    out += name + " " + answer + "\n";
  };
  std::set<std::string> directories{""};
  for (const std::string& path : paths) {
    for (std::size_t slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      directories.insert(path.substr(0, slash + 1));
    }
  }
  for (const std::string& dir : directories) {
    const std::string file = dir + ".gitattributes";
    if (!m_workdir.empty()) {
      add("work tree " + file, file_answer(std::filesystem::path(m_workdir) / file));
    }
    const auto indexed = m_index_files.find(file);
    add("index " + file, indexed != m_index_files.end() ? indexed->second : "-");
  }
  return out;
}

}  // namespace patchflow::git
