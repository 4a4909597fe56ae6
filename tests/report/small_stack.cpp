#include "report/small_stack.hpp"

#include "patchflow/config/loader.hpp"

namespace patchflow::testing {
namespace {

const char* const k_maintainers =
    "X86 ARCHITECTURE\n"
    "M:\tIngo Molnar <mingo@redhat.com>\n"
    "S:\tMaintained\n"
    "F:\tarch/x86/\n"
    "\n"
    "XEN HYPERVISOR INTERFACE\n"
    "M:\tJeremy Fitzhardinge <jeremy@goop.org>\n"
    "L:\txen-devel@lists.xensource.com\n"
    "S:\tSupported\n"
    "F:\tdrivers/xen/\n";

std::string topic_yaml(const std::string& name, const std::string& depends) {
  return "name: " + name + "\ncomponent: linux\ndepends: [" + depends + "]\n";
}

// A commit message the default policy accepts: a body and a sign-off.
std::string message(const std::string& subject) {
  return subject +
         "\n\nExplain why this change is needed.\n\nSigned-off-by: Test Author "
         "<test@example.com>\n";
}

}  // namespace

SmallStack::SmallStack() {
  const git::Oid base = m_repo.commit("init", {{"MAINTAINERS", k_maintainers},
                                               {"drivers/xen/events.c", "int events;\n"},
                                               {"arch/x86/kernel/setup.c", "int setup;\n"}});
  m_repo.branch("mainline", base);
  const git::Oid a = m_repo.commit(message("xen: a"), {{"drivers/xen/a.c", "int a;\n"}}, {base});
  const git::Oid b = m_repo.commit(message("xen: b"), {{"drivers/xen/b.c", "int b;\n"}}, {a});
  const git::Oid c = m_repo.commit(message("xen: c"), {{"drivers/xen/c.c", "int c;\n"}}, {b});
  const git::Oid d =
      m_repo.commit(message("x86: d"), {{"arch/x86/kernel/setup.c", "int setup;\nint d;\n"}}, {a});
  m_repo.branch("xen/a", a);
  m_repo.branch("xen/b", b);
  m_repo.branch("xen/c", c);
  m_repo.branch("xen/d", d);
  m_stack.write("stack/stack.yaml",
                "name: small\ndescription: four topics & one missing\ncomponents:\n"
                "  - name: linux\n    mainline: mainline\n    policy: linux\n");
  m_stack.write("policies/linux.yaml",
                "name: linux\nxen-paths: [\"drivers/xen/**\"]\n"
                "direct-maintainer: Jeremy Fitzhardinge <jeremy@goop.org>\n");
  m_stack.write("topics/xen-a.yaml", topic_yaml("xen/a", ""));
  m_stack.write("topics/xen-b.yaml", topic_yaml("xen/b", "xen/a"));
  m_stack.write("topics/xen-c.yaml", topic_yaml("xen/c", "xen/b"));
  m_stack.write("topics/xen-d.yaml", topic_yaml("xen/d", ""));
  m_stack.write("topics/xen-gone.yaml", topic_yaml("xen/gone", ""));
  m_stack.write("merge-branches/xen-master.yaml",
                "name: xen/master\nbase: mainline\ntopics: [xen/a, xen/b, xen/c, xen/d]\n");
  m_stack.write("merge-branches/xen-next.yaml",
                "name: xen/next\nbase: xen/master\ntopics: [xen/gone]\n");
  m_config = config::load_stack(m_stack.path());
}

}  // namespace patchflow::testing
