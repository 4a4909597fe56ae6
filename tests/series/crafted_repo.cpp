#include "series/crafted_repo.hpp"

#include <stdexcept>

#include "patchflow/git/repository.hpp"
#include "support/process.hpp"

namespace patchflow::testing {
namespace {

const std::map<std::string, std::string> k_env = {
    {"GIT_AUTHOR_DATE", "2009-11-19T10:00:00+0100"},
    {"GIT_COMMITTER_DATE", "2009-11-19T10:00:00+0100"},
    {"GIT_AUTHOR_NAME", "C Ommitter"},
    {"GIT_AUTHOR_EMAIL", "c@example.com"},
    {"GIT_COMMITTER_NAME", "C Ommitter"},
    {"GIT_COMMITTER_EMAIL", "c@example.com"}};

constexpr const char* k_script = R"SH(set -e
git init -q .
git config user.name "C Ommitter"; git config user.email c@example.com
printf 'a\n' > a.txt; seq 1 40 > moved.txt; printf 'keep\n' > gone.txt; printf '#!/bin/sh\n' > run.sh
git add .; git commit -qm init; git branch base
echo b >> a.txt; git commit -qam "no body"
printf 'x\0y' > bin.dat; git add .
GIT_AUTHOR_NAME="Jöhn Dœ" git commit -qm "add binary with a very long subject line that goes on and on past the limit of seventy-eight columns" -m "Body with ünïcode."
mkdir dir; git mv moved.txt dir/renamed.txt; echo 41 >> dir/renamed.txt; git add .; git commit -qm "rename with edit"
chmod +x run.sh; git rm -q gone.txt; git add .; git commit -qm "mode change and delete"
d=drivers/xen/some/deeply/nested/directory/with/a/very/long/path; mkdir -p $d; seq 1 200 > $d/file_with_long_name.c
printf 'no newline' > nonl.txt; git add .
GIT_AUTHOR_NAME="Andrew F. Davis" git commit -qm "long names" -m "   indented body   " -m "" -m "trailing spaces   "
printf 'x\0yz\1\2\3' > bin.dat; printf 'no newline\nnow' > nonl.txt; git commit -qam "binary modify"
python3 -c "import random; random.seed(1); open('blob.bin','wb').write(bytes(random.randrange(256) for _ in range(5000)))"
printf 'a_function_with_an_extremely_long_name_that_goes_well_past_eighty_columns_of_text(int x)\n{\n' > fn.c; seq 1 20 >> fn.c
echo x > "with space.txt"; echo y > "ünï.txt"; git add .; git commit -qm "add stuff"
python3 -c "d=bytearray(open('blob.bin','rb').read()); d[2500:2510]=b'0123456789'; open('blob.bin','wb').write(bytes(d))"
sed -i 's/^15$/fifteen/' fn.c; echo z >> "with space.txt"; echo q >> "ünï.txt"; git commit -qam "modify stuff"
seq 1 60 | sed 's/$/ line of text that is long enough/' > big.c; git add .; git commit -qm "big file"
seq 1 60 | sed 's/$/ line of text that is long enough/' | sed 's/^1/X/' > big.c; git commit -qam "edit big"
)SH";

}  // namespace

CraftedRepo::CraftedRepo() {
  std::map<std::string, std::string> env = k_env;
  env["GIT_CONFIG_NOSYSTEM"] = "1";
  env["GIT_CONFIG_GLOBAL"] = "/dev/null";
  const ProcessResult r = run_process({"sh", "-c", k_script}, m_dir.path(), env);
  if (r.exit_code != 0) {
    throw std::runtime_error("crafted repository script failed: " + r.err);
  }
  m_repo = git::open_repository(m_dir.path());
}

std::string CraftedRepo::git(const std::vector<std::string>& args) {
  return run_git(args, path(), k_env);
}

git::Oid CraftedRepo::rev(const std::string& revision) {
  return git::resolve_commit(*m_repo, revision);
}

}  // namespace patchflow::testing
