#include "reliability/kill_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

namespace patchflow::testing {
namespace {

int spawn(const std::vector<std::string>& args, const std::string& dir,
          const std::string& err_path) {
  std::vector<std::string> argv = {PATCHFLOW_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (std::string& arg : argv) {
    raw.push_back(arg.data());
  }
  raw.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    // only async-signal-safe calls between fork and exec
    const int null_fd = open("/dev/null", O_RDWR);
    const int err_fd =
        err_path.empty() ? null_fd : open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(null_fd, 0);
    dup2(null_fd, 1);
    dup2(err_fd, 2);
    if (chdir(dir.c_str()) != 0) {
      _exit(126);
    }
    execv(raw[0], raw.data());
    _exit(127);
  }
  return pid;
}

int reap(int pid, bool* signaled) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (signaled != nullptr) {
    *signaled = WIFSIGNALED(status);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

KillOutcome run_patchflow_and_kill(const std::vector<std::string>& args, const std::string& dir,
                                   std::chrono::microseconds delay) {
  const int pid = spawn(args, dir, "");
  std::this_thread::sleep_for(delay);
  kill(pid, SIGKILL);
  KillOutcome outcome;
  outcome.exit_code = reap(pid, &outcome.killed);
  return outcome;
}

std::chrono::microseconds time_patchflow(const std::vector<std::string>& args,
                                         const std::string& dir, int also_ok) {
  const auto start = std::chrono::steady_clock::now();
  const int code = reap(spawn(args, dir, ""), nullptr);
  if (code != 0 && code != also_ok) {
    throw std::runtime_error("patchflow exited " + std::to_string(code));
  }
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

Running start_patchflow(const std::vector<std::string>& args, const std::string& dir,
                        const std::string& err_path) {
  return Running{.pid = spawn(args, dir, err_path), .err_path = err_path};
}

int wait_patchflow(const Running& running) { return reap(running.pid, nullptr); }

}  // namespace patchflow::testing
