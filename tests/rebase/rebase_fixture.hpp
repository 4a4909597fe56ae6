#pragma once
// A stack on a real temporary repository whose mainline moves: master at base, topics xen/a
// (two commits), xen/b (depends on xen/a) and xen/c; then master gains commits. `git rebase`
// of the same branches in the same repository is the referee.
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/rebase/rebase.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {

struct RebaseFixture {
  TempRepo r;
  TempDir stack_dir;
  config::StackConfig stack;
  git::Oid base;

  RebaseFixture() {
    base = r.commit("init", {{"drivers/xen/events.c", "int a;\n"},
                             {"drivers/xen/Makefile", "obj-y += events.o\n"},
                             {"arch/x86/xen/enlighten.c", "void e(void);\n"},
                             {"README", "linux\n"}});
    r.branch("master", base);
    const git::Oid a1 =
        r.commit("xen/a: events b", {{"drivers/xen/events.c", "int a;\nint b;\n"}}, {base});
    r.branch("xen/a",
             r.commit("xen/a: makefile",
                      {{"drivers/xen/Makefile", "obj-y += events.o\nobj-y += b.o\n"}}, {a1}));
    r.branch("xen/b", r.commit("xen/b: on a", {{"drivers/xen/b.c", "b\n"}},
                               {r.resolve("refs/heads/xen/a")}));
    r.branch("xen/c",
             r.commit("xen/c: enlighten",
                      {{"arch/x86/xen/enlighten.c", "void e(void);\nvoid f(void);\n"}}, {base}));
    stack.root = stack_dir.path();
    stack.stack.components.push_back(config::Component{.name = "linux", .mainline = "master"});
    add_topic("xen/a", {});
    add_topic("xen/b", {"xen/a"});
    add_topic("xen/c", {});
  }

  void add_topic(const std::string& name, const std::vector<std::string>& depends) {
    stack.topics.push_back(config::Topic{.name = name,
                                         .component = "linux",
                                         .branch = name,
                                         .depends = depends,
                                         .where = {.file = "topics/t.yaml", .line = 1}});
  }

  // Mainline gains a commit changing files.
  git::Oid advance(const std::string& message, const Files& files) {
    const git::Oid tip = r.commit(message, files, {r.resolve("refs/heads/master")});
    r.branch("master", tip);
    return tip;
  }

  git::Oid tip(const std::string& branch) { return r.resolve("refs/heads/" + branch); }

  rebase::Options options() {
    return {.committer = {.name = "Rebase Tester",
                          .email = "rebase@example.org",
                          .time = 1258700000,
                          .offset_minutes = 60}};
  }

  // What `git rebase --onto onto upstream` does to tip, on a detached HEAD (no branch moves).
  struct GitRebase {
    bool clean = false;
    std::string tree;                   // clean: the result's tree
    std::vector<std::string> subjects;  // clean: the commits kept, oldest first
    std::string conflicts;              // not clean: `git diff --name-only --diff-filter=U`
  };
  GitRebase git_rebase(const std::string& onto, const std::string& upstream, const git::Oid& tip) {
    GitRebase out;
    r.git({"checkout", "-q", "-f", "--detach", tip.hex()});
    try {
      r.git({"rebase", "-q", "--onto", onto, upstream});
    } catch (const std::exception&) {
      out.conflicts = r.git({"diff", "--name-only", "--diff-filter=U"});
      r.git({"rebase", "--abort"});
      return out;
    }
    out.clean = true;
    out.tree = r.git({"rev-parse", "HEAD^{tree}"});
    out.tree.pop_back();
    out.subjects = subjects(onto + "..HEAD");
    return out;
  }

  std::vector<std::string> subjects(const std::string& range) {
    std::vector<std::string> out;
    const std::string log = r.git({"log", "--reverse", "--format=%s", range});
    for (std::size_t at = 0; at < log.size();) {
      const std::size_t end = log.find('\n', at);
      out.push_back(log.substr(at, end - at));
      at = end + 1;
    }
    return out;
  }

  std::string tree_of(const git::Oid& commit) {
    return git::commit_tree_id(*git::lookup_commit(r.repo(), commit)).hex();
  }
};

}  // namespace patchflow::testing
