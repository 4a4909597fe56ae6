#include "patchflow/core/text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "patchflow/core/error.hpp"

namespace patchflow::text {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return parts;
}

std::vector<std::string> split_whitespace(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto start = text.find_first_not_of(" \t\r\n", i);
    if (start == std::string_view::npos) {
      break;
    }
    const auto end = std::min(text.find_first_of(" \t\r\n", start), text.size());
    out.emplace_back(text.substr(start, end - start));
    i = end;
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  const auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

int utf8_char_length(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const int length = c < 0x80             ? 1
                     : (c & 0xe0) == 0xc0 ? 2
                     : (c & 0xf0) == 0xe0 ? 3
                     : (c & 0xf8) == 0xf0 ? 4
                                          : 0;
  if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) {
    return 0;
  }
  for (int k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0xc0) != 0x80) {
      return 0;
    }
  }
  return length;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string_view trim_right(std::string_view text) {
  const auto last = text.find_last_not_of(" \t\r\n");
  return last == std::string_view::npos ? std::string_view{} : text.substr(0, last + 1);
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      out += separator;
    }
    out += parts[i];
  }
  return out;
}

bool looks_binary(std::string_view content) {
  return content.substr(0, 8000).find('\0') != std::string_view::npos;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    if (c < 0x80) {
      extra = 0;
    } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
      extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (extra > 0 && i + extra >= text.size()) {
      return false;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += extra + 1;
  }
  return true;
}

std::string read_file(const std::string& path) {
  std::optional<std::string> content = read_file_if_present(path);
  if (!content) {
    throw_usage("cannot read '" + path + "'", Where{.file = path});
  }
  return std::move(*content);
}

std::optional<std::string> read_file_if_present(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  struct stat status {};
  std::string content;
  bool ok = ::fstat(fd, &status) == 0;
  // Sized from fstat, then read until end of file: a file that grows meanwhile is read whole,
  // and one whose size says nothing (/proc) too.
  content.resize(ok && status.st_size > 0 ? static_cast<std::size_t>(status.st_size) + 1 : 4096);
  std::size_t used = 0;
  while (ok) {
    if (used == content.size()) {
      content.resize(content.size() * 2);
    }
    const ssize_t n = ::read(fd, content.data() + used, content.size() - used);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    ok = n >= 0;
    if (n <= 0) {
      break;
    }
    used += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (!ok) {
    return std::nullopt;
  }
  content.resize(used);
  return content;
}

namespace {

// Writes all of content to fd, retrying short writes and interruptions; false on an error
// (errno says which).
bool write_all(int fd, std::string_view content) {
  for (std::size_t done = 0; done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content,
                           Durability durability) {
  const std::string temporary = path + ".tmp-patchflow";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    throw_usage("cannot write '" + path + "': " + std::strerror(errno), Where{.file = path});
  }
  bool written = write_all(fd, content);
  if (written && durability == Durability::durable) {
    written = ::fsync(fd) == 0;
  }
  std::string reason = written ? "" : std::strerror(errno);
  if (::close(fd) != 0 && written) {
    written = false;
    reason = std::strerror(errno);
  }
  std::error_code ec;
  if (written) {
    std::filesystem::rename(temporary, path, ec);
    reason = ec ? ec.message() : "";
  }
  if (!reason.empty()) {
    std::filesystem::remove(temporary, ec);
    throw_usage("cannot write '" + path + "': " + reason, Where{.file = path});
  }
  if (durability == Durability::durable && !sync_directory_of(path)) {
    throw_usage("cannot write '" + path + "': its directory cannot be synced", Where{.file = path});
  }
}

bool write_kept_file(const std::string& path, std::string_view content) {
  static std::atomic<unsigned> counter{0};
  const std::string temporary =
      path + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return false;
  }
  bool written = write_all(fd, content);
  written = ::close(fd) == 0 && written;
  if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return false;
  }
  return true;
}

bool sync_directory_of(const std::string& path) {
  std::string directory = std::filesystem::path(path).parent_path().string();
  if (directory.empty()) {
    directory = ".";
  }
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\t') {
      width = (width / 8 + 1) * 8;
    } else if ((c & 0xC0) != 0x80) {
      ++width;  // count code points, not continuation bytes
    }
  }
  return width;
}

namespace {
bool glob_match_at(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.substr(0, 2) == "**") {
      p.remove_prefix(2);
      if (!p.empty() && p.front() == '/') {
        // "**/" also matches zero directories
        if (glob_match_at(p.substr(1), s)) {
          return true;
        }
      }
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (glob_match_at(p, s.substr(i))) {
          return true;
        }
      }
      return false;
    }
    if (p.front() == '*') {
      p.remove_prefix(1);
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (glob_match_at(p, s.substr(i))) {
          return true;
        }
        if (i < s.size() && s[i] == '/') {
          break;
        }
      }
      return false;
    }
    if (s.empty()) {
      return false;
    }
    if (p.front() != '?' && p.front() != s.front()) {
      return false;
    }
    if (p.front() == '?' && s.front() == '/') {
      return false;
    }
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}
}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  return glob_match_at(pattern, path);
}

}  // namespace patchflow::text
