// --format netstat on hand-built sockets: netstat's state names, and a
// hostile process name escaped in the program column like everywhere else.
#include "render/netstat_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sockscope::render {
namespace {

TEST(NetstatTable, StateNamesAreNetstats) {
  model::Socket tcp;
  tcp.state = model::State::kTimeWait;
  EXPECT_EQ(NetstatStateName(tcp), "TIME_WAIT");
  tcp.state = model::State::kNewSynRecv;
  EXPECT_EQ(NetstatStateName(tcp), "SYN_RECV");
  model::Socket udp;
  udp.proto = model::Proto::kUdp;
  udp.state = model::State::kClose;
  EXPECT_EQ(NetstatStateName(udp), "");
}

TEST(NetstatTable, ProgramNamesAreEscapedAndUnknownIsADash) {
  model::Snapshot snap;
  model::Socket s;
  s.state = model::State::kEstablished;
  s.local = {*model::ParseIpAddr("127.0.0.1"), 80};
  s.peer = {*model::ParseIpAddr("127.0.0.1"), 4000};
  s.inode = 42;
  snap.sockets.push_back(s);
  s.inode = 43;
  snap.sockets.push_back(s);
  snap.owners.Add(42, model::Owner{7, 3, "evil\x1b[2J\nname"});
  std::string out;
  NetstatView view;
  view.processes = true;
  view.header = false;
  const std::vector<size_t> shown{0, 1};
  RenderNetstatTable(snap, shown, view, out);
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_NE(out.find("7/evil"), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2) << out;
  EXPECT_NE(out.find("ESTABLISHED -"), std::string::npos) << out;
}

}  // namespace
}  // namespace sockscope::render
