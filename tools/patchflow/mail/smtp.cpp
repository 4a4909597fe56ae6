#include "patchflow/mail/smtp.hpp"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::mail {
namespace {

using Easy = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using List = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

struct Upload {
  const std::string* data = nullptr;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t left = upload->data->size() - upload->offset;
  const std::size_t n = std::min(left, size * count);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

class CurlTransport : public Transport {
 public:
  explicit CurlTransport(const SmtpSettings& settings)
      : m_settings(settings), m_easy(nullptr, &curl_easy_cleanup) {
    // curl_global_init is not thread-safe before 7.84; patchflow calls it once, here.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_easy.reset(curl_easy_init());
    if (!m_easy) {
      throw Error(ExitCode::internal, "cannot initialise libcurl");
    }
  }

  void send(const OutgoingMessage& message) override {
    CURL* easy = m_easy.get();
    // Options are set again for every message: curl_easy_perform keeps the connection alive
    // between calls, so the series goes over one SMTP session.
    curl_easy_reset(easy);
    char error_buffer[CURL_ERROR_SIZE] = "";
    const std::string url = m_settings.url();
    const std::string mail_from = "<" + message.envelope_from + ">";
    List recipients(nullptr, &curl_slist_free_all);
    for (const std::string& r : message.recipients) {
      curl_slist* grown = curl_slist_append(recipients.get(), ("<" + r + ">").c_str());
      if (grown == nullptr) {
        throw Error(ExitCode::internal, "out of memory building the recipient list");
      }
      recipients.release();
      recipients.reset(grown);
    }
    Upload upload{&message.data, 0};
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, 30L);
    // a stalled server must not hang a send for ever: under 1 byte/s for 60 s aborts
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(easy, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(easy, CURLOPT_READDATA, &upload);
    curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.data.size()));
    if (m_settings.encryption == Encryption::starttls) {
      curl_easy_setopt(easy, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    if (!m_settings.ca_file.empty()) {
      curl_easy_setopt(easy, CURLOPT_CAINFO, m_settings.ca_file.c_str());
    }
    if (!m_settings.user.empty()) {
      curl_easy_setopt(easy, CURLOPT_USERNAME, m_settings.user.c_str());
      curl_easy_setopt(easy, CURLOPT_PASSWORD, m_settings.password.c_str());
    }
    const CURLcode rc = curl_easy_perform(easy);
    if (rc != CURLE_OK) {
      long response = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response);
      std::string why = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
      if (response >= 400) {
        why += " (server said " + std::to_string(response) + ")";
      }
      throw_git("'" + url + "' did not accept " + message.label() + " " + message.message_id +
                ": " + std::string(text::trim(why)));
    }
  }

 private:
  SmtpSettings m_settings;
  Easy m_easy;
};

}  // namespace

std::unique_ptr<Transport> make_smtp_transport(const SmtpSettings& settings) {
  if (settings.server.empty()) {
    throw_usage("no SMTP server; set 'sendemail.smtpServer' or pass --smtp-server");
  }
  return std::make_unique<CurlTransport>(settings);
}

}  // namespace patchflow::mail
