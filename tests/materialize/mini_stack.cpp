#include "materialize/mini_stack.hpp"

#include <filesystem>

#include "patchflow/core/text.hpp"
#include "support/process.hpp"

namespace patchflow::testing {
namespace {

const char* const k_makefile =
    "check:\n"
    "\t@for f in $$(find . -name '*.c' | sort); do cc -fsyntax-only -Wall -Werror $$f || exit 1; "
    "done\n";

// Builds the source repository with the git CLI and formats its branches into a stack.
class Generator {
 public:
  Generator();
  const std::string& stack() const { return m_stack.path(); }
  const std::string& source() const { return m_source.path(); }

 private:
  struct Author {
    std::string name, email, date;
  };
  void commit(const Author& author, const std::string& message, const Files& files);
  void format_patches(const std::string& range, const std::string& mbox);
  std::string git(const std::vector<std::string>& args) const;

  TempDir m_stack;
  TempDir m_source;
};

std::string Generator::git(const std::vector<std::string>& args) const {
  return run_git(args, m_source.path());
}

void Generator::commit(const Author& author, const std::string& message, const Files& files) {
  for (const auto& [path, content] : files) {
    if (content) {
      m_source.write(path, *content);
    } else {
      std::filesystem::remove(std::filesystem::path(m_source.path()) / path);
    }
  }
  git({"add", "-A"});
  run_git({"commit", "-q", "-m", message}, m_source.path(),
          {{"GIT_AUTHOR_NAME", author.name},
           {"GIT_AUTHOR_EMAIL", author.email},
           {"GIT_AUTHOR_DATE", author.date},
           {"GIT_COMMITTER_NAME", author.name},
           {"GIT_COMMITTER_EMAIL", author.email},
           {"GIT_COMMITTER_DATE", author.date}});
}

void Generator::format_patches(const std::string& range, const std::string& mbox) {
  const std::vector<std::string> args =
      range.find("..") == std::string::npos
          ? std::vector<std::string>{"format-patch", "-M", "--stdout", "--root", range}
          : std::vector<std::string>{"format-patch", "-M", "--stdout", range};
  m_stack.write(mbox, git(args));
}

Generator::Generator() {
  const Author linus{"Linus Torvalds", "torvalds@linux-foundation.org", "2009-11-01T10:00:00-0800"};
  const Author jeremy{"Jeremy Fitzhardinge", "jeremy.fitzhardinge@citrix.com",
                      "2009-11-19T10:00:00+0000"};
  const Author ian{"Ian Campbell", "ian.campbell@citrix.com", "2009-11-20T09:30:00+0000"};
  const Author keir{"Keir Fraser", "keir.fraser@citrix.com", "2009-11-02T08:00:00+0000"};
  git({"init", "-q", "-b", "linux-2.6"});
  commit(linus, "Linux 2.6.32-rc5\n\nThe tree the dom0 topics are based on.",
         {{"Makefile", k_makefile},
          {"README", "Linux kernel\n"},
          {"init/main.c", "int main(void)\n{\n\treturn 0;\n}\n"},
          {"drivers/net/old.c", "int old_driver;\n"}});
  commit(linus,
         "net: add loopback\n\nOne driver so the network code has a user.\n\n"
         "Signed-off-by: Linus Torvalds <torvalds@linux-foundation.org>",
         {{"drivers/net/loopback.c", "int loopback_up;\n"}});
  format_patches("linux-2.6", "stack/linux/mainline.mbox");

  git({"checkout", "-q", "-b", "xen/core", "linux-2.6"});
  commit(jeremy,
         "xen/core: add the start hook\n\nDom0 needs one entry point before anything else.\n\n"
         "Signed-off-by: Jeremy Fitzhardinge <jeremy.fitzhardinge@citrix.com>",
         {{"drivers/xen/core.c",
           "#include \"../../include/xen/xen.h\"\n\nint xen_start(void)\n"
           "{\n\treturn 0;\n}\n"},
          {"include/xen/xen.h", "int xen_start(void);\n"}});
  commit(jeremy,
         "xen/core: call the start hook from main\n\nSo a Xen boot reaches it.\n\n"
         "Signed-off-by: Jeremy Fitzhardinge <jeremy.fitzhardinge@citrix.com>",
         {{"init/main.c",
           "#include \"../include/xen/xen.h\"\n\nint main(void)\n{\n"
           "\treturn xen_start();\n}\n"}});
  format_patches("linux-2.6..xen/core", "topics/xen-core.mbox");

  git({"checkout", "-q", "-b", "xen/dom0/core", "xen/core"});
  commit(jeremy,
         "xen/dom0/core: add the dom0 flag\n\nAnd move the README where the docs live.\n\n"
         "Signed-off-by: Jeremy Fitzhardinge <jeremy.fitzhardinge@citrix.com>",
         {{"drivers/xen/dom0.c", "#include \"../../include/xen/xen.h\"\n\nint xen_dom0;\n"},
          {"README", std::nullopt},
          {"Documentation/README", "Linux kernel\n"}});
  format_patches("xen/core..xen/dom0/core", "topics/xen-dom0-core.mbox");

  git({"checkout", "-q", "-b", "xen/dom0/backend/netback", "xen/dom0/core"});
  commit(ian,
         "xen/netback: add the backend\n\nGuests need a network.\n\n"
         "Signed-off-by: Ian Campbell <ian.campbell@citrix.com>",
         {{"drivers/net/netback.c", "int netback_rings;\n"}});
  commit(ian,
         "xen/netback: drop the old driver\n\nNetback replaces it.\n\n"
         "Signed-off-by: Ian Campbell <ian.campbell@citrix.com>",
         {{"drivers/net/old.c", std::nullopt},
          {"drivers/net/netback.c", "int netback_rings;\nint netback_queues;\n"}});
  format_patches("xen/dom0/core..xen/dom0/backend/netback", "topics/netback.mbox");

  git({"checkout", "-q", "--orphan", "xen-unstable"});
  git({"rm", "-rqf", "."});
  commit(keir, "xen: initial hypervisor\n\nThe hypervisor side of the stack.",
         {{"Makefile", k_makefile}, {"common/domain.c", "int domains;\n"}});
  format_patches("xen-unstable", "stack/xen/mainline.mbox");
  git({"checkout", "-q", "-b", "hv/physdev", "xen-unstable"});
  commit(keir,
         "hv/physdev: let dom0 map pirqs\n\nDom0 drives the hardware.\n\n"
         "Signed-off-by: Keir Fraser <keir.fraser@citrix.com>",
         {{"common/physdev.c", "int physdev_pirqs;\n"}});
  format_patches("xen-unstable..hv/physdev", "topics/hv-physdev.mbox");

  m_stack.write("stack/stack.yaml", R"(name: mini
description: a two-component test stack
repository: repo
components:
  - name: linux
    mainline: linux-2.6
    history: stack/linux/mainline.mbox
    policy: linux
  - name: xen
    mainline: xen-unstable
    history: stack/xen/mainline.mbox
    policy: xen
)");
  m_stack.write("policies/linux.yaml", "name: linux\nbuild: make -s check\n");
  m_stack.write("policies/xen.yaml", "name: xen\nbuild: make -s check\n");
  m_stack.write("topics/xen-core.yaml",
                "name: xen/core\ncomponent: linux\nseries: topics/xen-core.mbox\n");
  m_stack.write("topics/xen-dom0-core.yaml",
                "name: xen/dom0/core\ncomponent: linux\ndepends: [xen/core]\n"
                "series: topics/xen-dom0-core.mbox\n");
  m_stack.write("topics/netback.yaml",
                "name: xen/dom0/backend/netback\ncomponent: linux\ndepends: [xen/dom0/core]\n"
                "series: topics/netback.mbox\n");
  m_stack.write("topics/hv-physdev.yaml",
                "name: hv/physdev\ncomponent: xen\nseries: topics/hv-physdev.mbox\n");
  m_stack.write("merge-branches/xen-master.yaml",
                "name: xen/master\nbase: linux-2.6\n"
                "topics: [xen/core, xen/dom0/core, xen/dom0/backend/netback]\n");
}

const Generator& generated() {
  static const Generator generator;
  return generator;
}

}  // namespace

MiniStack::MiniStack() : m_source_path(generated().source()) {
  std::filesystem::copy(generated().stack(), m_stack.path(),
                        std::filesystem::copy_options::recursive);
}

std::string MiniStack::source_oid(const std::string& branch) const {
  return std::string(text::trim(run_git({"rev-parse", "refs/heads/" + branch}, m_source_path)));
}

std::string MiniStack::read(const std::string& relative) const {
  return text::read_file(m_stack.path() + "/" + relative);
}

}  // namespace patchflow::testing
