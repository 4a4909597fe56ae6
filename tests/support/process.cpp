#include "support/process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace patchflow::testing {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& dir,
                          const std::map<std::string, std::string>& env, const std::string& input) {
  namespace fs = std::filesystem;
  char tmpl[] = "/tmp/patchflow-proc-XXXXXX";
  const std::string scratch = mkdtemp(tmpl);
  const std::string out_path = scratch + "/out", err_path = scratch + "/err",
                    in_path = scratch + "/in";
  {
    std::ofstream in(in_path, std::ios::binary);
    in << input;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) {
      _exit(127);
    }
    const int in_fd = open(in_path.c_str(), O_RDONLY);
    const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    for (const auto& [key, value] : env) {
      setenv(key.c_str(), value.c_str(), 1);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) {
      args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  std::error_code ec;
  fs::remove_all(scratch, ec);
  return result;
}

std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return {};
}

ProcessResult run_patchflow(const std::vector<std::string>& args, const std::string& dir,
                            const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{PATCHFLOW_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> full_env{{"NO_COLOR", "1"}};
  full_env.insert(env.begin(), env.end());
  return run_process(argv, dir, full_env);
}

std::string run_git(const std::vector<std::string>& args, const std::string& dir,
                    const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> full_env{
      {"GIT_CONFIG_NOSYSTEM", "1"},          {"GIT_CONFIG_GLOBAL", "/dev/null"},
      {"GIT_AUTHOR_NAME", "Test Author"},    {"GIT_AUTHOR_EMAIL", "test@example.com"},
      {"GIT_COMMITTER_NAME", "Test Author"}, {"GIT_COMMITTER_EMAIL", "test@example.com"},
      {"LC_ALL", "C"},                       {"TZ", "UTC"}};
  for (const auto& [k, v] : env) {
    full_env[k] = v;
  }
  ProcessResult r = run_process(argv, dir, full_env);
  if (r.exit_code != 0) {
    std::string joined;
    for (const std::string& a : args) {
      joined += " " + a;
    }
    throw std::runtime_error("git" + joined + " failed (" + std::to_string(r.exit_code) +
                             "): " + r.err);
  }
  return r.out;
}

}  // namespace patchflow::testing
