// Destroy events on scripted sockets: the groups joined follow the
// selection, the protocol comes from INET_DIAG_PROTOCOL, only the kernel's
// datagrams count, silence is not an error and lost events are reported.
#include "netlink/sock_events.h"

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>

#include "fakes/fake_netlink.h"

namespace sockscope::netlink {
namespace {

using namespace std::chrono_literals;
using testing::AppendAttribute;
using testing::Datagram;
using testing::DatagramFrom;
using testing::DataMessage;
using testing::Errno;
using testing::FakeNetlinkOpener;
using testing::FakeScript;
using testing::InetDiagPayload;
using testing::InetDiagSpec;

std::vector<uint8_t> UdpEvent(uint16_t port) {
  InetDiagSpec spec;
  spec.state = 7;  // TCP_CLOSE: how a UDP socket is freed
  spec.local_port = port;
  auto payload = InetDiagPayload(spec);
  const uint8_t udp = IPPROTO_UDP;
  AppendAttribute(payload, INET_DIAG_PROTOCOL, std::span<const uint8_t>(&udp, 1));
  return payload;
}

TEST(DestroyEvents, JoinsTheGroupsOfTheSelection) {
  FakeNetlinkOpener opener({FakeScript{}});
  EventGroups groups;
  groups.tcp4 = groups.udp6 = true;
  auto events = DestroyEvents::Open(opener, groups);
  ASSERT_TRUE(events);
  EXPECT_EQ(opener.log(0).groups,
            (std::vector<unsigned>{SKNLGRP_INET_TCP_DESTROY, SKNLGRP_INET6_UDP_DESTROY}));
}

TEST(DestroyEvents, AJoinThatFailsIsAnError) {
  FakeScript script;
  script.join_errno = EPERM;
  FakeNetlinkOpener opener({script});
  EventGroups groups;
  groups.tcp4 = true;
  auto events = DestroyEvents::Open(opener, groups);
  ASSERT_FALSE(events);
  EXPECT_EQ(events.error().kind, base::ErrorKind::kPermission);
}

TEST(DestroyEvents, DecodesTheKernelsEventsOnly) {
  InetDiagSpec tcp;
  tcp.state = 7;
  tcp.local_port = 5000;
  FakeNetlinkOpener opener({FakeScript{
      0,
      {DatagramFrom(99, {DataMessage(UdpEvent(1))}),  // not the kernel: skipped
       Datagram({DataMessage(InetDiagPayload(tcp)), DataMessage(UdpEvent(53))}), Errno(ENOBUFS)}}});
  EventGroups groups;
  groups.tcp4 = groups.udp4 = true;
  auto events = DestroyEvents::Open(opener, groups);
  ASSERT_TRUE(events);
  auto first = (*events)->Next(base::Deadline::After(1s));
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->empty());
  auto second = (*events)->Next(base::Deadline::After(1s));
  ASSERT_TRUE(second);
  ASSERT_EQ(second->size(), 2u);
  EXPECT_EQ((*second)[0].proto, model::Proto::kTcp);
  EXPECT_EQ((*second)[0].local.port, 5000);
  EXPECT_EQ((*second)[1].proto, model::Proto::kUdp);
  EXPECT_EQ((*second)[1].local.port, 53);
  auto lost = (*events)->Next(base::Deadline::After(1s));
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().errnum, ENOBUFS);
  auto quiet = (*events)->Next(base::Deadline::After(20ms));
  ASSERT_TRUE(quiet) << "silence is not an error";
  EXPECT_TRUE(quiet->empty());
  EXPECT_EQ((*events)->malformed(), 0u);
}

}  // namespace
}  // namespace sockscope::netlink
