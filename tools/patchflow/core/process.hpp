#pragma once
// The one place patchflow runs another program: check's builds and --checkpatch-pl, verify's
// builds and the graph's dot. Every caller gets the same handling of pipes (no deadlock on a
// full pipe, no SIGPIPE when the child stops reading), timeouts and exit statuses.
#include <chrono>
#include <string>
#include <vector>

#include "patchflow/core/error.hpp"

namespace patchflow::process {

struct Request {
  std::vector<std::string> argv;         // argv[0] is looked up in PATH unless it holds a '/'
  std::string directory;                 // where the child runs; "" = this process's directory
  std::string input;                     // written to the child's stdin, then EOF
  bool merge_stderr = false;             // stderr into output, interleaved as the child wrote them
  std::chrono::milliseconds timeout{0};  // 0 = none; else the child's process group is killed
};

struct Result {
  int exit_code = 0;  // the child's exit status; 128 + signal when a signal ended it
  bool timed_out = false;
  std::string output;  // stdout (and stderr with merge_stderr)
  std::string errors;  // stderr, unless merged
};

// Thrown (exit code usage) when a program cannot be started; reason() is the system's word for
// it ("No such file or directory"), for callers that name the program their own way.
class CannotStart : public Error {
 public:
  CannotStart(const std::string& message, std::string reason)
      : Error(ExitCode::usage, message), m_reason(std::move(reason)) {}
  const std::string& reason() const { return m_reason; }

 private:
  std::string m_reason;
};

// Runs the request to completion. Throws CannotStart naming argv[0] and the reason when it
// cannot be started (not found, not executable, a directory that does not exist).
Result run(const Request& request);

// A shell command line as /bin/sh -c runs it in directory, stderr merged: what a policy's
// `build` key holds.
Request shell(const std::string& command, const std::string& directory);

// The last `lines` non-blank lines of output, for messages that quote a log.
std::string tail(const std::string& output, std::size_t lines);

}  // namespace patchflow::process
