#pragma once
// Rendering DOT to SVG with Graphviz's `dot` (a child process; the one program report/ runs).
#include <string>

namespace patchflow::report {

// Runs `<dot_executable> -Tsvg` with dot_text on its standard input and returns the <svg>
// element it prints (XML prolog, DOCTYPE and leading comments dropped, ready to inline in
// HTML). dot_executable is a path, not searched on PATH. Throws Error{usage} naming it when it
// cannot be started, exits non-zero (with its last stderr line) or prints no <svg>.
std::string render_svg(const std::string& dot_executable, const std::string& dot_text);

}  // namespace patchflow::report
