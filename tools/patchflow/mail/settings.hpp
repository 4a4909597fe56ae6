#pragma once
// Where and how to send: git's sendemail.* configuration, overridden by command-line options.
#include <optional>
#include <string>

#include "patchflow/git/libgit2.hpp"

namespace patchflow::mail {

enum class Encryption { none, starttls, ssl };

struct SmtpSettings {
  std::string server;  // host name or address
  int port = 0;        // 0: 25, 587 with STARTTLS, 465 with SSL
  Encryption encryption = Encryption::none;
  std::string user;      // empty: no AUTH
  std::string password;  // held in memory only; never written or printed
  std::string from;      // the sender: From header and envelope; empty: none configured
  std::string ca_file;   // PEM certificates to trust (sendemail.smtpSSLCertPath)

  int effective_port() const;
  // "smtp://host:port" or "smtps://host:port" (IPv6 hosts bracketed); no credentials in it.
  std::string url() const;
};

// Command-line values; a set one wins over the configuration.
struct SettingOverrides {
  std::optional<std::string> server, encryption, user, from, ca_file;
  std::optional<int> port;
  std::optional<std::string> password;  // e.g. from PATCHFLOW_SMTP_PASSWORD, read by the CLI
};

// "ssl", "tls" (STARTTLS, as git send-email calls it), "none" or ""; throws Error{usage}.
Encryption parse_encryption(const std::string& text);
std::string encryption_name(Encryption encryption);

// Reads sendemail.smtpServer, smtpServerPort, smtpEncryption, smtpUser, smtpPass, from and
// smtpSSLCertPath in-process from repo's configuration (global and system only when repo is
// null), then applies overrides; with neither --from nor sendemail.from the sender is
// "user.name <user.email>" as git send-email takes it. Throws Error{usage} for a bad value.
SmtpSettings resolve_settings(git_repository* repo, const SettingOverrides& overrides);

}  // namespace patchflow::mail
