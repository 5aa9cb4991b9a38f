// render::Table and SocketTableWriter: rows kept as text only, printed in
// chunks, in batches that keep their widths.
#include "render/table.h"

#include <gtest/gtest.h>

#include <fmt/printf.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "render/socket_table.h"
#include "render/timer_text.h"

namespace sockscope::render {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Table, AlignsCellsAndPrintsTrailersAfterTheirRow) {
  Table t({{"A", Align::kLeft}, {"Num", Align::kRight}, {"Last", Align::kLeft}});
  t.AddCell("wide-cell");
  t.AddCell("1");
  t.AddCell("x");
  t.SetTrailer("\tdetail line");
  t.EndRow();
  t.AddCell("b");
  t.AddCell("12345");
  t.EndRow();  // short row: padded with an empty cell
  std::string out;
  t.Render(out, true);
  EXPECT_EQ(out,
            "A           Num Last\n"
            "wide-cell     1 x\n"
            "\tdetail line\n"
            "b         12345\n");
}

TEST(Table, AByteThatWouldEndACellEarlyIsShownAsAQuestionMark) {
  Table t({{"A", Align::kLeft}, {"B", Align::kLeft}});
  t.AddCell(std::string_view("a\0b", 3));
  t.AddCell("\x01z");
  t.EndRow();
  std::string out;
  t.Render(out, false);
  EXPECT_EQ(out, "a?b ?z\n");
}

TEST(Table, LaterBatchesKeepTheWidthsAndTheHeaderIsPrintedOnce) {
  Table t({{"Col", Align::kLeft}, {"N", Align::kRight}, {"End", Align::kLeft}});
  t.AddCell("long-first-batch");
  t.AddCell("1");
  t.AddCell("e");
  t.EndRow();
  std::string out;
  t.Render(out, true);
  EXPECT_EQ(t.held_bytes(), 0u) << "rendered rows are let go";
  t.AddCell("s");
  t.AddCell("22");
  t.AddCell("e");
  t.EndRow();
  t.Render(out, true);
  EXPECT_EQ(out,
            "Col              N End\n"
            "long-first-batch 1 e\n"
            "s                22 e\n")
      << "the second batch is at least as wide as the first (a wider cell widens it)";
}

TEST(Table, FlushIsCalledInChunksAndCanStopTheRendering) {
  Table t({{"A", Align::kLeft}, {"B", Align::kLeft}});
  const std::string cell(1000, 'x');
  for (int i = 0; i < 1000; ++i) {  // about 1 MB of output, four chunks
    t.AddCell(cell);
    t.AddCell("y");
    t.EndRow();
  }
  std::string out;
  std::string written;
  int flushes = 0;
  t.Render(out, false, [&](std::string& chunk) {
    ++flushes;
    written += chunk;
    chunk.clear();
    return true;
  });
  written += out;
  EXPECT_GE(flushes, 3);
  EXPECT_EQ(Lines(written).size(), 1000u);
  EXPECT_LE(out.size(), kRenderChunk);

  for (int i = 0; i < 1000; ++i) {
    t.AddCell(cell);
    t.AddCell("y");
    t.EndRow();
  }
  std::string stopped;
  int calls = 0;
  t.Render(stopped, false, [&](std::string&) { return ++calls < 1; });
  EXPECT_EQ(calls, 1) << "a false flush (the reader is gone) ends the rendering";
}

TEST(SocketTableWriter, Issue16RowsHeldAreBoundedAndEveryRowIsPrintedOnce) {
  SocketView view;
  view.netid_column = false;
  SocketTableWriter writer(view);
  std::string out, written;
  auto flush = [&](std::string& chunk) {
    written += chunk;
    chunk.clear();
    return true;
  };
  model::Socket s;
  s.proto = model::Proto::kTcp;
  s.family = model::Family::kInet;
  s.state = model::State::kEstablished;
  s.local.addr.family = s.peer.addr.family = model::Family::kInet;
  s.local.addr.bytes[0] = s.peer.addr.bytes[0] = 127;
  s.local.addr.bytes[3] = s.peer.addr.bytes[3] = 1;
  size_t most_held = 0;
  const size_t rows = 200000;  // more than kHeldTableBytes of text
  for (size_t i = 0; i < rows; ++i) {
    s.local.port = static_cast<uint16_t>(i % 60000 + 1);
    s.peer.port = 80;
    writer.AddBounded(s, {}, out, flush);
    most_held = std::max(most_held, writer.held_bytes());
  }
  EXPECT_LT(most_held, kHeldTableBytes);
  EXPECT_GT(written.size() + out.size(), kHeldTableBytes) << "rows printed before the end";
  writer.Render(out, flush);
  written += out;
  const auto lines = Lines(written);
  ASSERT_EQ(lines.size(), rows + 1);
  EXPECT_EQ(lines[0].rfind("State", 0), 0u);
  for (size_t i = 1; i < lines.size(); ++i)
    ASSERT_EQ(lines[i].find("State"), std::string::npos) << "one header, line " << i;
  // Every row's peer column starts where the first row's does.
  const size_t peer_at = lines[1].find("127.0.0.1:80");
  for (size_t i = 1; i < lines.size(); i += 997)
    EXPECT_EQ(lines[i].find("127.0.0.1:80"), peer_at) << "line " << i;
}

TEST(Table, ATrailerSetAgainReplacesTheFirstAndAnEmptyOneRemovesIt) {
  Table t({{"A", Align::kLeft}, {"B", Align::kLeft}});
  t.AddCell("a");
  t.AddCell("b");
  t.SetTrailer("\tfirst");
  t.SetTrailer("\tsecond");
  t.EndRow();
  t.AddCell("c");
  t.AddCell("d");
  t.SetTrailer("\tgone");
  t.SetTrailer("");
  t.EndRow();
  std::string out;
  t.Render(out, false);
  EXPECT_EQ(out, "a b\n\tsecond\nc d\n");
}

TEST(MillisecondsG, Issue16SameTextAsPrintfG) {
  auto printf_g = [](uint64_t us) { return fmt::sprintf("%g", static_cast<double>(us) / 1000.0); };
  auto ours = [](uint64_t us) {
    std::string out;
    AppendMillisecondsG(out, us);
    return out;
  };
  for (uint64_t us = 0; us < 2'000'000; ++us) ASSERT_EQ(ours(us), printf_g(us)) << us;
  std::mt19937_64 random(16);
  for (int i = 0; i < 200'000; ++i) {
    const uint64_t us = random() % (uint64_t{1} << 32);
    ASSERT_EQ(ours(us), printf_g(us)) << us;
  }
  for (uint64_t us : {uint64_t{999'999'999}, uint64_t{1'000'000'000}, uint64_t{1'234'567'891},
                      uint64_t{4'294'967'295}})
    EXPECT_EQ(ours(us), printf_g(us)) << us;
}

}  // namespace
}  // namespace sockscope::render
