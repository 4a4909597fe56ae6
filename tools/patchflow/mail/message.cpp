#include "patchflow/mail/message.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "patchflow/core/address.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/core/rfc2047.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::mail {
namespace {

constexpr std::size_t k_max_line_octets = 998;  // RFC 5321 4.5.3.1.6, without the CRLF

// The "From <sha> Mon Sep 17 00:00:00 2001" separator: "From " ... hh:mm ... 4-digit year.
bool is_envelope_line(std::string_view line) {
  line = text::trim_right(line);
  if (line.rfind("From ", 0) != 0 || line.size() < 10 || line.find(':') == line.npos) {
    return false;
  }
  for (const char c : line.substr(line.size() - 4)) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
      return false;
    }
  }
  return true;
}

bool is_field_name(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  for (const char c : name) {
    if (c <= 32 || c >= 127 || c == ':') {
      return false;
    }
  }
  return true;
}

bool has_non_ascii(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 128) {
      return true;
    }
  }
  return false;
}

// Checks every "=?charset?q|b?" opening in a header value is a complete RFC 2047 word.
bool has_malformed_encoded_word(std::string_view value) {
  for (auto start = value.find("=?"); start != value.npos; start = value.find("=?", start + 2)) {
    const auto charset_end = value.find('?', start + 2);
    if (charset_end == value.npos || charset_end == start + 2 || charset_end + 2 >= value.size() ||
        value[charset_end + 2] != '?' ||
        std::string_view("qQbB").find(value[charset_end + 1]) == std::string_view::npos) {
      continue;  // not an encoded word, just text
    }
    bool charset_ok = true;
    for (const char c : value.substr(start + 2, charset_end - start - 2)) {
      charset_ok = charset_ok && (std::isalnum(static_cast<unsigned char>(c)) != 0 ||
                                  std::string_view("-_.*").find(c) != std::string_view::npos);
    }
    if (!charset_ok) {
      continue;
    }
    const auto text_start = charset_end + 3;
    const auto end = value.find("?=", text_start);
    if (end == value.npos) {
      return true;
    }
    const std::string_view encoded = value.substr(text_start, end - text_start);
    const bool base64 = value[charset_end + 1] == 'b' || value[charset_end + 1] == 'B';
    for (std::size_t i = 0; i < encoded.size(); ++i) {
      const char c = encoded[i];
      if (c <= 32 || c >= 127) {
        return true;
      }
      if (base64 && std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '+' && c != '/' &&
          c != '=') {
        return true;
      }
      if (!base64 && c == '=' &&
          (i + 2 >= encoded.size() ||
           std::isxdigit(static_cast<unsigned char>(encoded[i + 1])) == 0 ||
           std::isxdigit(static_cast<unsigned char>(encoded[i + 2])) == 0)) {
        return true;
      }
    }
    if (base64 && encoded.size() % 4 != 0) {
      return true;
    }
    start = end;
  }
  return false;
}

std::string lower(std::string_view text) { return text::to_lower(text); }

struct Field {
  std::string name;
  std::vector<std::string> lines;  // first line and continuations, without line ends
  int line = 0;
  std::string value() const {  // unfolded, after the colon
    std::string out = lines.front().substr(name.size() + 1);
    for (std::size_t i = 1; i < lines.size(); ++i) {
      out += lines[i];
    }
    return std::string(text::trim(out));
  }
};

struct Problem {
  int line = 0;
  std::string text;
};

// One message being prepared: parsed once, checked, amended, serialised.
class Draft {
 public:
  explicit Draft(const RawMessage& raw) : m_raw(raw) {}

  void parse(std::vector<Problem>& problems);
  void check_headers(std::vector<Problem>& problems) const;
  const Field* field(std::string_view name) const;
  std::vector<std::string> addresses(std::string_view name) const;
  void add_addresses(const std::string& name, const std::vector<std::string>& additions);
  void encode_utf8_headers();
  void send_as(const std::string& sender, const std::string& author);
  void set_header(const std::string& name, const std::string& value, const std::string& after);
  std::string data() const;

 private:
  void check_address_field(const Field& f, bool single, std::vector<Problem>& problems) const;

  const RawMessage& m_raw;
  std::vector<Field> m_fields;
  bool m_has_body_separator = false;
  std::vector<std::string> m_body;
};

void Draft::parse(std::vector<Problem>& problems) {
  const std::vector<std::string_view> lines = text::split_lines(m_raw.text);
  bool in_headers = true;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line_number = m_raw.first_line + static_cast<int>(i);
    std::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.find('\0') != line.npos) {
      problems.push_back({line_number, "NUL byte"});
    }
    if (line.find('\r') != line.npos) {
      problems.push_back({line_number, "bare CR inside a line"});
    }
    if (line.size() > k_max_line_octets) {
      problems.push_back({line_number, "line is " + std::to_string(line.size()) +
                                           " octets long; SMTP allows 998"});
    }
    if (!in_headers) {
      m_body.emplace_back(line);
      continue;
    }
    if (line.empty()) {
      in_headers = false;
      m_has_body_separator = true;
    } else if ((line[0] == ' ' || line[0] == '\t') && !m_fields.empty()) {
      m_fields.back().lines.emplace_back(line);
    } else if (const auto colon = line.find(':');
               colon != line.npos && is_field_name(line.substr(0, colon))) {
      m_fields.push_back({std::string(line.substr(0, colon)), {std::string(line)}, line_number});
    } else {
      problems.push_back({line_number, "malformed header line '" + std::string(line.substr(0, 40)) +
                                           "'; expected 'Name: value'"});
      in_headers = false;  // the rest cannot be told apart from a body
    }
  }
}

const Field* Draft::field(std::string_view name) const {
  for (const Field& f : m_fields) {
    if (lower(f.name) == lower(name)) {
      return &f;
    }
  }
  return nullptr;
}

std::vector<std::string> Draft::addresses(std::string_view name) const {
  std::vector<std::string> out;
  for (const Field& f : m_fields) {
    if (lower(f.name) == lower(name)) {
      for (const address::Address& a : address::parse_address_list(f.value()).addresses) {
        out.push_back(a.addr_spec);
      }
    }
  }
  return out;
}

void Draft::check_address_field(const Field& f, bool single, std::vector<Problem>& problems) const {
  const std::string value = f.value();
  if (value.empty()) {
    problems.push_back({f.line, "empty '" + f.name + "' header"});
    return;
  }
  const address::AddressList list = address::parse_address_list(value);
  if (!list.problem.empty()) {
    problems.push_back({f.line, list.problem + " in '" + f.name + "' header"});
  } else if (single && list.addresses.size() != 1) {
    problems.push_back({f.line, "'" + f.name + "' header must hold exactly one address"});
  }
}

void Draft::check_headers(std::vector<Problem>& problems) const {
  std::map<std::string, int> counts;
  for (const Field& f : m_fields) {
    const std::string name = lower(f.name);
    ++counts[name];
    for (std::size_t i = 0; i < f.lines.size(); ++i) {
      if (has_non_ascii(f.lines[i])) {
        problems.push_back({f.line + static_cast<int>(i),
                            "non-ASCII in header '" + f.name + "'; it must be RFC 2047 encoded"});
        break;
      }
    }
    if (has_malformed_encoded_word(f.value())) {
      problems.push_back({f.line, "malformed RFC 2047 encoded word in header '" + f.name + "'"});
    }
    if (name == "from" || name == "sender") {
      check_address_field(f, true, problems);
    } else if (name == "to" || name == "cc" || name == "bcc" || name == "reply-to") {
      check_address_field(f, false, problems);
    } else if (name == "message-id" && !patch::is_message_id(f.value())) {
      problems.push_back(
          {f.line, "malformed 'Message-Id' header '" + f.value() + "'; expected '<left@right>'"});
    } else if (name == "in-reply-to" && !patch::is_message_id(f.value())) {
      problems.push_back({f.line, "malformed 'In-Reply-To' header '" + f.value() +
                                      "'; expected one '<left@right>'"});
    } else if (name == "references") {
      for (const std::string& id : text::split_whitespace(f.value())) {
        if (!patch::is_message_id(id)) {
          problems.push_back({f.line, "malformed message id '" + id +
                                          "' in 'References' header; expected '<left@right>'"});
          break;
        }
      }
    }
  }
  const int header_line = m_raw.first_line;
  // No Date: send dates every message itself, as git send-email does.
  for (const char* required : {"From", "Subject", "Message-Id"}) {
    const int n = counts[lower(required)];
    if (n == 0) {
      problems.push_back({header_line, "missing '" + std::string(required) + "' header"});
    } else if (n > 1) {
      problems.push_back({header_line, "more than one '" + std::string(required) + "' header"});
    }
  }
  if (counts["to"] == 0 && counts["cc"] == 0) {
    problems.push_back({header_line, "no 'To' or 'Cc' header (add recipients or use --to)"});
  }
  bool body_non_ascii = false;
  for (const std::string& line : m_body) {
    body_non_ascii = body_non_ascii || has_non_ascii(line);
  }
  if (body_non_ascii) {
    const Field* type = field("Content-Type");
    const Field* encoding = field("Content-Transfer-Encoding");
    const bool charset =
        type != nullptr && lower(type->value()).find("charset=") != std::string::npos;
    const std::string cte = encoding != nullptr ? lower(encoding->value()) : "";
    if (!charset || (cte != "8bit" && cte != "binary")) {
      problems.push_back({header_line,
                          "non-ASCII body needs 'Content-Type' with a charset and "
                          "'Content-Transfer-Encoding: 8bit'"});
    }
  }
}

// What git send-email does for `git format-patch` output (a cover letter's From carries the
// author's name raw): valid UTF-8 in Subject and address headers becomes encoded words. Other
// headers, and bytes that are not UTF-8, are left for check_headers to report.
void Draft::encode_utf8_headers() {
  for (Field& f : m_fields) {
    const std::string name = lower(f.name);
    const std::string value = f.value();
    if (!has_non_ascii(value) || !text::is_valid_utf8(value)) {
      continue;
    }
    if (name == "subject") {
      const std::vector<std::string> words = rfc2047::encode_words(value);
      f.lines = {f.name + ": " + words[0]};
      for (std::size_t i = 1; i < words.size(); ++i) {
        f.lines.push_back(" " + words[i]);
      }
    } else if (name == "from" || name == "sender" || name == "to" || name == "cc" ||
               name == "bcc" || name == "reply-to") {
      const address::AddressList list = address::parse_address_list(value);
      if (!list.problem.empty()) {
        continue;
      }
      f.lines = {f.name + ":"};
      for (std::size_t i = 0; i < list.addresses.size(); ++i) {
        const address::Address& a = list.addresses[i];
        const std::string text =
            a.display_name.empty() ? a.addr_spec : a.display_name + " <" + a.addr_spec + ">";
        std::string line = " " + address::sanitize_address(text);
        if (i + 1 < list.addresses.size()) {
          line += ",";
        }
        if (i == 0) {
          f.lines[0] += line;
        } else {
          f.lines.push_back(line);
        }
      }
    }
  }
}

// git send-email: the header From is the sender; an author who is someone else goes into the
// body's first line (what `git am` reads as the author), written as the file had it but with
// encoded words decoded, and the body gets a charset when that line is not ASCII.
void Draft::send_as(const std::string& sender, const std::string& author) {
  const std::string decoded = rfc2047::decode(author);
  const std::string author_text(text::trim(decoded));
  if (!author.empty() && address::sanitize_address(author_text) != sender) {
    m_body.insert(m_body.begin(), {"From: " + author_text, ""});
    m_has_body_separator = true;
    std::string charset;
    if (const auto word = author.find("=?"); word != std::string::npos) {
      charset = author.substr(word + 2, author.find('?', word + 2) - word - 2);
    } else if (has_non_ascii(author_text)) {
      charset = "UTF-8";
    }
    if (!charset.empty() && field("Content-Type") == nullptr) {
      if (field("MIME-Version") == nullptr) {
        set_header("MIME-Version", "1.0", "");
      }
      set_header("Content-Type", "text/plain; charset=" + charset, "");
      if (field("Content-Transfer-Encoding") == nullptr) {
        set_header("Content-Transfer-Encoding", "8bit", "");
      }
    }
  }
  set_header("From", sender, "");
}

// Replaces the value of header name, or adds it after the header named after (else last).
void Draft::set_header(const std::string& name, const std::string& value,
                       const std::string& after) {
  for (Field& f : m_fields) {
    if (lower(f.name) == lower(name)) {
      f.lines = {f.name + ": " + value};
      return;
    }
  }
  auto at = m_fields.end();
  for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
    if (!after.empty() && lower(it->name) == lower(after)) {
      at = it + 1;
    }
  }
  m_fields.insert(at, Field{name, {name + ": " + value}, 0});
}

void Draft::add_addresses(const std::string& name, const std::vector<std::string>& additions) {
  std::set<std::string> present;
  for (const char* header : {"to", "cc"}) {
    for (const std::string& a : addresses(header)) {
      present.insert(lower(a));
    }
  }
  std::vector<std::string> missing;
  for (const std::string& addition : additions) {
    const address::AddressList list = address::parse_address_list(addition);
    if (!list.addresses.empty() && present.insert(lower(list.addresses[0].addr_spec)).second) {
      missing.push_back(address::sanitize_address(text::trim(addition)));
    }
  }
  if (missing.empty()) {
    return;
  }
  Field* target = nullptr;
  for (Field& f : m_fields) {
    if (lower(f.name) == lower(name)) {
      target = &f;
    }
  }
  std::size_t first = 0;
  if (target == nullptr) {
    m_fields.push_back({name, {name + ": " + missing[0]}, 0});
    target = &m_fields.back();
    first = 1;
  }
  // One address per folded line keeps every line far below 998 octets.
  for (std::size_t i = first; i < missing.size(); ++i) {
    target->lines.back() += ",";
    target->lines.push_back(" " + missing[i]);
  }
}

std::string Draft::data() const {
  std::string out;
  for (const Field& f : m_fields) {
    if (lower(f.name) == "bcc") {
      continue;  // Bcc recipients are envelope-only: the header would reveal them
    }
    for (const std::string& line : f.lines) {
      out += line;
      out += "\r\n";
    }
  }
  if (m_has_body_separator) {
    out += "\r\n";
  }
  for (const std::string& line : m_body) {
    out += line;
    out += "\r\n";
  }
  return out;
}

void add_unique(std::vector<std::string>& list, std::set<std::string>& seen,
                const std::vector<std::string>& additions) {
  for (const std::string& a : additions) {
    if (seen.insert(lower(a)).second) {
      list.push_back(a);
    }
  }
}

std::string option_address(const std::string& option, const std::string& value) {
  const address::AddressList list = address::parse_address_list(value);
  if (!list.problem.empty()) {
    throw_usage(option + " '" + value + "': " + list.problem);
  }
  if (list.addresses.size() != 1) {
    throw_usage(option + " '" + value + "' must be exactly one address");
  }
  return list.addresses[0].addr_spec;
}

// The commit of a `git format-patch` envelope "From <40 hex> Mon Sep 17 00:00:00 2001".
std::string envelope_commit(const std::string& envelope) {
  const std::vector<std::string> words = text::split_whitespace(envelope);
  if (words.size() < 2 || words[1].size() != 40 ||
      words[1].find_first_not_of("0123456789abcdef") != std::string::npos) {
    return "";
  }
  return words[1];
}

}  // namespace

std::string OutgoingMessage::label() const { return source + " message " + std::to_string(index); }

std::vector<RawMessage> split_messages(const std::string& content) {
  std::vector<RawMessage> messages;
  const std::vector<std::string_view> lines = text::split_lines(content);
  if (lines.empty()) {
    return messages;
  }
  if (!is_envelope_line(lines[0])) {
    messages.push_back({1, 1, content, ""});
    return messages;
  }
  std::size_t offset = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const bool after_blank = i == 0 || text::trim_right(lines[i - 1]).empty();
    if (after_blank && is_envelope_line(line)) {
      messages.push_back({static_cast<int>(messages.size()) + 1, static_cast<int>(i) + 2, "",
                          std::string(text::trim_right(line))});
    } else {
      messages.back().text.append(content, offset, line.size() + 1);
    }
    offset += line.size() + 1;  // split_lines drops the '\n'; append() clamps at the end
  }
  return messages;
}

std::vector<OutgoingMessage> prepare_messages(const std::vector<SourceFile>& files,
                                              const PrepareOptions& options) {
  for (const std::string& a : options.extra_to) {
    option_address("--to", a);
  }
  for (const std::string& a : options.extra_cc) {
    option_address("--cc", a);
  }
  if (text::trim(options.sender).empty()) {
    throw_usage(
        "no sender: give --from, or set git config sendemail.from or user.name and "
        "user.email");
  }
  const std::string envelope_from = option_address("sender", options.sender);
  const std::string sender = address::sanitize_address(options.sender);
  std::string thread_root;
  if (!text::trim(options.in_reply_to).empty()) {
    thread_root = "<" + patch::bare_message_id(options.in_reply_to) + ">";
    if (!patch::is_message_id(thread_root)) {
      throw_usage("--in-reply-to '" + options.in_reply_to +
                  "' is not a message id; expected '<left@right>' or 'left@right'");
    }
  }

  std::vector<std::string> report;
  Where first_where;
  std::string first_text;
  const auto note = [&](const std::string& file, int index, const Problem& p) {
    const std::string text = "message " + std::to_string(index) + ": " + p.text;
    if (first_text.empty()) {
      first_where = Where{.file = file, .line = p.line};
      first_text = text;
    } else {
      report.push_back(Where{.file = file, .line = p.line}.prefix() + ": error: " + text);
    }
  };

  std::vector<std::vector<RawMessage>> raws_of_files;
  std::int64_t total = 0;
  for (const SourceFile& file : files) {
    raws_of_files.push_back(split_messages(file.content));
    total += static_cast<std::int64_t>(raws_of_files.back().size());
  }
  // git send-email: the first message is dated now - (n - 1), each next one a second later.
  std::int64_t date = options.now - std::max<std::int64_t>(total - 1, 0);
  std::string first_id;  // what later unthreaded messages reply to under --in-reply-to

  std::vector<OutgoingMessage> out;
  std::map<std::string, std::string> id_owner;
  for (std::size_t file_index = 0; file_index < files.size(); ++file_index) {
    const SourceFile& file = files[file_index];
    const std::vector<RawMessage>& raws = raws_of_files[file_index];
    if (raws.empty()) {
      note(file.name, 1, {0, "no message in the file"});
    }
    for (const RawMessage& raw : raws) {
      std::vector<Problem> problems;
      Draft draft(raw);
      draft.parse(problems);
      const Field* author_field = draft.field("From");
      const std::string author = author_field != nullptr ? author_field->value() : "";
      draft.encode_utf8_headers();
      draft.add_addresses("To", options.extra_to);
      draft.add_addresses("Cc", options.extra_cc);
      draft.check_headers(problems);
      OutgoingMessage message{.source = file.name,
                              .index = raw.index,
                              .first_line = raw.first_line,
                              .envelope_commit = envelope_commit(raw.envelope)};
      if (const Field* id = draft.field("Message-Id")) {
        message.message_id = id->value();
        const std::string here = file.name + " message " + std::to_string(raw.index);
        const auto [it, fresh] = id_owner.emplace(lower(message.message_id), here);
        if (!fresh) {
          problems.push_back(
              {id->line, "Message-Id '" + message.message_id + "' is also used by " + it->second});
        }
      }
      if (const Field* subject = draft.field("Subject")) {
        message.subject = subject->value();
      }
      if (!thread_root.empty() && draft.field("In-Reply-To") == nullptr) {
        const std::string parent = first_id.empty() ? thread_root : first_id;
        draft.set_header("In-Reply-To", parent, "Message-Id");
        draft.set_header("References", first_id.empty() ? thread_root : thread_root + " " + parent,
                         "In-Reply-To");
      }
      if (first_id.empty()) {
        first_id = message.message_id;
      }
      draft.send_as(sender, author);
      draft.set_header("Date",
                       patch::format_rfc2822_date(date++, options.now_offset_minutes,
                                                  patch::DayStyle::space_padded),
                       "From");
      message.envelope_from = envelope_from;
      std::set<std::string> seen;
      add_unique(message.recipients, seen, draft.addresses("To"));
      add_unique(message.recipients, seen, draft.addresses("Cc"));
      add_unique(message.recipients, seen, draft.addresses("Bcc"));
      message.data = draft.data();
      if (message.data.size() > options.size_limit) {
        problems.push_back({raw.first_line, "message is " + std::to_string(message.data.size()) +
                                                " octets; the limit is " +
                                                std::to_string(options.size_limit)});
      }
      for (const Problem& p : problems) {
        note(file.name, raw.index, p);
      }
      out.push_back(std::move(message));
    }
  }
  if (!first_text.empty()) {
    std::string message = first_text;
    for (const std::string& line : report) {
      message += "\n" + line;
    }
    if (!report.empty()) {
      message += "\nnothing sent: " + std::to_string(report.size() + 1) + " problems";
    } else {
      message += "\nnothing sent";
    }
    throw Error(ExitCode::usage, message, first_where);
  }
  return out;
}

}  // namespace patchflow::mail
