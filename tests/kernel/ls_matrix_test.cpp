// Issue 15: the comparison matrix. In a private namespace holding TCP in
// several states (v4, v6, dual-stack, unaccepted, unread, CLOSE-WAIT), bound
// and connected UDP, raw and UNIX sockets, every invocation prints the same
// lines as ss 6.1, in the same order, after whitespace normalisation (the
// filters run in the kernel as bytecode, dev and cgroup included). The
// only other change: values that are clocks ticking between the two runs
// (-i's lastsnd/lastrcv/lastack, a timer's time left) are masked in both,
// and each tool's own sock_diag socket (netlink protocol 4) is left out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "netns_support.h"
#include "procfs/mountinfo_parser.h"
#include "scenario_support.h"

namespace sockscope::testing {
namespace {

using LsMatrix = NetnsTest;

// The cgroup2 mount as a file-system path, which `cgroup PATH` takes as ss
// does (its root cgroup holds every socket here).
std::string Cgroup2Mount() {
  std::ifstream in("/proc/self/mountinfo");
  std::stringstream text;
  text << in.rdbuf();
  return procfs::FirstMountOf(text.str(), "cgroup2").value_or("/sys/fs/cgroup");
}

std::vector<std::string> Comparable(const std::string& out) {
  static const std::regex kClocks(R"(\b(lastsnd|lastrcv|lastack):[0-9]+)");
  static const std::regex kTimerLeft(R"(timer:\(([a-z_]+),[^,]+,)");
  // Each lister's own sock_diag socket, and the kernel's end whose queue
  // holds that lister's replies: netlink protocol 4 ("tcpdiag", or 4 with -n).
  static const std::regex kListerOwn(R"(^(nl )?(UNCONN )?[0-9]+ [0-9]+ (tcpdiag|4):)");
  std::vector<std::string> lines;
  for (auto& line : SqueezedLines(out)) {
    if (std::regex_search(line, kListerOwn)) continue;
    line = std::regex_replace(line, kClocks, "$1:N");
    line = std::regex_replace(line, kTimerLeft, "timer:($1,T,");
    lines.push_back(line);
  }
  return lines;
}

struct World {
  TcpScenario tcp;
  UniqueFd udp4 = UdpBind("127.0.0.1", 5353);
  UniqueFd udp6 = UdpBind("::1", 5354);
  UniqueFd udp_connected = UdpConnect("127.0.0.1", "127.0.0.1", 5353);
  UnixPair unix_pair = UnixStreamPair();
  TempDir dir;
  UniqueFd unix_dgram = UnixDgramBind(dir.File("d.sock"));
  UniqueFd raw{::socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)};
  UniqueFd bound_to_lo = BoundToLo(8084);
  // Packet sockets: every protocol on every device, IPv4 on lo (p_dgr), and
  // an unnamed protocol in a fanout group (-e's second lines).
  UniqueFd packet_all{::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL))};
  UniqueFd packet_ip_lo = PacketOn(SOCK_DGRAM, ETH_P_IP, "lo");
  UniqueFd packet_fanout = PacketFanout(0x1234, 5);
  // A UDP socket with a TOS, a priority (the class id ss shows) and
  // IP_FREEBIND, for --tos and --inet-sockopt.
  UniqueFd udp_tos = UdpWithTos(5358);

  static UniqueFd UdpWithTos(uint16_t port) {
    UniqueFd fd = UdpBind("127.0.0.1", port);
    const int tos = 0x10, priority = 3, on = 1;
    EXPECT_EQ(::setsockopt(fd.get(), IPPROTO_IP, IP_TOS, &tos, sizeof tos), 0);
    EXPECT_EQ(::setsockopt(fd.get(), SOL_SOCKET, SO_PRIORITY, &priority, sizeof priority), 0);
    EXPECT_EQ(::setsockopt(fd.get(), IPPROTO_IP, IP_FREEBIND, &on, sizeof on), 0);
    return fd;
  }

  static UniqueFd PacketOn(int type, uint16_t protocol, const char* dev) {
    UniqueFd fd(::socket(AF_PACKET, type | SOCK_CLOEXEC, htons(protocol)));
    sockaddr_ll a{};
    a.sll_family = AF_PACKET;
    a.sll_protocol = htons(protocol);
    a.sll_ifindex = static_cast<int>(if_nametoindex(dev));
    EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    return fd;
  }
  static UniqueFd PacketFanout(uint16_t protocol, uint16_t group) {
    UniqueFd fd(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(protocol)));
    const int arg = group | (PACKET_FANOUT_HASH << 16);
    EXPECT_EQ(::setsockopt(fd.get(), SOL_PACKET, PACKET_FANOUT, &arg, sizeof arg), 0);
    return fd;
  }

  // A listener bound to the loopback device (SO_BINDTODEVICE), for `dev`.
  static UniqueFd BoundToLo(uint16_t port) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const char dev[] = "lo";
    EXPECT_EQ(::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, dev, sizeof dev), 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(fd.get(), 4), 0);
    return fd;
  }
};

TEST_F(LsMatrix, Issue15SameLinesAsSsForEveryInvocation) {
  World world;
  ASSERT_TRUE(world.raw.valid());
  const std::vector<std::vector<std::string>> invocations = {
      {"-tan"},
      {"-tanp"},
      {"-tlnp"},
      {"-tuln"},
      {"-tano"},
      {"-tni"},
      {"-tnm"},
      {"-tne"},
      {"-tnoie", "-m"},
      {"-uanp"},
      {"-xa"},
      {"-wan"},
      {"-n"},
      {"-a"},
      {"-an"},
      {"-ln"},
      {"-u"},
      {"-w"},
      {"-f", "netlink"},
      {"-0"},
      {"-0n"},
      {"-0", "-e", "-m"},
      {"-0", "-e", "-O"},
      {"-tniO"},
      {"-tan", "--tos"},
      {"-uan", "--tos", "--inet-sockopt"},
      {"-tani", "--inet-sockopt"},
      {"-tanmO", "--inet-sockopt"},
      {"-tnmO"},
      {"-0p"},
      {"-f", "link"},
      {"-0", "dev", "lo"},
      {"-xae", "-m"},
      {"-aem"},
      {"-tan", "--cgroup"},
      {"-ane", "--cgroup"},
      {"-tan", "-4"},
      {"-tan", "-6"},
      {"-tanH"},
      {"-tn", "state", "established"},
      {"-tan", "state", "listening"},
      {"-tan", "exclude", "established"},
      {"-tan", "sport", "=", ":" + std::to_string(world.tcp.port4)},
      {"-tan", "dst", "[::1]"},
      {"-tan", "dev", "lo"},
      {"-tan", "dev", "!=", "lo"},
      {"-tan", "cgroup", Cgroup2Mount()},
      {"-tan", "not", "cgroup", Cgroup2Mount(), "or", "dev", "=", "1"},
      {"-tan", "(", "sport", ">", ":1024", "or", "dport", "<", ":100", ")", "and", "not", "src",
       "127.0.0.0/8"},
  };
  for (const auto& args : invocations) {
    CommandResult theirs = RunSs(args);
    std::vector<std::string> ls{"ls"};
    ls.insert(ls.end(), args.begin(), args.end());
    CommandResult ours = RunSockscope(ls);
    ASSERT_EQ(theirs.exit_code, 0) << theirs.Describe();
    ASSERT_EQ(ours.exit_code, 0) << ours.Describe();
    const std::vector<std::string> want = Comparable(theirs.out);
    EXPECT_EQ(Comparable(ours.out), want) << ::testing::PrintToString(args) << "\nss:\n"
                                          << theirs.out << "sockscope:\n"
                                          << ours.out;
  }
}

// -F FILE: the expression from a file (newlines are blanks), as ss -F;
// with filter words too it is a usage error (ss would ignore the words).
TEST_F(LsMatrix, Issue15FilterFromAFileAsSs) {
  World world;
  TempDir dir;
  const std::string file = dir.File("filter");
  std::ofstream(file) << "( sport = :" << world.tcp.port4 << "\n or dst [::1] )\n";
  CommandResult theirs = RunSs({"-tan", "-F", file});
  CommandResult ours = RunSockscope({"ls", "-tan", "-F", file});
  ASSERT_EQ(ours.exit_code, 0) << ours.Describe();
  EXPECT_GE(SqueezedLines(theirs.out).size(), 3u) << theirs.out;
  EXPECT_EQ(Comparable(ours.out), Comparable(theirs.out)) << theirs.out << ours.out;
  CommandResult both = RunSockscope({"ls", "-tan", "-F", file, "sport", "=", ":1"});
  EXPECT_EQ(both.exit_code, 64) << both.Describe();
  CommandResult missing = RunSockscope({"ls", "-tan", "-F", dir.File("none")});
  EXPECT_EQ(missing.exit_code, 64) << missing.Describe();
}

}  // namespace
}  // namespace sockscope::testing
