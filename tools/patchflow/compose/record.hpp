#pragma once
// Records a user's conflict resolution into the stack (like git rerere, but reviewable files):
// the resolved content under merge-branches/resolutions/, an entry in the merge-branch YAML.
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "patchflow/compose/compose.hpp"

namespace patchflow::compose {

struct RecordResult {
  std::string merge_branch;
  std::string topic;
  std::string path;
  std::size_t conflicts = 0;  // conflict regions the resolution file holds
  std::string resolved_file;  // stack-relative file holding the resolved content
  std::string yaml_file;      // merge-branch YAML that was edited (absolute)
  bool replaced = false;      // an older resolution for topic/path was re-keyed
};

// Composes options.merge_branch in memory (no ref moves) up to the conflict of topic in path,
// then stores resolved_content cut into one hunk per conflict region (sides and resolved
// text). Throws Error{usage} when topic does not conflict in path, when the content still has
// conflict markers or changes the merge outside the regions, Error{git} when an earlier topic
// conflicts first.
RecordResult record_resolution(git_repository& repo, const config::StackConfig& stack,
                               const Options& options, const std::string& topic,
                               const std::string& path, const std::string& resolved_content);

// Adds a resolutions entry in merge-branch YAML text, keeping everything else.
std::string add_resolution_to_yaml(const std::string& yaml, const config::Resolution& entry);

nlohmann::json to_json(const RecordResult& result);
std::string format_text(const RecordResult& result);

}  // namespace patchflow::compose
