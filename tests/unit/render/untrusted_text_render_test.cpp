// Issue 12: every renderer applies the one escaping policy of base/escape.h
// to bytes we did not write: tables (users:((...)) included), notes, JSON and
// Prometheus label values.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "render/json_writer.h"
#include "render/prometheus_text.h"
#include "render/socket_json.h"
#include "render/socket_table.h"

namespace sockscope::render {
namespace {

const std::string kRlo = "\xe2\x80\xae";

TEST(ProcessColumn, ANameCannotForgeAnOwnerIssue12) {
  std::vector<model::Owner> owners{{42, 7, "\",pid=1,fd=3))"}, {43, 4, "a" + kRlo + "b\x1b"}};
  std::string out;
  AppendProcessColumn(out, owners);
  EXPECT_EQ(out,
            "users:((\"\\x22\\x2cpid=1\\x2cfd=3\\x29\\x29\",pid=42,fd=7),"
            "(\"a\\u202eb\\x1b\",pid=43,fd=4))");
}

TEST(NoteText, UntrustedPartsAreEscapedOnOneLineIssue12) {
  model::Note note{model::NoteLevel::kWarning, "netns",
                   "--netns 'x\x1b[31m\n" + kRlo + "y': not a namespace name"};
  EXPECT_EQ(NoteText(note),
            "warning: netns: --netns 'x\\x1b[31m\\x0a\\u202ey': not a namespace name");
}

TEST(JsonWriter, DelAndBidiAreUnicodeEscapesIssue12) {
  std::string out;
  JsonWriter w(out);
  w.String("a\x7f" + kRlo + "\n");
  EXPECT_EQ(out, "\"a\\u007f\\u202e\\u000a\"");
}

TEST(PrometheusText, LabelValuesFollowTheFormatAndThePolicyIssue12) {
  std::string out;
  PrometheusText p(out);
  p.Sample("m", {{"process", "\",pid=1\n\x1b" + kRlo}}, uint64_t{1});
  EXPECT_EQ(out, "m{process=\"\\\",pid=1\\n\\\\x1b\\\\u202e\"} 1\n");
}

}  // namespace
}  // namespace sockscope::render
