// The driver: reporting, the first (sanitising) pass, the per-line dispatch in
// checkpatch.pl's order, the C-line rules' entry point and the end-of-patch rules.
#include "patchflow/check/checkpatch/engine.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <optional>
#include <set>
#include <tuple>

#include "patchflow/check/spelling.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::check::style {

void Engine::report(Severity level, std::string_view type, std::string message, bool at_line) {
  if (level == Severity::check && !m_check) {
    return;
  }
  if (m_options.ignore.count(type) != 0 ||
      (!m_options.types.empty() && m_options.types.count(type) == 0)) {
    return;
  }
  StyleFinding f;
  f.level = level;
  f.type = std::string(type);
  f.message = std::move(message);
  f.terse_line = m_linenr;
  if (at_line) {
    f.patch_line = m_linenr;
    if (m_realcnt != 0) {
      f.file = m_realfile;
      f.line = m_realline;
    }
  }
  m_findings.push_back(std::move(f));
}

void Engine::error(std::string_view type, std::string message) {
  report(Severity::error, type, std::move(message));
}

void Engine::warn(std::string_view type, std::string message) {
  report(Severity::warning, type, std::move(message));
}

void Engine::chk(std::string_view type, std::string message) {
  report(Severity::check, type, std::move(message));
}

namespace {

// checkpatch.pl reads a hunk header's numbers as Perl numbers, which do not overflow; here a
// number no patch can reach is clamped, so that count + 1, start - 1 and one increment per line
// of the patch stay in range (atoi of "999999999999" gave a negative count).
int hunk_number(std::string_view digits) {
  constexpr int k_max = std::numeric_limits<int>::max() / 2;
  if (digits.empty()) {
    return 0;
  }
  int value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return ec == std::errc{} && value <= k_max ? value : k_max;
}

}  // namespace

bool Engine::parse_hunk_header(std::string_view line, int& start, int& count) {
  if (!starts_with(line, "@@ -")) {
    return false;
  }
  std::size_t p = 4;
  while (p < line.size() && is_digit(line[p])) {
    ++p;
  }
  if (p < line.size() && line[p] == ',') {
    ++p;
    while (p < line.size() && is_digit(line[p])) {
      ++p;
    }
  }
  if (line.substr(p, 2) != " +") {
    return false;
  }
  p += 2;
  const std::size_t num = p;
  while (p < line.size() && is_digit(line[p])) {
    ++p;
  }
  if (p == num) {
    return false;
  }
  start = hunk_number(line.substr(num, p - num));
  count = 1;
  if (p < line.size() && line[p] == ',') {
    const std::size_t c = ++p;
    while (p < line.size() && is_digit(line[p])) {
      ++p;
    }
    count = hunk_number(line.substr(c, p - c));
  }
  return line.substr(p, 3) == " @@";
}

bool Engine::is_hunk_body(std::string_view line) {
  return line.empty() || line[0] == '+' || line[0] == ' ';
}

void Engine::sanitise_all() {
  Sanitiser sanitiser;
  int realcnt = 0;
  m_lines.reserve(m_raw.size());
  for (std::size_t i = 0; i < m_raw.size(); ++i) {
    const std::string_view raw = m_raw[i];
    int start = 0;
    int count = 0;
    if (parse_hunk_header(raw, start, count)) {
      realcnt = count + 1;
      // Guess whether the hunk starts inside a comment: the first comment edge decides.
      std::string edge;
      int cnt = realcnt;
      for (std::size_t ln = i + 1; cnt > 0 && ln < m_raw.size(); ++ln) {
        const std::string_view r = m_raw[ln];
        if (starts_with(r, "-")) {
          continue;
        }
        --cnt;
        const auto open = r.find("/*");
        const auto close = r.find("*/");
        if (open != std::string_view::npos || close != std::string_view::npos) {
          if (!is_edge_in_string(r)) {
            edge = (open < close) ? "/*" : "*/";
            break;
          }
        }
      }
      bool in_comment = edge == "*/";
      if (edge.empty() && i + 1 < m_raw.size() && starts_comment_line(m_raw[i + 1])) {
        in_comment = true;
      }
      sanitiser.reset(in_comment);
      m_lines.emplace_back(raw);
    } else if (realcnt != 0 && is_hunk_body(raw)) {
      m_lines.push_back(sanitiser.sanitise(raw));
    } else {
      m_lines.emplace_back(raw);
    }
    if (realcnt > 1) {
      if (is_hunk_body(m_lines.back())) {
        --realcnt;
      }
    } else {
      realcnt = 0;
    }
  }
}

void Engine::process_line(int index) {
  m_linenr = index + 1;
  const std::string& line = m_lines[static_cast<std::size_t>(index)];
  const std::string_view raw = m_raw[static_cast<std::size_t>(index)];
  m_stat.reset();
  if (!m_started) {
    // patchflow pads a mail cut from an mbox with blank lines so that line numbers stay the
    // file's; format-patch never starts a mail with one, so they are no commit message
    if (raw.empty()) {
      return;
    }
    m_started = true;
  }

  int start = 0;
  int count = 0;
  if (!m_in_commit_log && parse_hunk_header(line, start, count)) {
    m_is_patch = true;
    m_realline = start - 1;
    m_realcnt = count + 1;
    m_first_line = m_linenr + 1;
    m_annotator.reset();
    m_prev_values = 'E';
    m_suppress_statement = 0;
    m_suppress_ifbraces.clear();
    // the function the hunk header names (\b(\w+)\s*\( after the "@@"), for EMBEDDED_FUNCTION_NAME
    m_context_function.reset();
    const std::size_t context = line.find(" @@", 4);
    for (std::size_t i = context == std::string::npos ? line.size() : context + 3; i < line.size();
         ++i) {
      if (!is_word(line[i]) || (i > 0 && is_word(line[i - 1]))) {
        continue;
      }
      std::size_t e = i;
      while (e < line.size() && is_word(line[e])) {
        ++e;
      }
      const std::size_t paren = skip_spaces(line, e);
      if (paren < line.size() && line[paren] == '(') {
        m_context_function = line.substr(i, e - i);
        break;
      }
      i = e;
    }
    return;
  }
  if (line.empty() || line[0] == ' ' || line[0] == '+') {
    ++m_realline;
    if (m_realcnt != 0) {
      --m_realcnt;
    }
    std::tie(m_length, m_indent) = line_stats(raw);
    // swap and assign: the four lines reuse their buffers instead of allocating per line
    m_prevline.swap(m_stashline);
    m_stashline.assign(line);
    m_previndent = m_stashindent;
    m_stashindent = m_indent;
    m_prevrawline.swap(m_stashrawline);
    m_stashrawline.assign(raw);
  } else if (m_realcnt == 1) {
    --m_realcnt;
  }
  const bool hunk_line = m_realcnt != 0;

  if (starts_with(line, "diff --git ") || starts_with(line, "+++ ")) {
    std::string_view path;
    // a CRLF-mangled patch must not leave '\r' in the file name (checkpatch's \S+ stops there)
    std::string_view header = line;
    while (!header.empty() && header.back() == '\r') {
      header.remove_suffix(1);
    }
    if (header[0] == 'd') {
      const auto sp = header.find_last_of(" \t");
      path = header.substr(sp + 1);
    } else {
      auto rest = header.substr(4);
      rest = rest.substr(skip_spaces(rest, 0));
      path = rest.substr(0, std::min(rest.size(), rest.find_first_of(" \t")));
    }
    const auto slash = path.find('/');
    m_realfile = std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
    if (line[0] == 'd') {
      m_is_patch = m_is_patch || starts_with(line, "diff --git a/");
    }
    m_in_commit_log = false;
    m_check = m_options.strict || starts_with(m_realfile, "drivers/net/") ||
              starts_with(m_realfile, "net/") || starts_with(m_realfile, "drivers/staging/");
    m_checklicenseline = 1;
    if (!starts_with(m_realfile, "MAINTAINERS")) {
      const int last = m_is_binding_patch;
      m_is_binding_patch = starts_with(m_realfile, "Documentation/devicetree/") ||
                                   starts_with(m_realfile, "include/dt-bindings/")
                               ? 1
                               : 0;
      if (last != -1 && last != m_is_binding_patch) {
        report(Severity::warning, "DT_SPLIT_BINDING_PATCH",
               "DT binding docs and includes should be a separate patch. See: "
               "Documentation/devicetree/bindings/submitting-patches.rst",
               false);
      }
    }
    return;
  }

  if (hunk_line) {
    ++m_lines_checked;
  }
  check_message_line(line, raw);
  check_repeated_word(raw);

  if (!hunk_line || starts_with(line, "-")) {
    return;
  }
  check_hunk_line(line, raw);
}

void Engine::check_c_line(const std::string& line) {
  // member buffers, not locals: this runs for every C line and they keep their capacity
  std::string& sline = m_c_sline;
  sline.assign(line);
  std::replace(sline.begin(), sline.end(), k_comment, ' ');
  const bool added = starts_with(line, "+");

  // statement context for the rules that look at whole statements
  if (m_linenr > m_suppress_statement && m_realcnt != 0 && sline.size() > 1 &&
      !is_blank(std::string_view(sline).substr(1))) {
    Statement st = statement_block(m_linenr, m_realcnt, 0);
    for (std::size_t i = 0; i + 1 < st.stat.size(); ++i) {
      if (st.stat[i] == '\n') {
        st.stat[i + 1] = ' ';
      }
    }
    for (std::size_t i = 0; i + 1 < st.cond.size(); ++i) {
      if (st.cond[i] == '\n') {
        st.cond[i + 1] = ' ';
      }
    }
    std::string_view frag = st.stat;
    while (!frag.empty() && is_space(frag.back())) {
      frag.remove_suffix(1);
    }
    while (!frag.empty() && frag.back() == ';') {
      frag.remove_suffix(1);
    }
    if (frag.find_first_of("{;") == std::string_view::npos) {
      m_suppress_statement = st.line_next;
    }
    learn_types(st.stat);
    m_stat = std::move(st);
  }

  check_open_brace_next_line(line);
  check_suspect_indent(line);
  if (added && m_check) {
    check_cast_spacing(line);
  }

  // track operator context across context and added lines
  std::string& opline = m_c_opline;
  opline.assign(line);
  if (!opline.empty()) {
    opline[0] = ' ';
  }
  opline += '\n';
  std::string& values = m_c_values;
  std::string& vars = m_c_vars;
  m_annotator.annotate(opline, m_prev_values, values, vars);
  opline.pop_back();
  if (!values.empty()) {
    m_prev_values = values.back();
  }

  if (!added) {
    return;
  }
  if (m_prevline.size() > 0 && is_open_brace_line(line)) {
    std::string_view prev = trim(std::string_view(m_prevline).substr(1));
    if (ends_with(prev, "=") &&
        !(prev.size() >= 2 && (prev[prev.size() - 2] == '=' || prev[prev.size() - 2] == '!' ||
                               prev[prev.size() - 2] == '<' || prev[prev.size() - 2] == '>'))) {
      // "(?:^|[^=])=\s*$": an initialiser whose brace went to the next line
      error("OPEN_BRACE", "that open brace { should be on the previous line");
    }
  }
  if (contains(line, "//")) {
    error("C99_COMMENTS", "do not use C99 // comments");
  }
  check_unspecified_int(line);
  check_static_const_char_array(line);
  check_typedef(line);
  check_pointer_location(line);
  if (contains(line, "printk")) {
    check_printk(line);
  }
  check_enosys(line);
  check_volatile(line);
  check_function_brace(sline);
  check_struct_brace(line);
  check_function_spacing(line);
  if (!contains(line, "#include") && !(contains(line, "#") && contains(line, "include"))) {
    check_operator_spacing(opline, values, vars);
  }
  check_misc_spacing(line);
  check_unnecessary_parentheses(line);
  check_return_parentheses();
  check_if_parentheses(line);
  check_if_statements(line);
  check_else(line);
  check_braces(line, sline);
  if (line.find("simple_strto") != std::string::npos) {
    const auto pos = line.find("simple_strto");
    if (pos == 0 || !is_word(line[pos - 1])) {
      std::size_t e = pos + 12;
      while (e < line.size() && is_word(line[e])) {
        ++e;
      }
      const std::size_t paren = skip_spaces(line, e);
      if (paren < line.size() && line[paren] == '(') {
        warn("CONSIDER_KSTRTO", line.substr(pos, e - pos) + " is obsolete, use k" +
                                    line.substr(pos + 7, e - pos - 7) + " instead");
      }
    }
  }
  check_camelcase(line);
  check_macro(line);
  check_strings(line, m_raw[static_cast<std::size_t>(m_linenr - 1)]);
  check_comparison_to_null(line);
  check_udelay(line);
  check_compiler_attributes(m_raw[static_cast<std::size_t>(m_linenr - 1)]);
  check_kernel_types(line);
  check_sizeof_parenthesis(line);
  check_externs(line);
  track_function_definition();
  check_bit_macro(line);
  {  // #if 0
    const std::size_t h = skip_spaces(line, 1);
    if (h < line.size() && line[h] == '#') {
      const std::size_t kw = skip_spaces(line, h + 1);
      const auto rest = std::string_view(line).substr(kw);
      if (starts_with(rest, "if") && rest.size() > 2 && is_space(rest[2])) {
        const std::size_t v = skip_spaces(rest, 2);
        if (v < rest.size() && rest[v] == '0' && (v + 1 >= rest.size() || !is_word(rest[v + 1]))) {
          warn("IF_0", "Consider removing the code enclosed by this #if 0 and its #endif");
        }
      }
    }
  }
}

void Engine::finish() {
  if (m_is_patch && m_has_commit_log) {
    if (m_signoff == 0) {
      report(Severity::error, "MISSING_SIGN_OFF", "Missing Signed-off-by: line(s)", false);
    } else if (m_author_signoff != 1 && !m_author.empty()) {
      const std::string sob = "'From: " + m_author + "' != 'Signed-off-by: " + m_author_sob + "'";
      if (m_author_signoff == 0) {
        report(Severity::error, "NO_AUTHOR_SIGN_OFF",
               "Missing Signed-off-by: line by nominal patch author '" + m_author + "'", false);
      } else if (m_author_signoff == 2) {
        report(Severity::check, "FROM_SIGN_OFF_MISMATCH",
               "From:/Signed-off-by: email comments mismatch: " + sob, false);
      } else if (m_author_signoff == 3) {
        report(Severity::warning, "FROM_SIGN_OFF_MISMATCH",
               "From:/Signed-off-by: email name mismatch: " + sob, false);
      } else if (m_author_signoff == 4) {
        report(Severity::warning, "FROM_SIGN_OFF_MISMATCH",
               "From:/Signed-off-by: email address mismatch: " + sob, false);
      } else if (m_author_signoff == 5) {
        report(Severity::warning, "FROM_SIGN_OFF_MISMATCH",
               "From:/Signed-off-by: email subaddress mismatch: " + sob, false);
      }
    }
  }
}

}  // namespace patchflow::check::style
