// Text and JSON renderings of a compose result.
#include <nlohmann/json.hpp>

#include "patchflow/compose/compose.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::compose {
namespace {

std::string paint(const std::string& s, const char* code, bool color) {
  return color ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
}

std::string optional_hex(const std::optional<git::Oid>& oid) {
  return oid ? oid->hex() : std::string();
}

}  // namespace

nlohmann::json to_json(const ComposeResult& result) {
  nlohmann::json topics = nlohmann::json::array();
  for (const TopicStep& t : result.topics) {
    nlohmann::json resolved = t.resolved;
    topics.push_back({{"topic", t.topic},
                      {"branch", t.branch},
                      {"tip", t.tip.hex()},
                      {"merge_base", t.merge_base.is_zero() ? "" : t.merge_base.hex()},
                      {"commit", t.commit.is_zero() ? "" : t.commit.hex()},
                      {"reused", t.reused},
                      {"engine", t.engine},
                      {"resolved", resolved}});
  }
  nlohmann::json fixups = nlohmann::json::array();
  for (const FixupStep& f : result.fixups) {
    fixups.push_back({{"name", f.name}, {"commit", f.commit.hex()}, {"reused", f.reused}});
  }
  nlohmann::json out = {{"merge_branch", result.merge_branch},
                        {"ref", result.ref},
                        {"base", result.base},
                        {"base_tip", result.base_tip.hex()},
                        {"old_tip", optional_hex(result.old_tip)},
                        {"new_tip", optional_hex(result.new_tip)},
                        {"dry_run", result.dry_run},
                        {"moved", result.moved},
                        {"new_commits", result.new_commits()},
                        {"topics", topics},
                        {"fixups", fixups},
                        {"ok", result.ok()}};
  if (result.conflict) {
    nlohmann::json files = nlohmann::json::array();
    for (const git::FileConflict& f : result.conflict->files) {
      nlohmann::json hunks = nlohmann::json::array();
      for (const git::ConflictHunk& h : f.hunks) {
        hunks.push_back(
            {{"line", h.line}, {"ours", h.ours}, {"base", h.base}, {"theirs", h.theirs}});
      }
      files.push_back({{"path", f.path}, {"kind", f.kind}, {"key", f.key}, {"hunks", hunks}});
    }
    out["conflict"] = {{"topic", result.conflict->topic},
                       {"against", result.conflict->against},
                       {"files", files},
                       {"notes", result.conflict->notes},
                       {"message", result.error}};
  }
  return out;
}

std::string format_text(const ComposeResult& result, bool color) {
  std::string out;
  out += "compose " + result.merge_branch + " on " + result.base + " (" +
         result.base_tip.short_hex() + ")\n";
  for (const TopicStep& t : result.topics) {
    const bool failed = t.commit.is_zero();
    const std::string state = failed     ? paint("conflict", "31", color)
                              : t.reused ? paint("reused", "32", color)
                                         : paint("new", "33", color) + " (" + t.engine + ")";
    out += "  " + (failed ? std::string(12, '-') : t.commit.short_hex()) + " " + t.topic + " " +
           state + "\n";
    for (const std::string& path : t.resolved) {
      out += "      resolved " + path + " with the recorded resolution\n";
    }
  }
  for (const FixupStep& f : result.fixups) {
    out += "  " + f.commit.short_hex() + " fixup " + f.name + " " +
           (f.reused ? paint("reused", "32", color) : paint("new", "33", color)) + "\n";
  }
  if (result.conflict) {
    const ConflictReport& c = result.conflict.value();
    out += paint("conflict", "31;1", color) + ": " + result.error + "\n";
    for (const git::FileConflict& f : c.files) {
      out += "  " + f.path + " (" + f.kind + (f.key.empty() ? "" : ", key " + f.key) + ")\n";
      for (const git::ConflictHunk& h : f.hunks) {
        out += "    hunk at line " + std::to_string(h.line) + " of the merged file:\n";
        auto side = [&out](const char* label, const std::string& body) {
          out += std::string("      ") + label + ":\n";
          for (std::string_view line : text::split_lines(body)) {
            out += "        | " + std::string(line) + "\n";
          }
        };
        side("ours (merged so far)", h.ours);
        side("base", h.base);
        side(("theirs (" + c.topic + ")").c_str(), h.theirs);
      }
    }
    for (const std::string& note : c.notes) {
      out += "  note: " + note + "\n";
    }
    return out;
  }
  const std::string old_tip = result.old_tip ? result.old_tip->short_hex() : "(none)";
  const std::string new_tip = result.new_tip ? result.new_tip->short_hex() : "(none)";
  if (result.old_tip && result.new_tip && *result.old_tip == *result.new_tip) {
    out += result.merge_branch + " is up to date at " + new_tip + "\n";
  } else if (result.dry_run) {
    out += "would move " + result.merge_branch + " " + old_tip + " -> " + new_tip + " (" +
           std::to_string(result.new_commits()) + " new commits; dry run)\n";
  } else {
    out += "moved " + result.merge_branch + " " + old_tip + " -> " + new_tip + " (" +
           std::to_string(result.new_commits()) + " new commits)\n";
  }
  return out;
}

}  // namespace patchflow::compose
