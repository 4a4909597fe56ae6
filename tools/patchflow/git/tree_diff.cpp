#include "patchflow/git/tree_diff.hpp"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"

namespace patchflow::git {
namespace {

// git's diffcore-delta: a file is a multiset of spans (lines, or 64-byte chunks) by hash; the
// score is the bytes of src found again in dst. Using it (not libgit2's hashsig) makes the
// "similarity index" and which pairs count as renames match git.
constexpr unsigned k_hash_base = 107927;
constexpr long long k_max_score = 60000;
constexpr long long k_minimum_score = 30000;  // git's default -M50%

struct SpanSignature {
  std::map<unsigned, std::uint64_t> spans;  // hash -> bytes
  std::uint64_t size = 0;
};

int span_signature(void** out, const git_diff_file*, const char* buf, size_t size, void*) {
  auto* signature = new SpanSignature;
  signature->size = size;
  const bool is_text = !text::looks_binary({buf, size});
  unsigned accum1 = 0, accum2 = 0;
  unsigned n = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const unsigned c = static_cast<unsigned char>(buf[i]);
    const unsigned old1 = accum1;
    if (is_text && c == '\r' && i + 1 < size && buf[i + 1] == '\n') {
      continue;
    }
    accum1 = (accum1 << 7) ^ (accum2 >> 25);
    accum2 = (accum2 << 7) ^ (old1 >> 25);
    accum1 += c;
    if (++n < 64 && c != '\n') {
      continue;
    }
    signature->spans[(accum1 + accum2 * 0x61) % k_hash_base] += n;
    n = 0;
    accum1 = accum2 = 0;
  }
  if (n > 0) {
    signature->spans[(accum1 + accum2 * 0x61) % k_hash_base] += n;
  }
  *out = signature;
  return 0;
}

int span_file_signature(void** out, const git_diff_file* file, const char* path, void* payload) {
  const std::string content = text::read_file_if_present(path).value_or(std::string());
  return span_signature(out, file, content.data(), content.size(), payload);
}

void free_span_signature(void* signature, void*) { delete static_cast<SpanSignature*>(signature); }

// git's estimate_similarity, reported as libgit2 wants it: percent, floor of git's score.
int span_similarity(int* score, void* a, void* b, void*) {
  const auto& src = *static_cast<SpanSignature*>(a);
  const auto& dst = *static_cast<SpanSignature*>(b);
  const std::uint64_t max_size = std::max(src.size, dst.size);
  const std::uint64_t base_size = std::min(src.size, dst.size);
  *score = 0;
  if (max_size == 0 || dst.size == 0 ||
      max_size * (k_max_score - k_minimum_score) < (max_size - base_size) * k_max_score) {
    return 0;
  }
  std::uint64_t copied = 0;
  for (const auto& [hash, count] : src.spans) {
    auto it = dst.spans.find(hash);
    if (it != dst.spans.end()) {
      copied += std::min(count, it->second);
    }
  }
  const long long git_score = static_cast<long long>(copied * k_max_score / max_size);
  *score = static_cast<int>(git_score * 100 / k_max_score);
  return 0;
}

std::string deflate_fast(const std::string& data) {
  // git deflates binary patches at core.compression's default, Z_BEST_SPEED.
  z_stream stream{};
  deflateInit(&stream, Z_BEST_SPEED);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  while (deflate(&stream, Z_FINISH) == Z_OK) {
  }
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string inflate_all(const char* data, std::size_t size, std::size_t inflated_size) {
  std::string out(inflated_size, '\0');
  uLongf out_size = inflated_size;
  if (inflated_size > 0 && uncompress(reinterpret_cast<Bytef*>(out.data()), &out_size,
                                      reinterpret_cast<const Bytef*>(data), size) != Z_OK) {
    throw Error(ExitCode::git, "cannot inflate binary diff data");
  }
  return out;
}

std::string encode_base85_line(const unsigned char* data, int bytes) {
  static constexpr char k_alphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
  std::string line(1, bytes <= 26 ? static_cast<char>(bytes + 'A' - 1)
                                  : static_cast<char>(bytes - 26 + 'a' - 1));
  while (bytes) {
    unsigned acc = 0;
    for (int shift = 24; shift >= 0; shift -= 8) {
      acc |= static_cast<unsigned>(*data++) << shift;
      if (--bytes == 0) {
        break;
      }
    }
    char group[5];
    for (int i = 4; i >= 0; --i) {
      group[i] = k_alphabet[acc % 85];
      acc /= 85;
    }
    line.append(group, 5);
  }
  return line + "\n";
}

// "literal N" or "delta N", base85 lines, blank line: one direction of git's binary patch.
std::string binary_hunk(const std::string& kind, std::size_t size, const std::string& deflated) {
  std::string out = kind + " " + std::to_string(size) + "\n";
  const auto* data = reinterpret_cast<const unsigned char*>(deflated.data());
  std::size_t left = deflated.size();
  while (left) {
    const int bytes = static_cast<int>(std::min<std::size_t>(52, left));
    out += encode_base85_line(data, bytes);
    data += bytes;
    left -= static_cast<std::size_t>(bytes);
  }
  return out + "\n";
}

std::string blob_content(git_repository& repo, const git_oid& id) {
  if (git_oid_is_zero(&id)) {
    return {};
  }
  git_blob* raw = nullptr;
  check(git_blob_lookup(&raw, &repo, &id), "cannot read blob");
  Blob blob(raw);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

// One direction (to `target` from the other side): git prefers a deflated delta when it is
// smaller than the deflated literal. libgit2 computes the delta (git's algorithm) but deflates
// at another level, so we re-deflate both at git's level before choosing.
std::string binary_direction(const git_diff_binary_file& side, const std::string& target) {
  const std::string literal = deflate_fast(target);
  if (side.type == GIT_DIFF_BINARY_DELTA) {
    const std::string delta = inflate_all(side.data, side.datalen, side.inflatedlen);
    const std::string deflated_delta = deflate_fast(delta);
    if (deflated_delta.size() < literal.size()) {
      return binary_hunk("delta", delta.size(), deflated_delta);
    }
  }
  return binary_hunk("literal", target.size(), literal);
}

ChangeStatus status_of(git_delta_t status) {
  switch (status) {
    case GIT_DELTA_ADDED:
      return ChangeStatus::added;
    case GIT_DELTA_DELETED:
      return ChangeStatus::deleted;
    case GIT_DELTA_RENAMED:
      return ChangeStatus::renamed;
    case GIT_DELTA_COPIED:
      return ChangeStatus::copied;
    case GIT_DELTA_TYPECHANGE:
      return ChangeStatus::type_changed;
    default:
      return ChangeStatus::modified;
  }
}

// Files (with paths) of the tree at prefix, recursively: what an added or deleted subtree holds.
void list_files(git_repository& repo, const git_tree_entry& entry, const std::string& path,
                std::vector<std::string>& out) {
  if (git_tree_entry_type(&entry) != GIT_OBJECT_TREE) {
    out.push_back(path);
    return;
  }
  const Tree tree = lookup_tree(repo, Oid(*git_tree_entry_id(&entry)));
  const std::size_t count = git_tree_entrycount(tree.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_tree_entry* child = git_tree_entry_byindex(tree.get(), i);
    list_files(repo, *child, path + "/" + git_tree_entry_name(child), out);
  }
}

// Orders two entries of sorted trees as git sorts them: names bytewise, a tree's name as if it
// ended in '/'. Equal only for the same name and kind, so a file that became a directory is
// one entry removed and another added.
int compare_in_tree_order(const git_tree_entry* a, const git_tree_entry* b) {
  const std::string_view a_name = git_tree_entry_name(a);
  const std::string_view b_name = git_tree_entry_name(b);
  const std::size_t common = std::min(a_name.size(), b_name.size());
  if (const int c = a_name.substr(0, common).compare(b_name.substr(0, common)); c != 0) {
    return c;
  }
  const auto next = [common](const git_tree_entry* entry, std::string_view name) {
    if (name.size() > common) {
      return static_cast<int>(static_cast<unsigned char>(name[common]));
    }
    return git_tree_entry_type(entry) == GIT_OBJECT_TREE ? int{'/'} : 0;
  };
  return next(a, a_name) - next(b, b_name);
}

// Walks both trees together, in their (sorted) order, and descends only into subtrees whose ids
// differ: a commit touching three files of a 20,000-file tree reads a few dozen tree objects
// (libgit2's tree diff iterates every entry of both trees), and one pass over each pair of
// trees compares neighbours instead of searching one tree for every name of the other.
void changed_files(git_repository& repo, const git_tree* old_tree, const git_tree* new_tree,
                   const std::string& prefix, std::vector<std::string>& out) {
  const auto path_of = [&](const git_tree_entry* entry) {
    return prefix.empty() ? std::string(git_tree_entry_name(entry))
                          : prefix + "/" + git_tree_entry_name(entry);
  };
  const std::size_t old_count = old_tree ? git_tree_entrycount(old_tree) : 0;
  const std::size_t new_count = new_tree ? git_tree_entrycount(new_tree) : 0;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < old_count || j < new_count) {
    const git_tree_entry* old_entry = i < old_count ? git_tree_entry_byindex(old_tree, i) : nullptr;
    const git_tree_entry* new_entry = j < new_count ? git_tree_entry_byindex(new_tree, j) : nullptr;
    const int order = old_entry == nullptr   ? 1
                      : new_entry == nullptr ? -1
                                             : compare_in_tree_order(old_entry, new_entry);
    if (order < 0) {  // only in the old tree
      list_files(repo, *old_entry, path_of(old_entry), out);
      ++i;
      continue;
    }
    if (order > 0) {  // only in the new tree
      list_files(repo, *new_entry, path_of(new_entry), out);
      ++j;
      continue;
    }
    ++i;
    ++j;
    if (git_oid_equal(git_tree_entry_id(old_entry), git_tree_entry_id(new_entry)) &&
        git_tree_entry_filemode(old_entry) == git_tree_entry_filemode(new_entry)) {
      continue;
    }
    if (git_tree_entry_type(old_entry) == GIT_OBJECT_TREE) {  // both trees: same kind
      const Tree a = lookup_tree(repo, Oid(*git_tree_entry_id(old_entry)));
      const Tree b = lookup_tree(repo, Oid(*git_tree_entry_id(new_entry)));
      changed_files(repo, a.get(), b.get(), path_of(old_entry), out);
    } else {
      out.push_back(path_of(new_entry));
    }
  }
}

// changed_files, sorted and each path once.
std::vector<std::string> changed_file_list(git_repository& repo, const git_tree* old_tree,
                                           const git_tree* new_tree) {
  std::vector<std::string> files;
  changed_files(repo, old_tree, new_tree, "", files);
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

// The diff of old_tree to new_tree restricted to files, the files that differ: with that exact
// path list libgit2's tree iterators skip every other directory instead of reading each subtree
// of both sides (on U-Boot, 80% of `series` and most of `check` went there). Renames pair
// deleted and added files, which are both in the list, so the deltas are the same.
Diff diff_changed_files(git_repository& repo, git_tree* old_tree, git_tree* new_tree,
                        const std::vector<std::string>& files, git_diff_options options,
                        const std::string& what) {
  std::vector<char*> paths;
  paths.reserve(files.size());
  for (const std::string& path : files) {
    paths.push_back(const_cast<char*>(path.c_str()));
  }
  git_diff* raw = nullptr;
  if (paths.empty()) {
    // no path list would mean every path: the diff of nothing to nothing is the empty diff
    check(git_diff_tree_to_tree(&raw, &repo, nullptr, nullptr, &options), what);
    return Diff(raw);
  }
  options.pathspec.strings = paths.data();
  options.pathspec.count = paths.size();
  options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
  check(git_diff_tree_to_tree(&raw, &repo, old_tree, new_tree, &options), what);
  return Diff(raw);
}

}  // namespace

std::vector<FileChange> diff_trees(git_repository& repo, const std::optional<Oid>& old_tree,
                                   const Oid& new_tree, const TreeDiffOptions& options) {
  Tree old_handle;
  if (old_tree) {
    old_handle = lookup_tree(repo, *old_tree);
  }
  Tree new_handle = lookup_tree(repo, new_tree);
  git_diff_options diff_options = GIT_DIFF_OPTIONS_INIT;
  diff_options.flags = GIT_DIFF_SHOW_BINARY;
  if (options.indent_heuristic) {
    diff_options.flags |= GIT_DIFF_INDENT_HEURISTIC;
  }
  diff_options.context_lines = 3;
  diff_options.interhunk_lines = 0;
  const std::vector<std::string> changed =
      changed_file_list(repo, old_handle.get(), new_handle.get());
  if (changed.empty()) {
    return {};
  }
  Diff diff = diff_changed_files(repo, old_handle.get(), new_handle.get(), changed, diff_options,
                                 "cannot diff trees");
  if (options.find_renames) {
    git_diff_similarity_metric metric{span_file_signature, span_signature, free_span_signature,
                                      span_similarity, nullptr};
    git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
    find.flags = GIT_DIFF_FIND_RENAMES;
    find.rename_threshold = 50;
    find.metric = &metric;
    check(git_diff_find_similar(diff.get(), &find), "cannot find renames");
  }

  // Binary data comes only through git_diff_foreach's binary callback; collect it per delta.
  struct BinarySides {
    git_diff_binary_file old_side{}, new_side{};
    std::string old_data, new_data;
  };
  std::map<const git_diff_delta*, BinarySides> binaries;
  auto load_binaries = [&] {
    auto on_binary = [](const git_diff_delta* delta, const git_diff_binary* binary, void* payload) {
      auto& sides = (*static_cast<std::map<const git_diff_delta*, BinarySides>*>(payload))[delta];
      sides.old_data.assign(binary->old_file.data, binary->old_file.datalen);
      sides.new_data.assign(binary->new_file.data, binary->new_file.datalen);
      sides.old_side = binary->old_file;
      sides.new_side = binary->new_file;
      return 0;
    };
    check(git_diff_foreach(diff.get(), nullptr, on_binary, nullptr, nullptr, &binaries),
          "cannot read binary diff");
    for (auto& [delta, sides] : binaries) {
      sides.old_side.data = sides.old_data.data();
      sides.new_side.data = sides.new_data.data();
    }
  };
  bool binaries_loaded = false;
  std::vector<FileChange> changes;
  const std::size_t count = git_diff_num_deltas(diff.get());
  changes.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    git_patch* raw_patch = nullptr;
    check(git_patch_from_diff(&raw_patch, diff.get(), i), "cannot build patch");
    Patch patch(raw_patch);
    const git_diff_delta* delta = git_patch_get_delta(patch.get());
    FileChange change;
    change.status = status_of(delta->status);
    change.old_path = delta->old_file.path;
    change.new_path = delta->new_file.path;
    change.old_mode = delta->status == GIT_DELTA_ADDED ? 0 : delta->old_file.mode;
    change.new_mode = delta->status == GIT_DELTA_DELETED ? 0 : delta->new_file.mode;
    change.old_id = Oid(delta->old_file.id);
    change.new_id = Oid(delta->new_file.id);
    change.similarity = delta->similarity;
    change.is_binary = (delta->flags & GIT_DIFF_FLAG_BINARY) != 0;

    if (change.is_binary) {
      const std::string old_content = blob_content(repo, delta->old_file.id);
      const std::string new_content = blob_content(repo, delta->new_file.id);
      change.old_size = old_content.size();
      change.new_size = new_content.size();
      if (options.binary_patches && !(change.old_id == change.new_id)) {
        // Only a diff with binary files pays for the second walk that yields binary data.
        if (!binaries_loaded) {
          load_binaries();
          binaries_loaded = true;
        }
        const auto found = binaries.find(delta);
        if (found == binaries.end()) {
          throw Error(ExitCode::git, "no binary data for '" + change.new_path + "'");
        }
        change.body = "GIT binary patch\n" + binary_direction(found->second.new_side, new_content) +
                      binary_direction(found->second.old_side, old_content);
      }
    } else {
      std::size_t context = 0, additions = 0, deletions = 0;
      check(git_patch_line_stats(&context, &additions, &deletions, patch.get()),
            "cannot count lines");
      change.added_lines = static_cast<int>(additions);
      change.deleted_lines = static_cast<int>(deletions);
      const std::size_t hunks = git_patch_num_hunks(patch.get());
      for (std::size_t h = 0; h < hunks; ++h) {
        const git_diff_hunk* hunk = nullptr;
        std::size_t lines = 0;
        check(git_patch_get_hunk(&hunk, &lines, patch.get(), h), "cannot read hunk");
        change.body.append(hunk->header, hunk->header_len);
        for (std::size_t l = 0; l < lines; ++l) {
          const git_diff_line* line = nullptr;
          check(git_patch_get_line_in_hunk(&line, patch.get(), h, l), "cannot read line");
          if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION ||
              line->origin == GIT_DIFF_LINE_DELETION) {
            change.body.push_back(line->origin);
          }
          change.body.append(line->content, line->content_len);
        }
      }
    }
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace patchflow::git

namespace patchflow::git {
namespace {

// The object directories git reads: the repository's, then those its objects/info/alternates
// name (followed recursively, relative ones from the directory that names them), each once.
std::vector<std::filesystem::path> object_directories(git_repository& repo) {
  namespace fs = std::filesystem;
  std::vector<fs::path> seen;
  std::vector<fs::path> pending{fs::path(git_repository_commondir(&repo)) / "objects"};
  while (!pending.empty() && seen.size() < 16) {
    std::error_code ec;
    fs::path objects = fs::weakly_canonical(pending.back(), ec);
    pending.pop_back();
    if (ec || std::find(seen.begin(), seen.end(), objects) != seen.end()) {
      continue;
    }
    seen.push_back(objects);
    std::ifstream in(objects / "info" / "alternates");
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line[0] != '#') {
        const fs::path alternate(line);
        pending.push_back(alternate.is_absolute() ? alternate : objects / alternate);
      }
    }
  }
  return seen;
}

// git's repo_approximate_object_count as format-patch reaches it: the objects of each
// multi-pack-index plus those of each pack index, in the repository's object directory and in
// each of its alternates (objects/info/alternates, followed recursively); loose objects do not
// count. git adds a pack the multi-pack-index covers a second time once an object was read from
// it (prepare_midx_pack installs it in packed_git), which format-patch has always done by the
// time it abbreviates: so every pack counts, covered or not. A clone made with --shared keeps
// nearly all its objects in its alternate: counting only the local packs would give 7 digits
// where git prints 11 on U-Boot.
std::uint64_t packed_object_count(git_repository& repo) {
  namespace fs = std::filesystem;
  auto read_file = [](const fs::path& path, std::size_t limit) {
    std::error_code size_error;
    const std::uintmax_t size = std::filesystem::file_size(path, size_error);
    if (size_error) {
      return std::string();
    }
    std::ifstream in(path, std::ios::binary);
    std::string data(std::min<std::uintmax_t>(size, limit), '\0');
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    data.resize(static_cast<std::size_t>(in.gcount()));
    return data;
  };
  auto be32 = [](const std::string& d, std::size_t at) -> std::uint64_t {
    if (at + 4 > d.size()) {
      return 0;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(d.data() + at);
    return (std::uint64_t{p[0]} << 24) | (std::uint64_t{p[1]} << 16) | (std::uint64_t{p[2]} << 8) |
           std::uint64_t{p[3]};
  };
  auto be64 = [&](const std::string& d, std::size_t at) {
    return be32(d, at) << 32 | be32(d, at + 4);
  };
  // One object directory: its multi-pack-index, then its pack indexes.
  auto count_one = [&](const fs::path& objects) {
    std::uint64_t count = 0;
    const fs::path midx_path = objects / "pack" / "multi-pack-index";
    std::string midx = read_file(midx_path, 1u << 16);  // header, chunk table, usually fanout
    if (midx.size() >= 12 && midx.compare(0, 4, "MIDX") == 0) {
      const std::size_t chunks = static_cast<unsigned char>(midx[6]);
      for (std::size_t c = 0; c < chunks; ++c) {
        const std::size_t entry = 12 + c * 12;
        if (midx.compare(entry, 4, "OIDF") == 0) {
          const std::size_t last = static_cast<std::size_t>(be64(midx, entry + 4)) + 255 * 4;
          if (last + 4 > midx.size() && last < (1u << 30)) {
            midx = read_file(midx_path, last + 4);
          }
          count += be32(midx, last);
        }
      }
    }
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(objects / "pack", ec)) {
      const fs::path& path = entry.path();
      if (path.extension() != ".idx") {
        continue;
      }
      const std::string header = read_file(path, 8 + 256 * 4);
      if (header.size() < 8 + 256 * 4) {
        continue;
      }
      const bool is_v2 = header.compare(0, 4, "\xfftOc") == 0;
      count += be32(header, (is_v2 ? 8 : 0) + 255 * 4);
    }
    return count;
  };
  std::uint64_t count = 0;
  for (const fs::path& objects : object_directories(repo)) {
    count += count_one(objects);
  }
  return count;
}

}  // namespace

std::size_t default_abbrev_length(git_repository& repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, &repo) == 0) {
    Config config(raw);
    int32_t value = 0;
    if (git_config_get_int32(&value, config.get(), "core.abbrev") == 0 && value >= 4 &&
        value <= 40) {
      return static_cast<std::size_t>(value);
    }
  }
  git_error_clear();
  const std::uint64_t count = packed_object_count(repo);
  int bits = 0;  // msb(count) + 1
  for (std::uint64_t c = count; c; c >>= 1) {
    ++bits;
  }
  const std::size_t length = static_cast<std::size_t>((bits + 1) / 2);
  return std::max<std::size_t>(length, 7);
}

Abbreviator::Abbreviator(git_repository& repo) {
  git_odb* raw = nullptr;
  check(git_odb_new(&raw), "cannot open object database");
  m_packs.reset(raw);
  int priority = 1000;  // the repository's own packs first, as libgit2 orders them
  for (const std::filesystem::path& directory : object_directories(repo)) {
    git_odb_backend* backend = nullptr;
    check(git_odb_backend_pack(&backend, directory.c_str()), "cannot open packs",
          Where{.file = directory.string()});
    const int rc = git_odb_add_backend(m_packs.get(), backend, priority--);
    if (rc != 0) {
      backend->free(backend);
      check(rc, "cannot open packs", Where{.file = directory.string()});
    }
    m_object_directories.push_back(directory.string());
    // The fan-out directories there are (an alternate made by clone --shared usually has none).
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
      if (entry.path().filename().string().size() == 2) {
        m_fan_outs.insert(entry.path().string());
      }
    }
  }
}

std::string Abbreviator::abbreviate(const Oid& id, std::size_t min_length) const {
  const std::string hex = id.hex();
  const std::lock_guard<std::mutex> lock(m_mutex);
  // Loose objects named like id in its fan-out directory of every object directory.
  std::vector<const std::vector<std::string>*> loose;
  for (const std::string& directory : m_object_directories) {
    const std::string fan_out = directory + "/" + hex.substr(0, 2);
    auto found = m_loose.find(fan_out);
    if (found == m_loose.end()) {
      std::vector<std::string> names;
      std::error_code ec;
      if (m_fan_outs.count(fan_out) != 0) {
        for (const auto& entry : std::filesystem::directory_iterator(fan_out, ec)) {
          names.push_back(entry.path().filename().string());
        }
      }
      std::sort(names.begin(), names.end());
      found = m_loose.emplace(fan_out, std::move(names)).first;
    }
    loose.push_back(&found->second);
  }
  std::size_t length = min_length;
  for (; length < GIT_OID_HEXSZ; ++length) {
    git_oid packed;
    const int rc = git_odb_exists_prefix(&packed, m_packs.get(), id.raw(), length);
    if (rc != 0 && rc != GIT_ENOTFOUND && rc != GIT_EAMBIGUOUS) {
      check(rc, "cannot look up object " + hex.substr(0, length));
    }
    git_error_clear();
    if (rc == GIT_EAMBIGUOUS) {
      continue;
    }
    // Ambiguous when two different objects start so: a packed one and loose ones.
    std::optional<std::string> match;
    if (rc == 0) {
      match = Oid(packed).hex().substr(2);
    }
    const std::string rest = hex.substr(2, length - 2);
    bool ambiguous = false;
    for (const std::vector<std::string>* names : loose) {
      for (auto it = std::lower_bound(names->begin(), names->end(), rest);
           !ambiguous && it != names->end() && it->compare(0, rest.size(), rest) == 0; ++it) {
        ambiguous = match && *match != *it;
        match = *it;
      }
    }
    if (!ambiguous) {
      break;
    }
  }
  return hex.substr(0, length);
}

namespace {

// The files commit changes against its first parent (no rename detection), sorted, unique; and
// the two trees.
struct CommitChange {
  Tree old_tree;  // null for a root commit
  Tree new_tree;
  std::vector<std::string> files;
};

CommitChange commit_change(git_repository& repo, const Oid& commit_oid) {
  const Commit commit = lookup_commit(repo, commit_oid);
  CommitChange change{.new_tree = commit_tree(*commit)};
  if (git_commit_parentcount(commit.get()) > 0) {
    change.old_tree =
        commit_tree(*lookup_commit(repo, Oid(*git_commit_parent_id(commit.get(), 0))));
  }
  change.files = changed_file_list(repo, change.old_tree.get(), change.new_tree.get());
  return change;
}

}  // namespace

Diff diff_commit(git_repository& repo, const Oid& commit_oid, git_diff_options options) {
  const CommitChange change = commit_change(repo, commit_oid);
  return diff_changed_files(repo, change.old_tree.get(), change.new_tree.get(), change.files,
                            options, "cannot diff commit " + commit_oid.short_hex());
}

Oid commit_patch_id(git_repository& repo, const Oid& commit_oid) {
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  const Diff diff = diff_commit(repo, commit_oid, options);
  git_oid id;
  check(git_diff_patchid(&id, diff.get(), nullptr), "cannot compute patch id");
  return Oid(id);
}

std::vector<std::string> patch_id_paths(git_repository& repo, const Oid& commit_oid) {
  // Each file once as its old and once as its new path, as the patch-id diff's deltas name them.
  std::vector<std::string> paths;
  for (std::string& path : commit_change(repo, commit_oid).files) {
    paths.push_back(path);
    paths.push_back(std::move(path));
  }
  return paths;
}

}  // namespace patchflow::git
