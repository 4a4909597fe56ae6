// Times compose on a repository: `compose_bench <repo> <mainline> <topic-prefix> [runs]`
// composes every refs/heads/<topic-prefix>* onto <mainline> into fresh merge branches (no reuse)
// with the fast path, then with libgit2's full merge only, and prints both in milliseconds.
#include <chrono>
#include <iostream>

#include "patchflow/compose/compose.hpp"
#include "patchflow/git/repository.hpp"

using namespace patchflow;

namespace {

double compose_ms(git_repository& repo, config::StackConfig& stack, const std::string& name,
                  bool full_only, git::Oid* tip) {
  stack.merge_branches.back().name = name;
  const auto start = std::chrono::steady_clock::now();
  const compose::ComposeResult result =
      compose::run(repo, stack, {.merge_branch = name, .full_merge_only = full_only});
  const auto stop = std::chrono::steady_clock::now();
  compose::throw_if_failed(result);
  *tip = *result.new_tip;
  return std::chrono::duration<double, std::milli>(stop - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: compose_bench <repo> <mainline> <topic-prefix>\n";
    return 2;
  }
  git::Library library;
  try {
    git::Repository repo = git::open_repository(argv[1]);
    config::StackConfig stack;
    stack.root = argv[1];
    stack.stack.components.push_back(config::Component{.name = "c", .mainline = argv[2]});
    config::MergeBranch def{.base = argv[2], .component = "c"};
    const std::string prefix = std::string("refs/heads/") + argv[3];
    for (const std::string& ref : git::list_refs(*repo, prefix)) {
      const std::string name = ref.substr(std::string("refs/heads/").size());
      def.topics.push_back(name);
      stack.topics.push_back(config::Topic{.name = name, .component = "c", .branch = name});
    }
    stack.merge_branches.push_back(def);
    const std::string stamp =
        std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
    git::Oid fast_tip, full_tip, again_tip;
    const double fast = compose_ms(*repo, stack, "bench/fast-" + stamp, false, &fast_tip);
    // Once more from scratch with warm object caches (the first run also pays for opening packs).
    const double warm = compose_ms(*repo, stack, "bench/warm-" + stamp, false, &again_tip);
    const double full = compose_ms(*repo, stack, "bench/full-" + stamp, true, &full_tip);
    // Re-compose of an existing, unchanged merge branch: everything reused.
    const double again = compose_ms(*repo, stack, "bench/fast-" + stamp, false, &again_tip);
    const auto tree = [&](const git::Oid& c) {
      return git::commit_tree_id(*git::lookup_commit(*repo, c));
    };
    const bool same_tree = tree(fast_tip) == tree(full_tip);
    std::cout << "topics " << def.topics.size() << "\n"
              << "fast_ms " << fast << "\n"
              << "fast_warm_ms " << warm << "\n"
              << "full_ms " << full << "\n"
              << "recompose_ms " << again << "\n"
              << "same_tree " << (same_tree ? "yes" : "NO") << "\n"
              << "fast_branch bench/fast-" << stamp << "\n";
    return same_tree ? 0 : 1;
  } catch (const Error& e) {
    std::cerr << e.describe() << "\n";
    return static_cast<int>(e.exit_code());
  }
}
