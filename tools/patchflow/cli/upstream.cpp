#include <ctime>

#include "patchflow/cli/commands.hpp"
#include "patchflow/series/upstream.hpp"

namespace patchflow::cli {

void add_upstream_command(CLI::App& app, Session& session) {
  auto topic_name = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "upstream", "Pick a topic onto the current mainline tip as branch upstream/<topic>");
  cmd->footer("Examples:\n  patchflow --repo demo/repo upstream xen/swiotlb");
  cmd->add_option("topic", *topic_name, "topic name")->required();
  cmd->callback([topic_name, &session] {
    const config::StackConfig& stack = session.stack();
    const config::Topic& topic = stack.topic(*topic_name);
    git_repository& repo = session.repo();
    series::UpstreamOptions options{.committer = series::identity_from_config(repo)};
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    options.now = now;
    options.now_offset_minutes = static_cast<int>(local.tm_gmtoff / 60);
    const series::Range range = stack::resolve_target(repo, &stack, topic.name);
    series::UpstreamResult result =
        series::make_upstream_branch(repo, range, range.mainline, options);
    series::check_upstream_branch(repo, range.mainline, range.policy, result);
    session.emit(series::format_upstream(result), series::to_json(result),
                 result.has_error_findings());
  });
}

}  // namespace patchflow::cli
