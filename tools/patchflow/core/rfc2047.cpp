#include "patchflow/core/rfc2047.hpp"

#include <cctype>

#include "patchflow/core/text.hpp"

namespace patchflow::rfc2047 {
namespace {

constexpr std::string_view k_hex = "0123456789ABCDEF";

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

void append_hex(std::string& out, unsigned char byte) {
  out += '=';
  out += k_hex[byte >> 4];
  out += k_hex[byte & 15];
}

bool is_special(char c, Context context) {
  if (text::is_non_ascii(c) || c < 0x20 || c == 0x7f) {
    return true;
  }
  if (text::is_space(c) || c == '=' || c == '?' || c == '_') {
    return true;
  }
  if (context != Context::phrase) {
    return false;
  }
  return !(text::is_alnum(c) || c == '!' || c == '*' || c == '+' || c == '-' || c == '/');
}

std::size_t last_line_length(const std::string& text) {
  const auto newline = text.rfind('\n');
  return newline == std::string::npos ? text.size() : text.size() - newline - 1;
}

}  // namespace

std::string decode_quoted_printable(std::string_view in, bool underscore_is_space) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '=' && i + 1 < in.size() && in[i + 1] == '\n') {
      ++i;  // soft line break
    } else if (c == '=' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 &&
               hex_value(in[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
      i += 2;
    } else if (c == '_' && underscore_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string decode_base64(std::string_view in) {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (const char c : in) {
    const auto pos = k_alphabet.find(c);
    if (pos == std::string_view::npos) {
      continue;  // '=', whitespace and line breaks
    }
    value = (value << 6) | static_cast<unsigned>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xFF);
    }
  }
  return out;
}

std::string decode(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  bool last_was_encoded = false;
  while (i < in.size()) {
    const auto start = in.find("=?", i);
    if (start == std::string_view::npos) {
      out += in.substr(i);
      break;
    }
    const auto q1 = in.find('?', start + 2);
    const auto q2 = q1 == std::string_view::npos ? q1 : in.find('?', q1 + 1);
    const auto end = q2 == std::string_view::npos ? q2 : in.find("?=", q2 + 1);
    if (end == std::string_view::npos) {
      out += in.substr(i);
      break;
    }
    const std::string_view between = in.substr(i, start - i);
    // whitespace between two adjacent encoded words is dropped (RFC 2047 6.2)
    if (!(last_was_encoded && text::trim(between).empty())) {
      out += between;
    }
    const char encoding = static_cast<char>(std::tolower(static_cast<unsigned char>(in[q1 + 1])));
    const std::string_view payload = in.substr(q2 + 1, end - q2 - 1);
    out += encoding == 'b' ? decode_base64(payload) : decode_quoted_printable(payload, true);
    last_was_encoded = true;
    i = end + 2;
  }
  return out;
}

bool needs_encoding(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text::is_non_ascii(text[i]) || text[i] == '\n') {
      return true;
    }
    if (text[i] == '=' && i + 1 < text.size() && text[i + 1] == '?') {
      return true;
    }
  }
  return false;
}

void append_folded(std::string& out, std::string_view text, Context context) {
  constexpr std::size_t k_max_encoded_length = 76;
  std::size_t line_length = last_line_length(out);
  out += "=?UTF-8?q?";
  line_length += 10;
  std::size_t i = 0;
  while (i < text.size()) {
    int length = text::utf8_char_length(text, i);
    if (length == 0) {
      length = 1;
    }
    const bool special = length > 1 || is_special(text[i], context);
    const std::size_t encoded_length = special ? 3 * static_cast<std::size_t>(length) : 1;
    if (line_length + encoded_length + 2 > k_max_encoded_length) {
      out += "?=\n =?UTF-8?q?";
      line_length = 11;
    }
    for (int k = 0; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if (special) {
        append_hex(out, byte);
      } else {
        out.push_back(static_cast<char>(byte));
      }
    }
    line_length += encoded_length;
    i += static_cast<std::size_t>(length);
  }
  out += "?=";
}

std::string encode_phrase(std::string_view utf8) {
  // quote_rfc2047 keeps [-a-zA-Z0-9!*+/] and writes every other byte, space included, as =XX
  std::string word = "=?UTF-8?q?";
  for (const char ch : utf8) {
    if (text::is_alnum(ch) || std::string_view("-!*+/").find(ch) != std::string_view::npos) {
      word += ch;
    } else {
      append_hex(word, static_cast<unsigned char>(ch));
    }
  }
  return word + "?=";
}

std::vector<std::string> encode_words(std::string_view utf8) {
  constexpr std::size_t k_max_word = 75;  // RFC 2047 section 2
  const std::string prefix = "=?UTF-8?q?", suffix = "?=";
  std::vector<std::string> words;
  std::string word = prefix;
  for (std::size_t i = 0; i < utf8.size();) {
    // one whole character: a lead byte and its continuation bytes
    std::size_t end = i + 1;
    while (end < utf8.size() && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) {
      ++end;
    }
    std::string encoded;
    for (std::size_t k = i; k < end; ++k) {
      const char c = utf8[k];
      if (text::is_alnum(c)) {
        encoded += c;
      } else if (c == ' ') {
        encoded += '_';
      } else {
        append_hex(encoded, static_cast<unsigned char>(c));
      }
    }
    if (word.size() + encoded.size() + suffix.size() > k_max_word && word != prefix) {
      words.push_back(word + suffix);
      word = prefix;
    }
    word += encoded;
    i = end;
  }
  words.push_back(word + suffix);
  return words;
}

}  // namespace patchflow::rfc2047
