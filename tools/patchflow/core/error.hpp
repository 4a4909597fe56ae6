#pragma once
// The one exception type the library throws, and the fixed exit codes every command uses:
// 0 clean, 1 findings, 2 usage or bad input, 3 git refused (conflict, ref moved), 70 a bug.
#include <stdexcept>
#include <string>

namespace patchflow {

enum class ExitCode : int { clean = 0, findings = 1, usage = 2, git = 3, internal = 70 };

// Where something went wrong: a file position, a ref, or both. Empty fields are unknown.
struct Where {
  std::string file;
  int line = 0;
  int column = 0;
  std::string ref;

  bool empty() const { return file.empty() && ref.empty(); }
  // "file:line:col", "file:line", "file", or "" (the ref is part of the message, not the prefix).
  std::string prefix() const;
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, std::string message, Where where = {});
  ExitCode exit_code() const { return m_code; }
  const Where& where() const { return m_where; }
  // What the user sees: "file:line:col: error: message" or "patchflow: error: message".
  std::string describe() const;

 private:
  ExitCode m_code;
  Where m_where;
};

// Shorthands for the two commonest kinds, so call sites stay one line.
[[noreturn]] void throw_usage(std::string message, Where where = {});
[[noreturn]] void throw_git(std::string message, Where where = {});

}  // namespace patchflow
