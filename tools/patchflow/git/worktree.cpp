#include "patchflow/git/worktree.hpp"

namespace patchflow::git {

void set_head(git_repository& repo, const std::string& ref_name) {
  check(git_repository_set_head(&repo, ref_name.c_str()), "cannot point HEAD at",
        Where{.ref = ref_name});
}

void force_checkout_head(git_repository& repo) {
  git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
  options.checkout_strategy = GIT_CHECKOUT_FORCE;
  check(git_checkout_head(&repo, &options), "cannot check out", Where{.ref = "HEAD"});
}

}  // namespace patchflow::git
