#include "patchflow/mail/send.hpp"

#include <cstdlib>
#include <ctime>

#include "patchflow/cli/commands.hpp"
#include "patchflow/git/config.hpp"
#include "patchflow/series/series.hpp"

namespace patchflow::cli {

void add_send_command(CLI::App& app, Session& session) {
  auto opts = std::make_shared<mail::SendOptions>();
  auto* cmd = app.add_subcommand("send", "Validate and mail mbox or .patch files over SMTP");
  cmd->footer(
      "Examples:\n  patchflow send --dry-run out/*.patch\n  patchflow send --to "
      "xen-devel@lists.xenproject.org series.mbox");
  cmd->add_option("files", opts->paths, "mbox or `git format-patch` files")->required();
  cmd->add_flag("--dry-run", opts->dry_run, "Print every message exactly as it would go");
  cmd->add_option("--to", opts->prepare.extra_to, "Add a To recipient to every message")
      ->allow_extra_args(false);
  cmd->add_option("--cc", opts->prepare.extra_cc, "Add a Cc recipient to every message")
      ->allow_extra_args(false);
  cmd->add_option("--from", opts->overrides.from,
                  "Sender: From header and envelope (sendemail.from; else user.name/email)");
  cmd->add_option("--in-reply-to", opts->prepare.in_reply_to,
                  "Thread messages without In-Reply-To under this Message-Id (<> optional)");
  cmd->add_option("--smtp-server", opts->overrides.server, "Host (sendemail.smtpServer)");
  cmd->add_option("--smtp-server-port", opts->overrides.port, "Port (sendemail.smtpServerPort)");
  cmd->add_option("--smtp-encryption", opts->overrides.encryption,
                  "tls (STARTTLS), ssl or none (sendemail.smtpEncryption)");
  cmd->add_option("--smtp-user", opts->overrides.user, "AUTH user (sendemail.smtpUser)");
  cmd->add_option("--smtp-ssl-cert-path", opts->overrides.ca_file,
                  "CA certificates to trust (sendemail.smtpSSLCertPath)");
  cmd->add_option("--size-limit", opts->prepare.size_limit, "Largest message in octets")
      ->capture_default_str();
  cmd->callback([opts, &session] {
    // The password comes from the environment or git config, never from argv (visible in ps).
    if (const char* password = std::getenv("PATCHFLOW_SMTP_PASSWORD")) {
      opts->overrides.password = password;
    }
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    opts->now = static_cast<std::int64_t>(now);
    opts->now_offset_minutes = static_cast<int>(local.tm_gmtoff / 60);
    // The journal and sendemail.* live in the repository we run in, if there is one.
    std::optional<git::Repository> repo = git::discover_repository(
        session.repo_option.empty() ? std::string(".") : session.repo_option);
    // Once the whole series went out (never for --dry-run or a failure), a topic's series is
    // recorded as sent, as `series --record` does.
    std::string recorded;
    const config::StackConfig* stack = repo ? session.stack_if(false) : nullptr;
    opts->hooks.on_complete = [&](const mail::SendResult& sent) {
      if (stack == nullptr || sent.sent_message_ids().empty()) {
        return;
      }
      std::vector<series::MailedMessage> mailed;
      for (const mail::MessageOutcome& m : sent.messages) {
        mailed.push_back({m.envelope_commit, m.subject, m.message_id});
      }
      recorded = series::record_mailed_series(**repo, *stack, mailed, opts->now);
    };
    const mail::SendResult result = mail::run_send(repo ? repo->get() : nullptr, *opts);
    session.emit(mail::format_result(result) + recorded, mail::to_json(result), false);
    mail::throw_if_incomplete(result);
  });
}

}  // namespace patchflow::cli
