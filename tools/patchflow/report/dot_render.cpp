#include "patchflow/report/dot_render.hpp"

#include "patchflow/core/error.hpp"
#include "patchflow/core/process.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::report {
namespace {

[[noreturn]] void fail(const std::string& dot_executable, const std::string& what) {
  throw_usage("cannot render the graph with '" + dot_executable + "': " + what);
}

}  // namespace

std::string render_svg(const std::string& dot_executable, const std::string& dot_text) {
  process::Result output;
  try {
    output = process::run({.argv = {dot_executable, "-Tsvg"}, .input = dot_text});
  } catch (const process::CannotStart& e) {
    fail(dot_executable, e.reason());
  }
  if (output.exit_code != 0) {
    const std::string last = process::tail(output.errors, 1);
    const std::string code = output.exit_code > 128
                                 ? "signal " + std::to_string(output.exit_code - 128)
                                 : "exit " + std::to_string(output.exit_code);
    fail(dot_executable, code + (last.empty() ? std::string() : ": " + last));
  }
  const std::size_t svg = output.output.find("<svg");
  if (svg == std::string::npos) {
    fail(dot_executable, "no <svg> in its output");
  }
  return output.output.substr(svg);
}

}  // namespace patchflow::report
