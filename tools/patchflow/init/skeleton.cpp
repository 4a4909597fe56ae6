#include "patchflow/init/skeleton.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "patchflow/core/error.hpp"
#include "patchflow/core/regex.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::init {
namespace {
namespace fs = std::filesystem;

// Unique file names for names that slug alike ("xen/a-b", "xen-a/b"): later ones get "-2"...
std::map<std::string, std::string> slugs(const std::vector<std::string>& names) {
  std::map<std::string, std::string> result;
  std::set<std::string> taken;
  for (const std::string& name : names) {
    std::string candidate = slug(name);
    for (int n = 2; !taken.insert(candidate).second; ++n) {
      candidate = slug(name) + "-" + std::to_string(n);
    }
    result[name] = candidate;
  }
  return result;
}

std::string yaml_list(const std::vector<std::string>& items) {
  std::string list = "[";
  for (const std::string& item : items) {
    list += (list.size() > 1 ? ", " : "") + yaml_scalar(item);
  }
  return list + "]";
}

std::string stack_yaml(const Discovery& discovery, const SkeletonOptions& options) {
  return "# Written by 'patchflow init' from the branches matching '" + discovery.pattern +
         "'.\n"
         "name: " +
         yaml_scalar(options.stack_name) +
         "\n"
         "description: " +
         yaml_scalar("Topics of " + options.component + " on " + discovery.mainline) +
         "\n"
         "# The repository holding the branches, relative to this directory (--repo overrides).\n"
         "repository: " +
         yaml_scalar(options.repository) +
         "\n"
         "components:\n"
         "  - name: " +
         yaml_scalar(options.component) +
         "\n"
         "    mainline: " +
         yaml_scalar(discovery.mainline) +
         "\n"
         "    policy: " +
         yaml_scalar(options.component) + "\n";
}

std::string topic_yaml(const DiscoveredTopic& topic, const Discovery& discovery,
                       const SkeletonOptions& options) {
  std::string yaml = "# Discovered by 'patchflow init': branch '" + topic.branch + "', " +
                     std::to_string(topic.ahead) + " commit(s) ahead of '" + discovery.mainline +
                     "'.\n"
                     "name: " +
                     yaml_scalar(topic.branch) + "\ncomponent: " + yaml_scalar(options.component) +
                     "\nbranch: " + yaml_scalar(topic.branch) + "\n";
  yaml += topic.depends.empty()
              ? "# No other topic's commits are in this branch; declare what it needs.\n"
              : "# Guessed from ancestry: this branch contains these topics' commits.\n";
  yaml += "depends: " + yaml_list(topic.depends) + "\n";
  yaml += "# summary: and cover: give 'patchflow series' its cover letter.\n";
  return yaml;
}

std::string merge_branch_yaml(const Discovery& discovery, const std::string& name,
                              const std::string& comment) {
  std::string yaml = comment + "name: " + yaml_scalar(name) +
                     "\nbase: " + yaml_scalar(discovery.mainline) + "\ntopics:";
  const std::vector<std::string> order = dependency_order(discovery.topics);
  if (order.empty()) {
    return yaml + " []\n";
  }
  yaml += "\n";
  for (const std::string& topic : order) {
    yaml += "  - " + yaml_scalar(topic) + "\n";
  }
  return yaml;
}

std::string policy_yaml(const SkeletonOptions& options) {
  return "# The default policy of '" + options.component +
         "' (see the README's 'Checking a series'); every key but name is optional.\n"
         "name: " +
         yaml_scalar(options.component) +
         "\n"
         "maintainers: MAINTAINERS\n"
         "# xen-paths: [\"arch/x86/xen/**\", \"drivers/xen/**\"]   # code that goes up directly\n"
         "# direct-maintainer: Name <name@example.org>\n"
         "# subject-prefix: '^[a-z0-9_/-]+: '\n"
         "# build: make -s\n"
         "# always-cc: [\"list@example.org\"]\n";
}

bool is_empty_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
}

// The first file that says a stack is already in dir, or "".
std::string existing_stack_file(const fs::path& dir, const Files& files) {
  std::error_code ec;
  if (fs::exists(dir / "stack/stack.yaml", ec)) {
    return "stack/stack.yaml";
  }
  for (const auto& [relative, content] : files) {
    if (fs::exists(dir / relative, ec)) {
      return relative;
    }
  }
  for (const char* folder : {"topics", "merge-branches", "policies"}) {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(dir / folder, ec)) {
      if (entry.path().extension() == ".yaml") {
        found.push_back(std::string(folder) + "/" + entry.path().filename().string());
      }
    }
    if (!found.empty()) {
      return *std::min_element(found.begin(), found.end());
    }
  }
  return {};
}

void write_all(const fs::path& dir, const Files& files, std::vector<fs::path>* written) {
  for (const auto& [relative, content] : files) {
    const fs::path path = dir / relative;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    text::write_file_atomically(path.string(), content);
    if (written != nullptr) {
      written->push_back(path);
    }
  }
}

}  // namespace

std::string slug(const std::string& name) {
  std::string result;
  for (const char c : name) {
    const bool keep =
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    result += keep ? c : '-';
  }
  while (!result.empty() && (result.front() == '.' || result.front() == '-')) {
    result.erase(result.begin());
  }
  return result.empty() ? "topic" : result;
}

std::string yaml_scalar(const std::string& value) {
  static const Regex plain("[A-Za-z_][A-Za-z0-9_./-]*");
  static const Regex reserved("(y|yes|n|no|true|false|on|off|null)", /*icase=*/true);
  if (plain.matches(value) && !reserved.matches(value)) {
    return value;
  }
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static constexpr char k_hex[] = "0123456789abcdef";
      quoted += "\\u00";
      quoted += k_hex[(c >> 4) & 0xf];
      quoted += k_hex[c & 0xf];
    } else {
      quoted += c;
    }
  }
  return quoted + "\"";
}

Files make_skeleton(const Discovery& discovery, const SkeletonOptions& options) {
  Files files;
  files["stack/stack.yaml"] = stack_yaml(discovery, options);
  std::vector<std::string> names;
  for (const DiscoveredTopic& topic : discovery.topics) {
    names.push_back(topic.branch);
  }
  const std::map<std::string, std::string> topic_slugs = slugs(names);
  for (const DiscoveredTopic& topic : discovery.topics) {
    files["topics/" + topic_slugs.at(topic.branch) + ".yaml"] =
        topic_yaml(topic, discovery, options);
  }
  if (!options.merge_branch.empty()) {
    files["merge-branches/" + slug(options.merge_branch) + ".yaml"] = merge_branch_yaml(
        discovery, options.merge_branch,
        "# Written by 'patchflow init': every topic, dependencies first.\n"
        "# 'patchflow compose " +
            options.merge_branch + "' builds it from mainline and these topics.\n");
  } else {
    // Not *.yaml, so the loader leaves it alone until someone renames it.
    files["merge-branches/example.yaml.sample"] = merge_branch_yaml(
        discovery, "example/master",
        "# An example merge branch: every topic, dependencies first. Rename this file to\n"
        "# <name>.yaml, set the name, and 'patchflow compose <name>' builds it.\n");
  }
  files["policies/" + slug(options.component) + ".yaml"] = policy_yaml(options);
  return files;
}

void write_skeleton(const std::string& dir, const Files& files) {
  fs::path root = fs::path(dir).lexically_normal();
  if (root.filename().empty() && root.has_parent_path()) {
    root = root.parent_path();  // "stack/" is "stack": its sibling is where it is staged
  }
  if (const std::string found = existing_stack_file(root, files); !found.empty()) {
    throw Error(ExitCode::usage,
                "a stack is already in '" + dir + "': '" + found + "' exists; nothing written",
                Where{.file = (root / found).string()});
  }
  std::error_code ec;
  const bool fresh = !fs::exists(root, ec) || is_empty_dir(root);
  if (fresh) {
    fs::create_directories(root.parent_path(), ec);
    std::string staging =
        (root.parent_path() / ("." + root.filename().string() + ".init-XXXXXX")).string();
    if (mkdtemp(staging.data()) == nullptr) {
      throw_usage("cannot create a directory next to '" + dir + "'", Where{.file = dir});
    }
    try {
      write_all(staging, files, nullptr);
    } catch (...) {
      fs::remove_all(staging, ec);
      throw;
    }
    // rename(2) replaces an empty directory, so the stack appears whole or not at all.
    fs::rename(staging, root, ec);
    if (ec) {
      const std::string reason = ec.message();
      fs::remove_all(staging, ec);
      throw_usage("cannot create '" + dir + "': " + reason, Where{.file = dir});
    }
    fs::permissions(root,
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                        fs::perms::others_read | fs::perms::others_exec,
                    ec);
    return;
  }
  // dir holds other things (often the repository itself): write file by file, stack.yaml
  // last so the stack only loads once complete, and take back what was written on failure.
  Files rest = files;
  const auto stack_file = rest.extract("stack/stack.yaml");
  std::vector<fs::path> written;
  try {
    write_all(root, rest, &written);
    if (stack_file) {
      write_all(root, {{stack_file.key(), stack_file.mapped()}}, &written);
    }
  } catch (...) {
    for (const fs::path& path : written) {
      fs::remove(path, ec);
    }
    throw;
  }
}

}  // namespace patchflow::init
