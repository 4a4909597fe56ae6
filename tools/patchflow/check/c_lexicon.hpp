#pragma once
// Small hand-written matchers for the pieces of C the style rules need to recognise: identifiers,
// constants, type names (as checkpatch's $Type), balanced parentheses. Hand-written rather than
// std::regex: they run on every added line, and speed is a feature.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/core/text.hpp"

namespace patchflow::check::lexicon {

inline constexpr char k_comment = '\x1c';  // what sanitised lines hold in place of comments

using text::is_space;  // C's isspace, as Perl's \s
inline bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
inline bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
using text::is_digit;

std::size_t skip_spaces(std::string_view s, std::size_t pos);
// Length of an identifier at pos (with ## pasting), 0 when none.
std::size_t match_ident(std::string_view s, std::size_t pos);
// Length of a numeric constant at pos, 0 when none.
std::size_t match_constant(std::string_view s, std::size_t pos);
// True when word names a type on its own (int, u32, foo_t, FILE ...), or was learned as one.
bool is_type_word(std::string_view word);

// Type and modifier names learned from the patch being checked, as checkpatch learns them from
// declarations. thread_local because patches are checked on several threads at once; the
// engine installs its own sets for the duration of one patch.
struct LearnedTypes {
  std::vector<std::string> types;
  std::vector<std::string> modifiers;
};
void set_learned_types(const LearnedTypes* learned);
// True for attributes and qualifiers checkpatch calls $Modifier / $Attribute / $Sparse.
bool is_modifier_word(std::string_view word);
bool is_storage_word(std::string_view word);
bool is_inline_word(std::string_view word);
// Length of a $Type at pos (qualifiers, base type, pointer stars, trailing spaces), 0 if none.
std::size_t match_type(std::string_view s, std::size_t pos);
// Length of a $NonptrType at pos (no stars, no trailing spaces), 0 if none.
std::size_t match_nonptr_type(std::string_view s, std::size_t pos);
// Length of "( ... )" with nested parentheses at pos, 0 when s[pos] != '(' or unbalanced.
std::size_t match_balanced_parens(std::string_view s, std::size_t pos);
// $Lval: identifier followed by ->member, .member or [index] parts.
std::size_t match_lval(std::string_view s, std::size_t pos);
// checkpatch's $FuncArg at pos: optional cast, then lval or call, constant or string.
std::size_t match_func_arg(std::string_view s, std::size_t pos);
// True when text ends with a word that is a type (checkpatch's /$Type$/ on a prefix).
bool ends_with_type(std::string_view text);

}  // namespace patchflow::check::lexicon
