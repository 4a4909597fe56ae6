// Every rule check knows, with its default severity, and the policy's say over it.

#include "patchflow/check/check.hpp"
#include "patchflow/check/subsystems.hpp"
#include "patchflow/patch/trailers.hpp"

namespace patchflow::check {

const std::vector<Rule>& rules() {
  static const std::vector<Rule> k_rules = {
      {"SUBJECT_PREFIX", Severity::warning, "subject is '<prefix>: <summary>' (policy pattern)"},
      {"SUBJECT_LENGTH", Severity::warning, "subject within the policy's length"},
      {"SUBJECT_SEPARATOR", Severity::error, "blank line after the subject"},
      {"SUBJECT_WIP", Severity::error, "no fixup!/squash!/WIP commits"},
      {"COMMIT_MESSAGE", Severity::warning, "a body that stands alone (policy minimum lines)"},
      {"BODY_NO_WHY", Severity::check, "the body says why (heuristic)"},
      {"BODY_LINE_LENGTH", Severity::warning, "body lines wrapped (quotes, URLs, trailers exempt)"},
      {"FIXES_TAG_FORMAT", Severity::warning, "Fixes: <12+ hex> (\"subject\")"},
      {"FIXES_UNKNOWN_COMMIT", Severity::error, "Fixes: names a commit in the repository"},
      {"MISSING_SIGN_OFF", Severity::error, "at least one Signed-off-by"},
      {"SIGN_OFF_AUTHOR", Severity::error, "the author's own Signed-off-by"},
      {"SIGN_OFF_MALFORMED", Severity::error, "Signed-off-by: Name <email>"},
      {"SIGN_OFF_LAST", Severity::warning, "the sender's Signed-off-by comes last"},
      {"SIGN_OFF_DOMAIN", Severity::error, "policy official/forbidden e-mail domains"},
      {"FORMAT_MIXED_WITH_CODE", Severity::warning, "format-only hunks not mixed with code"},
      {"XEN_MIXED", Severity::error, "Xen and non-Xen code not in one commit"},
      {"MULTIPLE_SUBSYSTEMS", Severity::warning, "one MAINTAINERS subsystem per commit"},
      {"SIZE_LINES", Severity::warning, "changed lines within policy"},
      {"SIZE_FILES", Severity::warning, "changed files within policy"},
      {"NO_DIFF", Severity::error, "a patch carries a diff"},
      {"BAD_DIFF", Severity::error, "the diff parses"},
      {"BINARY_DIFF", Severity::warning, "no binary changes in mailed patches"},
      {"NOT_UTF8", Severity::warning, "patch text is UTF-8"},
      {"CRLF_LINE_ENDINGS", Severity::warning, "no CRLF line endings"},
      {"SERIES_BASE", Severity::error, "the series is based on a mainline commit"},
      {"SERIES_APPLY", Severity::error, "the series applies to the mainline tip"},
      {"SERIES_ALREADY_MERGED", Severity::error, "no commit already in mainline (patch-id)"},
      {"SERIES_DUPLICATE", Severity::error, "no commit twice in the series (patch-id)"},
      {"BUILD_FAILED", Severity::error, "every commit builds"},
  };
  return k_rules;
}

Severity severity_for(const config::Policy& policy, const std::string& id, Severity fallback) {
  const auto it = policy.severities.find(id);
  return it == policy.severities.end() ? fallback : it->second;
}

}  // namespace patchflow::check
