#include "patchflow/cli/maintainer_options.hpp"

#include <string>

namespace patchflow::cli {

namespace {

void record(const std::shared_ptr<MaintainerArguments>& args, std::string word) {
  args->push_back(maintainers::Argument{std::move(word), {}});
}

// Adds --name and --noname (Getopt::Long's "name!").
void add_switch(CLI::App* cmd, const std::shared_ptr<MaintainerArguments>& args,
                const std::string& name, const std::string& help) {
  cmd->add_flag_callback(
      "--" + name, [args, name] { record(args, "--" + name); }, help);
  cmd->add_flag_callback(
      "--no" + name, [args, name] { record(args, "--no" + name); }, "Negates --" + name);
}

// Adds --name VALUE.
void add_valued(CLI::App* cmd, const std::shared_ptr<MaintainerArguments>& args,
                const std::string& name, const std::string& help) {
  cmd->add_option_function<std::string>(
      "--" + name,
      [args, name](const std::string& value) { record(args, "--" + name + "=" + value); }, help);
}

}  // namespace

void add_maintainer_options(CLI::App* cmd, const std::shared_ptr<MaintainerArguments>& args,
                            MaintainerOptions which) {
  cmd->add_flag_callback(
      "--find-maintainer-files", [args] { record(args, "--find-maintainer-files"); },
      "Also read every file named MAINTAINERS below the top (U-Boot)");
  add_valued(cmd, args, "maintainer-path",
             "MAINTAINERS file or folder in the tree (\".\": the top)");
  add_valued(cmd, args, "pattern-depth", "Pattern depth (0: all)");
  cmd->add_flag_callback(
      "--no-keywords", [args] { record(args, "--nokeywords"); }, "Do not match K: on the patch");
  add_switch(cmd, args, "git", "Add recent authors and signers of the touched files");
  add_switch(cmd, args, "git-fallback",
             "Refused (exit 2): patchflow does not fall back to history; give --git");
  add_valued(cmd, args, "git-since", "--git window start: '6-months-ago', '@<epoch>'");
  add_valued(cmd, args, "git-min-percent", "--git: least share of the file's commits");
  add_valued(cmd, args, "git-max-maintainers", "--git: most people per file and kind");
  add_valued(cmd, args, "git-min-signatures", "--git: least signatures");
  add_switch(cmd, args, "m", "Include maintainers");
  add_switch(cmd, args, "r", "Include reviewers");
  add_switch(cmd, args, "l", "Include mailing lists");
  add_switch(cmd, args, "s", "Include subscriber-only lists");
  add_switch(cmd, args, "email", "Include people's addresses (off: lists only)");
  add_switch(cmd, args, "remove-duplicates",
             "One spelling per name or address (xen: off by default)");
  add_switch(cmd, args, "drop_the_rest_supporter",
             "xen: drop THE REST's supporters when a specific section covers the patch");
  add_switch(cmd, args, "keywords", "Match K: on the patch");
  add_switch(cmd, args, "chief-penguins", "Keep (add) the penguin chiefs");
  add_switch(cmd, args, "mailmap", "Map names and addresses through the tree's .mailmap");
  if (which != MaintainerOptions::printing) {
    return;
  }
  add_switch(cmd, args, "roles", "Print each address's role (xen: off by default)");
  add_switch(cmd, args, "rolestats", "Same as --roles (no git statistics)");
  add_switch(cmd, args, "n", "Print names with addresses");
  add_switch(cmd, args, "multiline", "One entry per line");
  add_switch(cmd, args, "scm", "Also print the sections' T: trees");
  add_switch(cmd, args, "status", "Also print the sections' S: status");
  add_switch(cmd, args, "subsystem", "Also print the sections' names");
  add_switch(cmd, args, "web", "Also print the sections' W: pages");
  add_switch(cmd, args, "sections", "Print the matching MAINTAINERS sections instead of addresses");
  add_valued(cmd, args, "letters",
             "Like --sections, keeping only entries of these types, e.g. MR (linux rules)");
  add_valued(cmd, args, "separator",
             "Separator of entries on one line (implies --nomultiline unless \", \")");
}

}  // namespace patchflow::cli
