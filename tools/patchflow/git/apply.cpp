#include "patchflow/git/apply.hpp"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <set>
#include <variant>

#include "patchflow/git/repository.hpp"

namespace patchflow::git {
namespace {

constexpr std::uint32_t k_type_mask = 0170000;
constexpr std::uint32_t k_regular = 0100644;
constexpr std::uint32_t k_gitlink = 0160000;
constexpr std::size_t k_hex_size = 40;

std::string last_error_message() {
  const git_error* last = git_error_last();
  return last != nullptr && last->message != nullptr ? last->message : "unknown error";
}

// One file of the diff as libgit2 parsed (or generated) it, copied out of its callbacks.
struct Line {
  char origin = ' ';  // ' ', '-' or '+'
  std::string text;   // with its '\n', unless "\ No newline at end of file" follows
};

struct Hunk {
  int old_start = 0;
  int new_start = 0;
  std::vector<Line> lines;
};

struct FilePatch {
  git_delta_t status = GIT_DELTA_MODIFIED;
  std::string old_path, new_path;
  std::uint32_t old_mode = 0, new_mode = 0;  // 0: the patch does not say
  Oid old_id, new_id;
  std::uint16_t old_abbrev = 0, new_abbrev = 0;
  bool binary = false;
  bool binary_data = false;  // "GIT binary patch" (else only "Binary files differ")
  git_diff_binary_t binary_type = GIT_DIFF_BINARY_NONE;
  std::string binary_deflated;
  std::size_t binary_inflated = 0;
  std::vector<Hunk> hunks;

  bool is_new() const { return status == GIT_DELTA_ADDED; }
  bool is_delete() const { return status == GIT_DELTA_DELETED; }
  bool is_rename() const { return status == GIT_DELTA_RENAMED; }
  bool is_copy() const { return status == GIT_DELTA_COPIED; }
  // git apply's old_name / new_name: absent for a creation / a deletion.
  const std::string* old_name() const { return is_new() ? nullptr : &old_path; }
  const std::string* new_name() const { return is_delete() ? nullptr : &new_path; }
};

int on_file(const git_diff_delta* delta, float, void* payload) {
  auto& files = *static_cast<std::vector<FilePatch>*>(payload);
  FilePatch file;
  file.status = delta->status;
  file.old_path = delta->old_file.path != nullptr ? delta->old_file.path : "";
  file.new_path = delta->new_file.path != nullptr ? delta->new_file.path : "";
  file.old_mode = delta->old_file.mode;
  file.new_mode = delta->new_file.mode;
  file.old_id = Oid(delta->old_file.id);
  file.new_id = Oid(delta->new_file.id);
  file.old_abbrev = delta->old_file.id_abbrev;
  file.new_abbrev = delta->new_file.id_abbrev;
  file.binary = (delta->flags & GIT_DIFF_FLAG_BINARY) != 0;
  files.push_back(std::move(file));
  return 0;
}

int on_binary(const git_diff_delta*, const git_diff_binary* binary, void* payload) {
  FilePatch& file = static_cast<std::vector<FilePatch>*>(payload)->back();
  file.binary = true;
  file.binary_data = binary->contains_data != 0 && binary->new_file.type != GIT_DIFF_BINARY_NONE;
  file.binary_type = binary->new_file.type;
  file.binary_deflated.assign(binary->new_file.data != nullptr ? binary->new_file.data : "",
                              binary->new_file.datalen);
  file.binary_inflated = binary->new_file.inflatedlen;
  return 0;
}

int on_hunk(const git_diff_delta*, const git_diff_hunk* hunk, void* payload) {
  FilePatch& file = static_cast<std::vector<FilePatch>*>(payload)->back();
  file.hunks.push_back(Hunk{.old_start = hunk->old_start, .new_start = hunk->new_start});
  return 0;
}

int on_line(const git_diff_delta*, const git_diff_hunk*, const git_diff_line* line, void* payload) {
  FilePatch& file = static_cast<std::vector<FilePatch>*>(payload)->back();
  if (file.hunks.empty()) {
    return 0;
  }
  std::vector<Line>& lines = file.hunks.back().lines;
  switch (line->origin) {
    case GIT_DIFF_LINE_CONTEXT:
    case GIT_DIFF_LINE_ADDITION:
    case GIT_DIFF_LINE_DELETION:
      lines.push_back(Line{line->origin, std::string(line->content, line->content_len)});
      break;
    case GIT_DIFF_LINE_CONTEXT_EOFNL:
    case GIT_DIFF_LINE_ADD_EOFNL:
    case GIT_DIFF_LINE_DEL_EOFNL:
      // "\ No newline at end of file" belongs to the line before it.
      if (!lines.empty() && !lines.back().text.empty() && lines.back().text.back() == '\n') {
        lines.back().text.pop_back();
      }
      break;
    default:
      break;
  }
  return 0;
}

// A file's content split after each '\n' (the last line may lack it), as git's image.
std::vector<std::string> split_image(const std::string& content) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < content.size()) {
    const std::size_t nl = content.find('\n', start);
    const std::size_t end = nl == std::string::npos ? content.size() : nl + 1;
    lines.push_back(content.substr(start, end - start));
    start = end;
  }
  return lines;
}

bool matches_at(const std::vector<std::string>& image, const std::vector<const std::string*>& pre,
                std::size_t at, bool match_beginning, bool match_end) {
  if (at + pre.size() > image.size()) {
    return false;
  }
  if ((match_end && at + pre.size() != image.size()) || (match_beginning && at != 0)) {
    return false;
  }
  for (std::size_t i = 0; i < pre.size(); ++i) {
    if (image[at + i] != *pre[i]) {
      return false;
    }
  }
  return true;
}

// git apply's rule for one hunk: the preimage must match byte for byte (no fuzz), searched
// from the line the hunk names outwards, first after then before; a hunk that starts at line
// 0 or 1 must match at the start of the file, one without trailing context at its end.
bool apply_hunk(std::vector<std::string>& image, const Hunk& hunk) {
  std::vector<const std::string*> pre;
  std::vector<const std::string*> post;
  std::size_t trailing = 0;
  for (const Line& line : hunk.lines) {
    if (line.origin != '+') {
      pre.push_back(&line.text);
    }
    if (line.origin != '-') {
      post.push_back(&line.text);
    }
    if (line.origin == ' ') {
      ++trailing;
    } else {
      trailing = 0;
    }
  }
  const bool match_beginning = hunk.old_start <= 1;
  const bool match_end = trailing == 0;
  const std::size_t size = image.size();
  long line = hunk.new_start > 0 ? hunk.new_start - 1 : 0;
  if (match_beginning) {
    line = 0;
  } else if (match_end) {
    line = static_cast<long>(size) - static_cast<long>(pre.size());
  }
  if (line < 0 || static_cast<std::size_t>(line) > size) {
    line = static_cast<long>(size);
  }
  const auto start = static_cast<std::size_t>(line);
  std::optional<std::size_t> found;
  std::size_t forwards = start;
  std::size_t backwards = start;
  if (matches_at(image, pre, start, match_beginning, match_end)) {
    found = start;
  }
  bool forward_turn = true;
  while (!found && (backwards > 0 || forwards < size)) {
    if ((forward_turn && forwards < size) || backwards == 0) {
      ++forwards;
      if (matches_at(image, pre, forwards, match_beginning, match_end)) {
        found = forwards;
      }
    } else {
      --backwards;
      if (matches_at(image, pre, backwards, match_beginning, match_end)) {
        found = backwards;
      }
    }
    forward_turn = !forward_turn;
  }
  if (!found) {
    return false;
  }
  std::vector<std::string> replacement;
  replacement.reserve(post.size());
  for (const std::string* text : post) {
    replacement.push_back(*text);
  }
  const auto at = static_cast<std::ptrdiff_t>(*found);
  image.erase(image.begin() + at, image.begin() + at + static_cast<std::ptrdiff_t>(pre.size()));
  image.insert(image.begin() + at, replacement.begin(), replacement.end());
  return true;
}

std::optional<std::string> inflate(const std::string& deflated, std::size_t inflated_size) {
  std::string out(inflated_size, '\0');
  uLongf out_size = inflated_size;
  if (inflated_size == 0) {
    return out;
  }
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &out_size,
                 reinterpret_cast<const Bytef*>(deflated.data()), deflated.size()) != Z_OK ||
      out_size != inflated_size) {
    return std::nullopt;
  }
  return out;
}

// git's delta format (the one packs use): two sizes, then copy-from-base and insert commands.
std::optional<std::string> apply_delta(const std::string& base, const std::string& delta) {
  std::size_t pos = 0;
  auto size_header = [&]() -> std::optional<std::size_t> {
    std::size_t value = 0;
    int shift = 0;
    while (pos < delta.size()) {
      const auto byte = static_cast<unsigned char>(delta[pos++]);
      value |= static_cast<std::size_t>(byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) == 0) {
        return value;
      }
    }
    return std::nullopt;
  };
  const auto base_size = size_header();
  const auto result_size = size_header();
  if (!base_size || !result_size || *base_size != base.size()) {
    return std::nullopt;
  }
  std::string out;
  while (pos < delta.size()) {
    const auto cmd = static_cast<unsigned char>(delta[pos++]);
    if ((cmd & 0x80) != 0) {
      std::size_t offset = 0;
      std::size_t size = 0;
      for (int i = 0; i < 7; ++i) {
        if ((cmd & (1u << i)) == 0) {
          continue;
        }
        if (pos >= delta.size()) {
          return std::nullopt;
        }
        const auto byte = static_cast<std::size_t>(static_cast<unsigned char>(delta[pos++]));
        if (i < 4) {
          offset |= byte << (8 * i);
        } else {
          size |= byte << (8 * (i - 4));
        }
      }
      size = size == 0 ? 0x10000 : size;
      if (offset + size > base.size()) {
        return std::nullopt;
      }
      out.append(base, offset, size);
    } else if (cmd != 0) {
      if (pos + cmd > delta.size()) {
        return std::nullopt;
      }
      out.append(delta, pos, cmd);
      pos += cmd;
    } else {
      return std::nullopt;
    }
  }
  if (out.size() != *result_size) {
    return std::nullopt;
  }
  return out;
}

// A path's entry: its mode and content (a gitlink's content is git's "Subproject commit"
// line, as git apply reads it).
struct FileImage {
  std::uint32_t mode = 0;
  std::string content;
};

// What the diff did to a path so far (git apply's fn_table).
struct WasDeleted {};
struct ToBeDeleted {};
using PathState = std::variant<ToBeDeleted, WasDeleted, FileImage>;

class Applier {
 public:
  Applier(git_repository& repo, const Oid& tree) : m_repo(repo), m_tree(lookup_tree(repo, tree)) {}

  // Returns an error message for the first file that does not apply, else nullopt.
  std::optional<std::string> run(const std::vector<FilePatch>& files) {
    for (const FilePatch& file : files) {
      if (file.is_delete() || file.is_rename()) {
        m_paths[file.old_path] = ToBeDeleted{};
      }
    }
    for (const FilePatch& file : files) {
      m_failed_path = file.old_name() != nullptr ? file.old_path : file.new_path;
      if (auto error = apply_file(file)) {
        return error;
      }
    }
    return std::nullopt;
  }

  const std::string& failed_path() const { return m_failed_path; }

  // The tree git apply writes out: first every path a deletion or rename removes, then every
  // patch's result (a later one for the same path wins), so a swap by two renames keeps both.
  Oid write() {
    std::map<std::string, const FileImage*> written;
    for (const auto& [path, entry] : m_results) {
      written[path] = &entry;
    }
    std::vector<git_tree_update> updates;
    for (const std::string& path : m_removed) {
      if (written.count(path) == 0 && base_entry(path)) {
        updates.push_back(git_tree_update{.action = GIT_TREE_UPDATE_REMOVE, .path = path.c_str()});
      }
    }
    for (const auto& [path, entry] : written) {
      git_tree_update update{.action = GIT_TREE_UPDATE_UPSERT, .path = path.c_str()};
      update.filemode = static_cast<git_filemode_t>(entry->mode);
      if (entry->mode == k_gitlink) {
        const std::string& text = entry->content;
        constexpr std::string_view prefix = "Subproject commit ";
        if (text.rfind(prefix, 0) != 0 ||
            git_oid_fromstrn(&update.id, text.data() + prefix.size(),
                             std::min(k_hex_size, text.size() - prefix.size())) != 0) {
          throw Error(ExitCode::git, "cannot read the submodule commit of '" + path + "'");
        }
      } else {
        check(git_blob_create_from_buffer(&update.id, &m_repo, entry->content.data(),
                                          entry->content.size()),
              "cannot write blob for '" + path + "'");
      }
      updates.push_back(update);
    }
    git_oid out;
    if (git_tree_create_updated(&out, &m_repo, m_tree.get(), updates.size(), updates.data()) == 0) {
      return Oid(out);
    }
    // A file that becomes a directory (or the reverse) is beyond git_tree_create_updated.
    git_error_clear();
    git_index* raw = nullptr;
    check(git_index_new(&raw), "cannot create an index");
    Index index(raw);
    check(git_index_read_tree(index.get(), m_tree.get()), "cannot read tree");
    for (const git_tree_update& update : updates) {
      if (update.action == GIT_TREE_UPDATE_REMOVE) {
        check(git_index_remove(index.get(), update.path, 0), "cannot remove from index");
      }
    }
    for (const git_tree_update& update : updates) {
      if (update.action == GIT_TREE_UPDATE_UPSERT) {
        git_index_entry entry{};
        entry.mode = update.filemode;
        entry.id = update.id;
        entry.path = update.path;
        check(git_index_remove_directory(index.get(), update.path, 0), "cannot update index");
        check(git_index_add(index.get(), &entry), "cannot add to index");
      }
    }
    check(git_index_write_tree_to(&out, index.get(), &m_repo), "cannot write tree");
    return Oid(out);
  }

 private:
  // The path as it is in the tree the diff applies to.
  std::optional<FileImage> base_entry(const std::string& path) {
    git_tree_entry* raw = nullptr;
    const int rc = git_tree_entry_bypath(&raw, m_tree.get(), path.c_str());
    if (rc == GIT_ENOTFOUND) {
      git_error_clear();
      return std::nullopt;
    }
    check(rc, "cannot read '" + path + "'");
    const TreeEntry entry(raw);
    const git_object_t type = git_tree_entry_type(entry.get());
    const auto mode = static_cast<std::uint32_t>(git_tree_entry_filemode(entry.get()));
    if (type == GIT_OBJECT_TREE) {
      return FileImage{.mode = 040000};
    }
    if (mode == k_gitlink) {
      return FileImage{
          .mode = mode,
          .content = "Subproject commit " + Oid(*git_tree_entry_id(entry.get())).hex() + "\n"};
    }
    return FileImage{.mode = mode, .content = read_blob(Oid(*git_tree_entry_id(entry.get())))};
  }

  std::string read_blob(const Oid& id) {
    git_blob* raw = nullptr;
    check(git_blob_lookup(&raw, &m_repo, id.raw()), "cannot read blob " + id.hex());
    const Blob blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
  }

  bool has_object(const Oid& id) {
    git_odb* raw = nullptr;
    check(git_repository_odb(&raw, &m_repo), "cannot open object database");
    const Odb odb(raw);
    return git_odb_exists(odb.get(), id.raw()) != 0;
  }

  static Oid hash_blob(const std::string& content) {
    git_oid out;
    check(git_odb_hash(&out, content.data(), content.size(), GIT_OBJECT_BLOB), "cannot hash");
    return Oid(out);
  }

  std::optional<std::string> apply_file(const FilePatch& file) {
    const std::string* old_name = file.old_name();
    const std::string* new_name = file.new_name();
    std::uint32_t old_mode = file.old_mode;
    std::uint32_t new_mode = file.new_mode;
    std::string preimage;
    if (old_name != nullptr) {
      // Renames and copies read the tree as it was; other patches see what an earlier patch
      // of this diff made of the path.
      std::optional<FileImage> current;
      if (!file.is_rename() && !file.is_copy()) {
        const auto it = m_paths.find(*old_name);
        if (it != m_paths.end() && std::holds_alternative<WasDeleted>(it->second)) {
          return "path '" + *old_name + "' has been renamed or deleted by this patch";
        }
        if (it != m_paths.end() && std::holds_alternative<FileImage>(it->second)) {
          current = std::get<FileImage>(it->second);
        }
      }
      if (!current) {
        current = base_entry(*old_name);
      }
      if (!current || current->mode == 040000) {
        return "'" + *old_name + "' does not exist";
      }
      if (old_mode == 0) {
        old_mode = current->mode;
      }
      if (((current->mode ^ old_mode) & k_type_mask) != 0) {
        return "'" + *old_name + "' has the wrong type";
      }
      if (new_mode == 0 && !file.is_delete()) {
        new_mode = current->mode;
      }
      preimage = std::move(current->content);
    }
    if (new_name != nullptr && (file.is_new() || file.is_rename() || file.is_copy())) {
      const auto it = m_paths.find(*new_name);
      const bool going = it != m_paths.end() && (std::holds_alternative<WasDeleted>(it->second) ||
                                                 std::holds_alternative<ToBeDeleted>(it->second));
      if (!going && base_entry(*new_name)) {
        return "'" + *new_name + "' already exists";
      }
      if (new_mode == 0) {
        new_mode = file.is_new() ? k_regular : old_mode;
      }
    }
    if (new_name != nullptr && old_name != nullptr && ((old_mode ^ new_mode) & k_type_mask) != 0) {
      return "new mode of '" + *new_name + "' does not match its old mode";
    }
    std::string result;
    if (file.binary) {
      if (auto error = apply_binary(file, preimage, result)) {
        return error;
      }
    } else {
      std::vector<std::string> image = split_image(preimage);
      for (const Hunk& hunk : file.hunks) {
        if (!apply_hunk(image, hunk)) {
          return "patch does not apply (hunk at line " + std::to_string(hunk.old_start) + ")";
        }
      }
      for (const std::string& line : image) {
        result += line;
      }
    }
    if (new_name != nullptr) {
      FileImage entry{.mode = new_mode, .content = std::move(result)};
      m_results.emplace_back(*new_name, entry);
      m_paths[*new_name] = std::move(entry);
    } else if (!result.empty()) {
      return "removal patch leaves file contents";
    }
    if (new_name == nullptr || file.is_rename()) {
      m_paths[*old_name] = WasDeleted{};
      m_removed.insert(*old_name);
    }
    return std::nullopt;
  }

  // git requires the full ids of a binary patch: the preimage must be the one the patch was
  // made from, and the result must be the one it names.
  std::optional<std::string> apply_binary(const FilePatch& file, const std::string& preimage,
                                          std::string& result) {
    const std::string& name = file.old_name() != nullptr ? file.old_path : file.new_path;
    if (file.old_abbrev < k_hex_size || file.new_abbrev < k_hex_size) {
      return "cannot apply binary patch to '" + name + "' without full index line";
    }
    if (file.old_name() != nullptr) {
      if (!(hash_blob(preimage) == file.old_id)) {
        return "the binary patch applies to '" + name + "' (" + file.old_id.short_hex() +
               "), which does not match the current contents";
      }
    } else if (!preimage.empty()) {
      return "the binary patch applies to an empty '" + name + "' but it is not empty";
    }
    if (file.new_id.is_zero()) {
      result.clear();
      return std::nullopt;
    }
    if (has_object(file.new_id)) {
      result = read_blob(file.new_id);
      return std::nullopt;
    }
    std::optional<std::string> data;
    if (file.binary_data) {
      data = inflate(file.binary_deflated, file.binary_inflated);
    }
    if (data && file.binary_type == GIT_DIFF_BINARY_DELTA) {
      data = apply_delta(preimage, *data);
    }
    if (!data) {
      return "binary patch does not apply to '" + name + "'";
    }
    if (!(hash_blob(*data) == file.new_id)) {
      return "binary patch to '" + name + "' creates incorrect result";
    }
    result = std::move(*data);
    return std::nullopt;
  }

  git_repository& m_repo;
  Tree m_tree;
  std::map<std::string, PathState> m_paths;              // git apply's fn_table
  std::vector<std::pair<std::string, FileImage>> m_results;  // each patch's result, in order
  std::set<std::string> m_removed;                       // old paths of deletions and renames
  std::string m_failed_path;
};

}  // namespace

Oid empty_tree(git_repository& repo) {
  // git and libgit2 know the empty tree without storing it; writing it would leave an
  // unreachable object behind.
  (void)repo;
  return Oid::from_hex("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
}

namespace {

void collect(git_diff& diff, std::vector<FilePatch>& files) {
  check(git_diff_foreach(&diff, on_file, on_binary, on_hunk, on_line, &files), "cannot read diff");
}

std::optional<Oid> apply_files(git_repository& repo, const Oid& tree,
                               const std::vector<FilePatch>& files, ApplyFailure& failure) {
  Applier applier(repo, tree);
  if (auto error = applier.run(files)) {
    failure = ApplyFailure{.path = applier.failed_path(), .message = std::move(*error)};
    return std::nullopt;
  }
  return applier.write();
}

// The diff text cut before each "diff --git " line (leading text stays with the first part).
std::vector<std::string_view> file_sections(std::string_view text) {
  std::vector<std::string_view> sections;
  std::size_t start = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    if (pos > start && text.compare(pos, 11, "diff --git ") == 0) {
      sections.push_back(text.substr(start, pos - start));
      start = pos;
    }
    pos = next;
  }
  if (start < text.size()) {
    sections.push_back(text.substr(start));
  }
  return sections;
}

// libgit2 1.5 cannot parse the header-only part git writes for a created or deleted empty file
// ("diff --git a/f b/f", "new file mode 100644", "index 0000000..e69de29"): read it here.
std::optional<FilePatch> empty_file_section(std::string_view section) {
  std::optional<FilePatch> file;
  std::size_t pos = 0;
  bool first = true;
  while (pos < section.size()) {
    const std::size_t end = section.find('\n', pos);
    const std::string_view line =
        section.substr(pos, (end == std::string_view::npos ? section.size() : end) - pos);
    pos = end == std::string_view::npos ? section.size() : end + 1;
    if (first) {
      first = false;
      constexpr std::string_view head = "diff --git a/";
      // "a/<path> b/<path>" with the same path on both sides; quoted paths go to libgit2.
      if (line.rfind(head, 0) != 0 || line.size() < head.size() + 4 ||
          (line.size() - head.size()) % 2 == 0) {
        return std::nullopt;
      }
      const std::size_t half = (line.size() - head.size() - 3) / 2;
      const std::string_view a = line.substr(head.size(), half);
      const std::string_view b = line.substr(head.size() + half + 1);
      if (b.size() != half + 2 || b.substr(0, 2) != "b/" || b.substr(2) != a) {
        return std::nullopt;
      }
      file.emplace();
      file->old_path = file->new_path = std::string(a);
      continue;
    }
    auto mode_of = [](std::string_view digits, std::uint32_t& mode) {
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), mode, 8);
      return ec == std::errc{} && end == digits.data() + digits.size();
    };
    if (line.rfind("new file mode ", 0) == 0) {
      file->status = GIT_DELTA_ADDED;
      if (!mode_of(line.substr(14), file->new_mode)) {
        return std::nullopt;
      }
    } else if (line.rfind("deleted file mode ", 0) == 0) {
      file->status = GIT_DELTA_DELETED;
      if (!mode_of(line.substr(18), file->old_mode)) {
        return std::nullopt;
      }
    } else if (line.rfind("index ", 0) != 0 && !line.empty()) {
      return std::nullopt;  // hunks, binary data, renames: libgit2 reads those
    }
  }
  if (!file || (file->status != GIT_DELTA_ADDED && file->status != GIT_DELTA_DELETED)) {
    return std::nullopt;
  }
  return file;
}

}  // namespace

std::optional<Oid> apply_diff(git_repository& repo, const Oid& tree, git_diff& diff,
                              ApplyFailure& failure) {
  std::vector<FilePatch> files;
  collect(diff, files);
  return apply_files(repo, tree, files, failure);
}

std::optional<Oid> apply_diff(git_repository& repo, const Oid& tree, std::string_view diff_text,
                              ApplyFailure& failure) {
  ensure_library();
  std::vector<FilePatch> files;
  for (const std::string_view section : file_sections(diff_text)) {
    if (auto empty = empty_file_section(section)) {
      files.push_back(std::move(*empty));
      continue;
    }
    // libgit2 1.5 rejects a diff whose last line lacks its newline.
    std::string text(section);
    if (!text.empty() && text.back() != '\n') {
      text += '\n';
    }
    git_diff* raw_diff = nullptr;
    if (git_diff_from_buffer(&raw_diff, text.data(), text.size()) != 0) {
      failure = ApplyFailure{.malformed = true, .message = last_error_message()};
      git_error_clear();
      return std::nullopt;
    }
    const Diff diff(raw_diff);
    collect(*diff, files);
  }
  return apply_files(repo, tree, files, failure);
}

}  // namespace patchflow::git
