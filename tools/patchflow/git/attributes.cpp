#include "patchflow/git/attributes.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>

#include "patchflow/core/text.hpp"
#include "patchflow/git/config.hpp"
#include "patchflow/git/result_cache.hpp"

namespace patchflow::git {
namespace {

std::string file_answer(const std::filesystem::path& file) {
  const std::optional<std::string> content = text::read_file_if_present(file.string());
  return content ? digest(*content) : "-";
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
  return "config\n" + config_entries(*config, {"diff", "core"}) + "attributes\n" +
         describe_global_attribute_sources(repo);
}

std::string describe_attribute_sources(git_repository& repo,
                                       const std::vector<std::string>& paths) {
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
  const char* workdir = git_repository_workdir(&repo);
  if (workdir == nullptr) {
    return out;  // a bare repository: no work tree files
  }
  for (const std::string& dir : directories) {
    const std::string file = dir + ".gitattributes";
    add("work tree " + file, file_answer(std::filesystem::path(workdir) / file));
  }
  return out;
}

namespace {

std::mutex g_scopes_mutex;
std::map<const git_repository*, int> g_scopes;  // handle -> scopes open on it

}  // namespace

AttributeIndexScope::AttributeIndexScope(git_repository& handle) : m_handle(&handle) {
  {
    const std::lock_guard lock(g_scopes_mutex);
    if (g_scopes[m_handle]++ > 0) {
      return;  // an outer scope installed it
    }
  }
  try {
    git_index* raw = nullptr;
    check(git_index_new(&raw), "cannot create an index");
    const Index empty(raw);
    check(git_repository_set_index(&handle, empty.get()), "cannot set the index");
  } catch (...) {
    const std::lock_guard lock(g_scopes_mutex);
    g_scopes.erase(m_handle);
    throw;
  }
}

AttributeIndexScope::~AttributeIndexScope() {
  const std::lock_guard lock(g_scopes_mutex);
  if (--g_scopes[m_handle] == 0) {
    g_scopes.erase(m_handle);
    git_repository_set_index(m_handle, nullptr);  // cannot fail: only drops the reference
  }
}

}  // namespace patchflow::git
