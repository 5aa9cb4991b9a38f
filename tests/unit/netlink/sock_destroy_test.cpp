// SOCK_DESTROY on scripted sockets: the request names the socket by its
// whole id (cookie included); the kernel's answer decides, errors keep their
// meaning, foreign or stray messages are skipped, silence ends at the
// deadline.
#include "netlink/sock_destroy.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "fakes/fake_netlink.h"

namespace sockscope::netlink {
namespace {

using namespace std::chrono_literals;
using testing::Datagram;
using testing::DatagramFrom;
using testing::ErrorMessage;
using testing::FakeNetlinkOpener;
using testing::FakeScript;
using testing::Silence;

model::Socket Connection() {
  model::Socket s;
  s.family = model::Family::kInet6;
  s.local = {*model::ParseIpAddr("::1"), 40000};
  s.peer = {*model::ParseIpAddr("::1"), 5432};
  s.interface = 3;
  s.cookie = 0x1122334455667788ULL;
  return s;
}

TEST(SockDestroy, RequestNamesTheWholeSocket) {
  auto body = BuildSockDestroyRequest(Connection());
  ASSERT_EQ(body.size(), sizeof(inet_diag_req_v2));
  inet_diag_req_v2 req;
  std::memcpy(&req, body.data(), sizeof req);
  EXPECT_EQ(req.sdiag_family, AF_INET6);
  EXPECT_EQ(req.sdiag_protocol, IPPROTO_TCP);
  EXPECT_EQ(ntohs(req.id.idiag_sport), 40000);
  EXPECT_EQ(ntohs(req.id.idiag_dport), 5432);
  EXPECT_EQ(req.id.idiag_if, 3u);
  EXPECT_EQ(req.id.idiag_cookie[0], 0x55667788u);
  EXPECT_EQ(req.id.idiag_cookie[1], 0x11223344u);
  EXPECT_EQ(reinterpret_cast<const uint8_t*>(req.id.idiag_src)[15], 1);
}

TEST(SockDestroy, AcknowledgedIsDone) {
  FakeNetlinkOpener opener({FakeScript{0, {Datagram({ErrorMessage(0)})}}});
  EXPECT_TRUE(DestroySocket(opener, Connection(), base::Deadline::After(1s)));
  ASSERT_EQ(opener.opened(), 1);
  nlmsghdr sent;
  std::memcpy(&sent, opener.log(0).requests.at(0).data(), sizeof sent);
  EXPECT_EQ(sent.nlmsg_type, SOCK_DESTROY);
  EXPECT_EQ(sent.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
}

TEST(SockDestroy, KernelErrorsKeepTheirMeaning) {
  struct Case {
    int errnum;
    base::ErrorKind kind;
    const char* says;
  };
  for (const Case& c : {Case{EPERM, base::ErrorKind::kPermission, "CAP_NET_ADMIN"},
                        Case{EOPNOTSUPP, base::ErrorKind::kUnsupported, "INET_DIAG_DESTROY"},
                        Case{ENOENT, base::ErrorKind::kNotFound, "SOCK_DESTROY"}}) {
    FakeNetlinkOpener opener({FakeScript{0, {Datagram({ErrorMessage(-c.errnum)})}}});
    auto r = DestroySocket(opener, Connection(), base::Deadline::After(1s));
    ASSERT_FALSE(r) << c.errnum;
    EXPECT_EQ(r.error().kind, c.kind);
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
}

TEST(SockDestroy, ForeignAndStrayMessagesAreSkipped) {
  FakeNetlinkOpener opener(
      {FakeScript{0,
                  {DatagramFrom(77, {ErrorMessage(-EPERM)}),          // not the kernel
                   Datagram({ErrorMessage(-EPERM).WithSeqDelta(5)}),  // another request's
                   Datagram({ErrorMessage(0)})}}});
  EXPECT_TRUE(DestroySocket(opener, Connection(), base::Deadline::After(1s)));
}

TEST(SockDestroy, SilenceEndsAtTheDeadline) {
  FakeNetlinkOpener opener({FakeScript{0, {Silence()}}});
  auto r = DestroySocket(opener, Connection(), base::Deadline::After(50ms));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, base::ErrorKind::kTimeout);
}

TEST(SockDestroy, UnixSocketsAreRefusedWithoutAsking) {
  model::Socket s;
  s.proto = model::Proto::kUnix;
  FakeNetlinkOpener opener({});
  auto r = DestroySocket(opener, s, base::Deadline::After(1s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, base::ErrorKind::kUnsupported);
  EXPECT_EQ(opener.opened(), 0);
}

}  // namespace
}  // namespace sockscope::netlink
