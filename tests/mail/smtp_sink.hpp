#pragma once
// Runs tests/mail/smtp_sink.py (a real aiosmtpd server on 127.0.0.1) for one test.
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace patchflow::testing {

struct ReceivedMail {
  std::string data;  // DATA as the server stored it (dot-unstuffed, CRLF)
  std::string mail_from;
  std::vector<std::string> rcpt_tos;
  std::string login;  // AUTH login, "" when none
};

class SmtpSink {
 public:
  // Starts the server storing into dir with extra arguments (e.g. {"--drop-after", "1"}) and
  // environment; returns once it listens. Throws std::runtime_error when it does not start.
  SmtpSink(const std::string& dir, const std::vector<std::string>& arguments = {},
           const std::map<std::string, std::string>& env = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return m_port; }
  std::string port_text() const { return std::to_string(m_port); }
  // Every message stored in dir so far, in arrival order (also by earlier servers on dir).
  std::vector<ReceivedMail> received() const;

 private:
  std::string m_dir;
  pid_t m_pid = -1;
  int m_port = 0;
};

}  // namespace patchflow::testing
