// Property (issue 11): for random small topics with a recorded resolution, every line a topic
// adds outside the conflict is in the merge branch, and the merge branch has exactly the tree
// git gets with `git merge` in a work tree plus the same resolution applied to its markers.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "patchflow/compose/compose.hpp"
#include "patchflow/compose/record.hpp"
#include "patchflow/config/loader.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "support/temp_repo.hpp"

namespace patchflow {
namespace {

using testing::TempDir;
using testing::TempRepo;

using Lines = std::vector<std::string>;

std::string join_lines(const Lines& lines) {
  std::string out;
  for (const std::string& line : lines) {
    out += line + "\n";
  }
  return out;
}

// The work-tree file git leaves after a conflicted merge, cut at its 7-character markers:
// clean text and (ours, theirs) per region. Written here independently of patchflow's parser.
struct Markers {
  std::vector<std::string> clean{""};
  std::vector<std::pair<std::string, std::string>> regions;
};

Markers parse_markers(const std::string& text) {
  Markers m;
  int part = 0;  // 0 clean, 1 ours, 2 theirs
  for (const std::string& line : text::split(text, '\n')) {
    if (line.rfind("<<<<<<< ", 0) == 0) {
      m.regions.emplace_back();
      part = 1;
    } else if (part == 1 && line == "=======") {
      part = 2;
    } else if (part == 2 && line.rfind(">>>>>>> ", 0) == 0) {
      m.clean.emplace_back();
      part = 0;
    } else if (part == 0) {
      m.clean.back() += line + "\n";
    } else {
      (part == 1 ? m.regions.back().first : m.regions.back().second) += line + "\n";
    }
  }
  // split() gives an empty piece after the final newline.
  if (!m.clean.back().empty() && text.back() == '\n') {
    m.clean.back().pop_back();
  }
  return m;
}

struct RewriteCase {
  Lines base;
  std::vector<std::pair<int, int>> regions;  // [first, last] base lines both topics rewrite
};

TEST(ResolutionPropertyTest, CleanChangesOfBothTopicsSurviveAndGitAgrees) {
  std::mt19937 random(20261205);
  const int k_cases = 50;
  for (int n = 0; n < k_cases; ++n) {
    SCOPED_TRACE("case " + std::to_string(n));
    auto pick = [&](int low, int high) {
      return std::uniform_int_distribution<int>(low, high)(random);
    };
    // The base file, and one or two regions that both topics rewrite, far apart.
    const int size = pick(20, 40);
    Lines base;
    for (int i = 0; i < size; ++i) {
      base.push_back("base " + std::to_string(n) + "." + std::to_string(i));
    }
    std::vector<std::pair<int, int>> regions;
    const int first = pick(4, size / 2 - 4);
    regions.emplace_back(first, first + pick(0, 2));
    if (pick(0, 1) == 1) {
      const int second = pick(size / 2 + 2, size - 5);
      regions.emplace_back(second, second + pick(0, 2));
    }
    auto near_region = [&](int line) {
      for (const auto& [from, to] : regions) {
        if (line >= from - 4 && line <= to + 4) {
          return true;
        }
      }
      return false;
    };
    // A topic's version of the file: regions rewritten, then insertions after base lines
    // (-1: at the top) and replaced lines, all away from the regions.
    auto version = [&](const std::string& who, int round, const std::map<int, Lines>& inserted,
                       const std::set<int>& replaced) {
      Lines out;
      auto insert_after = [&](int line) {
        if (const auto found = inserted.find(line); found != inserted.end()) {
          out.insert(out.end(), found->second.begin(), found->second.end());
        }
      };
      insert_after(-1);
      for (int i = 0; i < size; ++i) {
        bool in_region = false;
        for (std::size_t r = 0; r < regions.size(); ++r) {
          if (i == regions[r].first) {
            const int count = pick(1, 3);
            for (int k = 0; k < count; ++k) {
              out.push_back(who + " region " + std::to_string(r) + " line " + std::to_string(k));
            }
          }
          in_region = in_region || (i >= regions[r].first && i <= regions[r].second);
        }
        if (!in_region) {
          out.push_back(replaced.count(i)
                            ? who + " replaces " + std::to_string(i) + " r" + std::to_string(round)
                            : base[static_cast<std::size_t>(i)]);
        }
        insert_after(i);
      }
      return out;
    };
    std::vector<int> free_lines{-1};
    for (int i = 0; i < size; ++i) {
      if (!near_region(i)) {
        free_lines.push_back(i);
      }
    }
    // Clean changes: which topic gets which free line, so the two never touch the same spot.
    std::shuffle(free_lines.begin(), free_lines.end(), random);
    std::map<int, Lines> a_inserts, c_inserts;
    std::set<int> a_replaced, c_replaced;
    std::vector<std::string> added;  // every line a topic adds outside the conflict
    for (std::size_t i = 0; i < free_lines.size() && i < 8; ++i) {
      const int line = free_lines[i];
      // Neighbouring spots would make one hunk of both sides' changes: keep them apart.
      bool clash = false;
      for (std::size_t j = 0; j < i; ++j) {
        clash = clash || std::abs(free_lines[j] - line) < 3;
      }
      if (clash) {
        continue;
      }
      const bool to_a = i % 2 == 0;
      const std::string who = to_a ? "a" : "c";
      if (line >= 0 && pick(0, 2) == 0) {
        (to_a ? a_replaced : c_replaced).insert(line);
        added.push_back(who + " replaces " + std::to_string(line) + " r1");
      } else {
        const std::string text = who + " adds after " + std::to_string(line);
        (to_a ? a_inserts : c_inserts)[line].push_back(text);
        added.push_back(text);
      }
    }

    TempRepo r;
    TempDir dir;
    const git::Oid root = r.commit("init", {{"f.c", join_lines(base)}, {"README", "r\n"}});
    r.branch("master", root);
    std::mt19937 saved = random;  // both rounds of a topic rewrite its regions the same way
    const std::string a1 = join_lines(version("a", 0, {}, {}));
    const std::mt19937 after_a = random;
    random = saved;
    const std::string a2 = join_lines(version("a", 1, a_inserts, a_replaced));
    random = after_a;
    saved = random;
    const std::string c1 = join_lines(version("c", 0, {}, {}));
    const std::mt19937 after_c = random;
    random = saved;
    const std::string c2 = join_lines(version("c", 1, c_inserts, c_replaced));
    random = after_c;
    const git::Oid a_first = r.commit("a: regions", {{"f.c", a1}, {"a.txt", "a\n"}}, {root});
    const git::Oid c_first = r.commit("c: regions", {{"f.c", c1}}, {root});
    r.branch("xen/a", a_first);
    r.branch("xen/c", c_first);
    dir.write("stack/stack.yaml", "name: t\ncomponents:\n  - name: linux\n    mainline: master\n");
    dir.write("topics/xen-a.yaml", "name: xen/a\ncomponent: linux\n");
    dir.write("topics/xen-c.yaml", "name: xen/c\ncomponent: linux\n");
    dir.write("merge-branches/xen-master.yaml",
              "name: xen/master\ncomponent: linux\nbase: master\ntopics: [xen/a, xen/c]\n");

    // Resolve the conflict as a user would: in git's work tree, a random choice per region.
    r.git({"checkout", "-q", "-f", "-B", "referee", "master"});
    r.git({"merge", "-q", "--no-ff", "--no-edit", "xen/a"});
    EXPECT_ANY_THROW(r.git({"merge", "-q", "--no-ff", "--no-edit", "xen/c"}));
    const Markers conflict = parse_markers(text::read_file(r.path() + "/f.c"));
    ASSERT_EQ(conflict.regions.size(), regions.size());
    std::map<std::pair<std::string, std::string>, std::string> resolution;
    std::string resolved = conflict.clean[0];
    for (std::size_t i = 0; i < conflict.regions.size(); ++i) {
      const auto& [ours, theirs] = conflict.regions[i];
      const int choice = pick(0, 4);
      const std::string text = choice == 0   ? ours
                               : choice == 1 ? theirs
                               : choice == 2 ? ours + theirs
                               : choice == 3 ? theirs + ours
                                             : "resolved " + std::to_string(i) + "\n";
      resolution[conflict.regions[i]] = text;
      resolved += text + conflict.clean[i + 1];
    }
    r.git({"merge", "--abort"});
    config::StackConfig stack = config::load_stack(dir.path());
    compose::record_resolution(r.repo(), stack, {.merge_branch = "xen/master"}, "xen/c", "f.c",
                               resolved);

    // Both topics move on with clean changes; compose with the recorded resolution.
    r.branch("xen/a", r.commit("a: more", {{"f.c", a2}, {"a.txt", "a2\n"}}, {a_first}));
    r.branch("xen/c", r.commit("c: more", {{"f.c", c2}}, {c_first}));
    stack = config::load_stack(dir.path());
    const compose::ComposeResult result =
        compose::run(r.repo(), stack, {.merge_branch = "xen/master"});
    ASSERT_TRUE(result.ok()) << result.error;
    const std::string merged = *r.read(*result.new_tip, "f.c");
    for (const std::string& line : added) {
      EXPECT_NE(merged.find(line + "\n"), std::string::npos) << line << " lost:\n" << merged;
    }

    // The referee: git merges in a work tree, the same resolution replaces each region.
    r.git({"checkout", "-q", "-f", "-B", "referee", "master"});
    r.git({"merge", "-q", "--no-ff", "--no-edit", "xen/a"});
    EXPECT_ANY_THROW(r.git({"merge", "-q", "--no-ff", "--no-edit", "xen/c"}));
    const Markers again = parse_markers(text::read_file(r.path() + "/f.c"));
    std::string by_git = again.clean[0];
    for (std::size_t i = 0; i < again.regions.size(); ++i) {
      const auto found = resolution.find(again.regions[i]);
      ASSERT_NE(found, resolution.end()) << "git's conflict " << i << " changed";
      by_git += found->second + again.clean[i + 1];
    }
    text::write_file_atomically(r.path() + "/f.c", by_git);
    r.git({"add", "f.c"});
    r.git({"commit", "-q", "--no-edit"});
    EXPECT_EQ(r.git({"rev-parse", "HEAD^{tree}"}),
              git::commit_tree_id(*git::lookup_commit(r.repo(), *result.new_tip)).hex() + "\n");
  }
}

}  // namespace
}  // namespace patchflow
