#pragma once
// Running programs from tests: the git CLI as a referee, and the patchflow binary end to end.
#include <map>
#include <string>
#include <vector>

namespace patchflow::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv in dir with extra environment, capturing stdout and stderr. stdin is /dev/null
// unless input is given.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& dir = ".",
                          const std::map<std::string, std::string>& env = {},
                          const std::string& input = "");

// The whole content of the file at path; "" when it cannot be read.
std::string slurp(const std::string& path);

// The full path of program on PATH, or "" when it is not installed.
std::string find_program(const std::string& name);

// Runs `patchflow <args>` (the built binary) in dir, with env added to its environment.
ProcessResult run_patchflow(const std::vector<std::string>& args, const std::string& dir = ".",
                            const std::map<std::string, std::string>& env = {});

// Runs `git <args>` in dir with a fixed identity and no user config; throws std::runtime_error
// with stderr when git fails.
std::string run_git(const std::vector<std::string>& args, const std::string& dir,
                    const std::map<std::string, std::string>& env = {});

}  // namespace patchflow::testing
