#include "patchflow/git/ref_journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <sstream>

#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"

namespace patchflow::git {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_header = "patchflow ref journal 1\n";
constexpr std::string_view k_suffix = ".journal";

std::function<void(std::size_t)>& ref_write_observer() {
  static std::function<void(std::size_t)> observer;
  return observer;
}

void notify_written(std::size_t written) {
  if (const auto& observer = ref_write_observer()) {
    observer(written);
  }
}

// <common dir>/patchflow: shared by every worktree, as refs/heads is.
fs::path journal_directory(git_repository& repo) {
  return fs::path(git_repository_commondir(&repo)) / "patchflow";
}

// Held shared by every process moving refs for as long as its journal exists, exclusively by a
// recovery: a journal is only recovered when no process that could still be writing it is alive
// (flock dies with its process, however that ends).
class MoveLock {
 public:
  enum class Mode { move, recover };
  MoveLock(const fs::path& directory, Mode mode) {
    const std::string path = (directory / "moves.lock").string();
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (m_fd < 0) {
      throw Error(ExitCode::git, "cannot open '" + path + "'", Where{.file = path});
    }
    const int operation = mode == Mode::move ? LOCK_SH : LOCK_EX | LOCK_NB;
    int rc = 0;
    while ((rc = ::flock(m_fd, operation)) != 0 && errno == EINTR) {
    }
    m_held = rc == 0;
    if (!m_held && mode == Mode::move) {
      ::close(m_fd);
      throw Error(ExitCode::git, "cannot lock '" + path + "'", Where{.file = path});
    }
  }
  ~MoveLock() { ::close(m_fd); }
  MoveLock(const MoveLock&) = delete;
  MoveLock& operator=(const MoveLock&) = delete;
  bool held() const { return m_held; }

 private:
  int m_fd = -1;
  bool m_held = false;
};

std::string id_text(const std::optional<Oid>& id) { return id ? id->hex() : "-"; }
std::string short_text(const std::optional<Oid>& id) {
  return id ? id->short_hex() : std::string("no ref");
}

struct Journal {
  std::string message;
  std::vector<RefUpdate> refs;
  std::vector<FileWrite> files;
};

std::string serialize(const Journal& journal) {
  std::string message = journal.message;
  std::replace(message.begin(), message.end(), '\n', ' ');
  std::string out(k_header);
  out += "message " + message + "\n";
  for (const RefUpdate& update : journal.refs) {
    out +=
        "ref " + id_text(update.expected) + " " + id_text(update.target) + " " + update.ref + "\n";
  }
  for (const FileWrite& file : journal.files) {
    out += "file " + std::to_string(file.content.size()) + " " + file.path + "\n" + file.content;
  }
  return out;
}

Journal parse(const std::string& path) {
  const std::string data = text::read_file(path);
  auto broken = [&](const std::string& why) {
    return Error(ExitCode::git,
                 "cannot read the ref journal '" + path + "': " + why +
                     " (if no patchflow is running, check the refs it lists and remove it)",
                 Where{.file = path});
  };
  if (!data.starts_with(k_header)) {
    throw broken("not a patchflow ref journal");
  }
  auto parse_id = [&](const std::string& word) -> std::optional<Oid> {
    if (word == "-") {
      return std::nullopt;
    }
    const std::optional<Oid> id = Oid::parse_hex(word);
    if (!id) {
      throw broken("bad object id '" + word + "'");
    }
    return id;
  };
  Journal journal;
  std::size_t at = k_header.size();
  while (at < data.size()) {
    const std::size_t end = data.find('\n', at);
    if (end == std::string::npos) {
      throw broken("truncated");
    }
    const std::string line = data.substr(at, end - at);
    at = end + 1;
    std::istringstream words(line);
    std::string kind;
    words >> kind;
    if (kind == "message") {
      journal.message = line.size() > 8 ? line.substr(8) : "";
    } else if (kind == "ref") {
      std::string old_id, new_id, ref;
      if (!(words >> old_id >> new_id >> ref)) {
        throw broken("bad line '" + line + "'");
      }
      journal.refs.push_back(
          {.ref = ref, .expected = parse_id(old_id), .target = parse_id(new_id)});
    } else if (kind == "file") {
      std::size_t size = 0;
      if (!(words >> size) || words.get() != ' ') {
        throw broken("bad line '" + line + "'");
      }
      std::string file_path;
      std::getline(words, file_path);
      if (at + size > data.size()) {
        throw broken("truncated");
      }
      journal.files.push_back({.path = file_path, .content = data.substr(at, size)});
      at += size;
    } else {
      throw broken("bad line '" + line + "'");
    }
  }
  return journal;
}

// A name no other process (nor a later one with the same pid) picks.
fs::path new_journal_path(const fs::path& directory) {
  static std::atomic<unsigned> counter{0};
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return directory /
         ("move-" + std::to_string(::getpid()) + "-" +
          std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()) + "-" +
          std::to_string(counter++) + std::string(k_suffix));
}

bool file_holds(const std::string& path, const std::string& content) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return false;
  }
  try {
    return text::read_file(path) == content;
  } catch (const Error&) {
    return false;
  }
}

// One compare-and-swap: ref from expected to target (nullopt: absent), refused naming the move.
void write_ref(git_repository& repo, const std::string& ref, const std::optional<Oid>& expected,
               const std::optional<Oid>& target, const std::string& message,
               std::string_view refused) {
  if (target) {
    update_ref(repo, ref, expected, *target, message, refused);
    return;
  }
  if (!expected) {
    return;
  }
  git_reference* raw = nullptr;
  const int rc = git_reference_lookup(&raw, &repo, ref.c_str());
  if (rc != GIT_ENOTFOUND) {
    check(rc, "cannot find", Where{.ref = ref});
  }
  git_error_clear();
  const Reference owned(rc == 0 ? raw : nullptr);
  const git_oid* now = owned ? git_reference_target(owned.get()) : nullptr;
  if (now == nullptr || !(Oid(*now) == *expected)) {
    throw Error(ExitCode::git,
                "'" + ref + "' moved meanwhile (expected " + expected->short_hex() + ", found " +
                    (now ? Oid(*now).short_hex() : std::string("no ref")) + "); " +
                    std::string(refused),
                Where{.ref = ref});
  }
  // git_reference_delete compares the value under the ref's lock: a move since the lookup fails
  check(git_reference_delete(owned.get()), "cannot delete", Where{.ref = ref});
}

bool is_at(const std::optional<Oid>& now, const std::optional<Oid>& id) {
  return now.has_value() == id.has_value() && (!now || *now == *id);
}

bool object_exists(git_odb& odb, const std::optional<Oid>& id) {
  return !id || git_odb_exists(&odb, id->raw()) != 0;
}

Recovery recover(git_repository& repo, const fs::path& path) {
  const Journal journal = parse(path.string());
  Recovery recovery{.journal = path.string(), .message = journal.message};
  git_odb* raw_odb = nullptr;
  check(git_repository_odb(&raw_odb, &repo), "cannot open object database");
  const Odb odb(raw_odb);
  std::vector<std::optional<Oid>> now;
  bool complete = true;
  for (const RefUpdate& update : journal.refs) {
    now.push_back(resolve_ref(repo, update.ref));
    complete = complete && object_exists(*odb, update.target) &&
               (is_at(now.back(), update.expected) || is_at(now.back(), update.target));
  }
  for (const FileWrite& file : journal.files) {
    std::error_code ec;
    complete = complete && (!fs::exists(file.path, ec) || file_holds(file.path, file.content));
  }
  recovery.completed = complete;
  const std::string message = journal.message + (complete ? " (finished after an interruption)"
                                                          : " (undone after an interruption)");
  auto attempt = [&](const std::string& what, const std::function<void()>& write) {
    try {
      write();
      recovery.moved.push_back(what);
    } catch (const Error& e) {
      recovery.left_alone.push_back(e.what());
      recovery.journal_kept = true;
    }
  };
  for (std::size_t i = 0; i < journal.refs.size(); ++i) {
    const std::size_t k = complete ? i : journal.refs.size() - 1 - i;
    const RefUpdate& update = journal.refs[k];
    const bool at_old = is_at(now[k], update.expected), at_new = is_at(now[k], update.target);
    if (!at_old && !at_new) {
      recovery.left_alone.push_back("'" + update.ref + "' is at " + short_text(now[k]) +
                                    ", neither " + short_text(update.expected) + " nor " +
                                    short_text(update.target) +
                                    " (moved by someone else); left alone");
      continue;
    }
    if (complete && at_old && !at_new) {
      attempt(update.ref, [&] {
        write_ref(repo, update.ref, update.expected, update.target, message, "not updated");
      });
    } else if (!complete && at_new && !at_old) {
      attempt(update.ref, [&] {
        write_ref(repo, update.ref, update.target, update.expected, message, "not put back");
      });
    }
  }
  for (const FileWrite& file : journal.files) {
    std::error_code ec;
    const bool exists = fs::exists(file.path, ec);
    if (complete && !exists) {
      attempt(file.path, [&] { text::write_file_atomically(file.path, file.content); });
    } else if (!complete && exists) {
      if (file_holds(file.path, file.content)) {
        attempt(file.path, [&] { fs::remove(file.path); });
      } else {
        recovery.left_alone.push_back("'" + file.path +
                                      "' is not what the move wrote (changed by someone else); "
                                      "left alone");
      }
    }
  }
  if (!recovery.journal_kept) {
    std::error_code ec;
    fs::remove(path, ec);
  }
  return recovery;
}

std::vector<fs::path> journals_in(const fs::path& directory, bool with_temporaries) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.ends_with(k_suffix) ||
        (with_temporaries && name.ends_with(std::string(k_suffix) + ".tmp-patchflow"))) {
      found.push_back(it->path());
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

void update_refs(git_repository& repo, const std::vector<RefUpdate>& updates,
                 const std::string& reflog_message, const std::vector<FileWrite>& files) {
  constexpr std::string_view refused = "no ref updated";
  if (files.empty() && updates.size() == 1 && updates.front().target) {
    // one rename is atomic by itself
    update_ref(repo, updates.front().ref, updates.front().expected, *updates.front().target,
               reflog_message, refused);
    return;
  }
  if (updates.empty() && files.empty()) {
    return;
  }
  // The usual refusal (someone pushed meanwhile) costs no journal and no write.
  for (const RefUpdate& update : updates) {
    const std::optional<Oid> now = resolve_ref(repo, update.ref);
    if (!is_at(now, update.expected)) {
      throw Error(ExitCode::git,
                  "'" + update.ref + "' moved meanwhile (expected " + short_text(update.expected) +
                      ", found " + short_text(now) + "); " + std::string(refused),
                  Where{.ref = update.ref});
    }
  }
  for (const FileWrite& file : files) {
    std::error_code ec;
    if (fs::exists(file.path, ec)) {
      throw Error(ExitCode::usage, "'" + file.path + "' exists; " + std::string(refused),
                  Where{.file = file.path});
    }
  }
  const fs::path directory = journal_directory(repo);
  std::error_code ec;
  fs::create_directories(directory, ec);
  const MoveLock lock(directory, MoveLock::Mode::move);
  const fs::path journal = new_journal_path(directory);
  text::write_file_atomically(
      journal.string(), serialize({.message = reflog_message, .refs = updates, .files = files}),
      text::Durability::durable);
  notify_written(0);
  std::size_t written = 0, files_written = 0;
  try {
    for (const RefUpdate& update : updates) {
      write_ref(repo, update.ref, update.expected, update.target, reflog_message, refused);
      notify_written(++written);
    }
    for (const FileWrite& file : files) {
      text::write_file_atomically(file.path, file.content);
      ++files_written;
    }
  } catch (const Error& e) {
    // Put back what this move wrote, newest first, by compare-and-swap on the value it wrote.
    std::string undo_failed;
    for (std::size_t i = files_written; i-- > 0;) {
      fs::remove(files[i].path, ec);
    }
    for (std::size_t i = written; i-- > 0;) {
      const RefUpdate& update = updates[i];
      try {
        write_ref(repo, update.ref, update.target, update.expected, reflog_message + " (undone)",
                  "not put back");
      } catch (const Error& undo) {
        undo_failed += std::string("; ") + undo.what();
      }
    }
    if (!undo_failed.empty()) {
      throw Error(ExitCode::git,
                  std::string(e.what()) + undo_failed + "; the next patchflow command finishes " +
                      "this from '" + journal.string() + "'",
                  e.where());
    }
    fs::remove(journal, ec);
    throw;
  }
  fs::remove(journal, ec);
}

std::vector<Recovery> recover_interrupted_moves(git_repository& repo) {
  const fs::path directory = journal_directory(repo);
  if (journals_in(directory, true).empty()) {
    return {};
  }
  const MoveLock lock(directory, MoveLock::Mode::recover);
  if (!lock.held()) {
    return {};  // a move is under way: its journal is not a crash's
  }
  std::vector<Recovery> recoveries;
  for (const fs::path& path : journals_in(directory, true)) {
    if (!path.string().ends_with(k_suffix)) {
      // killed while writing its journal: no ref of that move was written
      std::error_code ec;
      fs::remove(path, ec);
      continue;
    }
    recoveries.push_back(recover(repo, path));
  }
  return recoveries;
}

std::string format_recovery(const Recovery& recovery) {
  std::string out = std::string("patchflow: ") + (recovery.completed ? "finished" : "undid") +
                    " an interrupted move (" + recovery.message + ")";
  out += recovery.moved.empty() ? std::string(": nothing left to write")
                                : ": " + text::join(recovery.moved, ", ");
  out += "\n";
  for (const std::string& line : recovery.left_alone) {
    out += "patchflow: warning: " + line + "\n";
  }
  if (recovery.journal_kept) {
    out += "patchflow: warning: journal '" + recovery.journal +
           "' kept; the next command tries again\n";
  }
  return out;
}

void set_ref_write_observer(std::function<void(std::size_t written)> observer) {
  ref_write_observer() = std::move(observer);
}

}  // namespace patchflow::git
