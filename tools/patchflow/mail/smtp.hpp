#pragma once
// Delivering one message to an SMTP server. libcurl speaks the protocol (EHLO, STARTTLS or
// implicit TLS, AUTH, dot-stuffing, pipelined connection reuse), we hand it envelope and bytes.
#include <memory>

#include "patchflow/mail/message.hpp"
#include "patchflow/mail/settings.hpp"

namespace patchflow::mail {

class Transport {
 public:
  virtual ~Transport() = default;
  // Returns once the server accepted message for every recipient; throws Error{git} with the
  // server's or the connection's complaint otherwise (then the message counts as not sent).
  virtual void send(const OutgoingMessage& message) = 0;
};

// Over SMTP with libcurl, one connection reused for every message. Throws Error{usage} when
// settings name no server.
std::unique_ptr<Transport> make_smtp_transport(const SmtpSettings& settings);

}  // namespace patchflow::mail
