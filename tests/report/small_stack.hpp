#pragma once
// A one-component stack over a real repository, for graph and report tests:
//   mainline  "mainline" (MAINTAINERS, drivers/xen/, arch/x86/kernel/)
//   xen/a     on mainline, drivers/xen only             declares nothing
//   xen/b     on xen/a                                  declares xen/a
//   xen/c     on xen/b                                  declares xen/b (xen/a through it)
//   xen/d     on xen/a, arch/x86/kernel                 declares nothing: xen/a is undeclared
//   xen/gone  no branch                                 declares nothing
//   merge branches xen/master (base mainline: a, b, c, d) and xen/next (base xen/master: gone)
#include <string>

#include "patchflow/config/model.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {

class SmallStack {
 public:
  SmallStack();
  TempRepo& repo() { return m_repo; }
  const std::string& root() const { return m_stack.path(); }
  const config::StackConfig& stack() const { return m_config; }

 private:
  TempRepo m_repo;
  TempDir m_stack;
  config::StackConfig m_config;
};

}  // namespace patchflow::testing
