#include "patchflow/mail/settings.hpp"

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/config.hpp"

namespace patchflow::mail {

int SmtpSettings::effective_port() const {
  if (port != 0) {
    return port;
  }
  return encryption == Encryption::ssl ? 465 : encryption == Encryption::starttls ? 587 : 25;
}

std::string SmtpSettings::url() const {
  const std::string host = server.find(':') != std::string::npos ? "[" + server + "]" : server;
  return std::string(encryption == Encryption::ssl ? "smtps://" : "smtp://") + host + ":" +
         std::to_string(effective_port());
}

Encryption parse_encryption(const std::string& text) {
  if (text.empty() || text == "none") {
    return Encryption::none;
  }
  if (text == "tls" || text == "starttls") {
    return Encryption::starttls;
  }
  if (text == "ssl") {
    return Encryption::ssl;
  }
  throw_usage("unknown SMTP encryption '" + text + "'; use 'tls' (STARTTLS), 'ssl' or 'none'");
}

std::string encryption_name(Encryption encryption) {
  switch (encryption) {
    case Encryption::starttls:
      return "tls";
    case Encryption::ssl:
      return "ssl";
    case Encryption::none:
      break;
  }
  return "none";
}

SmtpSettings resolve_settings(git_repository* repo, const SettingOverrides& overrides) {
  const git::Config config = git::open_config(repo);
  const auto get = [&](const std::optional<std::string>& override_value, const char* key) {
    if (override_value) {
      return *override_value;
    }
    return git::config_string(*config, key).value_or("");
  };
  SmtpSettings settings;
  settings.server = get(overrides.server, "sendemail.smtpServer");
  settings.encryption = parse_encryption(get(overrides.encryption, "sendemail.smtpEncryption"));
  settings.user = get(overrides.user, "sendemail.smtpUser");
  settings.password = get(overrides.password, "sendemail.smtpPass");
  settings.from = get(overrides.from, "sendemail.from");
  if (text::trim(settings.from).empty()) {
    // git send-email falls back on the git identity (git var GIT_AUTHOR_IDENT).
    if (const std::optional<git::Identity> who = git::user_identity(*config)) {
      settings.from = who->name + " <" + who->email + ">";
    }
  }
  settings.ca_file = get(overrides.ca_file, "sendemail.smtpSSLCertPath");
  settings.port = overrides.port ? *overrides.port
                                 : git::config_int(*config, "sendemail.smtpServerPort").value_or(0);
  if (settings.port < 0 || settings.port > 65535) {
    throw_usage("SMTP port " + std::to_string(settings.port) + " is out of range");
  }
  return settings;
}

}  // namespace patchflow::mail
