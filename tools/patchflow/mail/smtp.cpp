#include "patchflow/mail/smtp.hpp"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

#include "patchflow/core/error.hpp"
#include "patchflow/core/shared_library.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::mail {
namespace {

// libcurl, loaded on first use. Linking it would load it, and through it GnuTLS, Kerberos,
// LDAP and some 25 more libraries, into every patchflow process (about 4.5 ms of start-up)
// although only `send` speaks SMTP.
struct Curl {
  decltype(&curl_global_init) global_init = nullptr;
  decltype(&curl_easy_init) easy_init = nullptr;
  decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&curl_easy_reset) easy_reset = nullptr;
  decltype(&curl_easy_setopt) easy_setopt = nullptr;
  decltype(&curl_easy_perform) easy_perform = nullptr;
  decltype(&curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&curl_easy_strerror) easy_strerror = nullptr;
  decltype(&curl_slist_append) slist_append = nullptr;
  decltype(&curl_slist_free_all) slist_free_all = nullptr;
};

// Throws Error{usage} naming the library when it cannot be loaded.
const Curl& curl() {
  static std::once_flag once;
  static Curl api;
  std::call_once(once, [] {
    static const SharedLibrary library(PATCHFLOW_LIBCURL_SONAME);
    Curl loaded;
    library.resolve("curl_global_init", loaded.global_init);
    library.resolve("curl_easy_init", loaded.easy_init);
    library.resolve("curl_easy_cleanup", loaded.easy_cleanup);
    library.resolve("curl_easy_reset", loaded.easy_reset);
    library.resolve("curl_easy_setopt", loaded.easy_setopt);
    library.resolve("curl_easy_perform", loaded.easy_perform);
    library.resolve("curl_easy_getinfo", loaded.easy_getinfo);
    library.resolve("curl_easy_strerror", loaded.easy_strerror);
    library.resolve("curl_slist_append", loaded.slist_append);
    library.resolve("curl_slist_free_all", loaded.slist_free_all);
    // curl_global_init is not thread-safe before 7.84; patchflow calls it once, here.
    loaded.global_init(CURL_GLOBAL_DEFAULT);
    api = loaded;
  });
  return api;
}

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
      : m_settings(settings), m_curl(curl()), m_easy(nullptr, m_curl.easy_cleanup) {
    m_easy.reset(m_curl.easy_init());
    if (!m_easy) {
      throw Error(ExitCode::internal, "cannot initialise libcurl");
    }
  }

  void send(const OutgoingMessage& message) override {
    CURL* easy = m_easy.get();
    // Options are set again for every message: curl_easy_perform keeps the connection alive
    // between calls, so the series goes over one SMTP session.
    m_curl.easy_reset(easy);
    char error_buffer[CURL_ERROR_SIZE] = "";
    const std::string url = m_settings.url();
    const std::string mail_from = "<" + message.envelope_from + ">";
    List recipients(nullptr, m_curl.slist_free_all);
    for (const std::string& r : message.recipients) {
      curl_slist* grown = m_curl.slist_append(recipients.get(), ("<" + r + ">").c_str());
      if (grown == nullptr) {
        throw Error(ExitCode::internal, "out of memory building the recipient list");
      }
      recipients.release();
      recipients.reset(grown);
    }
    Upload upload{&message.data, 0};
    m_curl.easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
    m_curl.easy_setopt(easy, CURLOPT_URL, url.c_str());
    m_curl.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    m_curl.easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, 30L);
    // a stalled server must not hang a send for ever: under 1 byte/s for 60 s aborts
    m_curl.easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
    m_curl.easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, 60L);
    m_curl.easy_setopt(easy, CURLOPT_MAIL_FROM, mail_from.c_str());
    m_curl.easy_setopt(easy, CURLOPT_MAIL_RCPT, recipients.get());
    m_curl.easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    m_curl.easy_setopt(easy, CURLOPT_READFUNCTION, read_upload);
    m_curl.easy_setopt(easy, CURLOPT_READDATA, &upload);
    m_curl.easy_setopt(easy, CURLOPT_INFILESIZE_LARGE,
                       static_cast<curl_off_t>(message.data.size()));
    if (m_settings.encryption == Encryption::starttls) {
      m_curl.easy_setopt(easy, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    if (!m_settings.ca_file.empty()) {
      m_curl.easy_setopt(easy, CURLOPT_CAINFO, m_settings.ca_file.c_str());
    }
    if (!m_settings.user.empty()) {
      m_curl.easy_setopt(easy, CURLOPT_USERNAME, m_settings.user.c_str());
      m_curl.easy_setopt(easy, CURLOPT_PASSWORD, m_settings.password.c_str());
    }
    const CURLcode rc = m_curl.easy_perform(easy);
    if (rc != CURLE_OK) {
      long response = 0;
      m_curl.easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response);
      std::string why = error_buffer[0] != '\0' ? error_buffer : m_curl.easy_strerror(rc);
      if (response >= 400) {
        why += " (server said " + std::to_string(response) + ")";
      }
      throw_git("'" + url + "' did not accept " + message.label() + " " + message.message_id +
                ": " + std::string(text::trim(why)));
    }
  }

 private:
  SmtpSettings m_settings;
  const Curl& m_curl;
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
