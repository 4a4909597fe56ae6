#pragma once
// A small stack on a real temporary repository: mainline "master", topics xen/a, xen/b, xen/c
// (xen/a and xen/c conflict in drivers/xen/events.c), merge branch xen/master.
#include "patchflow/compose/compose.hpp"
#include "patchflow/git/repository.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {

struct ComposeFixture {
  TempRepo r;
  TempDir stack_dir;
  config::StackConfig stack;
  git::Oid base;

  ComposeFixture() {
    base = r.commit("init", {{"drivers/xen/events.c", "int a;\n"},
                             {"drivers/xen/Makefile", "obj-y += events.o\n"},
                             {"arch/x86/xen/enlighten.c", "void e(void);\n"},
                             {"README", "linux\n"}});
    r.branch("master", base);
    r.branch("xen/a", r.commit("xen/a: b", {{"drivers/xen/events.c", "int b;\n"}}, {base}));
    r.branch("xen/b",
             r.commit("xen/b: enlighten",
                      {{"arch/x86/xen/enlighten.c", "void e(void);\nvoid f(void);\n"}}, {base}));
    r.branch("xen/c", r.commit("xen/c: c", {{"drivers/xen/events.c", "int c;\n"}}, {base}));
    stack.root = stack_dir.path();
    stack.stack.components.push_back(config::Component{.name = "linux", .mainline = "master"});
    for (const char* name : {"xen/a", "xen/b", "xen/c"}) {
      stack.topics.push_back(config::Topic{.name = name,
                                           .component = "linux",
                                           .branch = name,
                                           .where = {.file = "topics/t.yaml", .line = 1}});
    }
    stack.merge_branches.push_back(config::MergeBranch{
        .name = "xen/master",
        .base = "master",
        .topics = {"xen/a", "xen/b"},
        .component = "linux",
        .file = "merge-branches/xen-master.yaml",
        .where = {.file = "merge-branches/xen-master.yaml", .line = 1, .column = 1},
        .topic_where = {{.file = "merge-branches/xen-master.yaml", .line = 5, .column = 5},
                        {.file = "merge-branches/xen-master.yaml", .line = 6, .column = 5},
                        {.file = "merge-branches/xen-master.yaml", .line = 7, .column = 5}}});
  }

  config::MergeBranch& master() { return stack.merge_branches.front(); }

  // The same stack as YAML files in stack_dir, for tests that run the patchflow binary.
  void write_stack_files() const {
    stack_dir.write("stack/stack.yaml",
                    "name: t\ncomponents:\n  - name: linux\n    mainline: master\n");
    for (const char* name : {"a", "b", "c"}) {
      stack_dir.write(std::string("topics/xen-") + name + ".yaml",
                      std::string("name: xen/") + name + "\ncomponent: linux\n");
    }
    stack_dir.write("merge-branches/xen-master.yaml",
                    "name: xen/master\ncomponent: linux\nbase: master\ntopics: [xen/a, xen/b]\n");
  }

  compose::ComposeResult compose(compose::Options options = {}) {
    if (options.merge_branch.empty()) {
      options.merge_branch = "xen/master";
    }
    return compose::run(r.repo(), stack, options);
  }
};

}  // namespace patchflow::testing
