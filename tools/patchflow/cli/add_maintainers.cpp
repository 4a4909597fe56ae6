#include "patchflow/series/add_maintainers.hpp"

#include <memory>

#include "patchflow/cli/commands.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/maintainers/source.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::cli {

namespace {

struct AddMaintainersArgs {
  std::string dir, maintainers, rev, rules = "xen";
  series::AddMaintainersOptions where;
};

}  // namespace

void add_add_maintainers_command(CLI::App& app, Session& session) {
  auto args = std::make_shared<AddMaintainersArgs>();
  auto* cmd = app.add_subcommand(
      "add-maintainers",
      "Add To:/Cc: lines to git format-patch output in place (Xen's add_maintainers.pl)");
  cmd->footer(
      "Examples:\n  patchflow add-maintainers out/   (after git format-patch -o out/ "
      "--cover-letter;\n      then git send-email --to xen-devel@lists.xenproject.org "
      "out/*.patch)\n  patchflow add-maintainers --patchcc commit --covercc end -v 2 out/");
  cmd->add_option("dir", args->dir, "Directory of [vN-]NNNN-*.patch files")->required();
  cmd->add_option("--maintainers", args->maintainers,
                  "MAINTAINERS file or tree directory (default: the repository's at the patches' "
                  "base-commit)");
  cmd->add_option("--rev", args->rev,
                  "Commit whose tree holds MAINTAINERS (default: the patches' base-commit, "
                  "else HEAD)");
  cmd->add_option("--rules", args->rules, "get_maintainer rules: xen (default) or linux");
  cmd->add_option("-p,--patchcc", args->where.patch_location,
                  "Where in patches: header, commit, comment or none");
  cmd->add_option("-c,--covercc", args->where.cover_location,
                  "Where in the cover letter: header, end or none");
  cmd->add_option("-v,--reroll-count", args->where.reroll_count,
                  "Only vN-*.patch (default: the version of the first file's cover letter)");
  cmd->add_flag("-t,--tags", args->where.tags, "Also the patch's *-by: people, in the header");
  cmd->add_flag("--tagscc", args->where.tags_cc, "Also the patch's *-by: people, as Cc:");
  cmd->callback([args, &session] {
    maintainers::SourceRequest request;
    request.rules = maintainers::rules_named(args->rules);
    request.maintainers = args->maintainers;
    std::optional<stack::MailsRevision> at;
    if (args->maintainers.empty()) {
      // The tree the series is based on, as every other command routes (git format-patch --base
      // wrote it into the patches); --rev wins, HEAD is the last resort.
      std::vector<std::string> texts;
      for (const std::string& path : series::series_patch_files(args->dir, args->where).paths) {
        texts.push_back(text::read_file(path));
      }
      at = stack::mails_routing_commit(session.repo(), texts, args->rev);
    }
    maintainers::Routing routing = maintainers::load_routing(
        at ? &session.repo() : nullptr, at ? std::optional(at->commit) : std::nullopt, request);
    routing.options.mailmap = &routing.source.mailmap;
    const auto added =
        series::add_maintainers(args->dir, routing.source, routing.options, args->where);
    const std::string why = at ? " (" + at->why + ")" : "";
    nlohmann::json json = {
        {"maintainers",
         {{"origin", routing.source.origin},
          {"revision", routing.revision ? routing.revision->hex() : std::string()},
          {"reason", at ? at->why : std::string()}}},
        {"files", series::to_json(added)}};
    session.emit("routed with " + routing.source.origin + why + "\n" + series::format_text(added),
                 json, false);
  });
}

}  // namespace patchflow::cli
