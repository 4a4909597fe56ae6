#include <nlohmann/json.hpp>

#include "patchflow/core/text.hpp"
#include "patchflow/rebase/rebase.hpp"

namespace patchflow::rebase {
namespace {

std::string conflict_detail(const git::FileConflict& file) {
  std::string out = "    " + file.path + ": " + file.kind;
  if (!file.hunks.empty()) {
    std::vector<std::string> lines;
    for (const git::ConflictHunk& hunk : file.hunks) {
      lines.push_back(std::to_string(hunk.line));
    }
    out += ", " + std::to_string(file.hunks.size()) + " hunk" + (file.hunks.size() > 1 ? "s" : "") +
           " at line" + (lines.size() > 1 ? "s " : " ") + text::join(lines, ", ");
  }
  return out + "\n";
}

}  // namespace

std::string format_text(const Result& result) {
  std::string out;
  std::size_t moving = 0, up_to_date = 0;
  for (const TopicResult& topic : result.topics) {
    if (!topic.skipped.empty()) {
      out += "'" + topic.topic + "': not rebased: " + topic.skipped + "\n";
      continue;
    }
    if (topic.conflict) {
      out += "'" + topic.topic + "': conflict: '" + topic.conflict->commit.short_hex() + " " +
             topic.conflict->subject + "' does not apply onto " + topic.conflict->onto.short_hex() +
             "\n";
      for (const git::FileConflict& file : topic.conflict->files) {
        out += conflict_detail(file);
      }
      out += "  record a resolution: patchflow resolve --rebase " + topic.topic + " PATH FILE\n";
      continue;
    }
    if (result.onto == "the tips before the last rebase") {
      out += "'" + topic.topic + "': back to " + topic.new_tip.short_hex() + "\n";
      ++moving;
      continue;
    }
    if (topic.up_to_date()) {
      ++up_to_date;
      out += "'" + topic.topic + "': up to date on " + topic.new_base.short_hex() + "\n";
      continue;
    }
    moving += topic.moves();
    out += "'" + topic.topic + "': " + std::to_string(topic.picked.size()) + " of " +
           std::to_string(topic.commits) + " commits onto " + topic.new_base.short_hex() +
           " (was on " + topic.old_base.short_hex() + "), now " + topic.new_tip.short_hex() + "\n";
    for (const Dropped& d : topic.dropped) {
      out +=
          "  dropped " + d.commit.short_hex() + " " + d.subject +
          (d.upstream_commit.is_zero() ? std::string(" (became empty)")
                                       : " (upstream as " + d.upstream_commit.short_hex() + ")") +
          "\n";
    }
    for (const std::string& path : topic.resolved) {
      out += "  resolved " + path + " with the recorded resolution\n";
    }
  }
  for (const std::string& name : result.to_compose) {
    out += "then: patchflow compose " + name + "\n";
  }
  if (result.moved) {
    out += std::to_string(moving) + " branch" + (moving == 1 ? "" : "es") + " moved" +
           (result.onto == "the tips before the last rebase" ? std::string("\n")
                                                             : "; undo: patchflow rebase --undo\n");
  } else if (moving > 0 && result.dry_run) {
    out +=
        std::to_string(moving) + " branch" + (moving == 1 ? "" : "es") + " would move (dry run)\n";
  } else if (!result.ok()) {
    out += "no ref moved\n";
  } else {
    out += "nothing to move\n";
  }
  return out;
}

nlohmann::json to_json(const Result& result) {
  nlohmann::json topics = nlohmann::json::array();
  for (const TopicResult& topic : result.topics) {
    nlohmann::json picked = nlohmann::json::array(), dropped = nlohmann::json::array();
    for (const git::Oid& commit : topic.picked) {
      picked.push_back(commit.hex());
    }
    for (const Dropped& d : topic.dropped) {
      dropped.push_back(
          {{"commit", d.commit.hex()},
           {"subject", d.subject},
           {"reason", d.upstream_commit.is_zero() ? "became_empty" : "upstream"},
           {"upstream_commit", d.upstream_commit.is_zero() ? "" : d.upstream_commit.hex()}});
    }
    nlohmann::json entry = {{"topic", topic.topic},
                            {"branch", topic.branch},
                            {"old_tip", topic.old_tip.hex()},
                            {"new_tip", topic.new_tip.hex()},
                            {"old_base", topic.old_base.hex()},
                            {"new_base", topic.new_base.hex()},
                            {"up_to_date", topic.up_to_date()},
                            {"picked", picked},
                            {"dropped", dropped},
                            {"resolved", topic.resolved},
                            {"skipped", topic.skipped},
                            {"conflict", nullptr}};
    if (topic.conflict) {
      nlohmann::json files = nlohmann::json::array();
      for (const git::FileConflict& file : topic.conflict->files) {
        nlohmann::json lines = nlohmann::json::array();
        for (const git::ConflictHunk& hunk : file.hunks) {
          lines.push_back(hunk.line);
        }
        files.push_back({{"path", file.path}, {"kind", file.kind}, {"hunk_lines", lines}});
      }
      entry["conflict"] = {{"commit", topic.conflict->commit.hex()},
                           {"subject", topic.conflict->subject},
                           {"onto", topic.conflict->onto.hex()},
                           {"files", files}};
    }
    topics.push_back(std::move(entry));
  }
  return {{"onto", result.onto}, {"dry_run", result.dry_run},       {"moved", result.moved},
          {"ok", result.ok()},   {"to_compose", result.to_compose}, {"topics", topics}};
}

std::string format_text(const RecordResult& result) {
  return "recorded " + std::to_string(result.conflicts) + " conflict region" +
         (result.conflicts == 1 ? "" : "s") + " of '" + result.topic + "' in '" + result.path +
         "' ('" + result.commit_subject + "') as " + result.file + "\n";
}

nlohmann::json to_json(const RecordResult& result) {
  return {{"topic", result.topic},
          {"path", result.path},
          {"commit_subject", result.commit_subject},
          {"conflicts", result.conflicts},
          {"file", result.file}};
}

}  // namespace patchflow::rebase
