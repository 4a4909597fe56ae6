#include "patchflow/core/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"

extern char** environ;

namespace patchflow::process {
namespace {

// Closes on scope exit; -1 is "nothing to close".
class Fd {
 public:
  explicit Fd(int fd = -1) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return m_fd; }
  void reset() {
    if (m_fd >= 0) {
      close(m_fd);
    }
    m_fd = -1;
  }

 private:
  int m_fd;
};

// posix_spawn's file actions, destroyed on scope exit.
class SpawnActions {
 public:
  SpawnActions() { posix_spawn_file_actions_init(&m_actions); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
  ~SpawnActions() { posix_spawn_file_actions_destroy(&m_actions); }
  posix_spawn_file_actions_t* get() { return &m_actions; }

 private:
  posix_spawn_file_actions_t m_actions;
};

class SpawnAttributes {
 public:
  SpawnAttributes() { posix_spawnattr_init(&m_attributes); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  ~SpawnAttributes() { posix_spawnattr_destroy(&m_attributes); }
  posix_spawnattr_t* get() { return &m_attributes; }

 private:
  posix_spawnattr_t m_attributes;
};

[[noreturn]] void cannot_start(const Request& request, const std::string& why) {
  throw CannotStart(
      "cannot run '" + request.argv.front() + "'" +
          (request.directory.empty() ? std::string() : " in '" + request.directory + "'") + ": " +
          why,
      why);
}

int exit_code_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

Result run(const Request& request) {
  if (request.argv.empty()) {
    throw Error(ExitCode::internal, "process::run without a program");
  }
  // stdin is a socket so that a child that exits early gives EPIPE from send(MSG_NOSIGNAL)
  // instead of a SIGPIPE that would kill us.
  int in_pair[2], out_pipe[2], err_pipe[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pair) != 0) {
    cannot_start(request, std::strerror(errno));
  }
  Fd in_parent(in_pair[0]), in_child(in_pair[1]);
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    cannot_start(request, std::strerror(errno));
  }
  Fd out_parent(out_pipe[0]), out_child(out_pipe[1]);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    cannot_start(request, std::strerror(errno));
  }
  Fd err_parent(err_pipe[0]), err_child(err_pipe[1]);

  SpawnActions actions;
  posix_spawn_file_actions_adddup2(actions.get(), in_child.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(actions.get(), out_child.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(
      actions.get(), request.merge_stderr ? out_child.get() : err_child.get(), STDERR_FILENO);
  if (!request.directory.empty()) {
    posix_spawn_file_actions_addchdir_np(actions.get(), request.directory.c_str());
  }
  // Its own process group, so a timeout ends the whole build (make and its compilers), not
  // just the shell that started them.
  SpawnAttributes attributes;
  posix_spawnattr_setflags(attributes.get(), POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(attributes.get(), 0);
  std::vector<std::string> args = request.argv;
  std::vector<char*> argv;
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args.front().c_str(), actions.get(), attributes.get(),
                                   argv.data(), environ);
  if (spawned != 0) {
    cannot_start(request, std::strerror(spawned));
  }
  in_child.reset();
  out_child.reset();
  err_child.reset();
  if (request.merge_stderr) {
    err_parent.reset();
  }

  Result result;
  std::size_t written = 0;
  if (request.input.empty()) {
    in_parent.reset();
  }
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + request.timeout;
  bool out_open = true, err_open = !request.merge_stderr;
  while (out_open || err_open) {
    int wait_ms = -1;
    if (request.timeout.count() > 0) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) {
        kill(-pid, SIGKILL);
        result.timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(std::min<long long>(left, 1000 * 60 * 60));
    }
    pollfd fds[3] = {{out_open ? out_parent.get() : -1, POLLIN, 0},
                     {err_open ? err_parent.get() : -1, POLLIN, 0},
                     {in_parent.get(), POLLOUT, 0}};
    if (poll(fds, 3, wait_ms) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    if (fds[2].fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const ssize_t n = send(in_parent.get(), request.input.data() + written,
                             request.input.size() - written, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      }
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == request.input.size()) {
        in_parent.reset();  // EOF for the child, or it stopped reading
      }
    }
    char buffer[8192];
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        (i == 0 ? result.output : result.errors).append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        (i == 0 ? out_open : err_open) = false;
      }
    }
  }
  in_parent.reset();
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = exit_code_of(status);
  return result;
}

Request shell(const std::string& command, const std::string& directory) {
  return {.argv = {"/bin/sh", "-c", command}, .directory = directory, .merge_stderr = true};
}

std::string tail(const std::string& output, std::size_t lines) {
  std::vector<std::string_view> kept;
  const std::vector<std::string_view> all = text::split_lines(output);
  for (auto it = all.rbegin(); it != all.rend() && kept.size() < lines; ++it) {
    if (!text::trim(*it).empty()) {
      kept.push_back(text::trim_right(*it));
    }
  }
  std::string out;
  for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
    out += std::string(*it) + (std::next(it) == kept.rend() ? "" : "\n");
  }
  return out;
}

}  // namespace patchflow::process
