// The Debian package end to end: `cpack -G DEB` from the build tree, then, from the extracted
// package only (dpkg-deb -x into a scratch root), the binary, `git patchflow --help` and the
// man page work. Depends: must name the package of every shared library the binary loads, as
// dpkg itself (dpkg -S) attributes them: the referee is the system, not our CMake settings.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::cli {
namespace {

using testing::run_process;

std::string owning_package(const std::string& path);

// The sonames the binary itself links (its NEEDED entries; the rest come with their packages).
std::set<std::string> needed_sonames(const std::string& binary) {
  std::set<std::string> sonames;
  std::istringstream lines(run_process({"objdump", "-p", binary}).out);
  std::string word;
  while (lines >> word) {
    if (word == "NEEDED" && lines >> word) {
      sonames.insert(word);
    }
  }
  return sonames;
}

// The packages dpkg says own the shared libraries the binary links, e.g. "libgit2-1.5".
std::set<std::string> packages_of_loaded_libraries(const std::string& binary) {
  std::set<std::string> packages;
  const std::set<std::string> sonames = needed_sonames(binary);
  const auto ldd = run_process({"ldd", binary});
  std::istringstream lines(ldd.out);
  std::string line;
  while (std::getline(lines, line)) {
    const std::size_t arrow = line.find("=> /");
    if (arrow == std::string::npos) {
      continue;
    }
    const std::size_t name_start = line.find_first_not_of(" \t");
    if (sonames.count(line.substr(name_start, line.find(' ', name_start) - name_start)) == 0) {
      continue;
    }
    std::string path = line.substr(arrow + 3);
    packages.insert(owning_package(path.substr(0, path.find(' '))));
  }
  packages.erase("");
  return packages;
}

// The libraries loaded with dlopen while the binary reads a repository (libgit2 and
// what it needs come on first use), with their paths, as the dynamic loader reports them
// (LD_DEBUG=files): "file=libgit2.so.1.5 [0];  dynamically loaded by .../patchflow [0]", then
// "calling init: /usr/lib/x86_64-linux-gnu/libgit2.so.1.5".
std::set<std::string> paths_loaded_on_first_use(const std::string& binary) {
  testing::TempRepo repo;
  repo.commit("initial", {{"README", "hello\n"}});
  const auto run = run_process({binary, "--repo", repo.path(), "range-diff", "HEAD", "HEAD"}, ".",
                               {{"LD_DEBUG", "files"}});
  std::set<std::string> sonames;
  std::vector<std::string> initialised;
  std::istringstream lines(run.err);
  std::string line;
  while (std::getline(lines, line)) {
    // dlopen'd by the binary, or on its behalf (a sanitizer runtime intercepts dlopen and is
    // then named as the one that loaded it)
    const std::size_t file = line.find("file=");
    if (file != std::string::npos && line.find("dynamically loaded by ") != std::string::npos) {
      sonames.insert(line.substr(file + 5, line.find(' ', file) - file - 5));
    }
    const std::size_t init = line.find("calling init: ");
    if (init != std::string::npos) {
      initialised.push_back(line.substr(init + 14));
    }
  }
  std::set<std::string> paths;
  for (const std::string& path : initialised) {
    if (sonames.count(std::filesystem::path(path).filename().string()) != 0) {
      paths.insert(path);
    }
  }
  return paths;
}

// The Debian package that owns a shared library file, as dpkg -S says ("" when none does).
std::string owning_package(const std::string& path) {
  // merged /usr: dpkg may know the file under /lib or /usr/lib; ask for both spellings
  std::vector<std::string> spellings{path};
  if (path.rfind("/usr/", 0) == 0) {
    spellings.push_back(path.substr(4));
  } else {
    spellings.push_back("/usr" + path);
  }
  for (const std::string& p : spellings) {
    const auto owner = run_process({"dpkg", "-S", p});
    if (owner.exit_code == 0) {
      return owner.out.substr(0, owner.out.find(':'));
    }
  }
  return "";
}

TEST(DebPackageTest, LibgitIsLoadedOnFirstUseAndTheBinaryStillRuns) {
  // version reads no repository: it must not load libgit2 (LD_DEBUG lists every object loaded)
  const auto version = run_process({PATCHFLOW_BINARY, "version"}, ".", {{"LD_DEBUG", "files"}});
  ASSERT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(version.err.find("libgit2"), std::string::npos) << version.err;
  const std::set<std::string> loaded = paths_loaded_on_first_use(PATCHFLOW_BINARY);
  bool libgit2 = false;
  for (const std::string& path : loaded) {
    libgit2 = libgit2 || path.find("libgit2") != std::string::npos;
  }
  EXPECT_TRUE(libgit2) << "no libgit2 among the libraries loaded on first use";
}

TEST(DebPackageTest, PackageInstallsAWorkingToolWithComputedDepends) {
  testing::TempDir out;
  const auto pack =
      run_process({"cpack", "-G", "DEB", "--config",
                   std::string(PATCHFLOW_BUILD_DIR) + "/CPackConfig.cmake", "-B", out.path()},
                  PATCHFLOW_BUILD_DIR);
  ASSERT_EQ(pack.exit_code, 0) << pack.out << pack.err;
  std::string deb;
  for (const auto& entry : std::filesystem::directory_iterator(out.path())) {
    if (entry.path().extension() == ".deb") {
      deb = entry.path().string();
    }
  }
  ASSERT_FALSE(deb.empty()) << pack.out;
  EXPECT_EQ(std::filesystem::path(deb).filename().string().rfind("patchflow_", 0), 0u) << deb;

  const auto depends = run_process({"dpkg-deb", "-f", deb, "Depends"});
  ASSERT_EQ(depends.exit_code, 0) << depends.err;
  std::set<std::string> needed = packages_of_loaded_libraries(PATCHFLOW_BINARY);
  for (const std::string& path : paths_loaded_on_first_use(PATCHFLOW_BINARY)) {
    needed.insert(owning_package(path));
  }
  needed.erase("");
  ASSERT_FALSE(needed.empty()) << "ldd/dpkg -S found no owning package for any library";
  for (const std::string& package : needed) {
    EXPECT_NE(depends.out.find(package), std::string::npos)
        << "Depends: " << depends.out << " lacks " << package;
  }

  testing::TempDir root;
  const auto extract = run_process({"dpkg-deb", "-x", deb, root.path()});
  ASSERT_EQ(extract.exit_code, 0) << extract.err;
  const std::string bin = root.path() + "/usr/bin";
  const auto version = run_process({bin + "/patchflow", "version"});
  EXPECT_EQ(version.exit_code, 0) << version.err;
  EXPECT_NE(version.out.find("patchflow"), std::string::npos) << version.out;

  // `git patchflow --help` is git's `git help patchflow`: it finds git-patchflow on PATH and
  // shows the git-patchflow(1) page through man, so this also proves the page's install path.
  const std::map<std::string, std::string> env{{"PATH", bin + ":/usr/local/bin:/usr/bin:/bin"},
                                               {"MANPATH", root.path() + "/usr/share/man"},
                                               {"MANPAGER", "cat"},
                                               {"PAGER", "cat"},
                                               {"MANWIDTH", "100"}};
  const auto git_help = run_process({"git", "patchflow", "--help"}, ".", env);
  EXPECT_EQ(git_help.exit_code, 0) << git_help.out << git_help.err;
  EXPECT_NE(git_help.out.find("patchflow"), std::string::npos) << git_help.out << git_help.err;

  const auto man =
      run_process({"man", "-l", root.path() + "/usr/share/man/man1/patchflow.1"}, ".", env);
  EXPECT_EQ(man.exit_code, 0) << man.err;
  EXPECT_NE(man.out.find("compose"), std::string::npos) << man.out;
  EXPECT_TRUE(
      std::filesystem::exists(root.path() + "/usr/share/bash-completion/completions/patchflow"));
  EXPECT_TRUE(std::filesystem::exists(root.path() + "/usr/share/zsh/site-functions/_patchflow"));
}

}  // namespace
}  // namespace patchflow::cli
