#include "patchflow/git/repository.hpp"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "patchflow/git/patch_id.hpp"
#include "patchflow/git/tree_diff.hpp"
#include "patchflow/git/tree_read.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::git {
using testing::catch_error;
using testing::TempRepo;

// libgit2's start-up parses the system CA bundle through this mbedTLS function; patchflow
// defines its own, which loads nothing, and the call must bind to it (git/handle.cpp).
TEST(RepositoryTest, StartUpLoadsNoCaBundle) {
  ensure_library();
  void* loader = dlsym(RTLD_DEFAULT, "mbedtls_x509_crt_parse_file");
  ASSERT_NE(loader, nullptr) << "not exported: libgit2 would bind to mbedTLS's own";
  Dl_info bound{}, own{};
  ASSERT_NE(dladdr(loader, &bound), 0);
  ASSERT_NE(dladdr(reinterpret_cast<void*>(&ensure_library), &own), 0);
  EXPECT_STREQ(bound.dli_fname, own.dli_fname);
}

// libgit2's start-up initialises libssh2 (and through it OpenSSL) for SSH remotes; patchflow's
// own libssh2_init sets up nothing, and the call must bind to it.
TEST(RepositoryTest, StartUpInitialisesNoSsh) {
  ensure_library();
  void* init = dlsym(RTLD_DEFAULT, "libssh2_init");
  ASSERT_NE(init, nullptr) << "not exported: libgit2 would bind to libssh2's own";
  Dl_info bound{}, own{};
  ASSERT_NE(dladdr(init, &bound), 0);
  ASSERT_NE(dladdr(reinterpret_cast<void*>(&ensure_library), &own), 0);
  EXPECT_STREQ(bound.dli_fname, own.dli_fname);
}

// Bytes of the process's address space mapped from files whose name ends in suffix, from
// /proc/self/maps: what of a pack libgit2 holds mapped.
std::size_t mapped_bytes_of(const std::string& suffix) {
  std::ifstream maps("/proc/self/maps");
  std::size_t total = 0;
  for (std::string line; std::getline(maps, line);) {
    if (!line.ends_with(suffix)) {
      continue;
    }
    const std::size_t dash = line.find('-');
    total += std::stoull(line.substr(dash + 1), nullptr, 16) - std::stoull(line, nullptr, 16);
  }
  return total;
}

// Mapped pack pages count in the process's memory: reading a pack larger than the mapped limit
// leaves at most the limit mapped (libgit2's default maps it whole and keeps it).
TEST(RepositoryTest, ReadingALargePackKeepsAtMostTheLimitMapped) {
  TempRepo r;
  // Three blobs that do not compress, each a third of the limit and 8 MB more: a pack over it.
  const std::size_t blob_size = (k_pack_mapped_limit / 3 + (std::size_t{8} << 20)) & ~std::size_t{7};
  std::uint64_t state = 0x9e3779b97f4a7c15;
  const std::vector<std::string> names = {"a.bin", "b.bin", "c.bin"};
  std::vector<std::string> contents;
  for (const std::string& name : names) {
    std::string content(blob_size, '\0');
    for (std::size_t i = 0; i + 8 <= content.size(); i += 8) {
      state ^= state << 13, state ^= state >> 7, state ^= state << 17;
      std::memcpy(content.data() + i, &state, 8);
    }
    std::ofstream(r.path() + "/" + name, std::ios::binary) << content;
    contents.push_back(std::move(content));
  }
  r.git({"-c", "core.compression=0", "add", "."});
  r.git({"commit", "-q", "-m", "blobs"});
  r.git({"-c", "pack.compression=0", "repack", "-adq", "--window=0"});
  std::uintmax_t pack_size = 0;
  for (const auto& entry : std::filesystem::directory_iterator(r.path() + "/.git/objects/pack")) {
    pack_size += entry.path().extension() == ".pack" ? entry.file_size() : 0;
  }
  ASSERT_GT(pack_size, k_pack_mapped_limit);
  const Repository repo = open_repository(r.path());
  const Oid head = resolve_commit(*repo, "HEAD");
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(read_blob_at(*repo, head, names[i]), contents[i]) << names[i];
  }
  EXPECT_GT(mapped_bytes_of(".pack"), 0u);
  EXPECT_LE(mapped_bytes_of(".pack"), k_pack_mapped_limit);
}

TEST(RepositoryTest, UpdateRefRefusesWhenTheRefMovedMeanwhile) {
  TempRepo r;
  const Oid base = r.commit("init", {{"a.c", "int a;\n"}});
  const Oid next = r.commit("next", {{"a.c", "int b;\n"}}, {base});
  const Oid other = r.commit("other", {{"a.c", "int c;\n"}}, {base});
  r.branch("xen/master", other);  // someone else moved it after we read `base`
  const Error e = catch_error(
      [&] { update_ref(r.repo(), "refs/heads/xen/master", base, next, "patchflow: test"); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(std::string(e.what()), "'refs/heads/xen/master' moved meanwhile (expected " +
                                       base.short_hex() + ", found " + other.short_hex() +
                                       "); not updated");
  EXPECT_EQ(r.resolve("refs/heads/xen/master"), other);
}

TEST(RepositoryTest, UpdateRefMovesAndWritesTheReflog) {
  TempRepo r;
  const Oid base = r.commit("init", {{"a.c", "int a;\n"}});
  const Oid next = r.commit("next", {{"a.c", "int b;\n"}}, {base});
  r.branch("topic", base);
  update_ref(r.repo(), "refs/heads/topic", base, next, "patchflow: advance");
  EXPECT_EQ(r.resolve("refs/heads/topic"), next);
  EXPECT_NE(r.git({"reflog", "show", "topic"}).find("patchflow: advance"), std::string::npos);
}

TEST(RepositoryTest, CreateRefusesWhenSomeoneCreatedItFirst) {
  TempRepo r;
  const Oid base = r.commit("init", {{"a.c", "int a;\n"}});
  r.branch("new", base);
  const Error e = catch_error(
      [&] { update_ref(r.repo(), "refs/heads/new", std::nullopt, base, "patchflow: create"); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
}

TEST(RepositoryTest, ResolveUnknownRevisionNamesIt) {
  TempRepo r;
  r.branch("master", r.commit("init", {{"a.c", "x\n"}}));
  const Error e = catch_error([&] { resolve_commit(r.repo(), "xen/nope"); });
  EXPECT_STREQ(e.what(), "unknown revision 'xen/nope'");
  EXPECT_EQ(e.where().ref, "xen/nope");
  EXPECT_FALSE(resolve_ref(r.repo(), "xen/nope").has_value());
}

TEST(RepositoryTest, CommitsBetweenIsOldestFirstAndAgreesWithGit) {
  TempRepo r;
  const Oid base = r.commit("init", {{"a.c", "1\n"}});
  const Oid one = r.commit("one", {{"a.c", "2\n"}}, {base});
  const Oid two = r.commit("two", {{"b.c", "3\n"}}, {one});
  const std::vector<Oid> got = commits_between(r.repo(), {base}, two);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], one);
  EXPECT_EQ(got[1], two);
  r.branch("t", two);
  EXPECT_EQ(r.git({"rev-list", "--reverse", base.hex() + "..t"}),
            one.hex() + "\n" + two.hex() + "\n");
  EXPECT_TRUE(is_ancestor(r.repo(), base, two));
  EXPECT_FALSE(is_ancestor(r.repo(), two, base));
}

TEST(RepositoryTest, LatestCommitsStopsAtTheLimitNewestFirstLikeRevList) {
  TempRepo r;
  const Oid a = r.commit("a", {{"a.c", "1\n"}});
  const Oid b = r.commit("b", {{"a.c", "2\n"}}, {a});
  const Oid c = r.commit("c", {{"a.c", "3\n"}}, {b});
  const auto two = latest_commits(r.repo(), c, 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].hex() + "\n" + two[1].hex() + "\n",
            r.git({"rev-list", "--max-count=2", c.hex()}));
  EXPECT_EQ(latest_commits(r.repo(), c, 1000).size(), 3u);
}

TEST(PatchIdTest, AMailsDiffHasTheIdOfTheCommitGitFormatPatchMadeItFrom) {
  TempRepo r;
  const Oid base = r.commit("init", {{"a.c", "int a;\nint b;\n"}, {"gone.c", "x\n"}});
  const Oid change = r.commit(
      "change", {{"a.c", "int a;\nint  c;\n"}, {"gone.c", std::nullopt}, {"new.c", "y\n"}}, {base});
  const std::string mail = r.git({"format-patch", "-1", "--stdout", change.hex()});
  const std::string diff = mail.substr(mail.find("diff --git"));
  const auto id = diff_text_patch_id(diff);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(*id, commit_patch_id(r.repo(), change));
  // whitespace does not count, content does
  const Oid spaced = r.commit(
      "spaced", {{"a.c", "int a;\nint c;\n"}, {"gone.c", std::nullopt}, {"new.c", "y\n"}}, {base});
  EXPECT_EQ(*id, commit_patch_id(r.repo(), spaced));
  const Oid other = r.commit("other", {{"a.c", "int a;\nint d;\n"}}, {base});
  EXPECT_NE(*id, commit_patch_id(r.repo(), other));
  // a hand-made diff without "index" lines is the same change (git patch-id reads the text)
  const std::string bare =
      "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1,2 +1,2 @@\n int a;\n"
      "-int b;\n+int d;\n";
  EXPECT_EQ(diff_text_patch_id(bare), commit_patch_id(r.repo(), other));
  EXPECT_FALSE(diff_text_patch_id("diff --git a/x b/x\n@@ garbage\n").has_value());
}

// The tree index is keyed by tree id: another tree is never answered from it, the answer from
// the file equals the answer from the tree, and a damaged file is read past, then rewritten.
TEST(RepositoryTest, NamedBlobsIndexIsKeyedByTreeAndSurvivesADamagedFile) {
  TempRepo r;
  const Oid one = r.commit(
      "one",
      {{"MAINTAINERS", "A\n"}, {"board/x/MAINTAINERS", "X\n"}, {"drivers/net/e.c", "int e;\n"}});
  const Oid two = r.commit("two", {{"board/x/MAINTAINERS", "Y\n"}}, {one});
  // A file is a blob: not a directory, not a path the tree lacks.
  EXPECT_TRUE(is_file_at(r.repo(), one, "board/x/MAINTAINERS"));
  EXPECT_FALSE(is_file_at(r.repo(), one, "board/x"));
  EXPECT_FALSE(is_file_at(r.repo(), one, "board/y/MAINTAINERS"));
  EXPECT_TRUE(is_directory_at(r.repo(), one, "board/x"));
  const NamedBlobs fresh = named_blobs(r.repo(), one, "MAINTAINERS", false);
  EXPECT_EQ(fresh.files, (std::vector<std::pair<std::string, std::string>>{
                             {"MAINTAINERS", "A\n"}, {"board/x/MAINTAINERS", "X\n"}}));
  EXPECT_EQ(fresh.directories, (text::StringSet{"board", "board/x", "drivers", "drivers/net"}));
  const NamedBlobs written = named_blobs(r.repo(), one, "MAINTAINERS");
  const NamedBlobs cached = named_blobs(r.repo(), one, "MAINTAINERS");
  EXPECT_EQ(written.files, fresh.files);
  EXPECT_EQ(cached.files, fresh.files);
  EXPECT_EQ(cached.directories, fresh.directories);
  EXPECT_EQ(named_blobs(r.repo(), two, "MAINTAINERS").files[1].second, "Y\n");
  const std::string index = r.path() + "/.git/patchflow/tree-index/" +
                            commit_tree_id(*lookup_commit(r.repo(), one)).hex() + "-MAINTAINERS";
  ASSERT_TRUE(std::filesystem::exists(index));
  std::filesystem::resize_file(index, std::filesystem::file_size(index) - 2);
  EXPECT_EQ(named_blobs(r.repo(), one, "MAINTAINERS").files, fresh.files);
  EXPECT_EQ(named_blobs(r.repo(), one, "MAINTAINERS").directories, fresh.directories);
}

// Object ids parse and print without libgit2 exactly as git prints them, and compare as
// libgit2 compares them (bytewise).
TEST(RepositoryTest, OidParsesAndPrintsAsGitDoes) {
  TempRepo r;
  const Oid one = r.commit("one", {{"a", "1\n"}});
  const Oid two = r.commit("two", {{"a", "2\n"}}, {one});
  for (const Oid& id : {one, two}) {
    const std::string git_hex = testing::run_git({"rev-parse", id.hex()}, r.path()).substr(0, 40);
    EXPECT_EQ(id.hex(), git_hex);
    char libgit2_hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(libgit2_hex, sizeof(libgit2_hex), id.raw());
    EXPECT_EQ(id.hex(), libgit2_hex);
    std::string upper = git_hex;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    EXPECT_EQ(Oid::parse_hex(upper), id);
    EXPECT_EQ(Oid::from_hex(git_hex), id);
    EXPECT_FALSE(Oid::parse_hex(git_hex.substr(0, 39)).has_value());
    EXPECT_FALSE(Oid::parse_hex(git_hex.substr(0, 39) + "g").has_value());
    EXPECT_FALSE(id.is_zero());
  }
  EXPECT_EQ(one < two, git_oid_cmp(one.raw(), two.raw()) < 0);
  EXPECT_EQ(two < one, git_oid_cmp(two.raw(), one.raw()) < 0);
  EXPECT_NE(one, two);
  EXPECT_TRUE(Oid().is_zero());
  EXPECT_THROW(Oid::from_hex("xyz"), Error);
}

// The tree index holds at most keep files: the newest by the time they were written stay, and a
// killed writer's temporary goes once it is an hour old (a live writer's stays).
TEST(RepositoryTest, TreeIndexPruneKeepsTheNewestFiles) {
  testing::TempDir dir;
  const std::filesystem::path index = std::filesystem::path(dir.path()) / "tree-index";
  EXPECT_NO_THROW(prune_tree_index(index, 4));  // none yet
  std::filesystem::create_directories(index);
  const auto now = std::filesystem::file_time_type::clock::now();
  auto make = [&](const std::string& name, std::chrono::minutes age) {
    std::ofstream(index / name) << name;
    std::filesystem::last_write_time(index / name, now - age);
  };
  // written in an order that is not the names' order
  const std::vector<std::string> oldest_first = {"f", "b", "d", "a", "e", "c"};
  for (std::size_t i = 0; i < oldest_first.size(); ++i) {
    make(oldest_first[i], std::chrono::minutes(60 - static_cast<int>(i)));
  }
  make("g.tmp4242-0", std::chrono::minutes(61));  // its writer died over an hour ago
  make("h.tmp4243-0", std::chrono::minutes(59));  // may still be written
  auto names = [&] {
    std::set<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(index)) {
      found.insert(entry.path().filename().string());
    }
    return found;
  };
  prune_tree_index(index, 6);  // nothing over the limit: only the dead temporary goes
  EXPECT_EQ(names(), (std::set<std::string>{"a", "b", "c", "d", "e", "f", "h.tmp4243-0"}));
  prune_tree_index(index, 4);
  EXPECT_EQ(names(), (std::set<std::string>{"a", "c", "d", "e", "h.tmp4243-0"}));
}

// Each writer prunes after it writes: a directory full of older kept files keeps the new index.
TEST(RepositoryTest, NamedBlobsIndexWritePrunesTheTreeIndex) {
  TempRepo r;
  const Oid one = r.commit("one", {{"MAINTAINERS", "A\n"}});
  const std::filesystem::path index = tree_index_directory(r.repo());
  std::filesystem::create_directories(index);
  const auto hour_ago =
      std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);
  for (std::size_t i = 0; i < k_tree_index_files + 5; ++i) {
    const std::filesystem::path old = index / ("old-" + std::to_string(i));
    std::ofstream(old) << "kept";
    std::filesystem::last_write_time(old, hour_ago);
  }
  named_blobs(r.repo(), one, "MAINTAINERS");
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(index)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, k_tree_index_files);
  EXPECT_TRUE(std::filesystem::exists(
      index / (commit_tree_id(*lookup_commit(r.repo(), one)).hex() + "-MAINTAINERS")));
}

// The shortcut that skips libgit2 outside repositories may only ever say "none" where git
// itself finds none: git rev-parse is the referee for each layout.
TEST(RepositoryTest, NoRepositoryAboveOnlyWhereGitFindsNone) {
  testing::TempDir dir;
  const std::filesystem::path root = dir.path();
  std::filesystem::create_directories(root / "plain" / "deeper");
  testing::run_git({"init", "-q", "work"}, root.string());
  std::filesystem::create_directories(root / "work" / "src" / "deeper");
  testing::run_git({"init", "-q", "--bare", "bare.git"}, root.string());
  testing::run_git({"commit", "-q", "--allow-empty", "-m", "init"}, (root / "work").string());
  // a linked work tree: its .git is a file naming the git dir
  testing::run_git({"worktree", "add", "-q", "--detach", "../linked"}, (root / "work").string());
  const std::vector<std::string> places = {"plain",           "plain/deeper",  "work",
                                           "work/src/deeper", "work/.git",     "work/.git/refs",
                                           "bare.git",        "bare.git/refs", "linked"};
  int none = 0;
  for (const std::string& place : places) {
    const std::string path = (root / place).string();
    const bool git_finds_one = testing::run_process({"git", "rev-parse", "--git-dir"}, path,
                                                    {{"GIT_CEILING_DIRECTORIES", ""}})
                                   .exit_code == 0;
    if (git_finds_one) {
      EXPECT_FALSE(no_repository_above(path)) << place;
      EXPECT_NO_THROW(open_repository(path)) << place;
    } else {
      EXPECT_TRUE(no_repository_above(path)) << place;
      EXPECT_THROW(open_repository(path), Error) << place;
      ++none;
    }
  }
  EXPECT_EQ(none, 2);  // plain and plain/deeper: the only places without a repository
  EXPECT_FALSE(no_repository_above((root / "missing").string()));
}

}  // namespace patchflow::git
