#include "patchflow/patch/mbox.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "patchflow/core/address.hpp"
#include "patchflow/core/rfc2047.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::patch {
namespace {

// Like git's mailsplit: "From " then something ending in a date with a year.
bool is_envelope_line(std::string_view line) {
  if (line.rfind("From ", 0) != 0) {
    return false;
  }
  line = text::trim_right(line);
  if (line.size() < 10) {
    return false;
  }
  // the envelope ends in a 4-digit year and contains an hh:mm time
  const std::string_view year = line.substr(line.size() - 4);
  for (const char c : year) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return line.find(':') != std::string_view::npos;
}

bool is_header_line(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return false;
  }
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = line[i];
    if (c <= 32 || c >= 127) {
      return false;
    }
  }
  return true;
}

int month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> k_months = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string lower = text::to_lower(name.substr(0, 3));
  for (std::size_t i = 0; i < k_months.size(); ++i) {
    if (lower == k_months[i]) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

bool is_diff_start(std::string_view line) {
  return line.rfind("diff --git ", 0) == 0 || line.rfind("Index: ", 0) == 0 ||
         line.rfind("diff -", 0) == 0;
}

}  // namespace

const Header* Mail::header(std::string_view name) const {
  for (const Header& h : headers) {
    if (text::iequals(h.name, name)) {
      return &h;
    }
  }
  return nullptr;
}

std::vector<const Header*> Mail::headers_named(std::string_view name) const {
  std::vector<const Header*> out;
  for (const Header& h : headers) {
    if (text::iequals(h.name, name)) {
      out.push_back(&h);
    }
  }
  return out;
}

std::string Mail::label() const { return source + " patch " + std::to_string(index); }

std::string format_rfc2822_date(long long seconds, int offset_minutes, DayStyle day_style) {
  static constexpr const char* k_days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const long long local = seconds + offset_minutes * 60LL;
  long long days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const long long rest = local - days * 86400;
  const int weekday = static_cast<int>(((days % 7) + 7) % 7);
  // Howard Hinnant's civil_from_days.
  days += 719468;
  const long long era = (days >= 0 ? days : days - 146096) / 146097;
  const long long doe = days - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const long long day = doy - (153 * mp + 2) / 5 + 1;
  const long long month = mp < 10 ? mp + 3 : mp - 9;
  const long long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const int absolute = std::abs(offset_minutes);
  const int tz = (offset_minutes < 0 ? -1 : 1) * (absolute / 60 * 100 + absolute % 60);
  char buffer[160];
  // git send-email's "%2d" pads single-digit days with a space; git's C code does not.
  const int day_width = day_style == DayStyle::space_padded ? 2 : 1;
  std::snprintf(buffer, sizeof(buffer), "%s, %*lld %s %lld %02lld:%02lld:%02lld %+05d",
                k_days[weekday], day_width, day, k_months[month - 1], year, rest / 3600,
                rest / 60 % 60, rest % 60, tz);
  return buffer;
}

std::string bare_message_id(std::string_view text) {
  text = text::trim(text);
  if (!text.empty() && text.front() == '<') {
    text.remove_prefix(1);
  }
  if (!text.empty() && text.back() == '>') {
    text.remove_suffix(1);
  }
  return std::string(text::trim(text));
}

bool is_message_id(std::string_view text) {
  if (text.size() < 5 || text.front() != '<' || text.back() != '>') {
    return false;
  }
  const std::string_view id = text.substr(1, text.size() - 2);
  const auto at = id.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == id.size()) {
    return false;
  }
  for (const char c : id) {
    if (c <= ' ' || c >= 127 || c == '<' || c == '>') {
      return false;
    }
  }
  return true;
}

std::optional<Timestamp> parse_date(std::string_view raw) {
  std::string_view s = text::trim(raw);
  const auto comma = s.find(',');
  if (comma != std::string_view::npos) {
    s = text::trim(s.substr(comma + 1));
  }
  const std::vector<std::string> parts = text::split(s, ' ');
  std::vector<std::string> fields;
  for (const std::string& p : parts) {
    if (!p.empty()) {
      fields.push_back(p);
    }
  }
  if (fields.size() < 5) {
    return std::nullopt;
  }
  try {
    std::tm tm{};
    tm.tm_mday = std::stoi(fields[0]);
    tm.tm_mon = month_number(fields[1]);
    tm.tm_year = std::stoi(fields[2]) - 1900;
    const std::vector<std::string> hms = text::split(fields[3], ':');
    if (tm.tm_mon < 0 || hms.size() < 2) {
      return std::nullopt;
    }
    tm.tm_hour = std::stoi(hms[0]);
    tm.tm_min = std::stoi(hms[1]);
    tm.tm_sec = hms.size() > 2 ? std::stoi(hms[2]) : 0;
    const std::string& zone = fields[4];
    int offset = 0;
    if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 5) {
      const int hhmm = std::stoi(zone.substr(1));
      offset = (hhmm / 100) * 60 + hhmm % 100;
      if (zone[0] == '-') {
        offset = -offset;
      }
    }
    const std::int64_t local = timegm(&tm);
    return Timestamp{local - static_cast<std::int64_t>(offset) * 60, offset};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string clean_subject(std::string_view subject) {
  std::string_view s = text::trim(subject);
  while (true) {
    if (s.size() >= 3 && text::iequals(s.substr(0, 3), "re:")) {
      s = text::trim(s.substr(3));
      continue;
    }
    if (!s.empty() && s.front() == '[') {
      const auto close = s.find(']');
      if (close == std::string_view::npos) {
        break;
      }
      s = text::trim(s.substr(close + 1));
      continue;
    }
    break;
  }
  return std::string(s);
}

namespace {

struct RawMail {
  int first_line = 0;    // the envelope line, or the first line when there is none
  int content_line = 0;  // the line of lines[0]
  std::string envelope_commit;
  std::vector<std::string_view> lines;  // without the envelope line
};

void split_body(Mail& mail, const std::vector<std::string_view>& body_lines, int body_first_line) {
  // The commit message ends at "---" or at the diff; the diff ends at the "-- " signature.
  std::size_t i = 0;
  // in-body From:/Date:/Subject: override headers, as with `git am`
  while (i < body_lines.size()) {
    const std::string_view line = text::trim_right(body_lines[i]);
    if (line.rfind("From: ", 0) == 0) {
      mail.author = address::parse_person(line.substr(6));
    } else if (line.rfind("Date: ", 0) == 0) {
      mail.date = parse_date(line.substr(6));
    } else if (line.rfind("Subject: ", 0) == 0) {
      mail.raw_subject = std::string(line.substr(9));
      mail.subject = clean_subject(mail.raw_subject);
    } else {
      break;
    }
    ++i;
  }
  if (i > 0 && i < body_lines.size() && text::trim(body_lines[i]).empty()) {
    ++i;
  }
  std::vector<std::string> message_lines;
  std::size_t message_start = i;
  std::size_t cut = body_lines.size();
  bool saw_separator = false;
  for (std::size_t k = i; k < body_lines.size(); ++k) {
    const std::string_view line = body_lines[k];
    const std::string_view bare = text::trim_right(line);
    if (bare == "---" || is_diff_start(line) ||
        (line.rfind("--- ", 0) == 0 && k + 1 < body_lines.size() &&
         body_lines[k + 1].rfind("+++ ", 0) == 0)) {
      cut = k;
      saw_separator = bare == "---";
      break;
    }
  }
  // trim leading and trailing blank lines of the body
  std::size_t begin = message_start;
  while (begin < cut && text::trim(body_lines[begin]).empty()) {
    ++begin;
  }
  std::size_t end = cut;
  while (end > begin && text::trim(body_lines[end - 1]).empty()) {
    --end;
  }
  mail.body_line = body_first_line + static_cast<int>(begin);
  std::string message = mail.subject;
  if (end > begin) {
    message += "\n\n";
    for (std::size_t k = begin; k < end; ++k) {
      message += text::trim_right(body_lines[k]);
      message += '\n';
    }
  } else {
    message += '\n';
  }
  mail.message = message;

  std::size_t diff_begin = body_lines.size();
  for (std::size_t k = cut + (saw_separator ? 1 : 0); k < body_lines.size(); ++k) {
    const std::string_view line = body_lines[k];
    if (is_diff_start(line) || (line.rfind("--- ", 0) == 0 && k + 1 < body_lines.size() &&
                                body_lines[k + 1].rfind("+++ ", 0) == 0)) {
      diff_begin = k;
      break;
    }
    mail.notes += line;
    mail.notes += '\n';
  }
  std::size_t diff_end = body_lines.size();
  for (std::size_t k = body_lines.size(); k > diff_begin; --k) {
    if (body_lines[k - 1] == "-- " || body_lines[k - 1] == "-- \r") {
      diff_end = k - 1;
      break;
    }
  }
  if (diff_begin < diff_end) {
    mail.diff_line = body_first_line + static_cast<int>(diff_begin);
    for (std::size_t k = diff_begin; k < diff_end; ++k) {
      mail.diff += body_lines[k];
      mail.diff += '\n';
    }
  }
}

Mail parse_one(const RawMail& raw, const std::string& source, int index) {
  Mail mail;
  mail.source = source;
  mail.index = index;
  mail.first_line = raw.first_line;
  mail.envelope_commit = raw.envelope_commit;
  const int line_base = raw.content_line;
  std::size_t i = 0;
  const bool has_headers =
      !raw.lines.empty() && is_header_line(raw.lines[0]) && !is_diff_start(raw.lines[0]);
  std::string transfer_encoding;
  if (has_headers) {
    while (i < raw.lines.size()) {
      std::string_view line = raw.lines[i];
      if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
      }
      if (line.empty()) {
        ++i;
        break;
      }
      if ((line[0] == ' ' || line[0] == '\t') && !mail.headers.empty()) {
        mail.headers.back().value += " ";
        mail.headers.back().value += text::trim(line);
      } else if (is_header_line(line)) {
        const auto colon = line.find(':');
        mail.headers.push_back(Header{std::string(line.substr(0, colon)),
                                      std::string(text::trim(line.substr(colon + 1))),
                                      line_base + static_cast<int>(i)});
      } else {
        break;  // not a header: the body starts without a blank line
      }
      ++i;
    }
    for (Header& h : mail.headers) {
      h.value = rfc2047::decode(h.value);
    }
  }
  if (const Header* from = mail.header("From")) {
    mail.author = address::parse_person(from->value);
  }
  if (const Header* date = mail.header("Date")) {
    mail.date = parse_date(date->value);
  }
  if (const Header* subject = mail.header("Subject")) {
    mail.raw_subject = subject->value;
    mail.subject = clean_subject(subject->value);
  }
  if (const Header* cte = mail.header("Content-Transfer-Encoding")) {
    transfer_encoding = text::to_lower(text::trim(cte->value));
  }
  std::vector<std::string_view> body(raw.lines.begin() + static_cast<std::ptrdiff_t>(i),
                                     raw.lines.end());
  for (const std::string_view line : body) {
    if (!line.empty() && line.back() == '\r') {
      mail.has_crlf = true;
      break;
    }
  }
  const int body_first_line = line_base + static_cast<int>(i);
  if (transfer_encoding == "quoted-printable" || transfer_encoding == "base64") {
    std::string joined;
    for (const std::string_view line : body) {
      joined += line;
      joined += '\n';
    }
    const std::string decoded = transfer_encoding == "base64"
                                    ? rfc2047::decode_base64(joined)
                                    : rfc2047::decode_quoted_printable(joined, false);
    const std::vector<std::string_view> decoded_lines = text::split_lines(decoded);
    split_body(mail, decoded_lines, body_first_line);
  } else {
    split_body(mail, body, body_first_line);
  }
  mail.is_valid_utf8 = text::is_valid_utf8(mail.message) && text::is_valid_utf8(mail.diff);
  return mail;
}

}  // namespace

std::vector<Mail> parse_mbox(std::string_view content, const std::string& source) {
  const std::vector<std::string_view> lines = text::split_lines(content);
  std::vector<RawMail> raws;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string_view line = lines[n];
    if (is_envelope_line(line)) {
      RawMail raw;
      raw.first_line = static_cast<int>(n) + 1;
      raw.content_line = raw.first_line + 1;
      const std::string_view rest = line.substr(5);
      const auto space = rest.find(' ');
      const std::string_view word = rest.substr(0, space);
      if (word.size() == 40 &&
          word.find_first_not_of("0123456789abcdef") == std::string_view::npos) {
        raw.envelope_commit = std::string(word);
      }
      raws.push_back(std::move(raw));
      continue;
    }
    if (raws.empty() && text::trim(line).empty()) {
      continue;  // blank lines before the first mail are not a mail of their own
    }
    if (raws.empty()) {
      raws.push_back(RawMail{static_cast<int>(n) + 1, static_cast<int>(n) + 1, {}, {}});
    }
    raws.back().lines.push_back(line);
  }
  std::vector<Mail> mails;
  int index = 0;
  for (const RawMail& raw : raws) {
    mails.push_back(parse_one(raw, source, ++index));
  }
  return mails;
}

}  // namespace patchflow::patch
