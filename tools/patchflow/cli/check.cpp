// patchflow check: what a maintainer would bounce, before mailing.
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "patchflow/check/request.hpp"
#include "patchflow/check/sarif.hpp"
#include "patchflow/check/terse.hpp"
#include "patchflow/cli/commands.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::cli {
namespace {

struct OutputArgs {
  std::string sarif, category, shard;
  bool terse = false;
  bool show_types = false;
};

// checkpatch.pl's options for the built-in engine, as its own command line spells them; they
// apply after the tree's .checkpatch.conf.
void add_checkpatch_options(CLI::App* cmd, std::vector<std::string>& args) {
  cmd->add_flag_callback(
      "--strict", [&args] { args.push_back("--strict"); }, "checkpatch: CHECK-level rules too");
  cmd->add_flag_callback(
      "--u-boot", [&args] { args.push_back("--u-boot"); }, "checkpatch: the U-Boot-only rules");
  cmd->add_flag_callback(
      "--no-tree", [&args] { args.push_back("--no-tree"); },
      "checkpatch: no kernel tree checks (the default)");
  for (const char* name : {"--ignore", "--types", "--max-line-length", "--min-conf-desc-length"}) {
    cmd->add_option_function<std::string>(
        name,
        [&args, name](const std::string& value) {
          args.insert(args.end(), {name, value});
        },
        std::string("checkpatch's ") + name);
  }
}

}  // namespace

void add_check_command(CLI::App& app, Session& session) {
  auto request = std::make_shared<check::Request>();
  auto out = std::make_shared<OutputArgs>();
  auto* cmd = app.add_subcommand("check", "Check patches, a revision range or a topic");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo check xen/dom0/core\n  patchflow --repo demo/repo "
      "check linux-2.6..xen/swiotlb --build -j 2\n  patchflow check out/*.patch");
  cmd->add_option("input", request->inputs, "mbox/.patch files, A..B, or a topic name")->required();
  cmd->add_option("--mainline", request->mainline,
                  "Mainline ref for series checks (ranges and mails)");
  cmd->add_option("--component", request->component, "Use this component's policy");
  cmd->add_option("--maintainers", request->maintainers,
                  "MAINTAINERS file or tree directory (default: the repository's at the tip)");
  cmd->add_option("--rules", request->rules,
                  "get_maintainer rules: linux or xen (default: the policy's maintainers-rules)");
  cmd->add_option("--sender", request->sender,
                  "Mails: whose Signed-off-by comes last (default: each mail's From)");
  cmd->add_flag("--build", request->build, "Run the policy's build command on every commit");
  cmd->add_option("-j,--jobs", request->jobs, "Parallel jobs")->check(CLI::Range(1, 64));
  request->cache = true;
  cmd->add_flag_callback(
      "--no-cache", [request] { request->cache = false; },
      "Check every patch and build again: neither read nor write the results kept in the "
      "repository (.git/patchflow/cache/)");
  cmd->add_flag("--checkpatch-pl", request->checkpatch_pl,
                "Also run the tree's scripts/checkpatch.pl and merge its findings");
  cmd->add_option("--shard", out->shard,
                  "K/N: check and build patches i with i % N == K-1 (series rules: shard 1)");
  cmd->add_flag("--terse", out->terse, "One line per finding: FILE:LINE: LEVEL: TYPE: message");
  cmd->add_flag("--show-types", out->show_types,
                "With --terse: exactly checkpatch.pl --terse --show-types (patch files)");
  add_checkpatch_options(cmd, request->checkpatch_args);
  auto* sarif = cmd->add_option("--sarif", out->sarif,
                                "Also write SARIF 2.1.0 to FILE ('-': print it, not the report)");
  cmd->add_option("--sarif-category", out->category,
                  "SARIF automationDetails.id: one per upload to GitHub code scanning")
      ->needs(sarif);
  cmd->callback([request, out, &session] {
    if (out->sarif == "-" && (session.json || out->terse)) {
      throw_usage("--sarif - prints SARIF instead of the report: not with --json or --terse");
    }
    if (session.json && out->terse) {
      throw_usage("--terse and --json are two forms of the report: choose one");
    }
    if (!out->shard.empty()) {
      request->shard = check::parse_shard(out->shard);
    }
    if (out->show_types) {
      if (!out->terse || session.json || !out->sarif.empty()) {
        throw_usage("--show-types goes with --terse (checkpatch.pl's own lines) only");
      }
      const check::Context repo_only{
          {}, [&session](bool required) { return session.repo_if(required); }};
      const auto report = check::checkpatch_terse(*request, repo_only);
      session.emit(report.text, nlohmann::json(), report.errors);
      return;
    }
    request->build_dir =
        (std::filesystem::temp_directory_path() / ("patchflow-build-" + std::to_string(getpid())))
            .string();
    request->progress = session.progress();
    if (!session.repo_option.empty()) {
      // A repository named: the stack's YAML and the routing source (MULTIPLE_SUBSYSTEMS) are
      // read while it is opened on a second thread.
      session.stack_if_opening_repo(false, /*warm_routing=*/true);
    }
    const check::Context context{[&session](bool required) { return session.stack_if(required); },
                                 [&session](bool required) { return session.repo_if(required); }};
    const check::Result result = check::run(*request, context);
    const bool errors = check::has_errors(result);
    if (out->sarif == "-") {
      session.out() << Session::json_text(check::to_sarif(result, out->category));
      session.note_findings(errors);
      return;
    }
    session.emit(out->terse ? check::format_terse(result) : check::format_text(result),
                 check::to_json(result), errors);
    if (!out->sarif.empty()) {
      text::write_file_atomically(out->sarif,
                                  Session::json_text(check::to_sarif(result, out->category)));
    }
  });
}

}  // namespace patchflow::cli
