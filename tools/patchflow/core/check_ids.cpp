#include "patchflow/core/check_ids.hpp"

#include <algorithm>
#include <utility>

namespace patchflow {

const std::vector<std::string_view>& checkpatch_type_ids() {
  // sorted; tests/check/parity_test.cpp fails when the engine reports a TYPE missing here
  static const std::vector<std::string_view> k_types = {
      "ARRAY_SIZE",
      "ASSIGN_IN_IF",
      "AVOID_EXTERNS",
      "BAD_FIXES_TAG",
      "BAD_REPORTED_BY_LINK",
      "BAD_SIGN_OFF",
      "BARRED_INCLUDE_COMMON_H",
      "BARRED_INCLUDE_IN_HDR",
      "BIT_MACRO",
      "BLOCK_COMMENT_STYLE",
      "BRACES",
      "C99_COMMENTS",
      "CAMELCASE",
      "CMD_TEST",
      "CODE_INDENT",
      "COMMIT_COMMENT_SYMBOL",
      "COMMIT_LOG_LONG_LINE",
      "COMMIT_MESSAGE",
      "COMPARISON_TO_NULL",
      "COMPLEX_MACRO",
      "CONCATENATED_STRING",
      "CONFIG_DESCRIPTION",
      "CONFIG_IS_ENABLED_CONFIG",
      "CONSIDER_KSTRTO",
      "DEFINE_CONFIG_SYM",
      "DISABLE_FDT_OR_INITRD_RELOC",
      "DOS_LINE_ENDINGS",
      "DT_SPLIT_BINDING_PATCH",
      "ELSE_AFTER_BRACE",
      "EMAIL_SUBJECT",
      "EMBEDDED_FILENAME",
      "EMBEDDED_FUNCTION_NAME",
      "ENOSYS",
      "FILE_PATH_CHANGES",
      "FROM_SIGN_OFF_MISMATCH",
      "FSF_MAILING_ADDRESS",
      "FUNCTION_ARGUMENTS",
      "GERRIT_CHANGE_ID",
      "GIT_COMMIT_ID",
      "IF_0",
      "KCONFIG_INDENT",
      "LEADING_SPACE",
      "LINE_CONTINUATIONS",
      "LINE_SPACING",
      "LIVETREE",
      "LOGICAL_CONTINUATIONS",
      "LONG_LINE",
      "LONG_LINE_COMMENT",
      "LONG_LINE_STRING",
      "LONG_UDELAY",
      "MACRO_ARG_PRECEDENCE",
      "MACRO_ARG_REUSE",
      "MACRO_ARG_UNUSED",
      "MACRO_WITH_FLOW_CONTROL",
      "MISSING_EOF_NEWLINE",
      "MISSING_SIGN_OFF",
      "MULTISTATEMENT_MACRO_USE_DO_WHILE",
      "NEW_TYPEDEFS",
      "NEW_UCLASS",
      "NO_AUTHOR_SIGN_OFF",
      "OPEN_BRACE",
      "OPEN_ENDED_LINE",
      "PARENTHESIS_ALIGNMENT",
      "POINTER_LOCATION",
      "PREFER_DEFINED_ATTRIBUTE_MACRO",
      "PREFER_IF",
      "PREFER_KERNEL_TYPES",
      "PRE_SCHEMA",
      "PRINTK_WITHOUT_KERN_LEVEL",
      "PRIV_AUTO",
      "QUOTED_WHITESPACE_BEFORE_NEWLINE",
      "REPEATED_WORD",
      "RETURN_PARENTHESES",
      "SIZEOF_PARENTHESIS",
      "SKIP_BOARD_FIXUP",
      "SPACE_BEFORE_TAB",
      "SPACING",
      "SPDX_LICENSE_TAG",
      "SPLIT_STRING",
      "STATIC_CONST_CHAR_ARRAY",
      "STRL",
      "SUSPECT_CODE_INDENT",
      "TRAILING_STATEMENTS",
      "TRAILING_WHITESPACE",
      "TYPO_SPELLING",
      "UNCOMMENTED_RGMII_MODE",
      "UNKNOWN_COMMIT_ID",
      "UNNECESSARY_ELSE",
      "UNNECESSARY_PARENTHESES",
      "UNSPECIFIED_INT",
      "USLEEP_RANGE",
      "VOLATILE",
  };
  return k_types;
}

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
        // compose/verify.cpp
        "TOPIC_BRANCH_MISSING", "TOPIC_NOT_ON_MAINLINE", "TOPIC_ROOTED_IN_MERGE_BRANCH",
        "MERGE_IN_TOPIC", "UNDECLARED_DEPENDENCY", "MERGE_BRANCH_NON_MERGE_COMMIT",
        "BRANCH_ON_MERGE_BRANCH", "TOPIC_BUILD_BROKEN"};
    ids.insert(ids.end(), checkpatch_type_ids().begin(), checkpatch_type_ids().end());
    std::sort(ids.begin(), ids.end());
    // COMMIT_MESSAGE and MISSING_SIGN_OFF are both a patchflow rule and a checkpatch TYPE
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
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
