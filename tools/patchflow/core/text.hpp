#pragma once
// Small text helpers shared by every capability.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace patchflow::text {

// Splits on '\n'; a final newline does not produce an empty last element. Keeps '\r'.
std::vector<std::string_view> split_lines(std::string_view text);
// The views would point into a temporary that dies at the end of the statement (in a range-for
// over split_lines(f()), before the loop body runs): keep the text in a variable first.
std::vector<std::string_view> split_lines(std::string&& text) = delete;
// A literal lives for the whole program: fine, and not ambiguous with the deleted overload.
inline std::vector<std::string_view> split_lines(const char* text) {
  return split_lines(std::string_view(text));
}
std::vector<std::string> split(std::string_view text, char separator);
// The non-empty runs between spaces, tabs and line ends.
std::vector<std::string> split_whitespace(std::string_view text);
// Character classes of the "C" locale, whatever the process locale (std::isspace and friends
// take an int and follow the locale). is_space is C's isspace: ' ' \t \n \v \f \r, as
// libgit2's git__isspace and Perl's \s.
constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
constexpr bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
// ASCII case-insensitive equality (header names, keywords).
bool iequals(std::string_view a, std::string_view b);
// Bytes of the UTF-8 character that starts at text[i]; 0 when it is not valid UTF-8 there.
int utf8_char_length(std::string_view text, std::size_t i);
std::string_view trim(std::string_view text);
std::string_view trim_right(std::string_view text);
std::string to_lower(std::string_view text);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
// The subject of a message in single quotes: 'xen/pci'.
inline std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }
bool is_valid_utf8(std::string_view text);
// What git and libgit2 call binary content: a NUL in the first 8000 bytes.
bool looks_binary(std::string_view content);
// Reads a whole file; throws Error{usage} naming the path when it cannot be read.
std::string read_file(const std::string& path);
// Reads a whole file in one read where it can (its size from fstat); nullopt when it cannot be
// opened or read (absent, a directory, no permission): for caches, where that means "not kept".
std::optional<std::string> read_file_if_present(const std::string& path);
// How far write_file_atomically goes before returning: `durable` also fsyncs the file before the
// rename and its directory after, so a power cut keeps either the old file or the whole new one
// (a journal that must exist before anything it lists is done).
enum class Durability { when_the_kernel_writes, durable };
// Writes via a temporary file (path + ".tmp-patchflow") and rename, so readers never see half a
// file. Throws Error{usage} naming path when it cannot be written.
void write_file_atomically(const std::string& path, std::string_view content,
                           Durability durability = Durability::when_the_kernel_writes);
// Writes a file kept between runs (a cache): its directories made, a temporary unique to this
// process and call renamed into place, so concurrent writers and readers never see half a file.
// Returns false when it cannot be written; never throws (a cache not written only costs time).
bool write_kept_file(const std::string& path, std::string_view content);
// fsyncs the directory that holds path, so a rename or unlink in it survives a power cut;
// returns false when it could not.
bool sync_directory_of(const std::string& path);
// Display width in columns of a UTF-8 string, tabs expanded to 8 (as checkpatch counts them).
std::size_t display_width(std::string_view text);
// Lets an unordered container of std::string find a std::string_view without building a
// string (with std::equal_to<>).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};
// A set of strings that finds a std::string_view as is.
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// Matches a path against a glob where '*' stops at '/', '**' crosses it, '?' is one char.
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace patchflow::text
