#include <map>
#include <memory>
#include <optional>

#include "patchflow/cli/commands.hpp"
#include "patchflow/maintainers/request.hpp"

namespace patchflow::cli {

namespace {

// get_maintainer.pl's switches as given on the command line; unset ones keep the defaults of the
// chosen rules (Xen's script prints no roles, Linux's does), so they apply after --rules.
struct Switches {
  std::string rules = "linux";
  std::map<std::string, bool> flags;  // "roles" -> true for --roles, false for --noroles
  std::optional<std::string> separator;
  std::optional<int> pattern_depth;
};

// Adds --name and --noname (Getopt::Long's "name!"), recorded in switches.flags.
void add_switch(CLI::App* cmd, const std::shared_ptr<Switches>& switches, const std::string& name,
                const std::string& help) {
  cmd->add_flag_callback(
      "--" + name, [switches, name] { switches->flags[name] = true; }, help);
  cmd->add_flag_callback(
      "--no" + name, [switches, name] { switches->flags[name] = false; }, "Negates --" + name);
}

maintainers::Options options_for(const Switches& switches, const maintainers::Options& base) {
  const auto rules = maintainers::parse_rules(switches.rules);
  if (!rules) {
    throw_usage("--rules: unknown rules '" + switches.rules + "' (linux or xen)");
  }
  maintainers::Options options = maintainers::default_options(*rules);
  options.keywords = base.keywords;
  auto set = [&](const char* name, bool& field) {
    const auto it = switches.flags.find(name);
    if (it != switches.flags.end()) {
      field = it->second;
    }
  };
  set("roles", options.roles);
  set("rolestats", options.roles);  // no history: the statistics are the roles
  set("m", options.maintainers);
  set("r", options.reviewers);
  set("l", options.lists);
  set("s", options.subscriber_lists);
  set("n", options.use_name);
  set("email", options.email);
  set("remove-duplicates", options.remove_duplicates);
  set("drop_the_rest_supporter", options.drop_the_rest);
  set("multiline", options.multiline);
  set("scm", options.scm);
  set("status", options.status);
  set("subsystem", options.subsystem);
  set("web", options.web);
  set("keywords", options.keywords);
  set("chief-penguins", options.chief_penguins);
  if (switches.separator) {
    options.separator = *switches.separator;
  }
  if (switches.pattern_depth) {
    options.pattern_depth = *switches.pattern_depth;
  }
  if (!options.email && !options.lists && !options.scm && !options.status && !options.subsystem &&
      !options.web) {
    throw_usage("nothing to print: --noemail needs --l, --scm, --status, --subsystem or --web");
  }
  return options;
}

}  // namespace

void add_maintainers_command(CLI::App& app, Session& session) {
  auto request = std::make_shared<maintainers::Request>();
  auto switches = std::make_shared<Switches>();
  auto* cmd = app.add_subcommand(
      "maintainers", "Who gets a patch: get_maintainer.pl --nogit --nogit-fallback, in-process");
  cmd->footer(
      "Examples:\n  patchflow maintainers 0001-xen-fix.patch\n  patchflow --repo demo/repo "
      "maintainers linux-2.6..xen/swiotlb\n  patchflow maintainers --maintainers MAINTAINERS "
      "--path drivers/xen/\n  patchflow maintainers --rules xen --maintainers MAINTAINERS "
      "0001-x86-fix.patch");
  cmd->add_option("inputs", request->inputs, "Patch files, topics, revision ranges (a..b) or commits");
  cmd->add_option("--path", request->paths, "Files or directories of the tree (like -f)");
  cmd->add_option("--maintainers", request->maintainers,
                  "MAINTAINERS file or tree directory (default: the repository's, at --rev)");
  cmd->add_option("--rev", request->rev, "Commit whose tree holds MAINTAINERS (default: tip)");
  cmd->add_option("--rules", switches->rules,
                  "Whose get_maintainer.pl to follow: linux (also U-Boot) or xen");
  cmd->add_flag("--find-maintainer-files", request->find_maintainer_files,
                "Also read every file named MAINTAINERS below the top (U-Boot)");
  cmd->add_option("--pattern-depth", switches->pattern_depth, "Pattern depth (0: all)");
  cmd->add_flag("!--no-keywords", request->options.keywords, "Do not match K: on the patch");
  cmd->add_flag("--each", request->each, "One answer per patch (MAINTAINERS parsed once)");
  cmd->add_flag("--git", request->git, "Add recent authors and signers of the touched files");
  cmd->add_option("--since", request->history.since,
                  "--git window start, epoch seconds "
                  "(default: a year before the newest commit)");
  // Xen's get_maintainer.pl switches (Linux's rules keep their fixed behaviour unless given).
  add_switch(cmd, switches, "roles", "Print each address's role (xen: off by default)");
  add_switch(cmd, switches, "rolestats", "Same as --roles (no git statistics)");
  add_switch(cmd, switches, "m", "Include maintainers");
  add_switch(cmd, switches, "r", "Include reviewers");
  add_switch(cmd, switches, "l", "Include mailing lists");
  add_switch(cmd, switches, "s", "Include subscriber-only lists");
  add_switch(cmd, switches, "n", "Print names with addresses");
  add_switch(cmd, switches, "email", "Print people's addresses (off: lists and --scm etc. only)");
  add_switch(cmd, switches, "remove-duplicates",
             "One spelling per name or address (xen: off by default)");
  add_switch(cmd, switches, "drop_the_rest_supporter",
             "xen: drop THE REST's supporters when a specific section covers the patch");
  add_switch(cmd, switches, "multiline", "One entry per line");
  add_switch(cmd, switches, "scm", "Also print the sections' T: trees");
  add_switch(cmd, switches, "status", "Also print the sections' S: status");
  add_switch(cmd, switches, "subsystem", "Also print the sections' names");
  add_switch(cmd, switches, "web", "Also print the sections' W: pages");
  add_switch(cmd, switches, "keywords", "Match K: on the patch");
  add_switch(cmd, switches, "chief-penguins", "Keep (add) the penguin chiefs");
  cmd->add_option("--separator", switches->separator,
                  "Separator of entries on one line (implies --nomultiline unless \", \")");
  cmd->callback([request, switches, &session] {
    request->stack = session.stack_if(false);
    request->options = options_for(*switches, request->options);
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
