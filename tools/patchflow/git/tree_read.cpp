#include "patchflow/git/tree_read.hpp"

#include "patchflow/git/repository.hpp"

namespace patchflow::git {

namespace {

Tree tree_of(git_repository& repo, const Oid& commit) {
  const Commit object = lookup_commit(repo, commit);
  return commit_tree(*object);
}

Diff diff_against_parent(git_repository& repo, const Oid& commit_id) {
  const Commit commit = lookup_commit(repo, commit_id);
  const Tree new_tree = commit_tree(*commit);
  Tree old_tree;
  if (git_commit_parentcount(commit.get()) > 0) {
    git_commit* parent = nullptr;
    check(git_commit_parent(&parent, commit.get(), 0), "cannot read parent",
          Where{.ref = commit_id.hex()});
    const Commit parent_commit(parent);
    old_tree = commit_tree(*parent_commit);
  }
  git_diff* raw = nullptr;
  check(git_diff_tree_to_tree(&raw, &repo, old_tree.get(), new_tree.get(), nullptr), "cannot diff",
        Where{.ref = commit_id.hex()});
  Diff diff(raw);
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

bool TreeReader::is_directory(const std::string& path) const {
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, m_tree.get(), path.c_str()) != 0) {
    git_error_clear();
    return false;
  }
  const TreeEntry entry(raw);
  return git_tree_entry_type(entry.get()) == GIT_OBJECT_TREE;
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

std::optional<std::string> read_blob_at(git_repository& repo, const Oid& commit,
                                        const std::string& path) {
  return TreeReader(repo, commit).read(path);
}

bool is_directory_at(git_repository& repo, const Oid& commit, const std::string& path) {
  return TreeReader(repo, commit).is_directory(path);
}

std::vector<std::string> find_blobs_named(git_repository& repo, const Oid& commit,
                                          const std::string& name) {
  return TreeReader(repo, commit).find_named(name);
}

std::string commit_patch_text(git_repository& repo, const Oid& commit_id) {
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
  const Diff diff = diff_against_parent(repo, commit_id);
  Buffer buffer;
  check(git_diff_to_buf(&buffer.buf, diff.get(), GIT_DIFF_FORMAT_PATCH), "cannot format diff",
        Where{.ref = commit_id.hex()});
  text.append(buffer.buf.ptr, buffer.buf.size);
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
