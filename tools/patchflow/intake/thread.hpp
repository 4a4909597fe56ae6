#pragma once
// A mailed thread as a maintainer receives it: the patches of one series picked out of an mbox,
// a maildir or a directory of .patch files (newest version, in part order, cover letter and
// replies aside), and the review trailers the replies give.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/patch/mbox.hpp"
#include "patchflow/patch/trailers.hpp"

namespace patchflow::intake {

// What "[RFC PATCH v2 3/7] subject" says.
struct PatchTag {
  bool is_reply = false;   // "Re:" in front
  bool has_patch = false;  // a bracketed group with PATCH (or RFC) in it
  int version = 1;         // vN, 1 when absent
  int number = 0;          // k of k/n; 0 for the cover letter
  int total = 0;           // n of k/n; 0 when the subject has no k/n (a lone patch)
};
PatchTag parse_patch_tag(std::string_view raw_subject);

// Every mail of path: an mbox file, a maildir (cur/ and new/) or a directory whose *.patch,
// *.eml and *.mbox files are read in name order. Throws Error{usage} naming path when it cannot
// be read or holds no mail.
std::vector<patch::Mail> read_mails(const std::string& path);

// "<id@host>" -> "id@host"; the Message-Id of a mail, "" when it has none.
std::string bare_message_id(std::string_view header_value);
std::string message_id(const patch::Mail& mail);
// The mail this one answers: In-Reply-To, else the last References entry ("" when none).
std::string parent_id(const patch::Mail& mail);

// "file:line" of the mail's first line, how reports name a reply.
std::string position(const patch::Mail& mail);

// A trailer a reply gave, and who gave it.
struct GivenTrailer {
  patch::Trailer trailer;
  std::string from;       // the reply's From, "Name <email>"
  std::string reply;      // the reply's label (file and position)
  bool to_cover = false;  // given to the cover letter: for every patch
};

// A trailer a reply holds but does not give: quoted from someone else's mail, or naming
// someone other than the reply's sender. Reported, never added to a commit.
struct NotTaken {
  patch::Trailer trailer;
  std::string from;    // the reply's From, "Name <email>"
  std::string reply;   // the reply's label (file and position)
  std::string reason;  // "quoted" or "not the sender's"
};
// The given/quoted/foreign trailers of a reply mail (its own text below the subject, quoted
// lines included); not-taken ones are appended to not_taken.
std::vector<patch::Trailer> reply_trailers(const patch::Mail& reply,
                                           std::vector<NotTaken>& not_taken);
// "  trailer not taken (quoted) from <reply> <from>: Reviewed-by: ..." lines, one per trailer.
std::string format_not_taken(const std::vector<NotTaken>& not_taken);
nlohmann::json not_taken_json(const std::vector<NotTaken>& not_taken);

struct SeriesPart {
  int number = 0;                     // k of k/n (1 for a lone patch)
  const patch::Mail* mail = nullptr;  // points into the mails given to pick_series
  std::string message_id;
  std::vector<GivenTrailer> given;  // from replies, in mail order, duplicates dropped
};

struct PickedSeries {
  int version = 1;
  int total = 0;                             // n of k/n (number of parts for unnumbered patches)
  const patch::Mail* cover = nullptr;        // [PATCH 0/n], when sent
  std::vector<SeriesPart> parts;             // in k order; one per number (the last one sent)
  std::vector<int> missing;                  // numbers 1..n with no patch
  std::vector<int> duplicates;               // numbers sent more than once (different mails)
  std::vector<int> older_versions;           // other versions found in the input, ignored
  int replies = 0;                           // replies to this version's mails (any depth)
  std::vector<std::string> ignored_replies;  // replies with trailers to nothing of this version
  std::vector<NotTaken> not_taken;           // in replies to this version: quoted or foreign
  bool complete() const { return missing.empty() && duplicates.empty(); }
};

// Picks the newest version's patches out of mails and collects the trailers replies give (a
// reply to a reply counts for the patch it is under; a reply to the cover letter for every
// patch). Throws Error{usage} naming the file when there is no patch at all.
PickedSeries pick_series(const std::vector<patch::Mail>& mails);

}  // namespace patchflow::intake
