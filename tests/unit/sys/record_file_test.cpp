#include "sys/record_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>

namespace sockscope::sys {
namespace {

using ::testing::HasSubstr;

std::string File(const std::string& records) {
  std::string file(kRecordFileMagic);
  file += '\n';
  file += records;
  return file;
}

TEST(RecordFile, FieldsAndPayloadsRoundTrip) {
  std::string payload("a\0b\nc %20", 9);
  std::string file = File(EncodeRecord({"net/tcp", "ok"}, "text\n") +
                          EncodeRecord({"with space", "", "100%", "new\nline\x01"}, payload) +
                          EncodeRecord({"empty"}, ""));
  auto records = ParseRecords(file, "t");
  ASSERT_TRUE(records) << records.error().message;
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"net/tcp", "ok"}));
  EXPECT_EQ((*records)[0].payload, "text\n");
  EXPECT_EQ((*records)[1].fields,
            (std::vector<std::string>{"with space", "", "100%", "new\nline\x01"}));
  EXPECT_EQ((*records)[1].payload, payload);
  EXPECT_EQ((*records)[2].payload, "");
}

TEST(RecordFile, HeaderIsReadableText) {
  EXPECT_EQ(EncodeRecord({"sys/net/core/somaxconn", "ok"}, "4096\n"),
            "sys/net/core/somaxconn ok 5\n4096\n\n");
}

TEST(RecordFile, ErrorFieldsRoundTrip) {
  base::Error e{base::ErrorKind::kPermission, 13, "open /proc/1/fd: Permission denied"};
  std::vector<std::string> fields{"1/fd"};
  AppendErrorFields(e, fields);
  auto back = ParseErrorFields(fields, 2);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, e.kind);
  EXPECT_EQ(back->errnum, 13);
  EXPECT_EQ(back->message, e.message);
  fields[2] = "no-such-kind";
  EXPECT_FALSE(ParseErrorFields(fields, 2));
}

TEST(RecordFile, WrongMagicIsRejected) {
  auto r = ParseRecords("sockscope-recording 2\n", "netlink.rec");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, base::ErrorKind::kMalformed);
  EXPECT_THAT(r.error().message, HasSubstr("netlink.rec"));
}

// Every prefix of a valid file either parses (it ends on a record boundary)
// or fails with kMalformed naming the record: never a crash.
TEST(RecordFile, EveryTruncationIsAClearError) {
  std::string file = File(EncodeRecord({"a", "ok"}, "12345") + EncodeRecord({"b%", "ok"}, "x"));
  for (size_t n = 0; n < file.size(); ++n) {
    auto r = ParseRecords(std::string_view(file).substr(0, n), "procfs.rec");
    if (r) continue;
    EXPECT_EQ(r.error().kind, base::ErrorKind::kMalformed) << n;
    EXPECT_THAT(r.error().message, HasSubstr("procfs.rec")) << n;
  }
}

TEST(RecordFile, CorruptHeadersAreErrors) {
  for (const char* bad : {"a ok 99\nshort\n", "a ok x\n\n", "a  ok 0\n\n", "a ok 0\n", "ok 1\nxy",
                          "a %4 0\n\n", "a %zz 0\n\n", "5\n12345\n"}) {
    auto r = ParseRecords(File(bad), "t");
    EXPECT_FALSE(r) << bad;
  }
}

TEST(RecordFile, WritesAndReadsAFile) {
  char dir[] = "/tmp/sockscope-record-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string path = std::string(dir) + "/x.rec";
  {
    auto w = CreateRecordFile(path);
    ASSERT_TRUE(w) << w.error().message;
    (*w)->Append({"net/tcp", "ok"}, "abc");
    EXPECT_TRUE((*w)->Status());
  }
  EXPECT_FALSE(CreateRecordFile(path));  // never overwrites
  auto text = ReadRecordingFile(path);
  ASSERT_TRUE(text);
  auto records = ParseRecords(*text, "x.rec");
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].payload, "abc");
  EXPECT_FALSE(CreateRecordingDir(dir));  // not empty
  std::string fresh = std::string(dir) + "/sub";
  EXPECT_TRUE(CreateRecordingDir(fresh));
  ::unlink(path.c_str());
  ::rmdir(fresh.c_str());
  ::rmdir(dir);
}

}  // namespace
}  // namespace sockscope::sys
