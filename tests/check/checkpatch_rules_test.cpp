// The rule families added for issue 13 (decl_rules.cpp, paren_rules.cpp, macro_rules.cpp,
// string_rules.cpp), each on a crafted patch. The expected lines are what U-Boot's
// scripts/checkpatch.pl --no-tree --strict --terse --show-types printed for the same patch
// (run by hand as the referee; the corpus parity is parity_test.cpp's).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "patchflow/check/checkpatch.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::check {
namespace {

// A patch adding `code` at the top of `path`, as the referee saw it (named p.patch).
std::string patch_adding(const std::string& path, const std::vector<std::string>& code) {
  std::string text =
      "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
      "From: A U Thor <author@example.com>\n"
      "Subject: [PATCH] xen: x\n"
      "\n"
      "Body.\n"
      "\n"
      "Signed-off-by: A U Thor <author@example.com>\n"
      "---\n"
      "diff --git a/" + path + " b/" + path + "\n"
      "--- a/" + path + "\n"
      "+++ b/" + path + "\n"
      "@@ -1,1 +1," + std::to_string(code.size() + 1) + " @@\n";
  for (const auto& line : code) {
    text += "+" + line + "\n";
  }
  return text + " int end;\n";
}

// Our --strict --terse lines for the patch, only those of the given TYPEs.
std::vector<std::string> terse(const std::string& path, const std::vector<std::string>& code,
                               const std::set<std::string>& types) {
  CheckpatchOptions options;
  options.strict = true;
  const std::string out =
      format_checkpatch_terse("p.patch", run_checkpatch_full(patch_adding(path, code), options));
  std::vector<std::string> lines;
  for (const auto line : text::split_lines(out)) {
    const auto level = line.find(": ", line.find(':') + 1);
    const auto colon = level == std::string_view::npos ? level : line.find(':', level + 2);
    if (colon != std::string_view::npos) {
      const auto end = line.find(':', colon + 1);
      if (types.count(std::string(line.substr(colon + 1, end - colon - 1))) != 0) {
        lines.emplace_back(line);
      }
    }
  }
  return lines;
}

using V = std::vector<std::string>;

TEST(DeclRulesTest, PointersTypesExternsAttributesAndSpacing) {
  const V code = {
      "static const char *names[] = {",
      "\t\"a\",",
      "};",
      "",
      "int f(void)",
      "{",
      "\tchar* p = (char*)q;",
      "\tu8 * const r = (u8 * )s;",
      "\tuint8_t x = 1;",
      "\tint y;",
      "\tfoo();",
      "\treturn sizeof *p + sizeof x->y;",
      "}",
      "",
      "int g(int);",
      "extern int h;",
      "int k(int",
      "      a);",
      "struct s {",
      "\tint a;",
      "} __attribute__((packed, aligned(4)));",
      "void l(const char *fmt, ...) __attribute__((format(printf, 1, 2)));",
      "static char buf[] = \"x\";"};
  EXPECT_EQ(terse("drivers/xen/x.c", code, {"STATIC_CONST_CHAR_ARRAY", "POINTER_LOCATION", "PREFER_KERNEL_TYPES", "LINE_SPACING", "SIZEOF_PARENTHESIS", "AVOID_EXTERNS", "FUNCTION_ARGUMENTS", "PREFER_DEFINED_ATTRIBUTE_MACRO"}),
            V({
      "p.patch:13: WARNING:STATIC_CONST_CHAR_ARRAY: static const char * array should probably be static const char * const",
      "p.patch:19: ERROR:POINTER_LOCATION: \"(foo*)\" should be \"(foo *)\"",
      "p.patch:19: ERROR:POINTER_LOCATION: \"foo* bar\" should be \"foo *bar\"",
      "p.patch:20: ERROR:POINTER_LOCATION: \"(foo * )\" should be \"(foo *)\"",
      "p.patch:21: CHECK:PREFER_KERNEL_TYPES: Prefer kernel type 'u8' over 'uint8_t'",
      "p.patch:23: WARNING:LINE_SPACING: Missing a blank line after declarations",
      "p.patch:24: WARNING:SIZEOF_PARENTHESIS: sizeof *p should be sizeof(*p)",
      "p.patch:28: WARNING:AVOID_EXTERNS: externs should be avoided in .c files",
      "p.patch:29: WARNING:AVOID_EXTERNS: externs should be avoided in .c files",
      "p.patch:33: WARNING:PREFER_DEFINED_ATTRIBUTE_MACRO: Prefer __packed over __attribute__((packed))",
      "p.patch:33: WARNING:PREFER_DEFINED_ATTRIBUTE_MACRO: Prefer __aligned(4) over __attribute__((aligned(4)))",
      "p.patch:34: WARNING:PREFER_DEFINED_ATTRIBUTE_MACRO: Prefer __printf(1, 2) over __attribute__((format(printf, 1, 2)))",
      "p.patch:35: WARNING:STATIC_CONST_CHAR_ARRAY: static char array declaration should probably be static const char"}));
  EXPECT_EQ(terse("drivers/xen/x.h", {"extern int f(int a);", "extern int v;"}, {"AVOID_EXTERNS"}),
            V{"p.patch:13: CHECK:AVOID_EXTERNS: extern prototypes should be avoided in .h files"});
}

TEST(ParenRulesTest, DereferencesFunctionPointersConditionsAndNull) {
  const V code = {
      "int f(struct s *p)",
      "{",
      "\tint *a = &(p->b);",
      "",
      "\t(p->fn)(1);",
      "\tif ((p->x == 3) && (p->y < q[2]))",
      "\t\treturn 1;",
      "\tif ((p->x == 4))",
      "\t\treturn 2;",
      "\tif (p == NULL || p->q != NULL)",
      "\t\treturn 3;",
      "\treturn 0;",
      "}",
      "#define A 1 << 3",
      "#define B(x) do { g(x); } while (0)",
      "#define C(x) ((x) + (x))",
      "#define D(x) (x * 2)",
      "#define E(x) g(x); h(x)",
      "#define F if (a) b()",
      "#define G(x, y) ((x) + 1)"};
  EXPECT_EQ(terse("drivers/xen/x.c", code, {"UNNECESSARY_PARENTHESES", "COMPARISON_TO_NULL"}),
            V({
      "p.patch:15: CHECK:UNNECESSARY_PARENTHESES: Unnecessary parentheses around p->b",
      "p.patch:17: CHECK:UNNECESSARY_PARENTHESES: Unnecessary parentheses around function pointer (p->fn)",
      "p.patch:18: CHECK:UNNECESSARY_PARENTHESES: Unnecessary parentheses around 'p->x == 3'",
      "p.patch:18: CHECK:UNNECESSARY_PARENTHESES: Unnecessary parentheses around 'p->y < q[2]'",
      "p.patch:20: CHECK:UNNECESSARY_PARENTHESES: Unnecessary parentheses around 'p->x == 4'",
      "p.patch:22: CHECK:COMPARISON_TO_NULL: Comparison to NULL could be written \"!p\"",
      "p.patch:22: CHECK:COMPARISON_TO_NULL: Comparison to NULL could be written \"p->q\""}));
}

TEST(MacroRulesTest, ComplexMultistatementAndArguments) {
  const V code = {
      "int f(struct s *p)",
      "{",
      "\tint *a = &(p->b);",
      "",
      "\t(p->fn)(1);",
      "\tif ((p->x == 3) && (p->y < q[2]))",
      "\t\treturn 1;",
      "\tif ((p->x == 4))",
      "\t\treturn 2;",
      "\tif (p == NULL || p->q != NULL)",
      "\t\treturn 3;",
      "\treturn 0;",
      "}",
      "#define A 1 << 3",
      "#define B(x) do { g(x); } while (0)",
      "#define C(x) ((x) + (x))",
      "#define D(x) (x * 2)",
      "#define E(x) g(x); h(x)",
      "#define F if (a) b()",
      "#define G(x, y) ((x) + 1)"};
  EXPECT_EQ(terse("drivers/xen/x.c", code, {"COMPLEX_MACRO", "MULTISTATEMENT_MACRO_USE_DO_WHILE", "MACRO_ARG_REUSE", "MACRO_ARG_PRECEDENCE", "MACRO_ARG_UNUSED", "MACRO_WITH_FLOW_CONTROL", "LINE_CONTINUATIONS"}),
            V({
      "p.patch:26: ERROR:COMPLEX_MACRO: Macros with complex values should be enclosed in parentheses",
      "p.patch:28: CHECK:MACRO_ARG_REUSE: Macro argument reuse 'x' - possible side-effects?",
      "p.patch:29: CHECK:MACRO_ARG_PRECEDENCE: Macro argument 'x' may be better as '(x)' to avoid precedence issues",
      "p.patch:30: WARNING:MULTISTATEMENT_MACRO_USE_DO_WHILE: Non-declarative macros with multiple statements should be enclosed in a do - while loop",
      "p.patch:30: CHECK:MACRO_ARG_REUSE: Macro argument reuse 'x' - possible side-effects?",
      "p.patch:31: ERROR:MULTISTATEMENT_MACRO_USE_DO_WHILE: Macros starting with if should be enclosed by a do - while loop to avoid possible if/else logic defects",
      "p.patch:32: WARNING:MACRO_ARG_UNUSED: Argument 'y' is not used in function-like macro"}));
}

TEST(StringRulesTest, SplitEmbeddedNameWhitespaceAndConcatenation) {
  const V code = {
      "static int myfunc(void)",
      "{",
      "\tprintf(\"myfunc: failed \"",
      "\t       \"here\\n\");",
      "\tputs(\"in myfunc now \\n\");",
      "\tputs(\"a\" \"b\"FOO);",
      "\tputs(x\"c\");",
      "\treturn 0;",
      "}"};
  EXPECT_EQ(terse("drivers/xen/x.c", code, {"SPLIT_STRING", "EMBEDDED_FUNCTION_NAME", "QUOTED_WHITESPACE_BEFORE_NEWLINE", "CONCATENATED_STRING"}),
            V({
      "p.patch:15: WARNING:EMBEDDED_FUNCTION_NAME: Prefer using '\"%s...\", __func__' to using 'myfunc', this function's name, in a string",
      "p.patch:16: WARNING:SPLIT_STRING: quoted string split across lines",
      "p.patch:17: WARNING:EMBEDDED_FUNCTION_NAME: Prefer using '\"%s...\", __func__' to using 'myfunc', this function's name, in a string",
      "p.patch:17: WARNING:QUOTED_WHITESPACE_BEFORE_NEWLINE: unnecessary whitespace before a quoted newline",
      "p.patch:18: CHECK:CONCATENATED_STRING: Concatenated strings should use spaces between elements",
      "p.patch:19: CHECK:CONCATENATED_STRING: Concatenated strings should use spaces between elements"}));
}

}  // namespace
}  // namespace patchflow::check
