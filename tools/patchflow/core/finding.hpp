#pragma once
// A finding is data, never an exception: checks and verifiers return lists of them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/core/error.hpp"

namespace patchflow {

enum class Severity { off, check, warning, error };

std::string_view to_string(Severity severity);
// Parses "off", "check", "warning", "error" (also "warn"); nullopt otherwise.
std::optional<Severity> parse_severity(std::string_view text);

struct Finding {
  Where where;        // file:line the finding is about (patch file, source file, or stack file)
  Severity severity = Severity::error;
  std::string id;     // stable rule ID, e.g. LONG_LINE or TOPIC_NOT_ON_MAINLINE
  std::string message;
  std::string commit;  // commit id (hex) or patch name the finding belongs to, if any

  // "file:line: level: [ID] message"
  std::string format() const;
};

bool has_errors(const std::vector<Finding>& findings);

}  // namespace patchflow
