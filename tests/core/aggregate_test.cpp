// field_count counts an aggregate's fields whatever their types (the check and route caches
// assert it so a new field cannot go undescribed); sizeof would also move with padding.
#include "patchflow/core/aggregate.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace patchflow {
namespace {

struct Inner {
  int a = 0;
  int b = 0;
};

struct Mixed {
  std::string name;
  std::vector<std::string> list;
  std::map<std::string, int> table;
  const Inner* pointer = nullptr;
  Inner inner;  // an aggregate field counts once, not as its own two
  bool x = false, y = true;
  std::optional<int> maybe;
};

struct Padded {
  char c;
  double d;
};

TEST(FieldCountTest, CountsEveryFieldOnce) {
  EXPECT_EQ(field_count<Inner>(), 2u);
  EXPECT_EQ(field_count<Mixed>(), 8u);
  EXPECT_EQ(field_count<Padded>(), 2u);
  EXPECT_NE(sizeof(Padded), 2 * sizeof(char));  // what sizeof would have said instead
}

}  // namespace
}  // namespace patchflow
