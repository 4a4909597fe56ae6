#pragma once
// Runs the patchflow binary and SIGKILLs it after a chosen delay: the crash a power cut, an OOM
// kill or a Ctrl-\ gives, at an arbitrary point of the command.
#include <chrono>
#include <string>
#include <vector>

namespace patchflow::testing {

struct KillOutcome {
  bool killed = false;  // the signal arrived before the process exited
  int exit_code = -1;   // when it exited on its own
};

// Starts `patchflow <args>` in dir (output discarded), waits delay, sends SIGKILL, reaps it.
KillOutcome run_patchflow_and_kill(const std::vector<std::string>& args, const std::string& dir,
                                   std::chrono::microseconds delay);

// Wall time of one uninterrupted `patchflow <args>` run; throws when it exits with neither 0 nor
// also_ok (e.g. 1: upstream creates its branch and then reports check findings).
std::chrono::microseconds time_patchflow(const std::vector<std::string>& args,
                                         const std::string& dir, int also_ok = 0);

// Starts `patchflow <args>` without waiting; wait_patchflow() collects its exit code and stderr.
struct Running {
  int pid = -1;
  std::string err_path;
};
Running start_patchflow(const std::vector<std::string>& args, const std::string& dir,
                        const std::string& err_path);
int wait_patchflow(const Running& running);

}  // namespace patchflow::testing
