#pragma once
// What was already accepted by the server, keyed by Message-Id, so an interrupted send resumes
// without sending anything twice. Updated after every accepted message, never in a batch.
#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "patchflow/git/libgit2.hpp"

namespace patchflow::mail {

class Journal {
 public:
  virtual ~Journal() = default;
  bool contains(const std::string& message_id) const;
  // Records message_id durably before returning; throws Error on failure.
  virtual void record(const std::string& message_id) = 0;
  // Where it lives, for messages: "refs/patchflow/sent-mail" or a file path.
  virtual std::string location() const = 0;

 protected:
  std::set<std::string> m_sent;
};

inline constexpr const char* k_sent_mail_ref = "refs/patchflow/sent-mail";
inline constexpr const char* k_sent_mail_file = "message-ids";  // its file, one id per line
inline constexpr const char* k_journal_file_name = ".patchflow-sent-mail";

// The journal in repo: a commit per accepted message on refs/patchflow/sent-mail whose tree
// holds "message-ids", moved by compare-and-swap. now stamps the commits. repo must outlive it.
std::unique_ptr<Journal> open_ref_journal(git_repository& repo, std::int64_t now);

// The journal outside any repository: path holds one Message-Id per line, rewritten atomically.
std::unique_ptr<Journal> open_file_journal(const std::string& path);

// A journal that remembers nothing (--no-journal equivalent for tests and dry runs elsewhere).
std::unique_ptr<Journal> open_memory_journal();

}  // namespace patchflow::mail
