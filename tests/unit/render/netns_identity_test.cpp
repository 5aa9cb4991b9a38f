// Container and pod identity in -N output: columns appear only when some
// namespace has a value, cells and fields fall back to "-" / null, untrusted
// text is escaped, and nothing changes without -N.
#include "render/netns_identity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "render/json_writer.h"
#include "render/listener_render.h"
#include "render/socket_json.h"
#include "render/socket_table.h"

namespace sockscope::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr uint64_t kHost = 4026531840;
constexpr uint64_t kContainer = 4026532300;
const std::string kContainerId(64, 'c');

std::vector<model::NetnsData> Namespaces(bool with_container, bool with_pod) {
  std::vector<model::NetnsData> out(2);
  out[0].inode = kHost;
  out[1].inode = kContainer;
  if (with_container) out[1].container = kContainerId;
  if (with_pod) out[1].pod = "0f3c\x1b[31m-pod";  // untrusted: must be escaped in tables
  return out;
}

model::Snapshot TwoListeners() {
  model::Snapshot snap;
  for (uint64_t ns : {kHost, kContainer}) {
    model::Socket s;
    s.netns = ns;
    s.proto = model::Proto::kTcp;
    s.family = model::Family::kInet;
    s.state = model::State::kListen;
    s.local.addr = *model::ParseIpAddr("127.0.0.1");
    s.local.port = 80;
    s.peer.addr = *model::ParseIpAddr("0.0.0.0");
    snap.sockets.push_back(s);
  }
  return snap;
}

std::string Table(const model::Snapshot& snap, const NetnsIdentity& identity, bool netns) {
  SocketView view;
  view.netns = netns;
  view.identity = &identity;
  std::string out;
  RenderSocketTable(snap, {0, 1}, view, out);
  return out;
}

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

TEST(NetnsIdentity, ColumnsOnlyForValuesPresent) {
  auto snap = TwoListeners();
  snap.namespaces = Namespaces(true, false);
  NetnsIdentity identity(&snap.namespaces);
  EXPECT_TRUE(identity.container_column());
  EXPECT_FALSE(identity.pod_column());
  std::string out = Table(snap, identity, true);
  EXPECT_EQ(FirstLine(out).rfind("Netns", 0), 0u) << out;
  EXPECT_THAT(FirstLine(out), HasSubstr("Container"));
  EXPECT_THAT(FirstLine(out), Not(HasSubstr("Pod")));
  EXPECT_THAT(out,
              HasSubstr(std::to_string(kContainer) + " " + kContainerId.substr(0, 12) + " tcp"));
  EXPECT_THAT(out, Not(HasSubstr(kContainerId.substr(0, 13))));  // cut to twelve
  EXPECT_THAT(out, HasSubstr(std::to_string(kHost) + " -            tcp"));
}

TEST(NetnsIdentity, PodCellIsEscaped) {
  auto snap = TwoListeners();
  snap.namespaces = Namespaces(false, true);
  NetnsIdentity identity(&snap.namespaces);
  std::string out = Table(snap, identity, true);
  EXPECT_THAT(FirstLine(out), HasSubstr("Pod"));
  EXPECT_THAT(out, Not(HasSubstr("\x1b")));
  EXPECT_THAT(out, HasSubstr("0f3c"));
}

TEST(NetnsIdentity, NoColumnsWithoutNetnsOption) {
  auto snap = TwoListeners();
  snap.namespaces = Namespaces(true, true);
  NetnsIdentity inactive(nullptr);
  std::string out = Table(snap, inactive, false);
  EXPECT_EQ(FirstLine(out).rfind("Netid", 0), 0u) << out;
  EXPECT_THAT(out, Not(HasSubstr("Container")));
}

TEST(NetnsIdentity, JsonFieldsFollowNetns) {
  auto snap = TwoListeners();
  snap.namespaces = Namespaces(true, false);
  NetnsIdentity identity(&snap.namespaces);
  SocketView view;
  view.netns = true;
  view.identity = &identity;
  for (size_t i : {0u, 1u}) {
    std::string out;
    JsonWriter w(out);
    WriteSocketJson(w, snap.sockets[i], {}, view);
    auto doc = nlohmann::json::parse(out);
    ASSERT_TRUE(doc.contains("container")) << out;
    ASSERT_TRUE(doc.contains("pod")) << out;
    EXPECT_TRUE(doc["pod"].is_null()) << out;
    if (i == 0)
      EXPECT_TRUE(doc["container"].is_null()) << out;
    else
      EXPECT_EQ(doc["container"], kContainerId) << out;
  }
  // Without -N the object has no identity fields at all.
  view.netns = false;
  std::string out;
  JsonWriter w(out);
  WriteSocketJson(w, snap.sockets[1], {}, view);
  EXPECT_FALSE(nlohmann::json::parse(out).contains("container")) << out;
}

TEST(NetnsIdentity, ListenersTableAndJson) {
  auto namespaces = Namespaces(true, false);
  NetnsIdentity identity(&namespaces);
  model::Listener l;
  l.netns = kContainer;
  l.local.addr = *model::ParseIpAddr("0.0.0.0");
  l.local.port = 8080;
  ListenerDeltas deltas;
  deltas.present = true;
  deltas.seconds = 1;
  deltas.drops = {0};
  std::string table;
  RenderListenersTable({l}, deltas, true, identity, table);
  EXPECT_THAT(FirstLine(table), HasSubstr("Container"));
  EXPECT_THAT(table, HasSubstr(kContainerId.substr(0, 12)));
  EXPECT_THAT(table, HasSubstr("(sum over 2 namespaces)"));

  std::string json;
  RenderListenersJson({l}, deltas, {}, identity, json);
  auto doc = nlohmann::json::parse(json);
  EXPECT_EQ(doc["listeners"][0]["container"], kContainerId) << json;
  EXPECT_EQ(doc["listeners"][0]["drops_delta"], 0) << json;

  NetnsIdentity own(nullptr);
  std::string plain;
  RenderListenersTable({l}, deltas, true, own, plain);
  EXPECT_THAT(plain, HasSubstr("(this namespace)"));
  EXPECT_THAT(FirstLine(plain), Not(HasSubstr("Netns")));
}

}  // namespace
}  // namespace sockscope::render
