#pragma once
// The real-data corpora live outside the repository (../shared/corpus/<name>), so a user's
// fresh clone has none. A test that needs one skips with a message naming the missing folder,
// unless PATCHFLOW_REQUIRE_CORPUS=1 (set by .ci/run), where a missing corpus is a failure:
// an empty corpus must never pass as 100%.
#include <gtest/gtest.h>

#include <string>

namespace patchflow::testing {

// The folder of the named corpus ("uboot", "uboot-modern", "xen") next to the repository.
std::string corpus_dir(const std::string& name);

// "" when the corpus folder exists; else the message to skip or fail with.
std::string missing_corpus(const std::string& name);

// True when PATCHFLOW_REQUIRE_CORPUS=1 is set in the environment.
bool corpus_required();

}  // namespace patchflow::testing

// Skips the current test (or fails it under PATCHFLOW_REQUIRE_CORPUS=1) when the named corpus
// is absent. A macro because GTEST_SKIP must return from the test body itself.
#define PATCHFLOW_NEED_CORPUS(name)                                                    \
  do {                                                                                 \
    const std::string patchflow_missing_ = ::patchflow::testing::missing_corpus(name); \
    if (!patchflow_missing_.empty()) {                                                 \
      if (::patchflow::testing::corpus_required()) {                                   \
        FAIL() << patchflow_missing_ << " (PATCHFLOW_REQUIRE_CORPUS=1)";               \
      }                                                                                \
      GTEST_SKIP() << patchflow_missing_;                                              \
    }                                                                                  \
  } while (false)
