#include "patchflow/series/format.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "patchflow/core/rfc2047.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/parallel.hpp"
#include "patchflow/git/patch_id.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_read.hpp"

namespace patchflow::series {
namespace {

std::size_t last_line_length(const std::string& text) {
  const auto newline = text.rfind('\n');
  return newline == std::string::npos ? text.size() : text.size() - newline - 1;
}

bool is_rfc822_special(char c) { return std::strchr("()<>[]:;@,.\"\\", c) != nullptr && c != '\0'; }

// Display width of one UTF-8 character advancing i; -1 when invalid.
int utf8_width_at(const std::string& text, std::size_t& i) {
  const int length = text::utf8_char_length(text, i);
  if (length == 0) {
    return -1;
  }
  unsigned code = static_cast<unsigned char>(text[i]);
  if (length > 1) {
    code &= 0x3fu >> (length - 1);
    for (int k = 1; k < length; ++k) {
      code =
          (code << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3f);
    }
  }
  i += static_cast<std::size_t>(length);
  // East Asian wide ranges (git's wcwidth table, the common blocks); combining marks are 0.
  if ((code >= 0x0300 && code <= 0x036f) || code == 0x200b) {
    return 0;
  }
  if ((code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1f64f) ||
      (code >= 0x20000 && code <= 0x3fffd)) {
    return 2;
  }
  return code < 0x20 ? 0 : 1;
}

int utf8_display_width(const std::string& text) {
  int width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const int w = utf8_width_at(text, i);
    if (w < 0) {
      ++i;
      ++width;
    } else {
      width += w;
    }
  }
  return width;
}

std::string pprint_rename(const std::string& a, const std::string& b) {
  const std::string quoted_a = quote_path("", a);
  const std::string quoted_b = quote_path("", b);
  if (quoted_a != a || quoted_b != b) {
    return quoted_a + " => " + quoted_b;
  }
  const long len_a = static_cast<long>(a.size()), len_b = static_cast<long>(b.size());
  long prefix = 0;
  for (long i = 0; i < len_a && i < len_b && a[i] == b[i]; ++i) {
    if (a[i] == '/') {
      prefix = i + 1;
    }
  }
  long suffix = 0;
  const long adjust = prefix ? 1 : 0;
  for (long i = len_a, j = len_b; prefix - adjust <= i && prefix - adjust <= j; --i, --j) {
    const char ca = i < len_a ? a[i] : '\0', cb = j < len_b ? b[j] : '\0';
    if (ca != cb) {
      break;
    }
    if (ca == '/') {
      suffix = len_a - i;
    }
  }
  const long mid_a = std::max(0L, len_a - prefix - suffix);
  const long mid_b = std::max(0L, len_b - prefix - suffix);
  std::string name;
  if (prefix + suffix) {
    name += a.substr(0, prefix) + "{";
  }
  name += a.substr(prefix, mid_a) + " => " + b.substr(prefix, mid_b);
  if (prefix + suffix) {
    name += "}" + a.substr(len_a - suffix);
  }
  return name;
}

std::string stat_name(const git::FileChange& change) {
  if (change.status == git::ChangeStatus::renamed || change.status == git::ChangeStatus::copied) {
    return pprint_rename(change.old_path, change.new_path);
  }
  return quote_path("", change.new_path);
}

int decimal_width(std::uint64_t n) {
  int width = 1;
  for (; n >= 10; n /= 10) {
    ++width;
  }
  return width;
}

int scale_linear(int it, int width, int max_change) {
  return it ? 1 + static_cast<int>(static_cast<long long>(it) * (width - 1) / max_change) : 0;
}

std::string mode_octal(std::uint32_t mode) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%06o", mode);
  return buffer;
}

}  // namespace

std::string wrap_text(const std::string& input, int indent1, int indent2, int width) {
  const std::string text = input;  // NUL-terminated view below
  const char* begin = text.c_str();
  std::string out;
  const char* p = begin;
  const char* bol = p;
  int w = indent1, indent = indent1;
  const char* space = nullptr;
  if (indent < 0) {
    w = -indent;
    space = p;
  }
  for (;;) {
    const char c = *p;
    if (!c || text::is_space(c)) {
      if (w <= width || !space) {
        const char* start = bol;
        if (!c && p == start) {
          return out;
        }
        if (space) {
          start = space;
        } else {
          out.append(static_cast<std::size_t>(std::max(indent, 0)), ' ');
        }
        out.append(start, static_cast<std::size_t>(p - start));
        if (!c) {
          return out;
        }
        space = p;
        bool wrap = false;
        if (c == '\t') {
          w |= 0x07;
        } else if (c == '\n') {
          ++space;
          if (*space == '\n') {
            out.push_back('\n');
            wrap = true;
          } else if (!text::is_alnum(*space)) {
            wrap = true;
          } else {
            out.push_back(' ');
          }
        }
        if (!wrap) {
          ++w;
          ++p;
          continue;
        }
      }
      out.push_back('\n');
      p = bol = space + (text::is_space(*space) ? 1 : 0);
      space = nullptr;
      w = indent = indent2;
      continue;
    }
    std::size_t i = static_cast<std::size_t>(p - begin);
    const int char_width = utf8_width_at(text, i);
    if (char_width < 0) {
      ++w;
      ++p;
    } else {
      w += char_width;
      p = begin + i;
    }
  }
}

std::string format_from_header(const std::string& name, const std::string& email) {
  constexpr std::size_t k_max_length = 78;
  std::string out = "From: ";
  std::size_t max_length = k_max_length;
  if (rfc2047::needs_encoding(name)) {
    rfc2047::append_folded(out, name, rfc2047::Context::phrase);
    max_length = 76;
  } else if (std::any_of(name.begin(), name.end(), is_rfc822_special)) {
    std::string quoted = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') {
        quoted.push_back('\\');
      }
      quoted.push_back(c);
    }
    quoted.push_back('"');
    out += wrap_text(quoted, -6, 1, static_cast<int>(max_length));
  } else {
    out += wrap_text(name, -6, 1, static_cast<int>(max_length));
  }
  if (max_length < last_line_length(out) + 2 + email.size() + 1) {
    out.push_back('\n');
  }
  return out + " <" + email + ">\n";
}

std::string format_subject_header(const Numbering& numbering, const std::string& title) {
  std::string out = "Subject: ";
  if (numbering.total > 0) {
    const int digits = decimal_width(static_cast<std::uint64_t>(numbering.total));
    char number[32];
    std::snprintf(number, sizeof(number), "%0*d/%d", digits, numbering.number, numbering.total);
    out += "[" + numbering.subject_prefix + (numbering.subject_prefix.empty() ? "" : " ") + number +
           "] ";
  } else if (!numbering.subject_prefix.empty()) {
    out += "[" + numbering.subject_prefix + "] ";
  }
  if (rfc2047::needs_encoding(title)) {
    rfc2047::append_folded(out, title, rfc2047::Context::subject);
  } else {
    out += wrap_text(title, -static_cast<int>(last_line_length(out)), 1, 78);
  }
  return out + "\n";
}

std::string commit_title(const std::string& message) {
  std::string title;
  std::size_t pos = 0;
  // Leading blank lines are skipped, as git's pretty printer does.
  while (pos < message.size()) {
    std::size_t end = message.find('\n', pos);
    end = end == std::string::npos ? message.size() : end;
    std::string_view line(message.data() + pos, end - pos);
    while (!line.empty() && text::is_space(line.back())) {
      line.remove_suffix(1);
    }
    pos = end + 1;
    if (line.empty()) {
      if (title.empty()) {
        continue;
      }
      break;
    }
    if (!title.empty()) {
      title += " ";
    }
    title += line;
  }
  return title;
}

std::string commit_body(const std::string& message) {
  std::size_t pos = 0;
  bool in_title = false;
  // Skip leading blank lines and the title paragraph.
  while (pos < message.size()) {
    std::size_t end = message.find('\n', pos);
    end = end == std::string::npos ? message.size() : end;
    std::string_view line(message.data() + pos, end - pos);
    while (!line.empty() && text::is_space(line.back())) {
      line.remove_suffix(1);
    }
    if (line.empty() && in_title) {
      break;
    }
    in_title = in_title || !line.empty();
    pos = end + 1;
  }
  std::string body;
  for (; pos < message.size();) {
    std::size_t end = message.find('\n', pos);
    end = end == std::string::npos ? message.size() : end;
    std::string_view line(message.data() + pos, end - pos);
    while (!line.empty() && text::is_space(line.back())) {
      line.remove_suffix(1);
    }
    pos = end + 1;
    if (line.empty() && body.empty()) {
      continue;
    }
    body += line;
    body += "\n";
  }
  while (!body.empty() && text::is_space(body.back())) {
    body.pop_back();
  }
  return body.empty() ? body : body + "\n";
}

std::string quote_path(const std::string& prefix, const std::string& path) {
  bool needs_quote = false;
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == '"' || byte == '\\' || byte >= 0x7f) {
      needs_quote = true;
      break;
    }
  }
  if (!needs_quote) {
    return prefix + path;
  }
  std::string out = "\"" + prefix;
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\v':
        out += "\\v";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (byte < 0x20 || byte >= 0x7f) {
          char octal[8];
          std::snprintf(octal, sizeof(octal), "\\%03o", byte);
          out += octal;
        } else {
          out.push_back(c);
        }
    }
  }
  return out + "\"";
}

// git's show_stats (diff.c, 2.39) with stat_width = width and no name/graph/count limits.
std::string format_diffstat(const std::vector<git::FileChange>& changes, int width) {
  if (changes.empty()) {
    return {};
  }
  int max_len = 0, bin_width = 0, number_width = 0;
  std::uint64_t max_change = 0;
  std::vector<std::string> names;
  for (const git::FileChange& change : changes) {
    names.push_back(stat_name(change));
    max_len = std::max(max_len, utf8_display_width(names.back()));
    if (change.is_binary) {
      const int w = 14 + decimal_width(change.new_size) + decimal_width(change.old_size);
      bin_width = std::max(bin_width, w);
      number_width = 3;
      continue;
    }
    max_change = std::max<std::uint64_t>(
        max_change, static_cast<std::uint64_t>(change.added_lines + change.deleted_lines));
  }
  number_width = std::max(decimal_width(max_change), number_width);
  if (width < 16 + 6 + number_width) {
    width = 16 + 6 + number_width;
  }
  int graph_width =
      static_cast<int>(max_change) + 4 > bin_width ? static_cast<int>(max_change) : bin_width - 4;
  int name_width = max_len;
  if (name_width + number_width + 6 + graph_width > width) {
    if (graph_width > width * 3 / 8 - number_width - 6) {
      graph_width = std::max(width * 3 / 8 - number_width - 6, 6);
    }
    if (name_width > width - number_width - 6 - graph_width) {
      name_width = width - number_width - 6 - graph_width;
    } else {
      graph_width = width - number_width - 6 - name_width;
    }
  }

  std::string out;
  int total_added = 0, total_deleted = 0;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const git::FileChange& change = changes[i];
    std::string name = names[i];
    std::string prefix;
    int len = name_width;
    int name_len = utf8_display_width(name);
    if (name_width < name_len) {
      prefix = "...";
      len = std::max(len - 3, 0);
      std::size_t cut = 0;
      while (name_len > len) {
        std::size_t next = cut;
        const int w = utf8_width_at(name, next);
        name_len -= w < 0 ? 1 : w;
        cut = w < 0 ? cut + 1 : next;
      }
      name = name.substr(cut);
      const auto slash = name.find('/');
      if (slash != std::string::npos) {
        name = name.substr(slash);
      }
    }
    const int padding = std::max(len - utf8_display_width(name), 0);
    out += " " + prefix + name + std::string(static_cast<std::size_t>(padding), ' ') + " | ";
    if (change.is_binary) {
      out += std::string(static_cast<std::size_t>(std::max(number_width - 3, 0)), ' ') + "Bin";
      if (change.old_size == 0 && change.new_size == 0) {
        out += "\n";
        continue;
      }
      out += " " + std::to_string(change.old_size) + " -> " + std::to_string(change.new_size) +
             " bytes\n";
      continue;
    }
    int add = change.added_lines, del = change.deleted_lines;
    total_added += add;
    total_deleted += del;
    const std::string count = std::to_string(add + del);
    out += std::string(
               static_cast<std::size_t>(std::max(number_width - static_cast<int>(count.size()), 0)),
               ' ') +
           count + (add + del ? " " : "");
    if (graph_width <= static_cast<int>(max_change)) {
      int total = scale_linear(add + del, graph_width, static_cast<int>(max_change));
      if (total < 2 && add && del) {
        total = 2;
      }
      if (add < del) {
        add = scale_linear(add, graph_width, static_cast<int>(max_change));
        del = total - add;
      } else {
        del = scale_linear(del, graph_width, static_cast<int>(max_change));
        add = total - del;
      }
    }
    out += std::string(static_cast<std::size_t>(add), '+') +
           std::string(static_cast<std::size_t>(del), '-') + "\n";
  }
  const std::size_t files = changes.size();
  out += " " + std::to_string(files) + (files == 1 ? " file changed" : " files changed");
  if (total_added || total_deleted == 0) {
    out += ", " + std::to_string(total_added) +
           (total_added == 1 ? " insertion(+)" : " insertions(+)");
  }
  if (total_deleted || total_added == 0) {
    out += ", " + std::to_string(total_deleted) +
           (total_deleted == 1 ? " deletion(-)" : " deletions(-)");
  }
  return out + "\n";
}

std::string format_summary(const std::vector<git::FileChange>& changes) {
  std::string out;
  auto mode_change = [&](const git::FileChange& change, bool show_name) {
    if (change.old_mode && change.new_mode && change.old_mode != change.new_mode) {
      out += " mode change " + mode_octal(change.old_mode) + " => " + mode_octal(change.new_mode);
      if (show_name) {
        out += " " + quote_path("", change.new_path);
      }
      out += "\n";
    }
  };
  for (const git::FileChange& change : changes) {
    switch (change.status) {
      case git::ChangeStatus::deleted:
        out += " delete mode " + mode_octal(change.old_mode) + " " +
               quote_path("", change.old_path) + "\n";
        break;
      case git::ChangeStatus::added:
        out += " create mode " + mode_octal(change.new_mode) + " " +
               quote_path("", change.new_path) + "\n";
        break;
      case git::ChangeStatus::renamed:
      case git::ChangeStatus::copied:
        out += std::string(change.status == git::ChangeStatus::renamed ? " rename " : " copy ") +
               pprint_rename(change.old_path, change.new_path) + " (" +
               std::to_string(change.similarity) + "%)\n";
        mode_change(change, false);
        break;
      default:
        mode_change(change, true);
    }
  }
  return out;
}

std::string format_diff(const git::Abbreviator& ids, const std::vector<git::FileChange>& changes,
                        std::size_t abbrev) {
  std::string out;
  for (const git::FileChange& change : changes) {
    const bool added = change.status == git::ChangeStatus::added;
    const bool deleted = change.status == git::ChangeStatus::deleted;
    const std::string a = quote_path("a/", change.old_path);
    const std::string b = quote_path("b/", change.new_path);
    out += "diff --git " + a + " " + b + "\n";
    if (added) {
      out += "new file mode " + mode_octal(change.new_mode) + "\n";
    } else if (deleted) {
      out += "deleted file mode " + mode_octal(change.old_mode) + "\n";
    } else if (change.old_mode != change.new_mode) {
      out += "old mode " + mode_octal(change.old_mode) + "\nnew mode " +
             mode_octal(change.new_mode) + "\n";
    }
    if (change.status == git::ChangeStatus::renamed || change.status == git::ChangeStatus::copied) {
      const char* kind = change.status == git::ChangeStatus::renamed ? "rename" : "copy";
      out += "similarity index " + std::to_string(change.similarity) + "%\n" + kind + " from " +
             quote_path("", change.old_path) + "\n" + kind + " to " +
             quote_path("", change.new_path) + "\n";
    }
    if (!(change.old_id == change.new_id)) {
      // Binary patches need the whole ids (git switches to full index for them).
      const std::size_t length = change.is_binary ? GIT_OID_HEXSZ : abbrev;
      out += "index " + ids.abbreviate(change.old_id, length) + ".." +
             ids.abbreviate(change.new_id, length);
      if (change.old_mode == change.new_mode) {
        out += " " + mode_octal(change.new_mode);
      }
      out += "\n";
    }
    if (!change.is_binary && !change.body.empty()) {
      const std::string old_label = added ? "/dev/null" : a;
      const std::string new_label = deleted ? "/dev/null" : b;
      out += "--- " + old_label +
             (!added && change.old_path.find(' ') != std::string::npos ? "\t" : "") + "\n";
      out += "+++ " + new_label +
             (!deleted && change.new_path.find(' ') != std::string::npos ? "\t" : "") + "\n";
    } else if (change.is_binary && change.body.empty() && !(change.old_id == change.new_id)) {
      out += "Binary files " + (added ? std::string("/dev/null") : a) + " and " +
             (deleted ? std::string("/dev/null") : b) + " differ\n";
    }
    out += change.body;
  }
  return out;
}

std::string format_thread_headers(const ExtraHeaders& extra) {
  std::string out;
  if (!extra.message_id.empty()) {
    out += "Message-Id: <" + extra.message_id + ">\n";
  }
  if (!extra.references.empty()) {
    out += "In-Reply-To: <" + extra.references.back() + ">\n";
    for (std::size_t i = 0; i < extra.references.size(); ++i) {
      out += (i ? "\t<" : "References: <") + extra.references[i] + ">\n";
    }
  }
  return out;
}

std::string format_address_headers(const ExtraHeaders& extra) {
  std::string out;
  auto list = [&](const char* name, const std::vector<std::string>& addresses) {
    for (std::size_t i = 0; i < addresses.size(); ++i) {
      out += (i ? ",\n    " : std::string(name) + ": ") + addresses[i];
    }
    if (!addresses.empty()) {
      out += "\n";
    }
  };
  list("To", extra.to);
  list("Cc", extra.cc);
  return out;
}

std::string format_patch_mail(git_repository& repo, const git::Oid& commit_id,
                              const Numbering& numbering, const ExtraHeaders& extra,
                              const git::Abbreviator& ids, std::size_t abbrev) {
  return format_patch(repo, commit_id, numbering, extra, ids, abbrev).text;
}

namespace {

std::vector<git::FileChange> diff_commit_for_mail(git_repository& repo, const git_commit& commit) {
  std::optional<git::Oid> parent_tree;
  if (git_commit_parentcount(&commit) > 0) {
    git::Commit parent = git::lookup_commit(repo, git::Oid(*git_commit_parent_id(&commit, 0)));
    parent_tree = git::commit_tree_id(*parent);
  }
  return git::diff_trees(repo, parent_tree, git::commit_tree_id(commit));
}

}  // namespace

PatchMail format_patch(git_repository& repo, const git::Oid& commit_id, const Numbering& numbering,
                       const ExtraHeaders& extra, const git::Abbreviator& ids,
                       std::size_t abbrev, const CommitDiff* given) {
  git::Commit commit = git::lookup_commit(repo, commit_id);
  const git_signature* author = git_commit_author(commit.get());
  const std::string message = git_commit_message(commit.get());
  CommitDiff made;
  if (given == nullptr) {
    made.changes = diff_commit_for_mail(repo, *commit);
    made.text = format_diff(ids, made.changes, abbrev);
  }
  const std::vector<git::FileChange>& changes = given ? given->changes : made.changes;

  const std::string title = commit_title(message);
  const std::string body = commit_body(message);
  std::string out = "From " + commit_id.hex() + " Mon Sep 17 00:00:00 2001\n";
  out += format_thread_headers(extra);
  out += format_from_header(author->name, author->email);
  const int offset = author->when.offset;
  out += "Date: " + format_rfc2822_date(author->when.time, offset) + "\n";
  out += format_subject_header(numbering, title);
  // git adds MIME headers when the message (not the author) has non-ASCII bytes.
  if (std::any_of(message.begin(), message.end(), text::is_non_ascii)) {
    out +=
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n";
  }
  out += format_address_headers(extra);
  out += "\n" + body + "---\n";
  out += format_diffstat(changes) + format_summary(changes) + "\n";
  out += given ? given->text : made.text;
  out += std::string("-- \n") + k_signature + "\n\n";
  // The diff just made gives the patch-id; only renames need libgit2's second diff.
  const std::optional<git::Oid> patch_id = git::patch_id_from_changes(changes);
  return {std::move(out), patch_id ? *patch_id : git::commit_patch_id(repo, commit_id)};
}

CommitDiffs::CommitDiffs(git_repository& repo)
    : m_ids(repo), m_abbrev(git::default_abbrev_length(repo)) {}

void CommitDiffs::add(git_repository& repo, const std::vector<git::Oid>& commits, int jobs) {
  std::vector<CommitDiff> made(commits.size());
  git::for_each_with_repository(repo, commits.size(), jobs, [&](git_repository& own, std::size_t i) {
    made[i].changes = diff_commit_for_mail(own, *git::lookup_commit(own, commits[i]));
    made[i].text = format_diff(m_ids, made[i].changes, m_abbrev);  // m_ids takes a lock
  });
  for (std::size_t i = 0; i < commits.size(); ++i) {
    m_diffs.insert_or_assign(commits[i], std::move(made[i]));
  }
}

const CommitDiff* CommitDiffs::find(const git::Oid& commit) const {
  const auto found = m_diffs.find(commit);
  return found == m_diffs.end() ? nullptr : &found->second;
}

std::optional<std::string> CommitDiffs::routing_text(git_repository& repo,
                                                     const git::Oid& commit) const {
  const CommitDiff* diff = find(commit);
  if (diff == nullptr) {
    return std::nullopt;
  }
  return git::commit_patch_head(repo, commit) + diff->text;
}

}  // namespace patchflow::series
