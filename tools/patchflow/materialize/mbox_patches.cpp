#include "patchflow/materialize/mbox_patches.hpp"

#include "patchflow/core/text.hpp"
#include "patchflow/patch/diff.hpp"

namespace patchflow::materialize {
namespace {

// A "[PATCH 0/N]" mail without a diff introduces the series; it is not a commit.
bool is_cover_letter(const patch::Mail& mail) {
  return !mail.has_diff() && mail.raw_subject.find(" 0/") != std::string::npos;
}

[[noreturn]] void throw_malformed(const patch::Mail& mail, const std::string& why, Where where) {
  throw Error(ExitCode::usage,
              "malformed patch " + std::to_string(mail.index) + " of '" + mail.source + "': " + why,
              std::move(where));
}

void check_patch(const patch::Mail& mail) {
  const Where at_mail{.file = mail.source, .line = mail.first_line};
  if (mail.author.email.empty()) {
    throw_malformed(mail, "no author (From header)", at_mail);
  }
  if (!mail.date) {
    throw_malformed(mail, "no valid Date header", at_mail);
  }
  if (!mail.has_diff()) {
    throw_malformed(mail, "no diff", at_mail);
  }
  try {
    patch::parse_diff(mail.diff, mail.source, mail.diff_line);
  } catch (const Error& e) {
    throw_malformed(mail, e.what(), e.where());
  }
}

}  // namespace

MboxPatches read_mbox_patches(const config::StackConfig& stack, const std::string& file) {
  MboxPatches series{.file = file};
  for (patch::Mail& mail : patch::parse_mbox(text::read_file(stack.path(file)), file)) {
    if (is_cover_letter(mail)) {
      continue;
    }
    check_patch(mail);
    series.patches.push_back(std::move(mail));
  }
  if (series.patches.empty()) {
    throw Error(ExitCode::usage, "no patches in '" + file + "'", Where{.file = file});
  }
  return series;
}

}  // namespace patchflow::materialize
