#pragma once
// The checkpatch engine: one pass over a patch in checkpatch.pl's order, the rules split by
// kind over the files of this folder (engine.cpp drives them).
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "patchflow/check/checkpatch.hpp"
#include "patchflow/check/checkpatch/annotator.hpp"
#include "patchflow/check/checkpatch/sanitiser.hpp"

namespace patchflow::check::style {

struct Statement {
  std::string stat;
  std::string cond;
  int line_next = 0;  // 0-based index of the next line to read
  int remain_next = 0;
  int off_next = 0;
  int level = 0;
};

class Engine {
 public:
  Engine(std::string_view text, const CheckpatchOptions& options) : m_options(options) {
    std::size_t start = 0;
    while (start < text.size()) {
      const auto nl = text.find('\n', start);
      const auto end = nl == std::string_view::npos ? text.size() : nl;
      m_raw.emplace_back(text.substr(start, end - start));
      start = end + 1;
    }
  }

  std::vector<StyleFinding> run() {
    set_learned_types(&m_learned);
    sanitise_all();
    for (std::size_t i = 0; i < m_raw.size(); ++i) {
      process_line(static_cast<int>(i));
    }
    finish();
    set_learned_types(nullptr);
    return std::move(m_findings);
  }
  int lines_checked() const { return m_lines_checked; }
  bool checks_on() const { return m_check || m_options.strict; }

 private:
  // ---- reporting
  void report(Severity level, std::string_view type, std::string message, bool at_line = true);
  void error(std::string_view type, std::string message);
  void warn(std::string_view type, std::string message);
  void chk(std::string_view type, std::string message);

  const std::string& lines_at(int index) const { return m_lines[static_cast<std::size_t>(index)]; }
  bool has_line(int index) const { return index >= 0 && index < static_cast<int>(m_lines.size()); }

  // ---- first pass: sanitised copy of every hunk line
  static bool parse_hunk_header(std::string_view line, int& start, int& count);
  static bool is_hunk_body(std::string_view line);

  void sanitise_all();
  // m@"[^"]*(?:/\*|\*/)[^"]*"@: the comment marker sits inside a string
  static bool is_edge_in_string(std::string_view r);
  // ^.\s*(?:\*\*+| \*)(?:\s|$)
  static bool starts_comment_line(std::string_view r);

  // ---- statement scanning (checkpatch's ctx_statement_block / ctx_block_get / raw_line)
  Statement statement_block(int linenr, int remain, int off) const;

  // ctx_block_get for parentheses (outer = 0): the raw lines of the statement's condition.
  std::pair<int, std::vector<std::string_view>> statement_level(int linenr, int remain) const;

  std::optional<std::string_view> raw_line(int linenr, int count) const;

  // ---- the main pass
  void process_line(int index);

  void check_message_line(const std::string& line, std::string_view raw);

  // ^(?:commit\b|from\b|[\w-]+:) or a continuation line (^\s+(?:\S|$))
  static bool starts_header_line(std::string_view raw);

  static bool looks_like_stack_dump(std::string_view line);

  static bool is_long_line_exempt(std::string_view line);

  static bool is_path_change(std::string_view line);

  // ---- sign-offs
  struct Email {
    std::string name;
    std::string address;
  };
  static Email parse_email(std::string_view text);
  std::string parse_author(std::string_view raw, int linenr) const;
  void note_author_signoff(std::string_view who);
  void check_signature_style(std::string_view line);
  // who: the Co-developed-by: value, as written
  void check_co_developed_by(std::string_view who);
  static std::string capitalised(std::string lower);

  // Fixes: <12+ hex> ("subject"); without a repository checkpatch only judges the form.
  void check_fixes_tag(std::string_view line);

  void check_email_subject(std::string_view line);

  void check_spelling(std::string_view raw);
  void check_repeated_word(std::string_view raw);

  // GIT_COMMIT_ID (commit_rules.cpp); lookup_commit: nullopt when there is no repository
  void check_git_commit_id(const std::string& line);
  std::optional<std::optional<CheckpatchTree::Commit>> lookup_commit(std::string_view id) const;

  // (^fixes:|\bcommit)\s+([0-9a-f]{6,40})\b: without a repository every id is unknown.
  void check_unknown_commit_id(std::string_view line);

  // ---- rules on added lines
  void check_hunk_line(const std::string& line, std::string_view raw);

  void check_fsf_address(std::string_view raw);

  // checkpatch's ctx_has_comment: a comment on, next to or right before line end_line
  bool has_comment_near(int first_line, int end_line) const;
  void check_rgmii_mode(const std::string& line, std::string_view raw);

  // layout_rules.cpp
  void check_config_description(const std::string& line);
  void check_line_spacing(const std::string& line);
  void check_camelcase(const std::string& line);
  void check_bit_macro(const std::string& line);
  void check_parenthesis_alignment(const std::string& line);

  void check_open_ended_line(const std::string& line);
  void check_unnecessary_else(const std::string& sline);

  // decl_rules.cpp
  void check_declaration_spacing(const std::string& sline);
  void check_static_const_char_array(const std::string& line);
  void check_pointer_location(const std::string& line);
  void check_compiler_attributes(std::string_view raw);
  void check_kernel_types(const std::string& line);
  void check_sizeof_parenthesis(const std::string& line);
  void check_externs(const std::string& line);

  // paren_rules.cpp
  void check_unnecessary_parentheses(const std::string& line);
  void check_if_parentheses(const std::string& line);
  void check_comparison_to_null(const std::string& line);

  // macro_rules.cpp: a #define's body and arguments, or a stray line continuation
  void check_macro(const std::string& line);

  // string_rules.cpp
  void track_context_function(const std::string& sline);
  void track_function_definition();
  void check_strings(const std::string& line, std::string_view raw);

  // api_rules.cpp
  void check_enosys(const std::string& line);
  void check_udelay(const std::string& line);

  // --u-boot: checkpatch.pl's u_boot_line (u_boot_rules.cpp)
  void check_u_boot_line(const std::string& line, std::string_view raw);

  void check_license_tag(const std::string& /*line*/, std::string_view raw);

  void check_misplaced_license(const std::string& line, std::string_view raw);

  bool embeds_filename(std::string_view raw) const;

  static bool is_string_token(std::string_view s, std::size_t pos, std::size_t& end);

  void check_long_line(const std::string& line, std::string_view raw);
  static bool ends_in_string_argument(const std::string& line);
  static bool is_log_call(std::string_view body);

  void check_indentation(const std::string& /*line*/, std::string_view raw);

  void check_block_comments(const std::string& line, std::string_view raw);

  // ---- C rules (checkpatch's .c/.h section)
  void check_c_line(const std::string& line);

  // checkpatch's possible(): a name used like a type in a declaration becomes one.
  void learn_possible(const std::string& name);

  void learn_types(const std::string& stat);

  void check_cast_spacing(const std::string& line);

  static bool is_open_brace_line(const std::string& line);

  // if/while/for/switch/do/else whose '{' went to the next line
  void check_open_brace_next_line(const std::string& line);

  static bool is_preprocessor(std::string_view line);

  // \b(?:if|while|for|switch|[a-z_]*for_each[a-z_]+)\s*\( or \bdo\b or \belse\b
  static bool has_conditional_keyword(std::string_view line, bool with_switch);

  void check_suspect_indent(const std::string& line);

  static bool is_define_line(std::string_view l);

  void check_unspecified_int(const std::string& line);

  void check_typedef(const std::string& line);
  static bool is_standard_typedef(std::string_view w);

  void check_printk(const std::string& line);

  void check_volatile(const std::string& line);

  // int foo(void) {  -- the function's brace goes on the next line
  void check_function_brace(const std::string& sline);

  void check_struct_brace(const std::string& line);

  void check_function_spacing(const std::string& line);

  void check_operator_spacing(const std::string& opline, const std::string& values,
                              const std::string& vars);
  static bool looks_like_email_after(std::string_view cc);   // ^\S+\@\S+>
  static bool looks_like_email_before(std::string_view ca);  // <\S+\@\S+$

  void check_misc_spacing(const std::string& line);

  void check_return_parentheses();

  void check_if_statements(const std::string& line);

  void check_else(const std::string& line);

  // ---- BRACES (checkpatch's ctx_statement_full and the bracing rules built on it)
  struct Chunk {
    std::string cond;   // the condition of one arm ("if (x)", "else")
    std::string block;  // the whole arm, condition included
  };
  // The if/else if/else (or do/while) arms starting at linenr, offset off; the level is the
  // nesting left open after the last statement scanned (0: the chain is complete).
  std::pair<int, std::vector<Chunk>> statement_full(int linenr, int remain, int off) const;
  void check_braces(const std::string& line, const std::string& sline);

  void finish();

  const CheckpatchOptions& m_options;
  std::vector<std::string_view> m_raw;
  std::vector<std::string> m_lines;
  std::vector<StyleFinding> m_findings;

  int m_linenr = 0;
  int m_first_line = 0;
  int m_is_binding_patch = -1;  // DT_SPLIT_BINDING_PATCH: -1 before the first file  // the first line of the current hunk (1-based)
  std::string m_realfile;
  int m_realline = 0;
  int m_realcnt = 0;
  int m_length = 0;
  int m_indent = 0;
  int m_previndent = 0;
  int m_stashindent = 0;
  std::string m_prevline, m_stashline, m_prevrawline, m_stashrawline;
  // check_c_line's and check_hunk_line's per-line working copies, kept to reuse their buffers
  std::string m_c_sline, m_c_opline, m_c_values, m_c_vars, m_hunk_sline;
  std::string m_word_lower;  // check_spelling's lower-case word
  bool m_check = false;
  bool m_in_header_lines = true;
  bool m_in_commit_log = false;
  bool m_has_commit_log = false;
  bool m_has_patch_separator = false;
  bool m_is_patch = false;
  bool m_reported_maintainer_file = false;
  bool m_commit_log_long_line = false;
  bool m_possible_stack_dump = false;
  bool m_started = false;
  int m_last_blank_line = 0;
  std::set<std::string> m_camelcase_seen;  // a line other than leading blank lines was seen
  int m_last_git_commit_id_linenr = -1;
  int m_commit_log_lines = 0;
  int m_signoff = 0;
  std::string m_author;
  std::string m_author_sob;
  int m_author_signoff = 0;
  std::set<std::string> m_signatures;
  int m_checklicenseline = 1;
  int m_lines_checked = 0;
  int m_suppress_statement = 0;
  std::set<int> m_suppress_ifbraces;  // 0-based lines whose arms a whole if-chain already judged
  char m_prev_values = 'E';
  Annotator m_annotator;
  std::optional<Statement> m_stat;
  std::optional<std::string> m_context_function;  // checkpatch's $context_function
  LearnedTypes m_learned;
};

}  // namespace patchflow::check::style
