#include "patchflow/git/patch_id.hpp"

#include <openssl/sha.h>

#include <array>
#include <mutex>
#include <string>
#include <string_view>

#include "patchflow/core/shared_library.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/libgit2.hpp"

namespace patchflow::git {
namespace {

constexpr std::uint32_t k_submodule_mode = 0160000;
constexpr std::uint32_t k_tree_mode = 0040000;

// libgit2 C-quotes such paths in the header; not reproduced here.
bool needs_quoting(const std::string& path) {
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      return true;
    }
  }
  return false;
}

// libcrypto's SHA-1, loaded on first use like libgit2 (git/libgit2_functions.hpp): linked, its
// 4,000 eagerly bound symbols were the largest part of every patchflow process's start-up.
// The low-level SHA1_Init/Update/Final, not EVP: EVP's first use initialises OpenSSL (reading
// openssl.cnf, loading the default provider, fetching the algorithm by name), about a
// millisecond of every command that computes a patch-id; these compute the same digest with the
// same code and set up nothing. OpenSSL 3 marks them deprecated (for new protocol code), not
// removed; the types are declared here so that no deprecated declaration is referenced.
using Sha1InitFn = int (*)(SHA_CTX*);
using Sha1UpdateFn = int (*)(SHA_CTX*, const void*, std::size_t);
using Sha1FinalFn = int (*)(unsigned char*, SHA_CTX*);
struct Crypto {
  Sha1InitFn init = nullptr;
  Sha1UpdateFn update = nullptr;
  Sha1FinalFn final = nullptr;
};

const Crypto& crypto() {
  static std::once_flag once;
  static Crypto functions;
  std::call_once(once, [] {
#ifdef PATCHFLOW_LIBCRYPTO_SONAME
    static const SharedLibrary library(PATCHFLOW_LIBCRYPTO_SONAME);
    library.resolve("SHA1_Init", functions.init);
    library.resolve("SHA1_Update", functions.update);
    library.resolve("SHA1_Final", functions.final);
#else  // linked (PATCHFLOW_STATIC_LIBS)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    functions = {&SHA1_Init, &SHA1_Update, &SHA1_Final};
#pragma GCC diagnostic pop
#endif
  });
  return functions;
}

class Sha1 {
 public:
  Sha1() : m_crypto(crypto()) { reset(); }
  void reset() { m_crypto.init(&m_ctx); }
  // Feeds text without its whitespace (libgit2's strip_spaces; it stops at a NUL).
  void add_stripped(std::string_view text) {
    char buffer[4096];
    std::size_t used = 0;
    for (const char c : text) {
      if (c == '\0') {
        break;
      }
      if (text::is_space(c)) {
        continue;
      }
      buffer[used++] = c;
      if (used == sizeof(buffer)) {
        m_crypto.update(&m_ctx, buffer, used);
        used = 0;
      }
    }
    m_crypto.update(&m_ctx, buffer, used);
  }
  std::array<unsigned char, 20> finish() {
    std::array<unsigned char, 20> digest{};
    m_crypto.final(digest.data(), &m_ctx);
    reset();
    return digest;
  }

 private:
  const Crypto& m_crypto;
  SHA_CTX m_ctx{};
};

std::string octal(std::uint32_t mode) {
  char text[16];
  std::snprintf(text, sizeof(text), "%o", mode);
  return text;
}

// The file header libgit2 prints for GIT_DIFF_FORMAT_PATCH_ID (whitespace is stripped anyway).
std::string patch_id_header(const FileChange& change) {
  std::string out = "diff --git a/" + change.old_path + " b/" + change.new_path + "\n";
  const bool unchanged = change.old_id == change.new_id;
  if (unchanged) {
    if (change.old_mode != change.new_mode) {
      out += "old mode " + octal(change.old_mode) + "\nnew mode " + octal(change.new_mode) + "\n";
    }
    return out;
  }
  if (change.old_mode != change.new_mode) {
    if (change.old_mode == 0) {
      out += "new file mode " + octal(change.new_mode) + "\n";
    } else if (change.new_mode == 0) {
      out += "deleted file mode " + octal(change.old_mode) + "\n";
    } else {
      out += "old mode " + octal(change.old_mode) + "\nnew mode " + octal(change.new_mode) + "\n";
    }
  }
  if (!change.is_binary) {
    out += "--- " + (change.old_id.is_zero() ? "/dev/null" : "a/" + change.old_path) + "\n";
    out += "+++ " + (change.new_id.is_zero() ? "/dev/null" : "b/" + change.new_path) + "\n";
  }
  return out;
}

void add_with_carry(std::array<unsigned char, 20>& sum, const std::array<unsigned char, 20>& add) {
  unsigned carry = 0;
  for (std::size_t i = 0; i < sum.size(); ++i) {
    carry += static_cast<unsigned>(sum[i]) + add[i];
    sum[i] = static_cast<unsigned char>(carry);
    carry >>= 8;
  }
}

// libgit2 learns from a file's "index <old>..<new>" line whether it changed: without one (a
// hand-made mail; format-patch always writes it) both ids stay zero, the file counts as
// unchanged and its "---"/"+++" lines drop out of the id. Gives such files an index line whose
// ids are zero only for /dev/null, as git's own patch-id (which reads the text) sees them.
std::string with_index_lines(std::string_view diff_text) {
  std::string out;
  out.reserve(diff_text.size() + 64);
  bool in_header = false;  // between "diff --git" and the first "---" / "@@" / binary line
  bool has_index = false;
  while (!diff_text.empty()) {
    const std::size_t end = diff_text.find('\n');
    const std::string_view line =
        diff_text.substr(0, end == std::string_view::npos ? diff_text.size() : end + 1);
    diff_text.remove_prefix(line.size());
    if (line.starts_with("diff --git ")) {
      in_header = true;
      has_index = false;
    } else if (in_header && line.starts_with("index ")) {
      has_index = true;
    } else if (in_header && line.starts_with("--- ")) {
      in_header = false;
      if (!has_index) {
        const std::size_t next_end = diff_text.find('\n');
        const std::string_view next = diff_text.substr(0, next_end);
        const bool added = line.starts_with("--- /dev/null");
        const bool deleted = next.starts_with("+++ /dev/null");
        out += std::string("index ") + (added ? "0000000" : "1111111") + ".." +
               (deleted ? "0000000" : "2222222") + "\n";
      }
    } else if (in_header && (line.starts_with("@@") || line.starts_with("Binary files ") ||
                             line.starts_with("GIT binary patch"))) {
      in_header = false;
    }
    out += line;
  }
  return out;
}

}  // namespace

std::optional<Oid> patch_id_from_changes(const std::vector<FileChange>& changes) {
  for (const FileChange& change : changes) {
    if (change.status == ChangeStatus::renamed || change.status == ChangeStatus::copied ||
        change.status == ChangeStatus::type_changed || change.old_mode == k_submodule_mode ||
        change.new_mode == k_submodule_mode || change.new_mode == k_tree_mode ||
        needs_quoting(change.old_path) || needs_quoting(change.new_path)) {
      return std::nullopt;
    }
  }
  Sha1 sha1;
  std::array<unsigned char, 20> sum{};
  bool first = true;
  for (const FileChange& change : changes) {
    if (!first) {
      add_with_carry(sum, sha1.finish());
    }
    first = false;
    sha1.add_stripped(patch_id_header(change));
    if (change.is_binary) {
      if (!(change.old_id == change.new_id)) {
        sha1.add_stripped(
            "Binary files " + (change.old_id.is_zero() ? "/dev/null" : "a/" + change.old_path) +
            " and " + (change.new_id.is_zero() ? "/dev/null" : "b/" + change.new_path) +
            " differ\n");
      }
      continue;
    }
    // Hunk headers ("@@") and "\ No newline" markers are not part of the id; a line that lost
    // its newline only loses whitespace.
    std::string_view body = change.body;
    while (!body.empty()) {
      const std::size_t end = body.find('\n');
      const std::string_view line = body.substr(0, end);
      if (!(line.substr(0, 2) == "@@") && !(line.substr(0, 1) == "\\")) {
        sha1.add_stripped(line);
      }
      body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    }
  }
  add_with_carry(sum, sha1.finish());
  git_oid id;
  std::copy(sum.begin(), sum.end(), id.id);
  return Oid(id);
}

std::optional<Oid> diff_text_patch_id(std::string_view diff_text) {
  ensure_library();
  const std::string text = with_index_lines(diff_text);
  git_diff* raw = nullptr;
  if (git_diff_from_buffer(&raw, text.data(), text.size()) != 0) {
    return std::nullopt;
  }
  Diff diff(raw);
  git_oid id;
  if (git_diff_patchid(&id, diff.get(), nullptr) != 0) {
    return std::nullopt;
  }
  return Oid(id);
}

}  // namespace patchflow::git
