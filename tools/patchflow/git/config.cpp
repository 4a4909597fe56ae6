#include "patchflow/git/config.hpp"

#include <algorithm>

namespace patchflow::git {

std::optional<Repository> discover_repository(const std::string& path) {
  git_repository* raw = nullptr;
  ensure_library();
  const int rc = git_repository_open_ext(&raw, path.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "cannot open repository", Where{.file = path});
  return Repository(raw);
}

Config open_config(git_repository* repo) {
  git_config* live = nullptr;
  if (repo != nullptr) {
    check(git_repository_config(&live, repo), "cannot read git configuration");
  } else {
    ensure_library();
    check(git_config_open_default(&live), "cannot read git configuration");
  }
  Config owned_live(live);
  // A snapshot: values read together come from one consistent state of the files.
  git_config* snapshot = nullptr;
  check(git_config_snapshot(&snapshot, owned_live.get()), "cannot read git configuration");
  return Config(snapshot);
}

std::optional<std::string> config_string(git_config& config, const std::string& key) {
  Buffer value;
  const int rc = git_config_get_string_buf(&value.buf, &config, key.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "cannot read git configuration '" + key + "'");
  return value.str();
}

std::optional<Identity> user_identity(git_config& config) {
  std::optional<std::string> name = config_string(config, "user.name");
  std::optional<std::string> email = config_string(config, "user.email");
  if (!name || !email) {
    return std::nullopt;
  }
  return Identity{.name = std::move(*name), .email = std::move(*email)};
}

std::string config_entries(git_config& config, const std::vector<std::string>& sections) {
  struct Payload {
    const std::vector<std::string>& sections;
    std::string out;
  } payload{.sections = sections};
  const auto add = [](const git_config_entry* entry, void* opaque) {
    Payload& p = *static_cast<Payload*>(opaque);
    const std::string_view name = entry->name;
    const bool wanted = std::any_of(p.sections.begin(), p.sections.end(), [&](const auto& section) {
      return name.size() > section.size() && name.starts_with(section) && name[section.size()] == '.';
    });
    if (wanted) {
      p.out.append(name) += '=';
      p.out += entry->value != nullptr ? entry->value : "(no value)";
      p.out += '\n';
    }
    return 0;
  };
  // No regular expression: libgit2 1.5 leaves PCRE2 match data behind for each entry a pattern
  // is matched against (about 20 KB each, 6 MB over a 34-topic report).
  check(git_config_foreach_match(&config, nullptr, add, &payload),
        "cannot read git configuration");
  return std::move(payload.out);
}

std::optional<int> config_int(git_config& config, const std::string& key) {
  int32_t value = 0;
  const int rc = git_config_get_int32(&value, &config, key.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  if (rc != 0) {
    git_error_clear();
    throw_usage("git configuration '" + key + "' is not a number");
  }
  return value;
}

}  // namespace patchflow::git
