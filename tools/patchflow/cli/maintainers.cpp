#include <ctime>
#include <memory>
#include <vector>

#include "patchflow/cli/commands.hpp"
#include "patchflow/maintainers/request.hpp"

namespace patchflow::cli {

namespace {

using Arguments = std::vector<maintainers::Argument>;

// Records a get_maintainer.pl option word as given, for maintainers/arguments to read after the
// tree's .get_maintainer.conf (so the command line wins, as with the script).
void record(const std::shared_ptr<Arguments>& args, std::string word) {
  args->push_back(maintainers::Argument{std::move(word), {}});
}

// Adds --name and --noname (Getopt::Long's "name!").
void add_switch(CLI::App* cmd, const std::shared_ptr<Arguments>& args, const std::string& name,
                const std::string& help) {
  cmd->add_flag_callback("--" + name, [args, name] { record(args, "--" + name); }, help);
  cmd->add_flag_callback(
      "--no" + name, [args, name] { record(args, "--no" + name); }, "Negates --" + name);
}

// Adds --name VALUE.
void add_valued(CLI::App* cmd, const std::shared_ptr<Arguments>& args, const std::string& name,
                const std::string& help) {
  cmd->add_option_function<std::string>(
      "--" + name,
      [args, name](const std::string& value) { record(args, "--" + name + "=" + value); }, help);
}

}  // namespace

void add_maintainers_command(CLI::App& app, Session& session) {
  auto request = std::make_shared<maintainers::Request>();
  auto args = std::make_shared<Arguments>();
  auto* cmd = app.add_subcommand(
      "maintainers", "Who gets a patch: get_maintainer.pl --nogit --nogit-fallback, in-process");
  cmd->footer(
      "Examples:\n  patchflow maintainers 0001-xen-fix.patch\n  patchflow --repo demo/repo "
      "maintainers linux-2.6..xen/swiotlb\n  patchflow maintainers --maintainers MAINTAINERS "
      "--path drivers/xen/\n  patchflow maintainers --rules xen --maintainers MAINTAINERS "
      "0001-x86-fix.patch\n\nThe tree's .get_maintainer.conf and the policy's maintainers-options "
      "apply first;\nthe options given here win.");
  cmd->add_option("inputs", request->inputs, "Patch files, topics, revision ranges (a..b) or commits");
  cmd->add_option("--path", request->paths, "Files or directories of the tree (like -f)");
  cmd->add_option("--maintainers", request->maintainers,
                  "MAINTAINERS file or tree directory (default: the repository's, at --rev)");
  cmd->add_option("--rev", request->rev,
                  "Commit whose tree holds MAINTAINERS (default: the commit the series is based on)");
  cmd->add_option("--rules", request->rules,
                  "Whose get_maintainer.pl to follow: linux (also U-Boot) or xen "
                  "(default: the policy's maintainers-rules)");
  cmd->add_flag_callback(
      "--find-maintainer-files", [args] { record(args, "--find-maintainer-files"); },
      "Also read every file named MAINTAINERS below the top (U-Boot)");
  add_valued(cmd, args, "maintainer-path", "MAINTAINERS file or folder in the tree (\".\": the top)");
  add_valued(cmd, args, "pattern-depth", "Pattern depth (0: all)");
  cmd->add_flag_callback(
      "--no-keywords", [args] { record(args, "--nokeywords"); }, "Do not match K: on the patch");
  cmd->add_flag("--each", request->each, "One answer per patch (MAINTAINERS parsed once)");
  add_switch(cmd, args, "git", "Add recent authors and signers of the touched files");
  add_valued(cmd, args, "git-since", "--git window start: '6-months-ago', '@<epoch>'");
  add_valued(cmd, args, "git-min-percent", "--git: least share of the file's commits");
  add_valued(cmd, args, "git-max-maintainers", "--git: most people per file and kind");
  add_valued(cmd, args, "git-min-signatures", "--git: least signatures");
  cmd->add_option("--since", request->since,
                  "--git window start, epoch seconds "
                  "(default: a year before the newest commit)");
  // Xen's get_maintainer.pl switches (Linux's rules keep their fixed behaviour unless given).
  add_switch(cmd, args, "roles", "Print each address's role (xen: off by default)");
  add_switch(cmd, args, "rolestats", "Same as --roles (no git statistics)");
  add_switch(cmd, args, "m", "Include maintainers");
  add_switch(cmd, args, "r", "Include reviewers");
  add_switch(cmd, args, "l", "Include mailing lists");
  add_switch(cmd, args, "s", "Include subscriber-only lists");
  add_switch(cmd, args, "n", "Print names with addresses");
  add_switch(cmd, args, "email", "Print people's addresses (off: lists and --scm etc. only)");
  add_switch(cmd, args, "remove-duplicates",
             "One spelling per name or address (xen: off by default)");
  add_switch(cmd, args, "drop_the_rest_supporter",
             "xen: drop THE REST's supporters when a specific section covers the patch");
  add_switch(cmd, args, "multiline", "One entry per line");
  add_switch(cmd, args, "scm", "Also print the sections' T: trees");
  add_switch(cmd, args, "status", "Also print the sections' S: status");
  add_switch(cmd, args, "subsystem", "Also print the sections' names");
  add_switch(cmd, args, "web", "Also print the sections' W: pages");
  add_switch(cmd, args, "keywords", "Match K: on the patch");
  add_switch(cmd, args, "chief-penguins", "Keep (add) the penguin chiefs");
  add_valued(cmd, args, "separator",
             "Separator of entries on one line (implies --nomultiline unless \", \")");
  cmd->callback([request, args, &session] {
    request->stack = session.stack_if(false);
    request->arguments = *args;
    request->now = static_cast<std::int64_t>(std::time(nullptr));
    const maintainers::RepositoryProvider repository = [&session]() -> git_repository& {
      return session.repo();
    };
    if (request->each) {
      const auto results = maintainers::run_each(*request, repository);
      session.emit_product(maintainers::format_text(results), maintainers::to_json(results));
      return;
    }
    const maintainers::Result result = maintainers::run(*request, repository);
    session.emit_product(maintainers::format_text(result), maintainers::to_json(result));
  });
}

}  // namespace patchflow::cli
