// Reading: each YAML file becomes a struct, checked key by key. Cross-file checks (unknown
// topics, cycles) live in validate.cpp, once everything is loaded.
#include "patchflow/config/loader.hpp"

#include <algorithm>
#include <filesystem>

#include "patchflow/config/validate.hpp"
#include "patchflow/config/yaml_reader.hpp"
#include "patchflow/core/check_ids.hpp"
#include "patchflow/core/regex.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::config {
namespace {
namespace fs = std::filesystem;

// The throwing overloads would escape as std::filesystem_error for a name that is too long or
// not searchable; such a name is simply "not a file" here, reported with its file:line.
bool is_file(const fs::path& path) {
  std::error_code ignored;
  return fs::is_regular_file(path, ignored);
}

// Stack-relative names of the *.yaml files in root/folder, sorted so errors are deterministic.
std::vector<std::string> yaml_files(const std::string& root, const std::string& folder) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(root) / folder, ec)) {
    if (is_file(entry.path()) && entry.path().extension() == ".yaml") {
      files.push_back(folder + "/" + entry.path().filename().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The stack-relative file named by key must exist; returns its name ("" when key is absent).
std::string existing_file(const StackConfig& config, const MapReader& map, std::string_view key,
                          std::string_view kind) {
  const std::string relative = map.optional_string(key);
  if (!relative.empty() && !is_file(config.path(relative))) {
    throw Error(ExitCode::usage, "missing " + std::string(kind) + " file '" + relative + "'",
                map.where_of_key(key));
  }
  return relative;
}

Component read_component(const StackConfig& config, const YAML::Node& node,
                         const std::string& file) {
  const MapReader map(node, file, "component");
  map.allow_only({"name", "mainline", "history", "policy"});
  return Component{.name = map.required_string("name"),
                   .mainline = map.required_string("mainline"),
                   .history = existing_file(config, map, "history", "mbox"),
                   .policy = map.optional_string("policy"),
                   .where = map.where(),
                   .key_where = map.key_wheres()};
}

Stack read_stack(const StackConfig& config) {
  const std::string file = "stack/stack.yaml";
  if (!is_file(config.path(file))) {
    throw Error(ExitCode::usage, "no stack in '" + config.root + "': missing '" + file + "'",
                Where{.file = file});
  }
  const MapReader map(parse_yaml_file(config.path(file), file), file, "stack");
  map.allow_only({"name", "description", "repository", "components"});
  Stack stack{.name = map.required_string("name"),
              .description = map.optional_string("description"),
              .repository = map.optional_string("repository"),
              .where = map.where()};
  map.require("components");
  for (const YAML::Node& node : map.optional_map_list("components")) {
    stack.components.push_back(read_component(config, node, file));
  }
  return stack;
}

// Each ID must be one patchflow reports: a misspelt one would be an override that never applies.
// A retired ID (BODY_MISSING) is read as the one that replaced it (COMMIT_MESSAGE).
std::map<std::string, Severity> read_severities(const MapReader& policy) {
  std::map<std::string, Severity> severities;
  const auto node = policy.find("severities");
  if (!node) {
    return severities;
  }
  const MapReader map(*node, policy.file(), "severities");
  std::map<std::string, std::string> written_as;  // current ID -> the key that set it
  for (const auto& entry : *node) {
    const std::string key = entry.first.Scalar();
    const auto renamed = renamed_check_id(key);
    const std::string id = renamed ? std::string(*renamed) : key;
    if (!is_check_id(id)) {
      throw Error(ExitCode::usage, "unknown check ID '" + key + "' in 'severities'",
                  where_of(entry.first, policy.file()));
    }
    const auto [it, inserted] = written_as.emplace(id, key);
    if (!inserted) {
      throw Error(ExitCode::usage,
                  "'" + key + "' and '" + it->second + "' name the same check in 'severities'",
                  where_of(entry.first, policy.file()));
    }
    const std::string value = entry.second.IsScalar() ? entry.second.Scalar() : "";
    const auto severity = parse_severity(value);
    if (!severity) {
      throw Error(ExitCode::usage,
                  "invalid severity '" + value + "' for '" + key +
                      "' (expected error, warning, check or off)",
                  where_of(entry.second.IsNull() ? entry.first : entry.second, policy.file()));
    }
    severities[id] = *severity;
  }
  return severities;
}

std::vector<std::pair<std::string, Where>> options_of(const std::vector<Located>& items) {
  std::vector<std::pair<std::string, Where>> out;
  for (const Located& item : items) {
    out.emplace_back(item.value, item.where);
  }
  return out;
}

Policy read_policy(const std::string& file, const YAML::Node& node) {
  const MapReader map(node, file, "policy");
  if (map.has("maintainers-rules")) {
    const std::string rules = map.optional_string("maintainers-rules");
    if (rules != "linux" && rules != "xen") {
      throw_usage("maintainers-rules: unknown rules '" + rules + "' (linux or xen)",
                  map.where_of_key("maintainers-rules"));
    }
  }
  map.allow_only({"name", "xen-paths", "subject-prefix", "build", "maintainers",
                  "maintainers-rules", "maintainers-options", "always-cc", "direct-maintainer", "severities",
                  "max-line-length", "max-subject-length", "max-body-line-length", "min-body-lines",
                  "max-changed-lines", "max-files", "allow-merges-in-topics", "official-domains",
                  "forbidden-domains", "link-template", "maintainer-signoff"});
  const Policy defaults;
  Policy policy{
      .name = map.required_string("name"),
      .xen_paths = values_of(map.optional_string_list("xen-paths")),
      .subject_prefix = map.optional_string("subject-prefix"),
      .build = map.optional_string("build"),
      .maintainers = map.optional_string("maintainers", defaults.maintainers),
      .maintainers_rules = map.optional_string("maintainers-rules", defaults.maintainers_rules),
      .maintainers_options = options_of(map.optional_string_list("maintainers-options")),
      .always_cc = values_of(map.optional_string_list("always-cc")),
      .direct_maintainer = map.optional_string("direct-maintainer"),
      .severities = read_severities(map),
      .max_line_length = map.optional_int("max-line-length", defaults.max_line_length, 1),
      .max_subject_length = map.optional_int("max-subject-length", defaults.max_subject_length, 1),
      .max_body_line_length =
          map.optional_int("max-body-line-length", defaults.max_body_line_length, 1),
      .min_body_lines = map.optional_int("min-body-lines", defaults.min_body_lines, 0),
      .max_changed_lines = map.optional_int("max-changed-lines", defaults.max_changed_lines, 1),
      .max_files = map.optional_int("max-files", defaults.max_files, 1),
      .allow_merges_in_topics =
          map.optional_bool("allow-merges-in-topics", defaults.allow_merges_in_topics),
      .official_domains = values_of(map.optional_string_list("official-domains")),
      .forbidden_domains = values_of(map.optional_string_list("forbidden-domains")),
      .link_template = map.optional_string("link-template", defaults.link_template),
      .maintainer_signoff = map.optional_bool("maintainer-signoff", defaults.maintainer_signoff),
      .where = map.where(),
      .key_where = map.key_wheres(),
      .file = file};
  try {
    const Regex check(policy.subject_prefix);
  } catch (const Error& e) {
    throw Error(ExitCode::usage, "invalid regex in 'subject-prefix': " + std::string(e.what()),
                map.where_of_key("subject-prefix"));
  }
  return policy;
}

Topic read_topic(const StackConfig& config, const std::string& file, const YAML::Node& node) {
  const MapReader map(node, file, "topic");
  map.allow_only({"name", "component", "branch", "depends", "summary", "series", "cover",
                  "upstream", "version"});
  const std::vector<Located> depends = map.optional_string_list("depends");
  Topic topic{.name = map.required_string("name"),
              .component = map.required_string("component"),
              .branch = map.optional_string("branch"),
              .depends = values_of(depends),
              .summary = map.optional_string("summary"),
              .series = existing_file(config, map, "series", "mbox"),
              .cover = map.optional_string("cover"),
              .upstream = map.optional_string("upstream"),
              .version = map.optional_int("version", 1, 1),
              .where = map.where(),
              .key_where = map.key_wheres(),
              .file = file};
  if (topic.branch.empty()) {
    topic.branch = topic.name;
  }
  for (const Located& d : depends) {
    topic.depends_where.push_back(d.where);
  }
  return topic;
}

Fixup read_fixup(const StackConfig& config, const std::string& file, const YAML::Node& node) {
  const MapReader map(node, file, "fixup");
  map.allow_only({"name", "mbox"});
  map.require("mbox");
  return Fixup{.name = map.required_string("name"),
               .mbox = existing_file(config, map, "mbox", "mbox"),
               .where = map.where()};
}

Resolution read_resolution(const StackConfig& config, const std::string& file,
                           const YAML::Node& node) {
  const MapReader map(node, file, "resolution");
  if (map.has("conflict-key")) {
    // The old whole-file resolutions carried a key; their files need recording again.
    throw Error(ExitCode::usage,
                "'conflict-key' is no longer used: delete this entry and its resolution file, "
                "then record it again with patchflow resolve",
                map.where_of_key("conflict-key"));
  }
  map.allow_only({"topic", "path", "resolved"});
  map.require("resolved");
  Resolution resolution{.topic = map.required_string("topic"),
                        .path = map.required_string("path"),
                        .resolved = existing_file(config, map, "resolved", "resolution"),
                        .where = map.where(),
                        .path_where = map.where_of_key("path")};
  resolution.hunks =
      parse_resolution_file(text::read_file(config.path(resolution.resolved)), resolution.resolved);
  return resolution;
}

MergeBranch read_merge_branch(const StackConfig& config, const std::string& file,
                              const YAML::Node& node) {
  const MapReader map(node, file, "merge branch");
  map.allow_only({"name", "component", "base", "topics", "fixups", "resolutions"});
  map.require("topics");
  const std::vector<Located> topics = map.optional_string_list("topics");
  MergeBranch merge_branch{.name = map.required_string("name"),
                           .base = map.required_string("base"),
                           .topics = values_of(topics),
                           .component = map.optional_string("component"),
                           .file = file,
                           .where = map.where(),
                           .key_where = map.key_wheres()};
  for (const Located& t : topics) {
    merge_branch.topic_where.push_back(t.where);
  }
  for (const YAML::Node& fixup : map.optional_map_list("fixups")) {
    merge_branch.fixups.push_back(read_fixup(config, file, fixup));
  }
  for (const YAML::Node& resolution : map.optional_map_list("resolutions")) {
    merge_branch.resolutions.push_back(read_resolution(config, file, resolution));
  }
  return merge_branch;
}

}  // namespace

bool has_stack(const std::string& dir) {
  std::error_code ignored;
  return fs::exists(fs::path(dir) / "stack" / "stack.yaml", ignored);
}

StackConfig load_stack(const std::string& dir) {
  StackConfig config;
  config.root = fs::absolute(dir).lexically_normal().string();
  if (config.root.size() > 1 && config.root.back() == '/') {
    config.root.pop_back();
  }
  config.stack = read_stack(config);
  for (const std::string& file : yaml_files(config.root, "policies")) {
    config.policies.push_back(read_policy(file, parse_yaml_file(config.path(file), file)));
  }
  for (const std::string& file : yaml_files(config.root, "topics")) {
    config.topics.push_back(read_topic(config, file, parse_yaml_file(config.path(file), file)));
  }
  for (const std::string& file : yaml_files(config.root, "merge-branches")) {
    config.merge_branches.push_back(
        read_merge_branch(config, file, parse_yaml_file(config.path(file), file)));
  }
  validate_stack(config);
  return config;
}

}  // namespace patchflow::config
