#include "patchflow/git/repository.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

namespace patchflow::git {

Repository open_repository(const std::string& path) {
  git_repository* raw = nullptr;
  ensure_library();
  const int rc = git_repository_open_ext(&raw, path.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) {
    throw Error(ExitCode::git, "no git repository at '" + path + "'", Where{.file = path});
  }
  check(rc, "cannot open repository", Where{.file = path});
  return Repository(raw);
}

bool no_repository_above(const std::string& path) {
  std::error_code ec;
  std::filesystem::path directory = std::filesystem::canonical(path, ec);
  if (ec) {
    return false;
  }
  while (true) {
    if (std::filesystem::exists(directory / ".git", ec) || ec ||
        std::filesystem::exists(directory / "HEAD", ec) || ec) {
      return false;
    }
    if (!directory.has_relative_path()) {
      return true;  // the root, checked
    }
    directory = directory.parent_path();
  }
}

Repository init_repository(const std::string& path, bool bare) {
  git_repository* raw = nullptr;
  ensure_library();
  if (git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0) {
    return Repository(raw);
  }
  ensure_library();
  check(git_repository_init(&raw, path.c_str(), bare ? 1 : 0), "cannot create repository",
        Where{.file = path});
  return Repository(raw);
}

std::string branch_ref_name(const std::string& name) {
  if (name.rfind("refs/", 0) == 0 || name == "HEAD") {
    return name;
  }
  return "refs/heads/" + name;
}

std::string branch_name_problem(git_repository& repo, const std::string& name) {
  int valid = 0;
  if (git_branch_name_is_valid(&valid, name.c_str()) != 0 || !valid) {
    git_error_clear();
    return "not a valid branch name";
  }
  // A ref is a file: refs/heads/a/b cannot exist beside refs/heads/a, and vice versa.
  for (std::size_t slash = name.find('/'); slash != std::string::npos;
       slash = name.find('/', slash + 1)) {
    if (resolve_ref(repo, "refs/heads/" + name.substr(0, slash))) {
      return "branch '" + name.substr(0, slash) + "' exists, so no branch can be below it";
    }
  }
  if (const auto below = list_refs(repo, "refs/heads/" + name + "/"); !below.empty()) {
    return "branch '" + below.front().substr(11) + "' exists below it";
  }
  return {};
}

std::optional<Oid> resolve_ref(git_repository& repo, const std::string& name) {
  git_oid oid;
  const std::string full = branch_ref_name(name);
  const int rc = git_reference_name_to_id(&oid, &repo, full.c_str());
  if (rc == GIT_ENOTFOUND) {
    return std::nullopt;
  }
  check(rc, "cannot resolve", Where{.ref = full});
  return Oid(oid);
}

std::optional<std::string> symbolic_target(git_repository& repo, const std::string& name) {
  git_reference* raw = nullptr;
  const int rc = git_reference_lookup(&raw, &repo, name.c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "cannot read ref", Where{.ref = name});
  Reference ref(raw);
  if (git_reference_type(ref.get()) != GIT_REFERENCE_SYMBOLIC) {
    return std::nullopt;
  }
  return std::string(git_reference_symbolic_target(ref.get()));
}

std::optional<std::string> tag_message(git_repository& repo, const Oid& id) {
  git_object* raw = nullptr;
  check(git_object_lookup(&raw, &repo, id.raw(), GIT_OBJECT_ANY), "cannot read object",
        Where{.ref = id.hex()});
  Object object(raw);
  if (git_object_type(object.get()) != GIT_OBJECT_TAG) {
    return std::nullopt;
  }
  const char* message = git_tag_message(reinterpret_cast<const git_tag*>(object.get()));
  return std::string(message != nullptr ? message : "");
}

Oid resolve_commit(git_repository& repo, const std::string& revision) {
  git_object* raw = nullptr;
  int rc = git_revparse_single(&raw, &repo, revision.c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS || rc == GIT_EINVALIDSPEC) {
    git_error_clear();
    throw Error(ExitCode::git, "unknown revision '" + revision + "'", Where{.ref = revision});
  }
  check(rc, "cannot resolve", Where{.ref = revision});
  Object object(raw);
  git_object* peeled = nullptr;
  rc = git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT);
  if (rc != 0) {
    git_error_clear();
    throw Error(ExitCode::git, "'" + revision + "' is not a commit", Where{.ref = revision});
  }
  Object commit(peeled);
  return Oid(*git_object_id(commit.get()));
}

void update_ref(git_repository& repo, const std::string& ref_name,
                const std::optional<Oid>& expected, const Oid& new_target,
                const std::string& reflog_message, std::string_view refused) {
  git_reference* raw = nullptr;
  int rc = 0;
  // A lock held by a concurrent writer lasts microseconds: wait for it to go (up to ~1 s) and
  // compare again, so the loser of a race hears "moved meanwhile"; a lock that stays is stale.
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (expected) {
      rc = git_reference_create_matching(&raw, &repo, ref_name.c_str(), new_target.raw(), 1,
                                         expected->raw(), reflog_message.c_str());
    } else {
      // force=0: fails with GIT_EEXISTS if someone created it meanwhile
      rc = git_reference_create(&raw, &repo, ref_name.c_str(), new_target.raw(), 0,
                                reflog_message.c_str());
    }
    if (rc != GIT_ELOCKED) {
      break;
    }
    git_error_clear();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (rc == GIT_ELOCKED) {
    // Not a race we lost: another writer holds the lock, or one was killed while holding it.
    // Saying "moved meanwhile" would send the user looking for a commit that does not exist.
    git_error_clear();
    const std::string lock = std::string(git_repository_path(&repo)) + ref_name + ".lock";
    throw Error(ExitCode::git,
                "'" + ref_name + "' is locked: '" + lock +
                    "' exists (another git or patchflow is writing it; if none is running, "
                    "remove the file); " +
                    std::string(refused),
                Where{.ref = ref_name});
  }
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) {
    git_error_clear();
    const auto now = resolve_ref(repo, ref_name);
    throw Error(ExitCode::git,
                "'" + ref_name + "' moved meanwhile (expected " +
                    (expected ? expected->short_hex() : std::string("no ref")) + ", found " +
                    (now ? now->short_hex() : std::string("no ref")) + "); " + std::string(refused),
                Where{.ref = ref_name});
  }
  check(rc, "cannot update", Where{.ref = ref_name});
  Reference owned(raw);
}

void delete_ref(git_repository& repo, const std::string& ref_name, const Oid& expected) {
  git_reference* raw = nullptr;
  check(git_reference_lookup(&raw, &repo, ref_name.c_str()), "cannot find", Where{.ref = ref_name});
  Reference ref(raw);
  const git_oid* target = git_reference_target(ref.get());
  if (target == nullptr || !(Oid(*target) == expected)) {
    throw Error(ExitCode::git, "'" + ref_name + "' moved meanwhile; not deleted",
                Where{.ref = ref_name});
  }
  check(git_reference_delete(ref.get()), "cannot delete", Where{.ref = ref_name});
}

Commit lookup_commit(git_repository& repo, const Oid& oid) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, &repo, oid.raw()), "cannot read commit", Where{.ref = oid.hex()});
  return Commit(raw);
}

Tree lookup_tree(git_repository& repo, const Oid& oid) {
  git_tree* raw = nullptr;
  check(git_tree_lookup(&raw, &repo, oid.raw()), "cannot read tree", Where{.ref = oid.hex()});
  return Tree(raw);
}

Tree commit_tree(const git_commit& commit) {
  git_tree* raw = nullptr;
  check(git_commit_tree(&raw, &commit), "cannot read tree of commit",
        Where{.ref = commit_id(commit).hex()});
  return Tree(raw);
}

Oid commit_id(const git_commit& commit) { return Oid(*git_commit_id(&commit)); }

Oid commit_tree_id(const git_commit& commit) { return Oid(*git_commit_tree_id(&commit)); }

std::vector<Oid> commit_parents(const git_commit& commit) {
  std::vector<Oid> parents;
  const unsigned count = git_commit_parentcount(&commit);
  for (unsigned i = 0; i < count; ++i) {
    parents.emplace_back(*git_commit_parent_id(&commit, i));
  }
  return parents;
}

std::vector<std::string> list_refs(git_repository& repo, const std::string& prefix) {
  git_reference_iterator* raw = nullptr;
  const std::string glob = prefix + "*";
  check(git_reference_iterator_glob_new(&raw, &repo, glob.c_str()), "cannot list refs");
  ReferenceIterator iterator(raw);
  std::vector<std::string> names;
  const char* name = nullptr;
  int rc = 0;
  while ((rc = git_reference_next_name(&name, iterator.get())) == 0) {
    names.emplace_back(name);
  }
  if (rc != GIT_ITEROVER) {
    check(rc, "cannot list refs");
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<Oid> merge_base(git_repository& repo, const Oid& a, const Oid& b) {
  git_oid out;
  const int rc = git_merge_base(&out, &repo, a.raw(), b.raw());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "cannot find merge base", Where{.ref = a.short_hex() + " " + b.short_hex()});
  return Oid(out);
}

std::optional<Oid> merge_base(git_repository& repo, const Oid& a, const Oid& b,
                              const ResultCache& kept) {
  if (!kept.enabled() || git_repository_is_shallow(&repo) == 1) {
    return merge_base(repo, a, b);
  }
  const std::string key = digest("merge-base\n" + a.hex() + "\n" + b.hex() + "\n");
  if (const std::optional<std::string> value = kept.find(key)) {
    if (*value == "none\n") {
      return std::nullopt;
    }
    // An entry that does not read back as an object id is a miss (ResultCache's rule).
    if (value->size() == GIT_OID_HEXSZ + 1 && value->back() == '\n') {
      if (const std::optional<Oid> base =
              Oid::parse_hex(std::string_view(*value).substr(0, GIT_OID_HEXSZ))) {
        return base;
      }
    }
  }
  const std::optional<Oid> base = merge_base(repo, a, b);
  kept.store(key, base ? base->hex() + "\n" : "none\n");
  return base;
}

std::vector<Oid> commits_between(git_repository& repo, const std::vector<Oid>& hide,
                                 const Oid& tip) {
  git_revwalk* raw = nullptr;
  check(git_revwalk_new(&raw, &repo), "cannot walk history");
  Revwalk walk(raw);
  check(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE),
        "cannot walk history");
  check(git_revwalk_push(walk.get(), tip.raw()), "cannot walk history", Where{.ref = tip.hex()});
  for (const Oid& h : hide) {
    check(git_revwalk_hide(walk.get(), h.raw()), "cannot walk history", Where{.ref = h.hex()});
  }
  std::vector<Oid> out;
  git_oid oid;
  int rc = 0;
  while ((rc = git_revwalk_next(&oid, walk.get())) == 0) {
    out.emplace_back(oid);
  }
  if (rc != GIT_ITEROVER) {
    check(rc, "cannot walk history", Where{.ref = tip.hex()});
  }
  return out;
}

std::vector<Oid> latest_commits(git_repository& repo, const Oid& tip, std::size_t limit) {
  git_revwalk* raw = nullptr;
  check(git_revwalk_new(&raw, &repo), "cannot walk history");
  Revwalk walk(raw);
  check(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME),
        "cannot walk history");
  check(git_revwalk_push(walk.get(), tip.raw()), "cannot walk history", Where{.ref = tip.hex()});
  std::vector<Oid> out;
  git_oid oid;
  int rc = 0;
  while (out.size() < limit && (rc = git_revwalk_next(&oid, walk.get())) == 0) {
    out.emplace_back(oid);
  }
  if (rc != 0 && rc != GIT_ITEROVER) {
    check(rc, "cannot walk history", Where{.ref = tip.hex()});
  }
  return out;
}

bool is_ancestor(git_repository& repo, const Oid& ancestor, const Oid& tip) {
  if (ancestor == tip) {
    return true;
  }
  const int rc = git_graph_descendant_of(&repo, tip.raw(), ancestor.raw());
  check(rc, "cannot compare history", Where{.ref = tip.hex()});
  return rc == 1;
}

}  // namespace patchflow::git
