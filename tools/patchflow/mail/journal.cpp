#include "patchflow/mail/journal.hpp"

#include <filesystem>
#include <optional>

#include "patchflow/core/text.hpp"
#include "patchflow/git/ref_file.hpp"

namespace patchflow::mail {
namespace {

std::set<std::string> parse_ids(std::string_view content) {
  std::set<std::string> ids;
  for (const std::string_view line : text::split_lines(content)) {
    const std::string_view id = text::trim(line);
    if (!id.empty()) {
      ids.emplace(id);
    }
  }
  return ids;
}

std::string serialise(const std::set<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) {
    out += id + "\n";
  }
  return out;
}

class RefJournal : public Journal {
 public:
  RefJournal(git_repository& repo, std::int64_t now) : m_repo(repo), m_now(now) {
    if (const auto file = git::read_ref_file(repo, k_sent_mail_ref, k_sent_mail_file)) {
      m_tip = file->commit;
      m_sent = parse_ids(file->content);
    }
  }

  void record(const std::string& message_id) override {
    std::set<std::string> next = m_sent;
    next.insert(message_id);
    // CAS on the tip we read: a concurrent send of the same series fails loudly here instead of
    // silently dropping the other run's records.
    m_tip = git::write_ref_file(m_repo, k_sent_mail_ref, m_tip, k_sent_mail_file, serialise(next),
                                "patchflow send: sent " + message_id, m_now);
    m_sent = std::move(next);
  }

  std::string location() const override { return k_sent_mail_ref; }

 private:
  git_repository& m_repo;
  std::int64_t m_now;
  std::optional<git::Oid> m_tip;
};

class FileJournal : public Journal {
 public:
  explicit FileJournal(std::string path) : m_path(std::move(path)) {
    if (std::filesystem::exists(m_path)) {
      m_sent = parse_ids(text::read_file(m_path));
    }
  }

  void record(const std::string& message_id) override {
    std::set<std::string> next = m_sent;
    next.insert(message_id);
    text::write_file_atomically(m_path, serialise(next));
    m_sent = std::move(next);
  }

  std::string location() const override { return m_path; }

 private:
  std::string m_path;
};

class MemoryJournal : public Journal {
 public:
  void record(const std::string& message_id) override { m_sent.insert(message_id); }
  std::string location() const override { return "memory"; }
};

}  // namespace

bool Journal::contains(const std::string& message_id) const {
  return m_sent.count(message_id) != 0;
}

std::unique_ptr<Journal> open_ref_journal(git_repository& repo, std::int64_t now) {
  return std::make_unique<RefJournal>(repo, now);
}

std::unique_ptr<Journal> open_file_journal(const std::string& path) {
  return std::make_unique<FileJournal>(path);
}

std::unique_ptr<Journal> open_memory_journal() { return std::make_unique<MemoryJournal>(); }

}  // namespace patchflow::mail
