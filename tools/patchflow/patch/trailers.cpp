#include "patchflow/patch/trailers.hpp"

#include <algorithm>
#include <cctype>

#include "patchflow/core/address.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::patch {
namespace {

bool is_blank(std::string_view line) { return text::trim(line).empty(); }

bool is_space(char c) { return c == ' ' || c == '\t'; }

// git's find_separator: a token of letters, digits and '-', optional blanks, then ':'.
std::ptrdiff_t separator_position(std::string_view line) {
  bool blank_seen = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ':') {
      return static_cast<std::ptrdiff_t>(i);
    }
    if (!blank_seen && (std::isalnum(static_cast<unsigned char>(c)) || c == '-')) {
      continue;
    }
    if (i > 0 && is_space(c)) {
      blank_seen = true;
      continue;
    }
    break;
  }
  return -1;
}

// The mailbox of a "Name <email>" value; empty when the value names none (Link:, Fixes:).
std::string email_of(std::string_view value) {
  const auto open = value.rfind('<');
  const auto close = value.rfind('>');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return {};
  }
  return address::mailbox_key(value);
}

// [begin, end) of the trailer block's lines in lines (begin == end: no block), the way git's
// find_trailer_block_start decides it.
std::pair<std::size_t, std::size_t> trailer_block(const std::vector<std::string_view>& lines) {
  std::size_t end = lines.size();
  while (end > 0 && is_blank(lines[end - 1])) {
    --end;
  }
  std::size_t end_of_title = 0;
  while (end_of_title < end && !is_blank(lines[end_of_title])) {
    ++end_of_title;
  }
  int trailer_lines = 0, non_trailer_lines = 0, continuation_lines = 0;
  bool recognized = false;
  for (std::size_t i = end; i > end_of_title; --i) {
    const std::string_view line = lines[i - 1];
    if (is_blank(line)) {
      non_trailer_lines += continuation_lines;
      if ((recognized && trailer_lines * 3 >= non_trailer_lines) ||
          (trailer_lines > 0 && non_trailer_lines == 0)) {
        return {i, end};
      }
      return {end, end};
    }
    if (line.rfind("Signed-off-by: ", 0) == 0 ||
        line.rfind("(cherry picked from commit ", 0) == 0) {
      ++trailer_lines;
      continuation_lines = 0;
      recognized = true;
    } else if (separator_position(line) >= 1 && !is_space(line[0])) {
      ++trailer_lines;
      continuation_lines = 0;
    } else if (is_space(line[0])) {
      ++continuation_lines;
    } else {
      non_trailer_lines += 1 + continuation_lines;
      continuation_lines = 0;
    }
  }
  return {end, end};
}

}  // namespace

bool Trailer::same_as(const Trailer& other) const {
  if (text::to_lower(key) != text::to_lower(other.key)) {
    return false;
  }
  const std::string mine = email_of(value), theirs = email_of(other.value);
  if (!mine.empty() && !theirs.empty()) {
    return mine == theirs;
  }
  return text::trim(value) == text::trim(other.value);
}

std::optional<Trailer> parse_trailer_line(std::string_view line) {
  const auto colon = line.find(": ");
  if (colon == std::string_view::npos || colon == 0) {
    return std::nullopt;
  }
  const std::string_view key = line.substr(0, colon);
  if (!std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
      })) {
    return std::nullopt;
  }
  return Trailer{std::string(key), std::string(text::trim(line.substr(colon + 2)))};
}

bool is_trailer_line(std::string_view line) { return parse_trailer_line(line).has_value(); }

std::vector<Trailer> message_trailers(std::string_view message) {
  const std::vector<std::string_view> lines = text::split_lines(message);
  const auto [begin, end] = trailer_block(lines);
  std::vector<Trailer> trailers;
  for (std::size_t i = begin; i < end; ++i) {
    if (auto trailer = parse_trailer_line(lines[i])) {
      trailers.push_back(std::move(*trailer));
    }
  }
  return trailers;
}

ReplyTrailers reply_trailers(std::string_view body, std::string_view sender) {
  const address::Person from = address::parse_person(sender);
  const std::string from_email = address::mailbox_key(from.email);
  const std::string from_name = text::to_lower(text::trim(from.name));
  ReplyTrailers out;
  for (std::string_view line : text::split_lines(body)) {
    if (text::trim_right(line) == "--") {
      break;  // the signature
    }
    bool quoted = false;
    while (!line.empty() && (line.front() == '>' || is_space(line.front()))) {
      quoted = quoted || line.front() == '>';
      line.remove_prefix(1);
    }
    auto trailer = parse_trailer_line(text::trim(line));
    if (!trailer || trailer->key.size() < 4 || email_of(trailer->value).empty()) {
      continue;
    }
    const std::string key = text::to_lower(trailer->key);
    if (key.substr(key.size() - 3) != "-by" || key == "signed-off-by") {
      continue;
    }
    const address::Person person = address::parse_person(trailer->value);
    const bool sender_s =
        email_of(trailer->value) == from_email ||
        (!from_name.empty() && text::to_lower(text::trim(person.name)) == from_name);
    std::vector<Trailer>& list = quoted ? out.quoted : sender_s ? out.given : out.foreign;
    if (std::none_of(list.begin(), list.end(),
                     [&](const Trailer& t) { return t.same_as(*trailer); })) {
      list.push_back(std::move(*trailer));
    }
  }
  return out;
}

std::string add_trailers(std::string_view message, const std::vector<Trailer>& trailers) {
  if (trailers.empty()) {
    return std::string(message);
  }
  const std::vector<std::string_view> lines = text::split_lines(message);
  const auto [begin, end] = trailer_block(lines);
  std::string out;
  for (std::size_t i = 0; i < end; ++i) {
    out += lines[i];
    out += '\n';
  }
  if (begin == end && (end == 0 || !is_blank(lines[end - 1]))) {
    out += '\n';
  }
  std::string last = begin < end ? std::string(text::trim_right(lines[end - 1])) : std::string();
  for (const Trailer& trailer : trailers) {
    const std::string line = trailer.format();
    if (line == last) {
      continue;
    }
    out += line + '\n';
    last = line;
  }
  for (std::size_t i = end; i < lines.size(); ++i) {
    out += lines[i];
    out += '\n';
  }
  return out;
}

}  // namespace patchflow::patch
