#include "patchflow/report/dot_render.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"

extern char** environ;

namespace patchflow::report {
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

[[noreturn]] void fail(const std::string& dot_executable, const std::string& what) {
  throw_usage("cannot render the graph with '" + dot_executable + "': " + what);
}

struct Output {
  std::string out;
  std::string err;
  int status = 0;
};

// Feeds input to the child's stdin while draining its stdout and stderr, so neither side
// blocks on a full pipe. stdin is a socket so a child that exits early gives EPIPE from
// send(MSG_NOSIGNAL) instead of a SIGPIPE that would kill us.
Output run_child(const std::string& executable, const std::string& input) {
  int in_pair[2], out_pipe[2], err_pipe[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pair) != 0) {
    fail(executable, std::strerror(errno));
  }
  Fd in_parent(in_pair[0]), in_child(in_pair[1]);
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    fail(executable, std::strerror(errno));
  }
  Fd out_parent(out_pipe[0]), out_child(out_pipe[1]);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    fail(executable, std::strerror(errno));
  }
  Fd err_parent(err_pipe[0]), err_child(err_pipe[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_child.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_child.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_child.get(), STDERR_FILENO);
  std::string program = executable, format = "-Tsvg";
  char* argv[] = {program.data(), format.data(), nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, executable.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    fail(executable, std::strerror(spawned));
  }
  in_child.reset();
  out_child.reset();
  err_child.reset();

  Output output;
  std::size_t written = 0;
  if (input.empty()) {
    in_parent.reset();
  }
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    pollfd fds[3] = {{out_parent.get(), POLLIN, 0},
                     {err_parent.get(), POLLIN, 0},
                     {in_parent.get(), POLLOUT, 0}};
    fds[0].fd = out_open ? out_parent.get() : -1;
    fds[1].fd = err_open ? err_parent.get() : -1;
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    if (fds[2].fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const ssize_t n = send(in_parent.get(), input.data() + written, input.size() - written,
                             MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      }
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input.size()) {
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
        (i == 0 ? output.out : output.err).append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        (i == 0 ? out_open : err_open) = false;
      }
    }
  }
  in_parent.reset();
  while (waitpid(pid, &output.status, 0) < 0 && errno == EINTR) {
  }
  return output;
}

}  // namespace

std::string render_svg(const std::string& dot_executable, const std::string& dot_text) {
  const Output output = run_child(dot_executable, dot_text);
  if (!WIFEXITED(output.status) || WEXITSTATUS(output.status) != 0) {
    const auto lines = text::split_lines(output.err);
    const std::string code = WIFEXITED(output.status)
                                 ? "exit " + std::to_string(WEXITSTATUS(output.status))
                                 : "signal " + std::to_string(WTERMSIG(output.status));
    fail(dot_executable,
         code + (lines.empty() ? std::string() : ": " + std::string(text::trim(lines.back()))));
  }
  const std::size_t svg = output.out.find("<svg");
  if (svg == std::string::npos) {
    fail(dot_executable, "no <svg> in its output");
  }
  return output.out.substr(svg);
}

}  // namespace patchflow::report
