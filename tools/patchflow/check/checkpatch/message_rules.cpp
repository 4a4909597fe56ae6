// Rules on the commit message and mail headers: sign-offs and author, Fixes: and commit
// ids, the subject, long log lines, spelling.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <set>
#include <tuple>

#include "patchflow/check/checkpatch/engine.hpp"
#include "patchflow/check/spelling.hpp"
#include "patchflow/core/regex.hpp"
#include "patchflow/core/rfc2047.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::check::style {

void Engine::check_message_line(const std::string& line, std::string_view raw) {
  if (m_in_commit_log) {
    if (!is_blank(line)) {
      ++m_commit_log_lines;
    }
  } else if (m_has_commit_log && m_commit_log_lines < 2) {
    report(Severity::warning, "COMMIT_MESSAGE",
           "Missing commit description - Add an appropriate one", false);
    m_commit_log_lines = 2;
  }

  if (istarts_with(line, "from:")) {
    m_author = parse_author(raw, m_linenr);
  }
  const std::string_view trimmed_left = std::string_view(line).substr(skip_spaces(line, 0));
  if (istarts_with(trimmed_left, "signed-off-by:")) {
    ++m_signoff;
    m_in_commit_log = false;
    note_author_signoff(trim(trimmed_left.substr(14)));
  }
  if (line == "---") {
    m_has_patch_separator = true;
    m_in_commit_log = false;
  }
  if (starts_with(trim(line), "MAINTAINERS") && contains(line, "|")) {
    const auto t = trim(line);
    const auto rest = trim(t.substr(11));
    if (starts_with(rest, "|")) {
      m_reported_maintainer_file = true;
    }
  }
  if (!m_in_header_lines) {
    check_signature_style(line);
    check_fixes_tag(line);
  }
  if (m_in_header_lines && istarts_with(line, "subject:")) {
    check_email_subject(line);
  }
  if (m_realfile.empty() && !m_has_patch_separator && istarts_with(trim(line), "change-id:")) {
    error("GERRIT_CHANGE_ID", "Remove Gerrit Change-Id's before submitting upstream");
  }
  if (m_in_commit_log && !m_possible_stack_dump && looks_like_stack_dump(line)) {
    m_possible_stack_dump = true;
  }
  if (m_in_commit_log && !m_commit_log_long_line && line.size() > 75 &&
      !is_long_line_exempt(line)) {
    warn("COMMIT_LOG_LONG_LINE",
         "Prefer a maximum 75 chars per line (possible unwrapped commit description?)");
    m_commit_log_long_line = true;
  }
  if (m_in_commit_log && m_possible_stack_dump && is_blank(line)) {
    m_possible_stack_dump = false;
  }
  if (m_in_commit_log && starts_with(line, "#")) {
    warn("COMMIT_COMMENT_SYMBOL",
         "Commit log lines starting with '#' are dropped by git as comments");
  }
  check_git_commit_id(line);
  if (!m_reported_maintainer_file && !m_in_commit_log && is_path_change(line)) {
    m_is_patch = true;
    m_reported_maintainer_file = true;
    warn("FILE_PATH_CHANGES", "added, moved or deleted file(s), does MAINTAINERS need updating?");
  }
  if (m_in_header_lines && m_realfile.empty() && !starts_header_line(raw)) {
    m_in_header_lines = false;
    m_in_commit_log = true;
    m_has_commit_log = true;
  }
  if (m_in_commit_log || starts_with(line, "+") || istarts_with(line, "subject:")) {
    check_spelling(raw);
  }
  if (m_in_commit_log) {
    check_unknown_commit_id(line);
  }
}

bool Engine::starts_header_line(std::string_view raw) {
  if (!raw.empty() && is_space(raw[0])) {
    return true;
  }
  const auto lower = to_lower(raw.substr(0, 7));
  auto word = [&](std::string_view w) {
    return starts_with(lower, w) && (raw.size() == w.size() || !is_word(raw[w.size()]));
  };
  if (word("commit") || word("from")) {
    return true;
  }
  std::size_t p = 0;
  while (p < raw.size() && (is_word(raw[p]) || raw[p] == '-')) {
    ++p;
  }
  return p > 0 && p < raw.size() && raw[p] == ':';
}

bool Engine::looks_like_stack_dump(std::string_view line) {
  const auto t = line.substr(skip_spaces(line, 0));
  if (starts_with(t, "WARNING:") || starts_with(t, "BUG:")) {
    return true;
  }
  if (starts_with(t, "[")) {  // [  123.456789] timestamps and [<ffffffff>] addresses
    const auto u = t.substr(skip_spaces(t, 1));
    std::size_t p = 0;
    while (p < u.size() && is_digit(u[p])) {
      ++p;
    }
    if (p > 0 && p < u.size() && u[p] == '.') {
      std::size_t q = p + 1;
      while (q < u.size() && is_digit(u[q])) {
        ++q;
      }
      if (q - p - 1 == 6) {
        return true;
      }
    }
    if (starts_with(t, "[<")) {
      std::size_t q = 2;
      while (q < t.size() && is_hex(t[q])) {
        ++q;
      }
      if (q >= 10 && q < t.size() && t[q] == '>') {
        return true;
      }
    }
  }
  return false;
}

bool Engine::is_long_line_exempt(std::string_view line) {
  const auto t = line.substr(skip_spaces(line, 0));
  // file delta changes: "path | 12"
  {
    std::size_t p = 0;
    while (p < t.size() && (is_word(t[p]) || t[p] == '/' || t[p] == '.')) {
      ++p;
    }
    const auto rest = t.substr(p);
    const auto r2 = rest.substr(skip_spaces(rest, 0));
    if (p > 0 && r2.size() < rest.size() && starts_with(r2, "|")) {
      const auto r3 = r2.substr(skip_spaces(r2, 1));
      if (r2.size() > 1 && is_space(r2[1]) && !r3.empty() && is_digit(r3[0])) {
        return true;
      }
    }
  }
  // "dir/file:" at the start
  {
    std::size_t p = 0;
    std::size_t last_slash = std::string_view::npos;
    while (p < t.size() &&
           (is_word(t[p]) || t[p] == '.' || t[p] == '-' || t[p] == '+' || t[p] == '/')) {
      if (t[p] == '/') {
        last_slash = p;
      }
      ++p;
    }
    if (last_slash != std::string_view::npos && last_slash + 1 < p && p < t.size() && t[p] == ':') {
      return true;
    }
  }
  static constexpr std::array<std::string_view, 13> k_tags = {
      "fixes:",     "http:",          "https:",           "link:",
      "closes:",    "signed-off-by:", "co-developed-by:", "acked-by:",
      "tested-by:", "reviewed-by:",   "reported-by:",     "suggested-by:",
      "to:"};
  for (const auto tag : k_tags) {
    if (istarts_with(t, tag)) {
      return true;
    }
  }
  return istarts_with(t, "cc:");
}

bool Engine::is_path_change(std::string_view line) {
  auto mode_line = [&](std::string_view prefix) {
    if (!starts_with(line, prefix)) {
      return false;
    }
    const auto rest = trim(line.substr(prefix.size()));
    return !rest.empty() && std::all_of(rest.begin(), rest.end(), is_digit);
  };
  if (mode_line("new file mode") || mode_line("deleted file mode")) {
    return true;
  }
  for (const std::string_view prefix : {"rename from ", "rename to "}) {
    if (starts_with(line, prefix)) {
      const auto rest = trim(line.substr(prefix.size()));
      return !rest.empty() && std::all_of(rest.begin(), rest.end(), [](char c) {
        return is_word(c) || c == '/' || c == '.' || c == '-';
      });
    }
  }
  const auto open = line.find('{');
  if (open != std::string_view::npos) {
    const auto arrow = line.find("=>", open);
    const auto close = line.find('}', open);
    if (arrow != std::string_view::npos && close != std::string_view::npos && arrow < close) {
      auto path_chars = [](std::string_view s) {
        s = trim(s);
        return std::all_of(s.begin(), s.end(),
                           [](char c) { return is_word(c) || c == '/' || c == '.' || c == '-'; });
      };
      return path_chars(line.substr(open + 1, arrow - open - 1)) &&
             path_chars(line.substr(arrow + 2, close - arrow - 2));
    }
  }
  return false;
}

Engine::Email Engine::parse_email(std::string_view text) {
  Email e;
  const auto lt = text.find('<');
  const auto gt = text.rfind('>');
  if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt) {
    std::string name(trim(text.substr(0, lt)));
    name.erase(std::remove(name.begin(), name.end(), '"'), name.end());
    e.name = std::string(trim(name));
    e.address = std::string(trim(text.substr(lt + 1, gt - lt - 1)));
  } else {
    auto t = trim(text);
    const auto sp = t.find_first_of(" \t(");
    e.address = std::string(t.substr(0, sp));
  }
  return e;
}

std::string Engine::parse_author(std::string_view raw, int linenr) const {
  std::string author(raw.substr(5));
  for (std::size_t n = static_cast<std::size_t>(linenr); n < m_raw.size(); ++n) {
    const std::string_view next = m_raw[n];
    if (next.empty() || !(next[0] == ' ' || next[0] == '\t')) {
      break;
    }
    author += std::string(trim(next));
  }
  author = rfc2047::decode(trim(author));
  author.erase(std::remove(author.begin(), author.end(), '"'), author.end());
  const Email e = parse_email(author);
  return e.name.empty() ? e.address : e.name + " <" + e.address + ">";
}

void Engine::note_author_signoff(std::string_view who) {
  if (m_author.empty() || m_author_signoff == 1) {
    return;
  }
  const Email sob = parse_email(who);
  const Email author = parse_email(m_author);
  // checkpatch's same_email_addresses compares addresses as written; a difference in case only
  // is a "comments mismatch" (2)
  const bool same_address = to_lower(sob.address) == to_lower(author.address);
  if (sob.address == author.address && sob.name == author.name) {
    m_author_signoff = 1;
    return;
  }
  m_author_sob = std::string(who);
  if (same_address && sob.name == author.name) {
    m_author_signoff = 2;
  } else if (same_address) {
    m_author_signoff = 3;
  } else if (sob.name == author.name) {
    auto strip_plus = [](std::string a) {
      const auto plus = a.find('+');
      const auto at = a.find('@');
      if (plus != std::string::npos && at != std::string::npos && plus < at) {
        a.erase(plus, at - plus);
      }
      return a;
    };
    m_author_signoff = strip_plus(sob.address) == strip_plus(author.address) ? 5 : 4;
  }
}

namespace {

// Would checkpatch.pl's parse_email find a name or an address in the text? "Name <a@b>",
// "<a@b>" and a bare "a@b" would do; "Name a@b" and a text without an address would not.
bool is_recognised_email(std::string_view email) {
  static const Regex k_bracketed(R"(^(.*)<(\S+@\S+)>(.*)$)");
  static const Regex k_bare(R"((\S+@\S+)(.*)$)");
  const std::string text(email);
  if (k_bracketed.matches(text)) {
    return true;
  }
  std::vector<std::string_view> m;
  if (!k_bare.search(text, m)) {
    return false;
  }
  std::string_view name =
      trim(std::string_view(text).substr(0, static_cast<std::size_t>(m[1].data() - text.data())));
  while (!name.empty() && name.front() == '"') {
    name.remove_prefix(1);
  }
  while (!name.empty() && name.back() == '"') {
    name.remove_suffix(1);
  }
  const std::string address(m[1]);
  if (!name.empty() && !(address.size() > 2 && address.front() == '<' && address.back() == '>' &&
                         address.find('>') == address.size() - 1)) {
    return false;
  }
  return address.find_first_not_of(".,\"<>") != std::string::npos;
}

}  // namespace

void Engine::check_signature_style(std::string_view line) {
  std::size_t p = skip_spaces(line, 0);
  const std::size_t tag_start = p;
  while (p < line.size() && (is_word(line[p]) || line[p] == '-')) {
    ++p;
  }
  if (p >= line.size() || line[p] != ':' || p == tag_start) {
    return;
  }
  const std::string tag(line.substr(tag_start, p - tag_start + 1));
  const std::string lower = to_lower(tag);
  static constexpr std::array<std::string_view, 9> k_standard = {
      "signed-off-by:", "co-developed-by:", "acked-by:", "tested-by:", "reviewed-by:",
      "reported-by:",   "suggested-by:",    "to:",       "cc:"};
  // checkpatch's /$signature_tags/ is unanchored: "-signed-off-by:" holds a standard tag
  const bool standard = std::any_of(k_standard.begin(), k_standard.end(),
                                    [&](std::string_view t) { return contains(lower, t); });
  const bool exactly_standard =
      std::find(k_standard.begin(), k_standard.end(), lower) != k_standard.end();
  if (!exactly_standard && !ends_with(lower, "by:")) {
    return;
  }
  if (!standard) {
    warn("BAD_SIGN_OFF", "Non-standard signature: " + tag);
  }
  if (tag_start > 0) {
    warn("BAD_SIGN_OFF", "Do not use whitespace before " + capitalised(lower));
  }
  if (ends_with(lower, "-by:") && tag != capitalised(lower)) {
    warn("BAD_SIGN_OFF", "'" + capitalised(lower) + "' is the preferred signature form");
  }
  const std::size_t value = skip_spaces(line, p + 1);
  if (value != p + 2 || line[p + 1] != ' ') {
    warn("BAD_SIGN_OFF", "Use a single space after " + capitalised(lower));
  }
  if (const std::string_view email = line.substr(value); !is_recognised_email(email)) {
    error("BAD_SIGN_OFF", "Unrecognized email address: '" + std::string(email) + "'");
  }
  std::string nospace;
  for (const char c : line) {
    if (!is_space(c)) {
      nospace += c;
    }
  }
  nospace = to_lower(nospace);
  if (!m_signatures.insert(nospace).second) {
    warn("BAD_SIGN_OFF", "Duplicate signature");
  }
  if (lower == "co-developed-by:") {
    check_co_developed_by(line.substr(skip_spaces(line, p + 1)));
  }
  if (lower == "reported-by:" || lower == "reported-and-tested-by:") {
    const std::size_t next = static_cast<std::size_t>(m_linenr);
    if (next >= m_raw.size() || !istarts_with(m_raw[next], "closes:")) {
      warn("BAD_REPORTED_BY_LINK",
           "Reported-by: should be immediately followed by Closes: with a URL to the report");
    }
  }
}

// A co-author's Co-developed-by: is their authorship claim; the Signed-off-by: right after it,
// with the very same name and address, is their certificate. The nominal author (From:) needs
// no Co-developed-by: at all.
void Engine::check_co_developed_by(std::string_view who) {
  if (who == m_author) {
    warn("BAD_SIGN_OFF", "Co-developed-by: should not be used to attribute nominal patch author '" +
                             m_author + "'");
  }
  const std::size_t next = static_cast<std::size_t>(m_linenr);
  constexpr std::string_view k_signoff = "signed-off-by:";
  if (next >= m_raw.size() || !istarts_with(m_raw[next], k_signoff)) {
    warn("BAD_SIGN_OFF", "Co-developed-by: must be immediately followed by Signed-off-by:");
    return;
  }
  const std::string_view next_line = m_raw[next];
  if (next_line.substr(skip_spaces(next_line, k_signoff.size())) != who) {
    warn("BAD_SIGN_OFF", "Co-developed-by and Signed-off-by: name/email do not match");
  }
}

std::string Engine::capitalised(std::string lower) {
  if (!lower.empty() && lower[0] >= 'a' && lower[0] <= 'z') {
    lower[0] = static_cast<char>(lower[0] - 'a' + 'A');
  }
  return lower;
}

void Engine::check_fixes_tag(std::string_view line) {
  std::size_t p = skip_spaces(line, 0);
  if (!istarts_with(line.substr(p), "fixes")) {
    return;
  }
  const std::string_view tag_text =
      line.substr(p, line[p + 5 < line.size() ? p + 5 : p] == ':' ? 6 : 5);
  p += tag_text.size();
  p = skip_spaces(line, p);
  if (istarts_with(line.substr(p), "commit")) {
    p = skip_spaces(line, p + 6);
  }
  std::size_t q = p;
  while (q < line.size() && is_hex(line[q]) && !(line[q] >= 'A' && line[q] <= 'F')) {
    ++q;
  }
  // case-insensitive hex, as checkpatch's /i
  q = p;
  while (q < line.size() && is_hex(line[q])) {
    ++q;
  }
  const std::size_t id_len = q - p;
  if (id_len < 5 || id_len > 40 || (q < line.size() && is_word(line[q]))) {
    return;
  }
  const std::string_view id = line.substr(p, id_len);
  const std::size_t paren = skip_spaces(line, q);
  const std::size_t paren_len = match_balanced_parens(line, paren);
  bool has_quotes = false;
  if (paren_len > 0) {
    const auto title = line.substr(paren + 1, paren_len - 2);
    has_quotes = title.size() >= 2 && title.front() == '"' && title.back() == '"';
  }
  const bool tag_case = tag_text != "Fixes:";
  const bool tag_space =
      !(tag_text.size() > 0 && p == (line.find(tag_text) + tag_text.size() + 1) && paren_len > 0 &&
        paren == q + 1 && line[q] == ' ' && skip_spaces(line, 0) == 0);
  const bool id_length = id_len < 12;
  const bool id_case =
      std::any_of(id.begin(), id.end(), [](char c) { return c >= 'A' && c <= 'F'; });
  if (tag_case || tag_space || id_length || id_case || !has_quotes) {
    warn("BAD_FIXES_TAG",
         "Please use correct Fixes: style 'Fixes: <12+ chars of sha1> (\"<title line>\")' - ie: "
         "'Fixes: 0123456789ab (\"commit title\")'");
  }
}

void Engine::check_email_subject(std::string_view line) {
  const auto lower = to_lower(line);
  for (const std::string_view tool : {"checkpatch", "sparse", "smatch"}) {
    std::size_t pos = 0;
    while ((pos = lower.find(tool, pos)) != std::string::npos) {
      const std::size_t end = pos + tool.size();
      const bool left = pos == 0 || !is_word(lower[pos - 1]);
      const bool right = end < lower.size() && !is_word(lower[end]) && lower[end] != ':';
      if (left && right) {
        warn("EMAIL_SUBJECT",
             "A patch subject line should describe the change not the tool that found it");
        return;
      }
      pos = end;
    }
  }
}

void Engine::check_spelling(std::string_view raw) {
  if (m_options.tree != nullptr && !m_options.tree->spelling.empty()) {
    // the tree's scripts/spelling.txt: a listed word between non-[\w'`-] characters
    const auto& list = m_options.tree->spelling;
    const auto word_char = [](char c) {
      return is_word(c) || c == '-' || c == '\'' || c == '`' || (c & 0x80) != 0;
    };
    for (std::size_t p = 0; p < raw.size();) {
      if (!word_char(raw[p])) {
        ++p;
        continue;
      }
      std::size_t e = p;
      while (e < raw.size() && word_char(raw[e])) {
        ++e;
      }
      const std::string_view typo = raw.substr(p, e - p);
      p = e;
      // lower-cased into a kept buffer: a copy per word of every line cost more than the lookup
      m_word_lower.assign(typo);
      for (char& c : m_word_lower) {
        if (c >= 'A' && c <= 'Z') {
          c = static_cast<char>(c - 'A' + 'a');
        }
      }
      const auto it = list.find(m_word_lower);
      if (it == list.end()) {
        continue;
      }
      std::string fix = it->second;
      const bool upper_first = typo[0] >= 'A' && typo[0] <= 'Z';
      const bool all_upper =
          std::all_of(typo.begin(), typo.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
      if (all_upper) {
        for (char& c : fix) {
          c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
      } else if (upper_first && !fix.empty()) {
        fix[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(fix[0])));
      }
      warn("TYPO_SPELLING",
           "'" + std::string(typo) + "' may be misspelled - perhaps '" + fix + "'?");
    }
    return;
  }
  for (const auto& hit : find_misspellings(raw)) {
    warn("TYPO_SPELLING", "'" + hit.word + "' may be misspelled - perhaps '" + hit.fix + "'?");
  }
}

void Engine::check_unknown_commit_id(std::string_view line) {
  const std::string lower = to_lower(line);
  std::size_t p = std::string::npos;
  if (starts_with(lower, "fixes:")) {
    p = 6;
  } else {
    std::size_t at = 0;
    while ((at = lower.find("commit", at)) != std::string::npos) {
      if (at == 0 || !is_word(lower[at - 1])) {
        p = at + 6;
        break;
      }
      at += 6;
    }
  }
  if (p == std::string::npos || p >= line.size() || !is_space(line[p])) {
    return;
  }
  const std::size_t q = skip_spaces(line, p);
  std::size_t e = q;
  while (e < line.size() && is_hex(line[e])) {
    ++e;
  }
  if (e - q < 6 || (e < line.size() && is_word(line[e]))) {
    return;
  }
  const std::size_t shown = std::min<std::size_t>(e - q, 40);
  if (e - q > 40) {
    return;
  }
  if (const auto known = lookup_commit(line.substr(q, e - q)); known && known->has_value()) {
    return;
  }
  warn("UNKNOWN_COMMIT_ID", "Unknown commit id '" + std::string(line.substr(q, shown)) +
                                "', maybe rebased or not pulled?");
}

bool Engine::looks_like_email_after(std::string_view cc) {
  const auto at = cc.find('@');
  const auto gt = cc.find('>');
  if (at == std::string_view::npos || gt == std::string_view::npos || at == 0 || gt < at + 2) {
    return false;
  }
  const auto part = cc.substr(0, gt);
  return std::none_of(part.begin(), part.end(), [](char ch) { return is_space(ch); });
}

bool Engine::looks_like_email_before(std::string_view ca) {
  const auto lt = ca.rfind('<');
  if (lt == std::string_view::npos) {
    return false;
  }
  const auto part = ca.substr(lt + 1);
  const auto at = part.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < part.size() &&
         std::none_of(part.begin(), part.end(), [](char ch) { return is_space(ch); });
}

}  // namespace patchflow::check::style

namespace patchflow::check::style {
namespace {

// checkpatch's $word_pattern at pos (\b[A-Z]?[a-z]{2,}\b); its length or 0.
std::size_t match_plain_word(std::string_view s, std::size_t pos) {
  if (pos >= s.size() || (pos > 0 && is_word(s[pos - 1]))) {
    return 0;
  }
  std::size_t p = pos;
  if (s[p] >= 'A' && s[p] <= 'Z') {
    ++p;
  }
  const std::size_t lower = p;
  while (p < s.size() && s[p] >= 'a' && s[p] <= 'z') {
    ++p;
  }
  if (p - lower < 2 || (p < s.size() && is_word(s[p]))) {
    return 0;
  }
  return p - pos;
}

// [bcCdDlMnpPs\?-][rwxsStT-]{9}: an `ls -l` listing, where "root root" is no slip
bool has_file_mode(std::string_view s) {
  // byte tables, not a find() in a set per byte: this runs on every line
  static constexpr auto k_type = byte_set("bcCdDlMnpPs?-");
  static constexpr auto k_perm = byte_set("rwxsStT-");
  for (std::size_t i = 0; i + 10 <= s.size(); ++i) {
    if (!k_type[static_cast<unsigned char>(s[i])]) {
      continue;
    }
    bool mode = true;
    for (std::size_t k = 1; k <= 9 && mode; ++k) {
      mode = k_perm[static_cast<unsigned char>(s[i + k])];
    }
    if (mode) {
      return true;
    }
  }
  return false;
}

}  // namespace

void Engine::check_repeated_word(std::string_view raw) {
  if (!(starts_with(raw, "+") || m_in_commit_log) || has_file_mode(raw)) {
    return;
  }
  for (std::size_t i = m_in_commit_log ? 0 : 1; i < raw.size(); ++i) {
    const std::size_t n1 = match_plain_word(raw, i);
    if (n1 == 0 || i + n1 >= raw.size() || raw[i + n1] != ' ') {
      continue;
    }
    const std::size_t second_at = i + n1 + 1;
    const std::size_t n2 = match_plain_word(raw, second_at);
    if (n2 == 0) {
      continue;
    }
    const std::string_view first = raw.substr(i, n1);
    const std::string_view second = raw.substr(second_at, n2);
    if (contains(first, "struct") || contains(first, "union") || contains(first, "enum")) {
      i = second_at + n2 - 1;
      continue;
    }
    const std::size_t next = i + n1;  // the scan goes on after "first"
    const bool exempt_char =
        (i > (m_in_commit_log ? 0U : 1U) && !is_space(raw[i - 1])) ||
        (second_at + n2 < raw.size() &&
         std::string_view(" \t.,;?!").find(raw[second_at + n2]) == std::string_view::npos);
    const bool hex = std::all_of(first.begin(), first.end(), [](char c) { return is_hex(c); });
    const bool allowed_hex = text::iequals(first, "add") || text::iequals(first, "added") ||
                             text::iequals(first, "bad") || text::iequals(first, "be");
    if (text::iequals(first, second) && first != "long" && !exempt_char && (!hex || allowed_hex)) {
      warn("REPEATED_WORD", "Possible repeated word: '" + std::string(first) + "'");
    }
    i = next - 1;
  }
  // the last word of a comment line repeated at the start of the next one
  const std::string_view prev = trim_right(m_prevline);
  if (prev.empty() || prev.back() != k_comment) {
    return;
  }
  const std::string_view prev_raw = trim_right(m_prevrawline);
  std::size_t b = prev_raw.size();
  while (b > 0 && is_word(prev_raw[b - 1])) {
    --b;
  }
  if (match_plain_word(prev_raw, b) != prev_raw.size() - b || b == prev_raw.size()) {
    return;
  }
  const std::string_view last = prev_raw.substr(b);
  std::size_t p = skip_spaces(raw, 1);
  if (!starts_with(raw, "+") || p >= raw.size() || raw[p] != '*') {
    return;
  }
  p = skip_spaces(raw, p + 1);
  if (raw.substr(p, last.size()) == last && raw.substr(p + last.size(), 1) == " ") {
    warn("REPEATED_WORD", "Possible repeated word: '" + std::string(last) + "'");
  }
}

}  // namespace patchflow::check::style
