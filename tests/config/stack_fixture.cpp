#include "config/stack_fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace patchflow::testing {

StackFixture::StackFixture() {
  write("stack/stack.yaml", R"(name: demo
description: a test stack
repository: repo
components:
  - name: linux
    mainline: linux-2.6
    history: stack/linux/mainline.mbox
    policy: linux
)");
  write("stack/linux/mainline.mbox", "");
  write("policies/linux.yaml", R"(name: linux
xen-paths: ["arch/x86/xen/**", "drivers/xen/**"]
subject-prefix: "^xen/"
build: make -s check
max-line-length: 80
allow-merges-in-topics: true
official-domains: [citrix.com]
severities:
  LONG_LINE: warning
  BODY_MISSING: off
)");
  write("topics/xen-core.yaml", R"(name: xen/core
component: linux
summary: core Xen support
series: topics/xen-core.mbox
)");
  write("topics/xen-core.mbox", "");
  write("topics/xen-dom0-core.yaml", R"(name: xen/dom0/core
component: linux
depends: [xen/core]
series: topics/xen-dom0-core.mbox
version: 2
)");
  write("topics/xen-dom0-core.mbox", "");
  write("topics/netback.yaml", R"(name: xen/dom0/backend/netback
component: linux
branch: xen/netback
depends:
  - xen/dom0/core
)");
  write("merge-branches/xen-master.yaml", R"(name: xen/master
component: linux
base: linux-2.6
topics:
  - xen/core
  - xen/dom0/core
)");
  write("merge-branches/xen-next.yaml", R"(name: xen/next
base: xen/master
topics: [xen/dom0/backend/netback]
)");
}

void StackFixture::remove(const std::string& relative) const {
  std::filesystem::remove(std::filesystem::path(root()) / relative);
}

std::string StackFixture::load_error() const {
  const Error e = catch_error([&] { load(); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage) << e.describe();
  return e.describe();
}

}  // namespace patchflow::testing
