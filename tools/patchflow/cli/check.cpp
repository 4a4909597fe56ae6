// patchflow check: what a maintainer would bounce, before mailing.
#include <filesystem>
#include <unistd.h>

#include "patchflow/check/check.hpp"
#include "patchflow/cli/commands.hpp"

namespace patchflow::cli {

void add_check_command(CLI::App& app, Session& session) {
  struct Args {
    std::vector<std::string> inputs;
    std::string mainline;
    bool build = false;
    int jobs = 2;
    bool checkpatch_pl = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("check", "Check patches, a revision range or a topic");
  cmd->add_option("input", args->inputs, "mbox/.patch files, A..B, or a topic name")->required();
  cmd->add_option("--mainline", args->mainline, "Mainline ref for series checks (range input)");
  cmd->add_flag("--build", args->build, "Run the policy's build command on every commit");
  cmd->add_option("-j,--jobs", args->jobs, "Parallel jobs")->check(CLI::Range(1, 64));
  cmd->add_flag("--checkpatch-pl", args->checkpatch_pl,
                "Also run the tree's scripts/checkpatch.pl and merge its findings");
  cmd->callback([args, &session] {
    check::Options options;
    options.jobs = args->jobs;
    std::vector<check::PatchInput> patches;
    std::string mainline = args->mainline;
    std::string range;
    const std::string& first = args->inputs.front();
    if (args->inputs.size() == 1 && first.find("..") != std::string::npos &&
        !std::filesystem::exists(first)) {
      range = first;
      if (mainline.empty()) {
        mainline = first.substr(0, first.find(".."));
      }
    } else if (args->inputs.size() == 1 && !std::filesystem::exists(first)) {
      const auto& topic = session.stack().topic(first);
      const auto& component = session.stack().component(topic.component);
      options.policy = session.stack().policy_for(topic.component);
      mainline = component.mainline;
      range = mainline + ".." + (topic.branch.empty() ? topic.name : topic.branch);
    }
    git_repository* repo = nullptr;
    if (!range.empty()) {
      repo = &session.repo();
      patches = check::load_range(*repo, range);
    } else {
      patches = check::load_patch_files(args->inputs);
    }
    if (args->checkpatch_pl && repo != nullptr) {
      const std::string script =
          std::filesystem::path(git_repository_workdir(repo) ? git_repository_workdir(repo) : "") /
          "scripts/checkpatch.pl";
      if (std::filesystem::exists(script)) {
        options.checkpatch_pl = script;
      }
    }
    auto result = check::check_patches(patches, options, repo);
    if (repo != nullptr) {
      result.series = check::check_series(*repo, mainline, patches, options);
      if (args->build) {
        const auto work = std::filesystem::temp_directory_path() /
                          ("patchflow-build-" + std::to_string(getpid()));
        auto builds = check::check_builds(*repo, patches, options, work.string());
        std::filesystem::remove_all(work);
        result.series.insert(result.series.end(), builds.begin(), builds.end());
      }
    }
    session.emit(check::format_text(result), check::to_json(result), check::has_errors(result));
  });
}

}  // namespace patchflow::cli
