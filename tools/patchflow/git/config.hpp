#pragma once
// Reading git configuration in-process, and finding the repository a command runs in.
#include <optional>
#include <string>
#include <vector>

#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// The repository at or above path, or nullopt when there is none (any other failure throws).
std::optional<Repository> discover_repository(const std::string& path);

// A snapshot of the configuration git would use: the repository's (local, global, system) when
// repo is given, else the global and system files only.
Config open_config(git_repository* repo);

// The value of key (e.g. "sendemail.smtpServer"), or nullopt when unset.
std::optional<std::string> config_string(git_config& config, const std::string& key);
// The user's identity as git takes it from the configuration: user.name and user.email (time
// left 0); nullopt when either is unset.
std::optional<Identity> user_identity(git_config& config);
// Every entry of the given sections (e.g. {"diff", "core"}: names starting "diff." or "core."),
// as "name=value" lines in the order the files give them: what a cache key holds of settings
// that shape a diff.
std::string config_entries(git_config& config, const std::vector<std::string>& sections);
// Like config_string for integers; throws Error{usage} naming the key when it is not one.
std::optional<int> config_int(git_config& config, const std::string& key);

}  // namespace patchflow::git
