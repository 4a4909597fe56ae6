#include "patchflow/core/check_ids.hpp"

#include <algorithm>
#include <utility>

namespace patchflow {

const std::vector<std::string_view>& check_ids() {
  static const std::vector<std::string_view> k_ids = [] {
    std::vector<std::string_view> ids = {
        // check/check.cpp: rules()
        "SUBJECT_PREFIX", "SUBJECT_LENGTH", "SUBJECT_SEPARATOR", "SUBJECT_WIP", "COMMIT_MESSAGE",
        "BODY_NO_WHY", "BODY_LINE_LENGTH", "FIXES_TAG_FORMAT", "FIXES_UNKNOWN_COMMIT",
        "MISSING_SIGN_OFF", "SIGN_OFF_AUTHOR", "SIGN_OFF_MALFORMED", "SIGN_OFF_LAST",
        "SIGN_OFF_DOMAIN", "FORMAT_MIXED_WITH_CODE", "XEN_MIXED", "MULTIPLE_SUBSYSTEMS",
        "SIZE_LINES", "SIZE_FILES", "NO_DIFF", "BAD_DIFF", "BINARY_DIFF", "NOT_UTF8",
        "CRLF_LINE_ENDINGS", "SERIES_BASE", "SERIES_APPLY", "SERIES_ALREADY_MERGED",
        "SERIES_DUPLICATE", "BUILD_FAILED",
        // check/checkpatch.cpp: checkpatch_types()
        "ASSIGN_IN_IF", "BAD_FIXES_TAG", "BAD_REPORTED_BY_LINK", "BAD_SIGN_OFF",
        "BLOCK_COMMENT_STYLE", "BRACES", "C99_COMMENTS", "CODE_INDENT", "COMMIT_COMMENT_SYMBOL",
        "COMMIT_LOG_LONG_LINE", "CONSIDER_KSTRTO", "DOS_LINE_ENDINGS", "ELSE_AFTER_BRACE",
        "EMAIL_SUBJECT", "EMBEDDED_FILENAME", "FILE_PATH_CHANGES", "FROM_SIGN_OFF_MISMATCH",
        "FSF_MAILING_ADDRESS", "GERRIT_CHANGE_ID", "IF_0", "LEADING_SPACE",
        "LOGICAL_CONTINUATIONS", "LONG_LINE", "LONG_LINE_COMMENT", "LONG_LINE_STRING",
        "MISSING_EOF_NEWLINE", "NEW_TYPEDEFS", "NO_AUTHOR_SIGN_OFF", "OPEN_BRACE",
        "PRINTK_WITHOUT_KERN_LEVEL", "RETURN_PARENTHESES", "SPACE_BEFORE_TAB", "SPACING",
        "SPDX_LICENSE_TAG", "SUSPECT_CODE_INDENT", "TRAILING_STATEMENTS", "TRAILING_WHITESPACE",
        "TYPO_SPELLING", "UNKNOWN_COMMIT_ID", "UNSPECIFIED_INT", "VOLATILE",
        "ARRAY_SIZE", "AVOID_EXTERNS", "COMPARISON_TO_NULL", "COMPLEX_MACRO",
        "CONCATENATED_STRING", "DT_SPLIT_BINDING_PATCH", "EMBEDDED_FUNCTION_NAME", "ENOSYS",
        "FUNCTION_ARGUMENTS", "LINE_CONTINUATIONS", "LONG_UDELAY", "MACRO_ARG_PRECEDENCE",
        "MACRO_ARG_REUSE", "MACRO_ARG_UNUSED", "MACRO_WITH_FLOW_CONTROL",
        "MULTISTATEMENT_MACRO_USE_DO_WHILE", "OPEN_ENDED_LINE", "POINTER_LOCATION",
        "PREFER_DEFINED_ATTRIBUTE_MACRO", "PREFER_KERNEL_TYPES",
        "QUOTED_WHITESPACE_BEFORE_NEWLINE", "REPEATED_WORD", "SIZEOF_PARENTHESIS", "SPLIT_STRING",
        "STATIC_CONST_CHAR_ARRAY", "UNCOMMENTED_RGMII_MODE", "UNNECESSARY_ELSE",
        "UNNECESSARY_PARENTHESES", "USLEEP_RANGE",
        // compose/verify.cpp
        "TOPIC_BRANCH_MISSING", "TOPIC_NOT_ON_MAINLINE", "TOPIC_ROOTED_IN_MERGE_BRANCH",
        "MERGE_IN_TOPIC", "UNDECLARED_DEPENDENCY", "MERGE_BRANCH_NON_MERGE_COMMIT",
        "BRANCH_ON_MERGE_BRANCH", "TOPIC_BUILD_BROKEN"};
    std::sort(ids.begin(), ids.end());
    return ids;
  }();
  return k_ids;
}

bool is_check_id(std::string_view id) {
  return std::binary_search(check_ids().begin(), check_ids().end(), id);
}

std::optional<std::string_view> renamed_check_id(std::string_view id) {
  static constexpr std::pair<std::string_view, std::string_view> k_renamed[] = {
      {"BODY_MISSING", "COMMIT_MESSAGE"}, {"SIGN_OFF_MISSING", "MISSING_SIGN_OFF"}};
  for (const auto& [old_id, new_id] : k_renamed) {
    if (id == old_id) {
      return new_id;
    }
  }
  return std::nullopt;
}

}  // namespace patchflow
