#include "patchflow/mail/send.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::mail {

std::string status_name(Status status) {
  switch (status) {
    case Status::sent:
      return "sent";
    case Status::already_sent:
      return "already sent";
    case Status::failed:
      return "failed";
    case Status::would_send:
      return "would send";
    case Status::not_sent:
      break;
  }
  return "not sent";
}

std::vector<std::string> SendResult::sent_message_ids() const {
  std::vector<std::string> ids;
  for (const MessageOutcome& m : messages) {
    if (m.status == Status::sent) {
      ids.push_back(m.message_id);
    }
  }
  return ids;
}

bool SendResult::is_complete() const {
  for (const MessageOutcome& m : messages) {
    if (m.status != Status::sent && m.status != Status::already_sent &&
        m.status != Status::would_send) {
      return false;
    }
  }
  return true;
}

SendResult send_messages(const std::vector<OutgoingMessage>& messages, Transport* transport,
                         Journal& journal, bool dry_run, const SendHooks& hooks) {
  SendResult result{.dry_run = dry_run, .journal = journal.location()};
  bool stopped = false;
  for (const OutgoingMessage& message : messages) {
    MessageOutcome outcome{.label = message.label(),
                           .message_id = message.message_id,
                           .subject = message.subject,
                           .envelope_commit = message.envelope_commit,
                           .envelope_from = message.envelope_from,
                           .recipients = message.recipients};
    if (stopped) {
      outcome.status = Status::not_sent;
    } else if (journal.contains(message.message_id)) {
      outcome.status = Status::already_sent;
    } else if (dry_run) {
      outcome.status = Status::would_send;
      outcome.data = message.data;
    } else {
      try {
        transport->send(message);
      } catch (const Error& e) {
        outcome.status = Status::failed;
        outcome.error = e.what();
        stopped = true;
      }
      if (!stopped) {
        outcome.status = Status::sent;
        try {
          journal.record(message.message_id);
        } catch (const Error& e) {
          // Accepted but unrecorded: a re-run would send it again, so stop and say so.
          outcome.error = std::string("sent, but not recorded in the journal: ") + e.what();
          stopped = true;
        }
        if (!stopped && hooks.on_message_sent) {
          hooks.on_message_sent(message);
        }
      }
    }
    result.messages.push_back(std::move(outcome));
  }
  if (!dry_run && !stopped && hooks.on_complete) {
    hooks.on_complete(result);
  }
  return result;
}

SendResult run_send(git_repository* repo, const SendOptions& options) {
  if (options.paths.empty()) {
    throw_usage("no mbox or patch files to send");
  }
  const SmtpSettings settings = resolve_settings(repo, options.overrides);
  std::vector<SourceFile> files;
  for (const std::string& path : options.paths) {
    files.push_back({path, text::read_file(path)});
  }
  PrepareOptions prepare = options.prepare;
  prepare.sender = settings.from;
  prepare.now = options.now;
  prepare.now_offset_minutes = options.now_offset_minutes;
  const std::vector<OutgoingMessage> messages = prepare_messages(files, prepare);
  std::unique_ptr<Journal> journal;
  if (repo != nullptr) {
    journal = open_ref_journal(*repo, options.now);
  } else {
    const std::filesystem::path first(options.paths.front());
    journal = open_file_journal((first.parent_path() / k_journal_file_name).string());
  }
  std::unique_ptr<Transport> transport;
  if (!options.dry_run) {
    transport = options.make_transport(settings);
  }
  return send_messages(messages, transport.get(), *journal, options.dry_run, options.hooks);
}

std::string format_result(const SendResult& result) {
  std::string out;
  const std::string total = std::to_string(result.messages.size());
  int counts[5] = {};
  for (std::size_t i = 0; i < result.messages.size(); ++i) {
    const MessageOutcome& m = result.messages[i];
    ++counts[static_cast<int>(m.status)];
    if (m.status == Status::would_send) {
      out += "# message " + std::to_string(i + 1) + " of " + total + ": " + m.label + " " +
             m.message_id + "\n";
      out += "MAIL FROM:<" + m.envelope_from + ">\n";
      for (const std::string& r : m.recipients) {
        out += "RCPT TO:<" + r + ">\n";
      }
      out += "DATA " + std::to_string(m.data.size()) + "\n" + m.data;
      continue;
    }
    out += status_name(m.status) + ": " + m.label + " " + m.message_id;
    if (m.status == Status::sent) {
      out += " to " + text::join(m.recipients, ", ");
    } else if (m.status == Status::already_sent) {
      out += " (in " + result.journal + "); skipped";
    }
    if (!m.error.empty()) {
      out += ": " + m.error;
    }
    out += "\n";
  }
  const auto count = [&](Status s) { return counts[static_cast<int>(s)]; };
  if (result.dry_run) {
    out += "dry run: " + std::to_string(count(Status::would_send)) + " of " + total +
           " messages would be sent, " + std::to_string(count(Status::already_sent)) +
           " already sent; nothing sent\n";
  } else {
    out += std::to_string(count(Status::sent)) + " of " + total + " messages sent, " +
           std::to_string(count(Status::already_sent)) + " already sent, " +
           std::to_string(count(Status::failed) + count(Status::not_sent)) + " not sent\n";
  }
  return out;
}

nlohmann::json to_json(const SendResult& result) {
  nlohmann::json messages = nlohmann::json::array();
  for (const MessageOutcome& m : result.messages) {
    nlohmann::json entry{{"message", m.label},         {"message_id", m.message_id},
                         {"subject", m.subject},       {"envelope_from", m.envelope_from},
                         {"recipients", m.recipients}, {"status", status_name(m.status)}};
    if (!m.error.empty()) {
      entry["error"] = m.error;
    }
    if (m.status == Status::would_send) {
      entry["data"] = m.data;
    }
    messages.push_back(std::move(entry));
  }
  return {{"dry_run", result.dry_run},
          {"journal", result.journal},
          {"complete", result.is_complete()},
          {"messages", std::move(messages)}};
}

void throw_if_incomplete(const SendResult& result) {
  if (result.is_complete()) {
    return;
  }
  std::vector<std::string> sent, unsent;
  std::string reason;
  for (const MessageOutcome& m : result.messages) {
    if (m.status == Status::sent || m.status == Status::already_sent) {
      sent.push_back(m.label);
    } else {
      unsent.push_back(m.label);
    }
    if (reason.empty() && !m.error.empty()) {
      reason = m.error;
    }
  }
  throw_git("sending stopped: " + reason +
            "; sent: " + (sent.empty() ? std::string("none") : text::join(sent, ", ")) +
            "; not sent: " + (unsent.empty() ? std::string("none") : text::join(unsent, ", ")) +
            "; re-run the same command to send the rest");
}

}  // namespace patchflow::mail
