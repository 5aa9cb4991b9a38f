#include "tui/render_frame.h"

#include <gtest/gtest.h>

#include "render/table.h"
#include "tui_test_util.h"

namespace sockscope::tui {
namespace {

using testing::FindLine;
using testing::MakeListener;
using testing::MakeModel;
using testing::MakeRow;

diagnose::Finding MakeFinding(std::string id, diagnose::Severity s, std::string summary) {
  diagnose::Finding f;
  f.id = std::move(id);
  f.severity = s;
  f.summary = std::move(summary);
  return f;
}

TopModel BusyModel() {
  auto stuck = MakeListener("127.0.0.1", 8080, 5, 4, "python3", 4242);
  stuck.syn_recv = 3;
  stuck.unaccepted = 5;
  stuck.drops = 20;
  TopModel m = MakeModel({MakeRow(MakeListener("0.0.0.0", 22, 0, 128, "sshd", 1)),
                          MakeRow(stuck, {0, 1, 2, 3, 4, 5}),
                          MakeRow(MakeListener("::", 443, 64, 128, "nginx", 925))});
  m.findings.push_back(MakeFinding("accept-queue-full", diagnose::Severity::kCritical,
                                   "accept queue of 127.0.0.1:8080 is full"));
  m.findings.push_back(
      MakeFinding("small-backlog", diagnose::Severity::kWarning, "small backlog on 8080"));
  return m;
}

void ExpectFits(const std::vector<std::string>& lines, int width, int height) {
  ASSERT_EQ(lines.size(), static_cast<size_t>(height));
  for (const auto& line : lines) {
    EXPECT_LE(render::DisplayWidth(line), static_cast<size_t>(width)) << line;
    for (unsigned char c : line) EXPECT_TRUE(c >= 0x20 && c != 0x7f) << line;
  }
}

// Rows of the listener table, top to bottom, by port.
std::vector<std::string> RowPorts(const std::vector<std::string>& lines) {
  std::vector<std::string> ports;
  for (const auto& line : lines)
    for (const char* p : {":22 ", ":8080 ", ":443 "})
      if (line.find(p) != std::string::npos && line.find("FINDINGS") == std::string::npos &&
          line.rfind("CRIT", 0) != 0 && line.rfind("WARN", 0) != 0)
        ports.push_back(p);
  return ports;
}

TEST(RenderFrame, FitsEightyByTwentyFour) {
  auto lines = RenderFrame(BusyModel(), 80, 24);
  ExpectFits(lines, 80, 24);
  EXPECT_NE(FindLine(lines, "127.0.0.1:8080"), -1);
  EXPECT_NE(FindLine(lines, "accept-queue-full"), -1);
  EXPECT_EQ(lines.back().rfind("q quit", 0), 0u);
}

TEST(RenderFrame, FitsTwoHundredByFifty) {
  TopModel m = BusyModel();
  m.show_netns = true;
  m.unicode = true;
  for (auto& r : m.listeners) r.netns_label = std::to_string(r.listener.netns);
  m.listeners.back().netns_label = "c0ffee123456";  // a container's namespace
  auto lines = RenderFrame(m, 200, 50);
  ExpectFits(lines, 200, 50);
  EXPECT_NE(FindLine(lines, "NETNS"), -1);
  EXPECT_NE(FindLine(lines, "4026531840   127.0.0.1:8080"), -1);
  EXPECT_NE(FindLine(lines, "c0ffee123456 "), -1);
}

TEST(RenderFrame, TinyScreensDoNotBreak) {
  for (auto [w, h] : {std::pair{1, 1}, {10, 3}, {40, 6}, {80, 5}}) {
    auto lines = RenderFrame(BusyModel(), w, h);
    ExpectFits(lines, w, h);
  }
  EXPECT_TRUE(RenderFrame(BusyModel(), 0, 10).empty());
}

TEST(RenderFrame, ListenerRowContent) {
  auto lines = RenderFrame(BusyModel(), 100, 30);
  int row = FindLine(lines, "127.0.0.1:8080");
  ASSERT_NE(row, -1);
  const std::string& line = lines[static_cast<size_t>(row)];
  EXPECT_NE(line.find(" 5/4 "), std::string::npos) << line;
  EXPECT_NE(line.find("######"), std::string::npos) << line;  // full bar
  EXPECT_NE(line.find("_-:=+#"), std::string::npos) << line;  // sparkline of 0..5, max 4
  EXPECT_NE(line.find("python3[4242]"), std::string::npos) << line;
  EXPECT_NE(line.find(" 3 "), std::string::npos) << line;   // SYN-RECV
  EXPECT_NE(line.find(" 20 "), std::string::npos) << line;  // drops
  int header = FindLine(lines, "ADDRESS:PORT");
  ASSERT_NE(header, -1);
  EXPECT_LT(header, row);
  for (const char* title : {"ACCEPT-Q", "FILL", "LAST MIN", "SYN-RECV", "UNACC", "DROPS", "OWNER"})
    EXPECT_NE(lines[static_cast<size_t>(header)].find(title), std::string::npos) << title;
}

TEST(RenderFrame, HalfFullBar) {
  auto lines = RenderFrame(BusyModel(), 100, 30);
  int row = FindLine(lines, "[::]:443");
  ASSERT_NE(row, -1);
  EXPECT_NE(lines[static_cast<size_t>(row)].find(" 64/128 ###... "), std::string::npos)
      << lines[static_cast<size_t>(row)];
}

TEST(RenderFrame, UnicodeSparklineOnlyWhenAllowed) {
  TopModel m = BusyModel();
  m.unicode = true;
  auto lines = RenderFrame(m, 100, 30);
  EXPECT_NE(FindLine(lines, "▁▃▄▅▆█"), -1);
  EXPECT_NE(FindLine(lines, "██████"), -1);
  m.unicode = false;
  for (const auto& line : RenderFrame(m, 100, 30))
    for (unsigned char c : line) EXPECT_LT(c, 0x80) << line;
}

TEST(RenderFrame, SortOrders) {
  TopModel m = BusyModel();
  m.listeners[0].drops_delta = 9;  // sshd drops now
  m.listeners[2].listener.syn_recv = 50;
  m.sort = SortMode::kQueueFill;
  EXPECT_EQ(RowPorts(RenderFrame(m, 100, 30)),
            (std::vector<std::string>{":8080 ", ":443 ", ":22 "}));
  m.sort = SortMode::kSynRecv;
  EXPECT_EQ(RowPorts(RenderFrame(m, 100, 30)),
            (std::vector<std::string>{":443 ", ":8080 ", ":22 "}));
  m.sort = SortMode::kDrops;
  EXPECT_EQ(RowPorts(RenderFrame(m, 100, 30)),
            (std::vector<std::string>{":22 ", ":8080 ", ":443 "}));
  m.sort = SortMode::kPort;
  EXPECT_EQ(RowPorts(RenderFrame(m, 100, 30)),
            (std::vector<std::string>{":22 ", ":443 ", ":8080 "}));
  EXPECT_NE(FindLine(RenderFrame(m, 100, 30), "sort: port"), -1);
}

TEST(RenderFrame, HostileProcessNameNeverReachesTheFrameRaw) {
  std::string hostile = "evil\x1b[2J\x1b]0;pwned\x07\nrm -rf";
  TopModel m = MakeModel({MakeRow(MakeListener("127.0.0.1", 8080, 5, 4, hostile, 66))});
  diagnose::Finding f =
      MakeFinding("accept-queue-full", diagnose::Severity::kCritical, hostile + " is stuck");
  m.findings.push_back(f);
  m.notes.push_back("warning: owners: " + hostile);
  for (bool unicode : {false, true}) {
    m.unicode = unicode;
    auto lines = RenderFrame(m, 200, 30);
    for (const auto& line : lines) {
      EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
      EXPECT_EQ(line.find('\n'), std::string::npos) << line;
      EXPECT_EQ(line.find('\x07'), std::string::npos) << line;
    }
    EXPECT_NE(FindLine(lines, "evil\\x1b[2J\\x1b]0;pwned\\x07\\x0arm -rf"), -1);
  }
}

// Issue 12: a bidi override (U+202E) in a name reordered the rest of the row.
TEST(RenderFrame, BidiAndFormatCharactersAreEscapedOnTheTopScreenIssue12) {
  const std::string rlo = "\xe2\x80\xae";
  const std::string lri = "\xe2\x81\xa6";
  std::string hostile = "a" + rlo + "evil" + lri;
  TopModel m = MakeModel({MakeRow(MakeListener("127.0.0.1", 8080, 5, 4, hostile, 66))});
  m.findings.push_back(
      MakeFinding("accept-queue-full", diagnose::Severity::kCritical, hostile + " is stuck"));
  m.notes.push_back("warning: netns: " + hostile);
  for (bool unicode : {false, true}) {
    m.unicode = unicode;
    auto lines = RenderFrame(m, 200, 30);
    for (const auto& line : lines) {
      EXPECT_EQ(line.find(rlo), std::string::npos) << line;
      EXPECT_EQ(line.find(lri), std::string::npos) << line;
    }
    EXPECT_NE(FindLine(lines, "a\\u202eevil\\u2066"), -1);
  }
}

TEST(RenderFrame, HelpOverlayReplacesTheTable) {
  TopModel m = BusyModel();
  m.show_help = true;
  auto lines = RenderFrame(m, 80, 24);
  ExpectFits(lines, 80, 24);
  EXPECT_NE(FindLine(lines, "HELP"), -1);
  EXPECT_NE(FindLine(lines, "sort by: queue fill, SYN-RECV, drops, port"), -1);
  EXPECT_EQ(FindLine(lines, "127.0.0.1:8080"), -1);
}

TEST(RenderFrame, PausedMarker) {
  TopModel m = BusyModel();
  EXPECT_EQ(FindLine(RenderFrame(m, 80, 24), "[PAUSED]"), -1);
  m.paused = true;
  auto lines = RenderFrame(m, 80, 24);
  EXPECT_NE(lines[0].find("[PAUSED]"), std::string::npos) << lines[0];
  EXPECT_NE(lines.back().find("p resume"), std::string::npos);
}

TEST(RenderFrame, FilterEditorWithParseError) {
  TopModel m = BusyModel();
  m.editing_filter = true;
  m.edit_text = "sport = :80x";
  m.filter_error = "filter: bad port ':80x' at word 1\n  sport = :80x\n          ^^^^";
  auto lines = RenderFrame(m, 80, 24);
  ExpectFits(lines, 80, 24);
  EXPECT_EQ(lines.back().rfind("filter> sport = :80x_", 0), 0u) << lines.back();
  EXPECT_EQ(lines[20], "filter: bad port ':80x' at word 1");
  EXPECT_EQ(lines[21], "  sport = :80x");
  EXPECT_EQ(lines[22], "          ^^^^");
  // The table is still there behind the editor.
  EXPECT_NE(FindLine(lines, "127.0.0.1:8080"), -1);
}

TEST(RenderFrame, ActiveFilterAndCounts) {
  TopModel m = BusyModel();
  m.filter_text = "sport = :8080";
  m.listeners_total = 10;
  auto lines = RenderFrame(m, 120, 24);
  EXPECT_NE(lines[0].find("filter: sport = :8080"), std::string::npos);
  EXPECT_NE(lines.back().find("3 of 10 listeners match"), std::string::npos);
  m.listeners.clear();
  EXPECT_NE(FindLine(RenderFrame(m, 120, 24), "(no listener matches the filter)"), -1);
}

TEST(RenderFrame, HeaderShowsStatesRatesAndAge) {
  TopModel m = BusyModel();
  m.states.by_state[static_cast<size_t>(model::State::kListen)] = 3;
  m.states.by_state[static_cast<size_t>(model::State::kEstablished)] = 12;
  m.data_age = std::chrono::milliseconds(400);
  auto lines = RenderFrame(m, 120, 24);
  EXPECT_NE(lines[0].find("data 0.4s old"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("LISTEN 3  ESTAB 12"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("ListenOverflows 2.0/s  ListenDrops 2.0/s  SyncookiesSent 0.0/s"),
            std::string::npos)
      << lines[2];
  m.collection_late = true;
  EXPECT_NE(RenderFrame(m, 120, 24)[0].find("(collection slow)"), std::string::npos);
  TopModel empty;
  auto waiting = RenderFrame(empty, 80, 24);
  EXPECT_NE(waiting[0].find("collecting..."), std::string::npos);
  EXPECT_NE(waiting[2].find("ListenOverflows -"), std::string::npos);
}

TEST(RenderFrame, TooManyRowsSaysHowManyMore) {
  std::vector<ListenerRow> rows;
  for (uint16_t p = 1000; p < 1100; ++p)
    rows.push_back(MakeRow(MakeListener("127.0.0.1", p, 0, 8)));
  TopModel m = MakeModel(std::move(rows));
  auto lines = RenderFrame(m, 80, 24);
  ExpectFits(lines, 80, 24);
  EXPECT_NE(FindLine(lines, "more listeners"), -1);
  EXPECT_GE(FullFrameHeight(m), 100 + 5);
  auto all = RenderFrame(m, 80, FullFrameHeight(m));
  EXPECT_EQ(FindLine(all, "more listeners"), -1);
  EXPECT_NE(FindLine(all, "127.0.0.1:1099"), -1);
}

}  // namespace
}  // namespace sockscope::tui
