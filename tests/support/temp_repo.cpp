#include "support/temp_repo.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "patchflow/git/repository.hpp"
#include "support/process.hpp"

namespace patchflow::testing {

TempDir::TempDir() {
  char tmpl[] = "/tmp/patchflow-test-XXXXXX";
  m_path = mkdtemp(tmpl);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

std::string TempDir::write(const std::string& relative, const std::string& content) const {
  const std::filesystem::path full = std::filesystem::path(m_path) / relative;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  out << content;
  return full.string();
}

TempRepo::TempRepo() : m_repo(git::init_repository(m_dir.path())) {}

git::Oid TempRepo::commit(const std::string& message, const Files& files,
                          const std::vector<git::Oid>& parents) {
  git_index* raw_index = nullptr;
  git::check(git_index_new(&raw_index), "cannot create index");
  git::Index index(raw_index);
  std::vector<git::Commit> parent_commits;
  for (const git::Oid& p : parents) {
    parent_commits.push_back(git::lookup_commit(*m_repo, p));
  }
  if (!parent_commits.empty()) {
    git::Tree tree = git::commit_tree(*parent_commits.front());
    git::check(git_index_read_tree(index.get(), tree.get()), "cannot read tree");
  }
  for (const auto& [path, content] : files) {
    if (!content) {
      git::check(git_index_remove(index.get(), path.c_str(), 0), "cannot remove", {.file = path});
      continue;
    }
    git_oid blob_id;
    git::check(git_blob_create_from_buffer(&blob_id, m_repo.get(), content->data(), content->size()),
               "cannot write blob", {.file = path});
    git_index_entry entry{};
    entry.mode = GIT_FILEMODE_BLOB;
    entry.path = path.c_str();
    entry.id = blob_id;
    git::check(git_index_add(index.get(), &entry), "cannot add", {.file = path});
  }
  git_oid tree_id;
  git::check(git_index_write_tree_to(&tree_id, index.get(), m_repo.get()), "cannot write tree");
  git::Tree tree = git::lookup_tree(*m_repo, git::Oid(tree_id));
  git_signature* raw_sig = nullptr;
  git::check(git_signature_new(&raw_sig, "Test Author", "test@example.com", m_clock, 0),
             "cannot make signature");
  git::Signature sig(raw_sig);
  m_clock += 60;
  std::vector<const git_commit*> parent_ptrs;
  for (const git::Commit& c : parent_commits) {
    parent_ptrs.push_back(c.get());
  }
  git_oid out;
  git::check(git_commit_create(&out, m_repo.get(), nullptr, sig.get(), sig.get(), "UTF-8",
                               message.c_str(), tree.get(), parent_ptrs.size(),
                               parent_ptrs.data()),
             "cannot create commit");
  return git::Oid(out);
}

void TempRepo::branch(const std::string& name, const git::Oid& target) {
  git_reference* raw = nullptr;
  git::check(git_reference_create(&raw, m_repo.get(), git::branch_ref_name(name).c_str(),
                                  target.raw(), 1, "test: branch"),
             "cannot create branch", {.ref = name});
  git::Reference owned(raw);
}

git::Oid TempRepo::resolve(const std::string& ref) {
  return git::resolve_ref(*m_repo, ref).value_or(git::Oid());
}

std::optional<std::string> TempRepo::read(const git::Oid& commit, const std::string& path) {
  git::Commit c = git::lookup_commit(*m_repo, commit);
  git::Tree tree = git::commit_tree(*c);
  git_tree_entry* raw_entry = nullptr;
  if (git_tree_entry_bypath(&raw_entry, tree.get(), path.c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  git::TreeEntry entry(raw_entry);
  git_blob* raw_blob = nullptr;
  git::check(git_blob_lookup(&raw_blob, m_repo.get(), git_tree_entry_id(entry.get())),
             "cannot read blob");
  git::Blob blob(raw_blob);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

std::string TempRepo::git(const std::vector<std::string>& args) { return run_git(args, path()); }

Error catch_error(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected a patchflow::Error, none was thrown";
  return Error(ExitCode::clean, "no error");
}

}  // namespace patchflow::testing
