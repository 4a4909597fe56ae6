#include <algorithm>
#include <array>
#include <optional>

#include "patchflow/check/patch_checker.hpp"
#include "patchflow/core/address.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/core/regex.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/libgit2.hpp"
#include "patchflow/patch/mbox.hpp"
#include "patchflow/patch/trailers.hpp"

namespace patchflow::check {
namespace {

std::string email_domain(const std::string& email) {
  const auto at = email.rfind('@');
  return at == std::string::npos ? "" : text::to_lower(email.substr(at + 1));
}

bool domain_in(const std::string& domain, const std::vector<std::string>& domains) {
  for (const auto& d : domains) {
    const std::string l = text::to_lower(d);
    if (domain == l || (domain.size() > l.size() &&
                        domain.compare(domain.size() - l.size() - 1, l.size() + 1, "." + l) == 0)) {
      return true;
    }
  }
  return false;
}

// The policy's subject-prefix, compiled once per thread and pattern: compiling a std::regex costs
// more than checking a whole patch, and every patch of a series shares the policy.
const Regex& subject_prefix_regex(const std::string& pattern) {
  thread_local std::string compiled_pattern;
  thread_local std::optional<Regex> compiled;
  if (!compiled || compiled_pattern != pattern) {
    compiled.reset();  // a throw leaves it empty: the caller reports the policy
    compiled.emplace(pattern);
    compiled_pattern = pattern;
  }
  return *compiled;
}

// Whether word stands in text between non-word characters (the regex \bword\b, without the
// cost of a std::regex search on every subject).
bool has_word(std::string_view text, std::string_view word) {
  const auto is_word = [](char c) { return text::is_alnum(c) || c == '_'; };
  for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || !is_word(text[at - 1])) && (end == text.size() || !is_word(text[end]))) {
      return true;
    }
  }
  return false;
}

// Whether a lower-case message holds one of the words that say why a change is made, anywhere
// (a substring, as in "fixes" or "needed"). One pass over the text comparing only the words
// that start with the character at hand: a std::regex alternation of them cost more than all
// the other message rules together.
bool says_why(std::string_view message) {
  static constexpr std::string_view k_words[] = {
      "because", "so that", ", so ",  "otherwise", "since",    "to avoid", "in order",
      "need",    "must",    "should", "cannot",    "fix",      "prevent",  "allow",
      "without", "instead", "why",    "required",  "breaks",   "fails",    "crash",
      "wrong",   "bug",     "leak",   "corrupt",   "overflow", "stale"};
  static const std::array<bool, 256> k_starts = [] {
    std::array<bool, 256> starts{};
    for (const std::string_view word : k_words) {
      starts[static_cast<unsigned char>(word[0])] = true;
    }
    return starts;
  }();
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (!k_starts[static_cast<unsigned char>(message[i])]) {
      continue;
    }
    const std::string_view rest = message.substr(i);
    for (const std::string_view word : k_words) {
      if (word[0] == rest[0] && rest.starts_with(word)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

void PatchChecker::check_encoding(const patch::Mail& mail) {
  if (!mail.is_valid_utf8) {
    add("NOT_UTF8", "patch holds bytes that are not UTF-8", mail.first_line);
  }
  if (mail.has_crlf) {
    add("CRLF_LINE_ENDINGS", "patch lines end in CRLF (mangled by a mailer?)", mail.first_line);
  }
}

void PatchChecker::check_message(const patch::Mail& mail) {
  const std::string& subject = mail.subject;
  const int subject_line = mail.header("Subject") ? mail.header("Subject")->line : 0;
  const auto& policy = m_options.policy;
  if (!policy.subject_prefix.empty()) {
    bool ok = false;
    try {
      ok = subject_prefix_regex(policy.subject_prefix).search(subject, /*at_start=*/true);
    } catch (const Error&) {
      throw Error(
          ExitCode::usage,
          "policy subject-prefix '" + policy.subject_prefix + "' is not a valid regular expression",
          policy.where);
    }
    if (!ok) {
      add("SUBJECT_PREFIX",
          "subject '" + subject + "' does not start with a prefix matching '" +
              policy.subject_prefix + "'",
          subject_line);
    }
  } else if (subject.find(": ") == std::string::npos) {
    add("SUBJECT_PREFIX", "subject '" + subject + "' has no '<area>: ' prefix", subject_line);
  }
  if (static_cast<int>(subject.size()) > policy.max_subject_length) {
    add("SUBJECT_LENGTH",
        "subject is " + std::to_string(subject.size()) + " characters, over " +
            std::to_string(policy.max_subject_length),
        subject_line);
  }
  if (subject.starts_with("fixup!") || subject.starts_with("squash!") ||
      subject.starts_with("amend!") || has_word(subject, "WIP")) {
    add("SUBJECT_WIP", "subject '" + subject + "' marks unfinished work (fixup!/squash!/WIP)",
        subject_line);
  }
  if (!m_input.message.empty()) {
    const auto lines = text::split_lines(m_input.message);
    if (lines.size() > 1 && !text::trim(lines[1]).empty()) {
      add("SUBJECT_SEPARATOR", "no blank line after the subject", subject_line);
    }
  }
  // body: the message without its subject, trailers and quoted material
  const auto lines = text::split_lines(mail.message);
  int body_lines = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const int file_line = mail.body_line + static_cast<int>(i) - 2;
    if (!text::trim(line).empty() && !patch::is_trailer_line(line)) {
      ++body_lines;
    }
    const bool quoted = line.starts_with(">") || line.starts_with(" ") || line.starts_with("\t");
    if (static_cast<int>(line.size()) > policy.max_body_line_length && !quoted &&
        line.find("://") == std::string_view::npos && !patch::is_trailer_line(line)) {
      add("BODY_LINE_LENGTH",
          "body line is " + std::to_string(line.size()) + " characters, over " +
              std::to_string(policy.max_body_line_length),
          file_line);
    }
    if (text::iequals(line.substr(0, 6), "fixes:")) {
      check_fixes(std::string(text::trim(line.substr(6))), file_line);
    }
  }
  // checkpatch.pl's COMMIT_MESSAGE is this defect: one finding, under its TYPE (check_style
  // drops the built-in engine's copy), with the policy's minimum instead of its fixed one.
  if (body_lines < policy.min_body_lines) {
    add("COMMIT_MESSAGE",
        "commit message has " + std::to_string(body_lines) +
            " body line(s); it must stand alone and say why (policy minimum " +
            std::to_string(policy.min_body_lines) + ")",
        subject_line);
  } else if (body_lines > 0 && !says_why(text::to_lower(mail.message))) {
    add("BODY_NO_WHY", "commit message does not seem to say why the change is needed",
        subject_line);
  }
}

void PatchChecker::check_fixes(const std::string& value, int line) {
  static const Regex k_form("^([0-9a-f]{12,40}) \\(\"(.*)\"\\)$");
  std::vector<std::string_view> match;
  if (!k_form.matches(value, match)) {
    add("FIXES_TAG_FORMAT", "Fixes: tag '" + value + "' is not 'Fixes: <12+ hex> (\"subject\")'",
        line);
    return;
  }
  if (m_repo == nullptr) {
    return;
  }
  const std::string id(match[1]);
  const std::string answer = fixes_answer(*m_repo, id);
  m_lookups.push_back({"fixes", id, answer});
  if (answer.empty()) {
    add("FIXES_UNKNOWN_COMMIT", "Fixes: tag names '" + id + "', not a commit in the repository",
        line);
  }
}

std::string fixes_answer(git_repository& repo, const std::string& id) {
  git_object* object = nullptr;
  if (git_revparse_single(&object, &repo, (id + "^{commit}").c_str()) != 0) {
    git_error_clear();
    return std::string();
  }
  const std::string found = git::Oid(*git_object_id(object)).hex();
  git_object_free(object);
  return found;
}

void PatchChecker::check_signoffs(const patch::Mail& mail) {
  const auto lines = text::split_lines(mail.message);
  std::vector<std::pair<patch::Person, int>> signoffs;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (!text::iequals(line.substr(0, 14), "signed-off-by:")) {
      continue;
    }
    const int file_line = mail.body_line + static_cast<int>(i) - 2;
    const std::string value(text::trim(line.substr(14)));
    static const Regex k_well_formed("^[^<>@]+ <[^<>@\\s]+@[^<>@\\s]+\\.[^<>@\\s]+>$");
    if (!k_well_formed.matches(value)) {
      add("SIGN_OFF_MALFORMED", "Signed-off-by '" + value + "' is not 'Name <email>'", file_line);
    }
    signoffs.emplace_back(address::parse_person(value), file_line);
  }
  const int at = mail.body_line;
  if (signoffs.empty()) {
    // checkpatch.pl's MISSING_SIGN_OFF (check_style drops the engine's copy)
    add("MISSING_SIGN_OFF", "no Signed-off-by: the author must certify the DCO", at);
    return;
  }
  const bool by_author = std::any_of(signoffs.begin(), signoffs.end(), [&](const auto& s) {
    return text::to_lower(s.first.email) == text::to_lower(mail.author.email);
  });
  if (!by_author && !mail.author.email.empty()) {
    add("SIGN_OFF_AUTHOR", "no Signed-off-by from the author '" + mail.author.format() + "'",
        signoffs.front().second);
  }
  // Whoever handled the patch last signs off last: a commit's committer when someone else
  // than the author applied it; for a mail, --sender, else the mail's own From (what
  // format-patch writes: the author). Never the reader's git identity, so the verdict on a
  // mail does not change with who runs the check.
  std::string last = m_input.committer_email;
  if (last.empty() && m_input.commit.empty()) {
    last = m_options.committer_email;
    if (last.empty()) {
      const patch::Header* from = mail.header("From");
      last = from != nullptr ? address::parse_person(from->value).email : mail.author.email;
    }
  }
  if (!last.empty() && text::to_lower(signoffs.back().first.email) != text::to_lower(last)) {
    add("SIGN_OFF_LAST", "the last Signed-off-by should be the sender's '" + last + "'",
        signoffs.back().second);
  }
  for (const auto& [person, line] : signoffs) {
    const std::string domain = email_domain(person.email);
    if (domain_in(domain, m_options.policy.forbidden_domains)) {
      add("SIGN_OFF_DOMAIN", "Signed-off-by '" + person.email + "' uses a personal domain", line);
    } else if (!m_options.policy.official_domains.empty() &&
               !domain_in(domain, m_options.policy.official_domains)) {
      add("SIGN_OFF_DOMAIN", "Signed-off-by '" + person.email + "' is not from an official domain",
          line);
    }
  }
}

}  // namespace patchflow::check
