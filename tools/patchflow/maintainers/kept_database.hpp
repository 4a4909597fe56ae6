#pragma once
// A parsed MAINTAINERS database as bytes, read back without parsing: what a work tree's kept
// scan and a commit's kept routing source store, so that a lookup on an unchanged tree does not
// parse U-Boot's 550 MAINTAINERS files (7,000 lines, 4,600 F: patterns) again on every run.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "patchflow/maintainers/database.hpp"

namespace patchflow::maintainers {

// Everything the database answers with: the files and their lines, the sections, the F:/X:
// patterns as the directory probe left them, the indices, the rules and the penguin chiefs.
// Stamped with the running build's id: another build reads none of it back.
std::string encode_database(const Database& database);

// The database encoded, or nullopt when bytes are not one whole encoding by this build (cut
// short, edited, written by another build): every index is checked against what it points
// into, so bad bytes are a miss, never a crash. The database's texts stay views into bytes, so
// it keeps owner (what holds bytes: a mapped file, a string) alive.
std::optional<Database> decode_database(std::string_view bytes,
                                        std::shared_ptr<const void> owner);

}  // namespace patchflow::maintainers
