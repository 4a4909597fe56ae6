#include "patchflow/git/tree_read.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <iterator>

#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_diff.hpp"

namespace patchflow::git {

namespace {

Tree tree_of(git_repository& repo, const Oid& commit) {
  const Commit object = lookup_commit(repo, commit);
  return commit_tree(*object);
}

Diff diff_against_parent(git_repository& repo, const Oid& commit_id) {
  const git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  Diff diff = diff_commit(repo, commit_id, options);
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  find.flags = GIT_DIFF_FIND_RENAMES;
  check(git_diff_find_similar(diff.get(), &find), "cannot detect renames",
        Where{.ref = commit_id.hex()});
  return diff;
}

}  // namespace

TreeReader::TreeReader(git_repository& repo, const Oid& commit)
    : m_repo(&repo), m_commit(commit), m_tree(tree_of(repo, commit)) {}

std::optional<std::string> TreeReader::read(const std::string& path) const {
  git_tree_entry* raw = nullptr;
  const int rc = git_tree_entry_bypath(&raw, m_tree.get(), path.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "cannot look up '" + path + "'", Where{.ref = m_commit.hex()});
  const TreeEntry entry(raw);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) {
    return std::nullopt;
  }
  git_blob* blob_raw = nullptr;
  check(git_blob_lookup(&blob_raw, m_repo, git_tree_entry_id(entry.get())), "cannot read blob",
        Where{.file = path, .ref = m_commit.hex()});
  const Blob blob(blob_raw);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

namespace {

// The type of the entry at path in tree; GIT_OBJECT_INVALID when there is none.
git_object_t entry_type(const git_tree* tree, const std::string& path) {
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, tree, path.c_str()) != 0) {
    git_error_clear();
    return GIT_OBJECT_INVALID;
  }
  const TreeEntry entry(raw);
  return git_tree_entry_type(entry.get());
}

}  // namespace

bool TreeReader::is_directory(const std::string& path) const {
  return entry_type(m_tree.get(), path) == GIT_OBJECT_TREE;
}

bool TreeReader::is_file(const std::string& path) const {
  return entry_type(m_tree.get(), path) == GIT_OBJECT_BLOB;
}

std::vector<std::string> TreeReader::find_named(const std::string& name) const {
  struct Walk {
    const std::string* name;
    std::vector<std::string> found;
  } walk{&name, {}};
  check(git_tree_walk(
            m_tree.get(), GIT_TREEWALK_PRE,
            [](const char* root, const git_tree_entry* entry, void* payload) {
              auto* w = static_cast<Walk*>(payload);
              if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB &&
                  *w->name == git_tree_entry_name(entry)) {
                w->found.push_back(std::string(root) + git_tree_entry_name(entry));
              }
              return 0;
            },
            &walk),
        "cannot walk tree", Where{.ref = m_commit.hex()});
  return walk.found;
}

namespace {

constexpr std::string_view k_index_magic = "patchflow tree-index 1\n";

std::optional<NamedBlobs> read_tree_index(const std::filesystem::path& path) {
  const std::optional<std::string> kept = text::read_file_if_present(path.string());
  if (!kept) {
    return std::nullopt;
  }
  const std::string& data = *kept;
  if (data.compare(0, k_index_magic.size(), k_index_magic) != 0) {
    return std::nullopt;
  }
  std::size_t at = k_index_magic.size();
  auto line = [&]() -> std::optional<std::string_view> {
    const std::size_t end = data.find('\n', at);
    if (end == std::string::npos) {
      return std::nullopt;
    }
    const std::string_view text(data.data() + at, end - at);
    at = end + 1;
    return text;
  };
  // "<n>" then the rest of the line (after a space), or nullopt when malformed.
  auto counted = [&](std::size_t& n, bool with_rest) -> std::optional<std::string_view> {
    const auto text = line();
    if (!text) {
      return std::nullopt;
    }
    const char* end = text->data() + text->size();
    const auto [stop, ec] = std::from_chars(text->data(), end, n);
    if (ec != std::errc() || (with_rest ? stop == end || *stop != ' ' : stop != end)) {
      return std::nullopt;
    }
    return with_rest ? std::string_view(stop + 1, static_cast<std::size_t>(end - stop - 1))
                     : std::string_view();
  };
  NamedBlobs blobs;
  std::size_t count = 0;
  if (!counted(count, false)) {
    return std::nullopt;
  }
  blobs.directories.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto path = line();
    if (!path) {
      return std::nullopt;
    }
    blobs.directories.emplace(*path);
  }
  if (!counted(count, false)) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t size = 0;
    const auto file = counted(size, true);
    if (!file || size > data.size() - at) {
      return std::nullopt;
    }
    blobs.files.emplace_back(std::string(*file), data.substr(at, size));
    at += size;
  }
  if (at != data.size()) {
    return std::nullopt;
  }
  return blobs;
}

void write_tree_index(const std::filesystem::path& path, const NamedBlobs& blobs) {
  std::vector<std::string_view> directories(blobs.directories.begin(), blobs.directories.end());
  std::sort(directories.begin(), directories.end());
  std::string data(k_index_magic);
  data += std::to_string(directories.size()) + "\n";
  for (const std::string_view directory : directories) {
    data.append(directory);
    data += '\n';
  }
  data += std::to_string(blobs.files.size()) + "\n";
  for (const auto& [file, content] : blobs.files) {
    data += std::to_string(content.size()) + " " + file + "\n" + content;
  }
  if (text::write_kept_file(path.string(), data)) {
    prune_tree_index(path.parent_path());
  }
}

}  // namespace

NamedBlobs named_blobs(git_repository& repo, const Oid& commit, const std::string& name,
                       bool use_cache) {
  const Commit object = lookup_commit(repo, commit);
  const Oid tree_id = commit_tree_id(*object);
  const std::filesystem::path path = tree_index_directory(repo) / (tree_id.hex() + "-" + name);
  if (use_cache) {
    if (auto cached = read_tree_index(path)) {
      return std::move(*cached);
    }
  }
  struct Walk {
    const std::string* name;
    NamedBlobs blobs;
    std::vector<std::pair<std::string, Oid>> found;
  } walk{&name, {}, {}};
  const Tree tree = commit_tree(*object);
  check(git_tree_walk(
            tree.get(), GIT_TREEWALK_PRE,
            [](const char* root, const git_tree_entry* entry, void* payload) {
              auto* w = static_cast<Walk*>(payload);
              const git_object_t type = git_tree_entry_type(entry);
              if (type == GIT_OBJECT_TREE) {
                w->blobs.directories.insert(std::string(root) + git_tree_entry_name(entry));
              } else if (type == GIT_OBJECT_BLOB && *w->name == git_tree_entry_name(entry)) {
                w->found.emplace_back(std::string(root) + git_tree_entry_name(entry),
                                      Oid(*git_tree_entry_id(entry)));
              }
              return 0;
            },
            &walk),
        "cannot walk tree", Where{.ref = commit.hex()});
  for (const auto& [file, id] : walk.found) {
    git_blob* raw = nullptr;
    check(git_blob_lookup(&raw, &repo, id.raw()), "cannot read blob",
          Where{.file = file, .ref = commit.hex()});
    const Blob blob(raw);
    walk.blobs.files.emplace_back(
        file, std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                          static_cast<std::size_t>(git_blob_rawsize(blob.get()))));
  }
  if (use_cache) {
    write_tree_index(path, walk.blobs);
  }
  return std::move(walk.blobs);
}

std::filesystem::path tree_index_directory(git_repository& repo) {
  return tree_index_directory(std::filesystem::path(git_repository_commondir(&repo)));
}

std::filesystem::path tree_index_directory(const std::filesystem::path& common_dir) {
  return common_dir / "patchflow" / "tree-index";
}

void prune_tree_index(const std::filesystem::path& directory, std::size_t keep) {
  struct Kept {
    std::filesystem::file_time_type written;
    std::filesystem::path path;
  };
  std::vector<Kept> kept;
  std::error_code ec;
  const auto now = std::filesystem::file_time_type::clock::now();
  for (std::filesystem::directory_iterator it(directory, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::filesystem::file_time_type written = it->last_write_time(ec);
    if (ec) {
      ec.clear();  // gone meanwhile
      continue;
    }
    // write_kept_file's "<name>.tmp<pid>-<n>": another writer's, unless it died long ago
    if (it->path().filename().string().find(".tmp") != std::string::npos) {
      if (now - written > std::chrono::hours(1)) {
        std::filesystem::remove(it->path(), ec);
        ec.clear();
      }
      continue;
    }
    kept.push_back({written, it->path()});
  }
  if (kept.size() <= keep) {
    return;
  }
  std::sort(kept.begin(), kept.end(),
            [](const Kept& a, const Kept& b) { return a.written > b.written; });
  for (std::size_t i = keep; i < kept.size(); ++i) {
    std::filesystem::remove(kept[i].path, ec);
  }
}

std::optional<std::string> read_blob_at(git_repository& repo, const Oid& commit,
                                        const std::string& path) {
  return TreeReader(repo, commit).read(path);
}

bool is_directory_at(git_repository& repo, const Oid& commit, const std::string& path) {
  return TreeReader(repo, commit).is_directory(path);
}

bool is_file_at(git_repository& repo, const Oid& commit, const std::string& path) {
  return TreeReader(repo, commit).is_file(path);
}

std::vector<std::string> find_blobs_named(git_repository& repo, const Oid& commit,
                                          const std::string& name) {
  return TreeReader(repo, commit).find_named(name);
}

std::string commit_patch_text(git_repository& repo, const Oid& commit_id) {
  std::string text = commit_patch_head(repo, commit_id);
  const Diff diff = diff_against_parent(repo, commit_id);
  Buffer buffer;
  check(git_diff_to_buf(&buffer.buf, diff.get(), GIT_DIFF_FORMAT_PATCH), "cannot format diff",
        Where{.ref = commit_id.hex()});
  text.append(buffer.buf.ptr, buffer.buf.size);
  return text;
}

std::string commit_patch_head(git_repository& repo, const Oid& commit_id) {
  const Commit commit = lookup_commit(repo, commit_id);
  const char* summary = git_commit_summary(commit.get());
  const char* body = git_commit_body(commit.get());
  std::string text = "Subject: ";
  text += summary ? summary : "";
  text += "\n\n";
  if (body) {
    text += body;
    if (text.back() != '\n') {
      text += '\n';
    }
  }
  text += "---\n";
  return text;
}

std::vector<std::string> commit_changed_paths(git_repository& repo, const Oid& commit_id) {
  const Diff diff = diff_against_parent(repo, commit_id);
  std::vector<std::string> paths;
  const std::size_t count = git_diff_num_deltas(diff.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    if (delta->status != GIT_DELTA_ADDED) {
      paths.emplace_back(delta->old_file.path);
    }
    if (delta->status != GIT_DELTA_DELETED &&
        (paths.empty() || paths.back() != delta->new_file.path)) {
      paths.emplace_back(delta->new_file.path);
    }
  }
  return paths;
}

}  // namespace patchflow::git
