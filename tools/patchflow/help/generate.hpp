#pragma once
// Shell completion scripts and the man page, generated from the declared command line.
#include <string>

#include "patchflow/help/app_spec.hpp"

namespace patchflow::help {

// A bash script defining _patchflow and registering it for the program and git-<program>
// (`git patchflow`); options complete per command, option values from their choices or as
// files, and positionals as branch names and files.
std::string bash_completion(const AppSpec& app);
// A zsh completion function file (#compdef), for $fpath.
std::string zsh_completion(const AppSpec& app);
// patchflow(1) in man(7) roff: synopsis, global options, every command with its options and
// examples, exit status and environment.
std::string man_page(const AppSpec& app);

}  // namespace patchflow::help
