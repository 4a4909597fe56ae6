#pragma once
// Small text helpers shared by every capability.
#include <string>
#include <string_view>
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
std::string_view trim(std::string_view text);
std::string_view trim_right(std::string_view text);
std::string to_lower(std::string_view text);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
bool is_valid_utf8(std::string_view text);
// Reads a whole file; throws Error{usage} naming the path when it cannot be read.
std::string read_file(const std::string& path);
// Writes via a temporary file and rename, so readers never see half a file.
void write_file_atomically(const std::string& path, std::string_view content);
// Display width in columns of a UTF-8 string, tabs expanded to 8 (as checkpatch counts them).
std::size_t display_width(std::string_view text);
// Matches a path against a glob where '*' stops at '/', '**' crosses it, '?' is one char.
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace patchflow::text
