#include "patchflow/compose/record.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "patchflow/compose/resolution.hpp"
#include "patchflow/core/regex.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::compose {
namespace {

std::string slug(const std::string& name) {
  std::string out = name;
  std::replace(out.begin(), out.end(), '/', '-');
  return out;
}

bool is_top_level_key(const std::string& line) {
  return !line.empty() && line[0] != ' ' && line[0] != '\t' && line[0] != '#' && line[0] != '-';
}

// YAML needs no quotes for our values (names, paths, hex) unless they hold ": " or " #".
std::string scalar(const std::string& value) {
  if (value.find(": ") == std::string::npos && value.find(" #") == std::string::npos &&
      value.find_first_of("'\"{}[],&*!|>%@`") == std::string::npos) {
    return value;
  }
  std::string quoted = "'";
  for (char c : value) {
    quoted += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return quoted + "'";
}

}  // namespace

std::string add_resolution_to_yaml(const std::string& yaml, const config::Resolution& entry) {
  std::vector<std::string> lines;
  for (std::string_view line : text::split_lines(yaml)) {
    lines.emplace_back(line);
  }
  std::size_t insert_at = lines.size();
  std::string indent = "  ";
  static const Regex block_start(R"(^resolutions:\s*(\[\s*\])?\s*(#.*)?$)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!block_start.matches(lines[i])) {
      continue;
    }
    lines[i] = "resolutions:";
    std::size_t end = i + 1;
    std::size_t last_content = i;
    bool indent_found = false;
    for (; end < lines.size() && !is_top_level_key(lines[end]); ++end) {
      const std::string_view trimmed = text::trim(lines[end]);
      if (!trimmed.empty() && trimmed[0] != '#') {
        last_content = end;
        if (!indent_found && trimmed.rfind("-", 0) == 0) {
          indent = lines[end].substr(0, lines[end].find('-'));
          indent_found = true;
        }
      }
    }
    insert_at = last_content + 1;
    break;
  }
  std::vector<std::string> block = {
      indent + "- topic: " + scalar(entry.topic),
      indent + "  path: " + scalar(entry.path),
      indent + "  resolved: " + scalar(entry.resolved),
  };
  if (insert_at == lines.size() &&
      std::none_of(lines.begin(), lines.end(), [](const std::string& l) {
        return block_start.matches(l) || l == "resolutions:";
      })) {
    block.insert(block.begin(), "resolutions:");
  }
  lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(insert_at), block.begin(), block.end());
  return text::join(lines, "\n") + "\n";
}

RecordResult record_resolution(git_repository& repo, const config::StackConfig& stack,
                               const Options& options, const std::string& topic,
                               const std::string& path, const std::string& resolved_content) {
  const config::MergeBranch& def = stack.merge_branch(options.merge_branch);
  if (git::has_conflict_markers(resolved_content)) {
    throw_usage("the resolution of '" + path + "' still has conflict markers");
  }
  Options dry = options;
  dry.dry_run = true;
  dry.force = true;  // nothing moves, so nothing is dropped
  dry.ignore_resolution_topic = topic;
  dry.ignore_resolution_path = path;
  const ComposeResult composed = run(repo, stack, dry);
  const bool merged_cleanly = std::any_of(
      composed.topics.begin(), composed.topics.end(),
      [&](const TopicStep& step) { return step.topic == topic && !step.commit.is_zero(); });
  if (!composed.conflict || merged_cleanly) {
    throw_usage("'" + topic + "' does not conflict in '" + path + "' when composing '" + def.name +
                "'; nothing to record");
  }
  if (composed.conflict->topic != topic) {
    throw Error(ExitCode::git,
                composed.error + " before '" + topic + "' is merged; record that resolution first");
  }
  const git::FileConflict* conflict = nullptr;
  for (const git::FileConflict& f : composed.conflict->files) {
    if (f.path == path) {
      conflict = &f;
    }
  }
  if (conflict == nullptr || conflict->regions.empty()) {
    throw_usage("'" + topic + "' has no content conflict in '" + path + "' when composing '" +
                def.name + "'");
  }
  RecordResult result;
  result.merge_branch = def.name;
  result.topic = topic;
  result.path = path;
  const std::vector<config::ResolvedHunk> hunks = split_resolution(*conflict, resolved_content);
  result.conflicts = hunks.size();
  result.resolved_file =
      "merge-branches/resolutions/" + slug(def.name) + "/" + slug(topic) + "/" + path;
  result.yaml_file =
      std::filesystem::path(def.file).is_absolute() ? def.file : stack.path(def.file);
  for (const config::Resolution& r : def.resolutions) {
    if (r.topic == topic && r.path == path) {
      result.resolved_file = r.resolved;
      result.replaced = true;
    }
  }
  const std::string yaml = text::read_file(result.yaml_file);
  // A replaced resolution keeps its entry: only its file changes.
  const std::string edited =
      result.replaced
          ? yaml
          : add_resolution_to_yaml(
                yaml,
                config::Resolution{.topic = topic, .path = path, .resolved = result.resolved_file});
  try {
    (void)YAML::Load(edited);
  } catch (const YAML::Exception& e) {
    throw Error(ExitCode::internal,
                "editing '" + result.yaml_file + "' would make invalid YAML: " + e.what());
  }
  const std::filesystem::path resolved_path = stack.path(result.resolved_file);
  std::filesystem::create_directories(resolved_path.parent_path());
  text::write_file_atomically(
      resolved_path.string(),
      config::format_resolution_file(
          hunks, {"Resolution of " + path + " when merging " + topic + " into " + def.name + ",",
                  "recorded by patchflow resolve.",
                  "Per conflict region: the two sides git shows between its conflict markers,",
                  "then the text that replaces the region. Compose applies it to this very",
                  "conflict only; everything outside the regions comes from the merge."}));
  if (!result.replaced) {
    text::write_file_atomically(result.yaml_file, edited);
  }
  return result;
}

nlohmann::json to_json(const RecordResult& result) {
  return {{"merge_branch", result.merge_branch},
          {"topic", result.topic},
          {"path", result.path},
          {"conflicts", result.conflicts},
          {"resolved_file", result.resolved_file},
          {"yaml_file", result.yaml_file},
          {"replaced", result.replaced}};
}

std::string format_text(const RecordResult& result) {
  return std::string(result.replaced ? "re-recorded" : "recorded") + " resolution of '" +
         result.path + "' for '" + result.topic + "' in '" + result.merge_branch + "' (" +
         std::to_string(result.conflicts) + " conflict region(s)): " + result.resolved_file + "\n";
}

}  // namespace patchflow::compose
