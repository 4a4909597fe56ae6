// Text table and JSON forms of the topics report.
#include <nlohmann/json.hpp>
#include <sstream>

#include "patchflow/core/text.hpp"
#include "patchflow/stack/topic_status.hpp"

namespace patchflow::stack {
namespace {

nlohmann::json oid_or_null(const std::optional<git::Oid>& oid) {
  return oid ? nlohmann::json(oid->hex()) : nlohmann::json();
}

nlohmann::json oids(const std::vector<git::Oid>& commits) {
  nlohmann::json out = nlohmann::json::array();
  for (const git::Oid& commit : commits) {
    out.push_back(commit.hex());
  }
  return out;
}

std::string list_or_dash(const std::vector<std::string>& items) {
  return items.empty() ? "-" : text::join(items, ",");
}

std::vector<std::string> cells(const TopicStatus& t) {
  if (!t.tip) {
    return {t.branch,
            "-",
            "missing",
            "-",
            "-",
            list_or_dash(t.declared_depends) + " / -",
            list_or_dash(t.merge_branches),
            "-"};
  }
  return {t.branch,
          t.base ? t.base->short_hex() : "-",
          t.based_on_mainline ? "yes" : "no",
          std::to_string(t.ahead),
          std::to_string(t.behind),
          list_or_dash(t.declared_depends) + " / " + list_or_dash(t.actual_depends),
          list_or_dash(t.merge_branches),
          t.last_sent_version ? "v" + std::to_string(*t.last_sent_version) : "-"};
}

}  // namespace

nlohmann::json to_json(const TopicStatus& t) {
  return {{"name", t.name},
          {"branch", t.branch},
          {"component", t.component},
          {"mainline", t.mainline},
          {"tip", oid_or_null(t.tip)},
          {"base", oid_or_null(t.base)},
          {"based_on_mainline", t.based_on_mainline},
          {"ahead", t.ahead},
          {"commits", oids(t.commits)},
          {"prerequisites", t.prerequisites},
          {"behind", t.behind},
          {"declared_depends", t.declared_depends},
          {"actual_depends", t.actual_depends},
          {"merge_branches", t.merge_branches},
          {"last_sent_version",
           t.last_sent_version ? nlohmann::json(*t.last_sent_version) : nlohmann::json()}};
}

nlohmann::json to_json(const TopicsReport& report) {
  nlohmann::json topics = nlohmann::json::array();
  for (const TopicStatus& t : report.topics) {
    topics.push_back(to_json(t));
  }
  return {{"topics", topics}};
}

std::string format_text(const TopicsReport& report) {
  std::vector<std::vector<std::string>> rows{{"BRANCH", "BASE", "ON MAINLINE", "AHEAD", "BEHIND",
                                              "DEPENDS (declared / actual)", "MERGE BRANCHES",
                                              "SENT"}};
  for (const TopicStatus& t : report.topics) {
    rows.push_back(cells(t));
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  std::ostringstream out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) {
        line.append(widths[i] - row[i].size() + 2, ' ');
      }
    }
    out << line << "\n";
  }
  return out.str();
}

}  // namespace patchflow::stack
