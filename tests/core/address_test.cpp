#include "patchflow/core/address.hpp"

#include <gtest/gtest.h>

#include "patchflow/core/rfc2047.hpp"

namespace patchflow::address {
namespace {

TEST(AddressTest, ParsesTheFormsPatchMailUses) {
  const AddressList list = parse_address_list(
      "Jeremy Fitzhardinge <jeremy@goop.org>, \"Wilk, Konrad\" <konrad@kernel.org>,"
      " ian.campbell@citrix.com (Ian Campbell), =?UTF-8?q?J=C3=BCrgen?= <jgross@suse.com>");
  EXPECT_EQ(list.problem, "");
  ASSERT_EQ(list.addresses.size(), 4u);
  EXPECT_EQ(list.addresses[0].display_name, "Jeremy Fitzhardinge");
  EXPECT_EQ(list.addresses[0].addr_spec, "jeremy@goop.org");
  EXPECT_EQ(list.addresses[1].display_name, "\"Wilk, Konrad\"");
  EXPECT_EQ(list.addresses[1].addr_spec, "konrad@kernel.org");
  EXPECT_EQ(list.addresses[2].addr_spec, "ian.campbell@citrix.com");
  EXPECT_EQ(list.addresses[3].addr_spec, "jgross@suse.com");
}

TEST(AddressTest, NamesWhatIsWrong) {
  EXPECT_EQ(parse_address_list("Jeremy <jeremy@goop,org>").problem,
            "malformed domain 'goop,org' in 'Jeremy <jeremy@goop,org>'");
  EXPECT_EQ(parse_address_list("jeremy.goop.org").problem,
            "address 'jeremy.goop.org' has no '@domain' in 'jeremy.goop.org'");
  EXPECT_EQ(parse_address_list("a..b@x.org").problem,
            "malformed local part 'a..b' in 'a..b@x.org'");
  EXPECT_EQ(parse_address_list("Last, First <a@b.org>").problem,
            "address 'Last' has no '@domain' in 'Last'");
  EXPECT_EQ(parse_address_list("a@b.org,").problem, "empty address in 'a@b.org,'");
  EXPECT_EQ(parse_address_list("Name <a@b.org").problem,
            "'<' without a closing '>' at the end in 'Name <a@b.org'");
  EXPECT_EQ(parse_address_list("Dr. (x <a@b.org>").problem,
            "unbalanced quotes or parentheses in 'Dr. (x <a@b.org>'");
}

// git send-email's sanitize_address: one Q word with spaces as =20 (the shape of the From lines
// in ../shared/corpus/xen/patches, e.g. 0164: "=?UTF-8?q?Roger=20Pau=20Monn=C3=A9?="), quotes
// for specials, encoded or quoted names and bare addresses kept, trailing garbage dropped.
TEST(AddressTest, SanitizesAddressesAsGitSendEmail) {
  EXPECT_EQ(sanitize_address("Roger Pau Monné <roger.pau@citrix.com>"),
            "=?UTF-8?q?Roger=20Pau=20Monn=C3=A9?= <roger.pau@citrix.com>");
  EXPECT_EQ(sanitize_address("Marek Marczykowski-Górecki <marmarek@invisiblethingslab.com>"),
            "=?UTF-8?q?Marek=20Marczykowski-G=C3=B3recki?= <marmarek@invisiblethingslab.com>");
  EXPECT_EQ(sanitize_address("\"Jürgen Groß\" <jgross@suse.com>"),
            "=?UTF-8?q?J=C3=BCrgen=20Gro=C3=9F?= <jgross@suse.com>");
  EXPECT_EQ(sanitize_address("=?UTF-8?q?J=C3=BCrgen?= <j@x.org>"),
            "=?UTF-8?q?J=C3=BCrgen?= <j@x.org>");
  EXPECT_EQ(sanitize_address("Wilk, Konrad <konrad@x.org>"), "\"Wilk, Konrad\" <konrad@x.org>");
  EXPECT_EQ(sanitize_address("\"Wilk, Konrad\" <konrad@x.org>"), "\"Wilk, Konrad\" <konrad@x.org>");
  EXPECT_EQ(sanitize_address("Plain <p@x.org> (garbage)"), "Plain <p@x.org>");
  EXPECT_EQ(sanitize_address("p@x.org"), "p@x.org");
}

TEST(AddressTest, EncodedWordsStayWithin75OctetsAndKeepCharactersWhole) {
  const std::string text(40, 'a');
  const std::vector<std::string> words = rfc2047::encode_words(text + "ééééééééééééééééééé");
  ASSERT_EQ(words.size(), 3u);
  for (const std::string& w : words) {
    EXPECT_LE(w.size(), 75u);
    EXPECT_EQ(w.substr(w.size() - 2), "?=");
    EXPECT_EQ(w.find("=C3?="), std::string::npos);  // never half a character
  }
}

TEST(AddressTest, ParsePersonForms) {
  EXPECT_EQ(parse_person("\"Wilk, Konrad\" <konrad@oracle.com>").name, "Wilk, Konrad");
  EXPECT_EQ(parse_person("jeremy@goop.org (Jeremy)").email, "jeremy@goop.org");
  EXPECT_EQ(parse_person("keir@xen.org").email, "keir@xen.org");
  // encoded words are decoded before the name is taken apart
  EXPECT_EQ(parse_person("=?UTF-8?q?J=C3=BCrgen_Gro=C3=9F?= <jgross@suse.com>").name,
            "J\xC3\xBCrgen Gro\xC3\x9F");
}

TEST(AddressTest, MailboxKeyIsOnePersonHoweverWritten) {
  EXPECT_EQ(mailbox_key("Konrad Wilk <Konrad.Wilk@Oracle.com>"), "konrad.wilk@oracle.com");
  EXPECT_EQ(mailbox_key("\"Wilk, Konrad\" <konrad.wilk@oracle.com> "), "konrad.wilk@oracle.com");
  EXPECT_EQ(mailbox_key(" konrad.wilk@oracle.com"), "konrad.wilk@oracle.com");
}

}  // namespace
}  // namespace patchflow::address
