#include "mail/smtp_sink.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "patchflow/core/json.hpp"
#include "support/process.hpp"

namespace patchflow::testing {

SmtpSink::SmtpSink(const std::string& dir, const std::vector<std::string>& arguments,
                   const std::map<std::string, std::string>& env)
    : m_dir(dir) {
  namespace fs = std::filesystem;
  if (std::string(PATCHFLOW_SMTP_PYTHON).empty()) {
    throw std::runtime_error("no python3 with aiosmtpd; run tools/install-deps.sh");
  }
  fs::create_directories(dir);
  fs::remove(fs::path(dir) / "port");
  std::vector<std::string> argv{PATCHFLOW_SMTP_PYTHON, PATCHFLOW_SMTP_SINK, "--dir", dir};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  const std::string log = (fs::path(dir) / "server.log").string();
  m_pid = fork();
  if (m_pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    for (const auto& [key, value] : env) {
      setenv(key.c_str(), value.c_str(), 1);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) {
      args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!fs::exists(fs::path(dir) / "port")) {
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid || std::chrono::steady_clock::now() > deadline) {
      m_pid = -1;
      throw std::runtime_error("smtp_sink.py did not start: " + slurp(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  m_port = std::stoi(slurp(fs::path(dir) / "port"));
}

SmtpSink::~SmtpSink() {
  if (m_pid > 0) {
    kill(m_pid, SIGTERM);
    int status = 0;
    waitpid(m_pid, &status, 0);
  }
}

std::vector<ReceivedMail> SmtpSink::received() const {
  std::vector<ReceivedMail> mails;
  for (int n = 1;; ++n) {
    char base[16];
    std::snprintf(base, sizeof base, "%03d", n);
    const std::filesystem::path eml = std::filesystem::path(m_dir) / (std::string(base) + ".eml");
    if (!std::filesystem::exists(eml)) {
      return mails;
    }
    const nlohmann::json envelope =
        patchflow::parse_json(slurp(std::filesystem::path(m_dir) / (std::string(base) + ".json")));
    ReceivedMail mail{.data = slurp(eml),
                      .mail_from = envelope["mail_from"],
                      .rcpt_tos = envelope["rcpt_tos"].get<std::vector<std::string>>()};
    if (envelope["login"].is_string()) {
      mail.login = envelope["login"];
    }
    mails.push_back(std::move(mail));
  }
}

}  // namespace patchflow::testing
