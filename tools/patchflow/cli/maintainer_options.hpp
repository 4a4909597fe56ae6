#pragma once
// get_maintainer.pl's options on a subcommand's command line. The words are only recorded here;
// maintainers/arguments reads them (after the tree's .get_maintainer.conf and the policy's
// maintainers-options), so `maintainers`, `route` and `series` take the same options one way.
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>

#include "patchflow/maintainers/arguments.hpp"

namespace patchflow::cli {

using MaintainerArguments = std::vector<maintainers::Argument>;

enum class MaintainerOptions {
  recipients,  // who receives a patch: --git and its limits, --m/--r/--l/--s, --email,
               // --remove-duplicates, --keywords, --pattern-depth, --chief-penguins, the
               // MAINTAINERS files read (--find-maintainer-files, --maintainer-path), --mailmap
  printing,    // also how get_maintainer.pl prints: --roles, --n, --multiline, --separator,
               // --scm, --status, --subsystem, --web, --sections, --letters
};

// Adds the options of which to cmd; each one given appends its word(s) to *args.
void add_maintainer_options(CLI::App* cmd, const std::shared_ptr<MaintainerArguments>& args,
                            MaintainerOptions which);

}  // namespace patchflow::cli
