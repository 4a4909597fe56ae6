#include "patchflow/core/error.hpp"

namespace patchflow {

std::string Where::prefix() const {
  if (file.empty()) {
    return {};
  }
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) {
      out += ":" + std::to_string(column);
    }
  }
  return out;
}

Error::Error(ExitCode code, std::string message, Where where)
    : std::runtime_error(std::move(message)), m_code(code), m_where(std::move(where)) {}

std::string Error::describe() const {
  const std::string prefix = m_where.prefix();
  return (prefix.empty() ? std::string("patchflow") : prefix) + ": error: " + what();
}

void throw_usage(std::string message, Where where) {
  throw Error(ExitCode::usage, std::move(message), std::move(where));
}

void throw_git(std::string message, Where where) {
  throw Error(ExitCode::git, std::move(message), std::move(where));
}

}  // namespace patchflow
