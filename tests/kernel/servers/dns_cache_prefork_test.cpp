// Issue 13, more of the archive's servers: a DNS forwarder (dnsmasq), a cache
// (memcached) and a prefork web server (apache2), each under its own load
// generator (dnsperf, memcslap, ab) for the healthy controls, and stopped
// (SIGSTOP, the hung process of a field report) for the trouble. Each world
// is in the test's private network namespace, checked with ss and nstat
// counters before sockscope is asked; every load is bounded in time or count.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <atomic>
#include <thread>

#include "check_support.h"
#include "netns_support.h"
#include "server_support.h"

namespace sockscope::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr uint16_t kDnsPort = 5353;
constexpr uint16_t kMemcachedPort = 11211;
constexpr uint16_t kApachePort = 8082;

// The findings of this namespace that are warnings or worse: what makes
// `check` exit non-zero, i.e. what a healthy server must never cause.
std::vector<std::string> Alarms(const nlohmann::json& doc) {
  std::vector<std::string> out;
  for (const auto& key : Keys(LocalFindings(doc)))
    if (key.find(":info") == std::string::npos) out.push_back(key);
  return out;
}

// A DNS query for test.local/A, the name dnsmasq answers from its own data.
std::string DnsQuery() {
  const char header[] = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
  std::string q(header, sizeof header);
  q += std::string("\x04test\x05local\x00", 12);
  q += std::string("\x00\x01\x00\x01", 4);
  return q;
}

class ArchiveServers : public NetnsTest {
 protected:
  void SetUp() override {
    NetnsTest::SetUp();
    if (IsSkipped()) return;
    // The servers drop privileges to their own users: let them read the
    // configuration and documents the test writes here.
    ::chmod(dir_.path().c_str(), 0755);
  }

  // dnsmasq answering test.local from its own data, nothing forwarded.
  std::unique_ptr<ServerProcess> StartDnsmasq() {
    auto p = std::make_unique<ServerProcess>(
        std::vector<std::string>{"dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
                                 "--listen-address=127.0.0.1", "--bind-interfaces",
                                 "--port=" + std::to_string(kDnsPort), "--no-resolv", "--no-hosts",
                                 "--address=/test.local/127.0.0.2", "--pid-file=", "--user=root",
                                 "--log-facility=" + dir_.File("dnsmasq.log")},
        dir_.File("dnsmasq.out"));
    if (!WaitForSs({"-uln", "sport = :5353"}, [](size_t n) { return n == 1; })) return nullptr;
    return p;
  }

  std::unique_ptr<ServerProcess> StartMemcached() {
    auto p = std::make_unique<ServerProcess>(
        std::vector<std::string>{"memcached", "-l", "127.0.0.1", "-p",
                                 std::to_string(kMemcachedPort), "-U", "0", "-u", "root", "-t", "2",
                                 "-c", "1024", "-b", "1024"},
        dir_.File("memcached.log"));
    if (!WaitForSs({"-ltn", "sport = :11211"}, [](size_t n) { return n == 1; })) return nullptr;
    return p;
  }

  TempDir dir_;
};

// ---- dnsmasq ----

TEST_F(ArchiveServers, Issue13DnsmasqUnderDnsperfIsQuiet) {
  for (const char* p : {"dnsmasq", "dnsperf"})
    if (!HaveProgram(p)) GTEST_SKIP() << p << " is not installed (scripts/install-deps.sh)";
  auto dnsmasq = StartDnsmasq();
  ASSERT_TRUE(dnsmasq) << "dnsmasq did not listen";
  WriteFile(dir_.File("queries"), "test.local A\n");
  // 2,000 queries a second from 2 clients for at most 8s: dnsperf reads
  // every answer, dnsmasq every query.
  ServerProcess dnsperf({"dnsperf", "-s", "127.0.0.1", "-p", std::to_string(kDnsPort), "-d",
                         dir_.File("queries"), "-c", "2", "-l", "8", "-Q", "2000"},
                        dir_.File("dnsperf.log"));
  uint64_t in = ReadCounter("Udp.InDatagrams");
  ASSERT_TRUE(WaitUntil([&] { return ReadCounter("Udp.InDatagrams") > in + 1000; }))
      << "no DNS traffic";
  uint64_t drops = ReadCounter("Udp.RcvbufErrors");
  JsonRun run = CheckOnce();
  EXPECT_TRUE(dnsperf.Running()) << "the load ended before check finished";
  EXPECT_EQ(ReadCounter("Udp.RcvbufErrors"), drops) << "the kernel dropped datagrams";
  EXPECT_EQ(run.result.exit_code, 0) << run.doc.dump(1);
  EXPECT_THAT(Alarms(run.doc), IsEmpty()) << run.doc.dump(1);
  EXPECT_THAT(FindingsWithId(run.doc, "udp-receive-drops"), IsEmpty()) << run.doc.dump(1);
}

TEST_F(ArchiveServers, Issue13StoppedDnsmasqDropsAreNamed) {
  if (!HaveProgram("dnsmasq")) GTEST_SKIP() << "dnsmasq is not installed (scripts/install-deps.sh)";
  auto dnsmasq = StartDnsmasq();
  ASSERT_TRUE(dnsmasq) << "dnsmasq did not listen";
  dnsmasq->Signal(SIGSTOP);
  UniqueFd sender = UdpConnect("127.0.0.1", "127.0.0.1", kDnsPort);
  const std::string query = DnsQuery();
  std::atomic<bool> stop{false};
  std::thread load([&] {
    // At most 40000 queries, one every 200us: bounded in count and time.
    for (int i = 0; i < 40000 && !stop.load(); ++i) {
      (void)::send(sender.get(), query.data(), query.size(), MSG_DONTWAIT);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  uint64_t before = ReadCounter("Udp.RcvbufErrors");
  bool dropping = WaitUntil([&] { return ReadCounter("Udp.RcvbufErrors") > before + 100; });
  JsonRun run = CheckOnce("500ms");
  stop = true;
  load.join();
  dnsmasq->Signal(SIGCONT);
  ASSERT_TRUE(dropping) << "Udp RcvbufErrors did not grow";
  EXPECT_EQ(run.result.exit_code, 2) << run.doc.dump(1);
  EXPECT_THAT(Alarms(run.doc), ElementsAre("udp-receive-drops:critical")) << run.doc.dump(1);
  auto found = FindingsWithId(run.doc, "udp-receive-drops");
  ASSERT_EQ(found.size(), 1u);
  const nlohmann::json& f = found[0];
  EXPECT_EQ(f["evidence"].value("local", ""), "127.0.0.1:5353") << f.dump(1);
  EXPECT_EQ(f["evidence"].value("buffer_full_in_both_samples", false), true) << f.dump(1);
  EXPECT_GT(f["evidence"].value("drops", 0u), 0u) << f.dump(1);
  EXPECT_THAT(Pids(f["processes"]), ElementsAre(dnsmasq->pid())) << f.dump(1);
  EXPECT_EQ(f["processes"][0].value("comm", ""), "dnsmasq") << f.dump(1);
}

// ---- memcached ----

TEST_F(ArchiveServers, Issue13MemcachedUnderMemcslapIsQuiet) {
  for (const char* p : {"memcached", "memcslap"})
    if (!HaveProgram(p)) GTEST_SKIP() << p << " is not installed (scripts/install-deps.sh)";
  auto memcached = StartMemcached();
  ASSERT_TRUE(memcached) << "memcached did not listen";
  // 8 client threads, 100,000 sets each: about 14s here, beyond what the
  // check interval needs (killed with the test). memcslap makes every key
  // before it connects: a larger count only delays the load.
  ServerProcess slap({"memcslap", "-s", "127.0.0.1:11211", "-c", "8", "-e", "100000", "-t", "set"},
                     dir_.File("memcslap.log"));
  ASSERT_TRUE(WaitForSs({"-tn", "state", "established", "dport = :11211"}, [](size_t n) {
    return n >= 8;
  })) << "memcslap did not connect";
  JsonRun run = CheckOnce();
  EXPECT_TRUE(slap.Running()) << "the load ended before check finished";
  EXPECT_EQ(run.result.exit_code, 0) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), IsEmpty()) << run.doc.dump(1);
}

TEST_F(ArchiveServers, Issue13StoppedMemcachedIsNamed) {
  if (!HaveProgram("memcached"))
    GTEST_SKIP() << "memcached is not installed (scripts/install-deps.sh)";
  auto memcached = StartMemcached();
  ASSERT_TRUE(memcached) << "memcached did not listen";
  memcached->Signal(SIGSTOP);
  std::vector<UniqueFd> clients;
  for (int i = 0; i < 20; ++i) clients.push_back(TcpConnectStart("127.0.0.1", kMemcachedPort));
  // ss: the listener's Recv-Q is its accept queue length.
  ASSERT_TRUE(WaitUntil([] {
    auto lines = SsLines({"-ltn", "sport = :11211"});
    return lines.size() == 1 && lines[0].find(" 20 ") != std::string::npos;
  })) << "accept queue did not reach 20";
  JsonRun run = CheckOnce("500ms");
  memcached->Signal(SIGCONT);
  EXPECT_EQ(run.result.exit_code, 1) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), ElementsAre("unaccepted-connections:warning"))
      << run.doc.dump(1);
  auto found = FindingsWithId(run.doc, "unaccepted-connections");
  ASSERT_EQ(found.size(), 1u);
  const nlohmann::json& f = found[0];
  EXPECT_EQ(f["evidence"].value("local", ""), "127.0.0.1:11211") << f.dump(1);
  EXPECT_EQ(f["evidence"]["unaccepted_in_both_samples"], 20) << f.dump(1);
  EXPECT_EQ(f["evidence"]["accept_queue_max"], 1024) << f.dump(1);
  EXPECT_THAT(Pids(f["processes"]), ElementsAre(memcached->pid())) << f.dump(1);
  EXPECT_EQ(f["processes"][0].value("comm", ""), "memcached") << f.dump(1);
}

// ---- apache2, prefork ----

TEST_F(ArchiveServers, Issue13ApachePreforkUnderAbIsQuiet) {
  for (const char* p : {"apache2", "ab"})
    if (!HaveProgram(p)) GTEST_SKIP() << p << " is not installed (scripts/install-deps.sh)";
  const std::string modules = "/usr/lib/apache2/modules/";
  WriteFile(dir_.File("index.html"), "ok\n");
  WriteFile(dir_.File("httpd.conf"),
            "ServerRoot " + dir_.path() + "\nServerName localhost\nListen 127.0.0.1:" +
                std::to_string(kApachePort) + "\nLoadModule mpm_prefork_module " + modules +
                "mod_mpm_prefork.so\nLoadModule authz_core_module " + modules +
                "mod_authz_core.so\nPidFile " + dir_.File("httpd.pid") + "\nErrorLog " +
                dir_.File("error.log") + "\nDefaultRuntimeDir " + dir_.path() +
                "\nMutex file:" + dir_.path() +
                " default\nUser www-data\nGroup www-data\nDocumentRoot " + dir_.path() +
                // Sized for the load: 64 workers started up front for 50
                // keep-alive clients (each holds a prefork worker while
                // open). With fewer, clients wait in the accept queue until
                // apache forks more, which check rightly reports.
                "\nServerLimit 64\nStartServers 64\nMinSpareServers 64\nMaxSpareServers 64\n"
                "MaxRequestWorkers 64\nKeepAlive On\n");
  ServerProcess apache({"apache2", "-f", dir_.File("httpd.conf"), "-DFOREGROUND"},
                       dir_.File("apache.log"));
  ASSERT_TRUE(WaitForSs({"-ltn", "sport = :8082"}, [](size_t n) { return n == 1; }))
      << "apache2 did not listen";
  ASSERT_TRUE(WaitUntil([&] { return ChildPids(apache.pid()).size() == 64; }, Millis(20000)))
      << "apache2 did not start its 64 workers";
  // 50 keep-alive clients for at most 8s: prefork hands each connection to
  // one worker process, all of them sharing the one listener.
  ServerProcess ab({"ab", "-q", "-k", "-t", "8", "-n", "10000000", "-c", "50",
                    "http://127.0.0.1:8082/index.html"},
                   dir_.File("ab.log"));
  ASSERT_TRUE(WaitForSs({"-tn", "state", "established", "dport = :8082"}, [](size_t n) {
    return n >= 40;
  })) << "ab did not connect";
  JsonRun run = CheckOnce();
  EXPECT_TRUE(ab.Running()) << "the load ended before check finished";
  EXPECT_EQ(ChildPids(apache.pid()).size(), 64u) << "prefork workers changed during the test";
  EXPECT_EQ(run.result.exit_code, 0) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), IsEmpty()) << run.doc.dump(1);
}

}  // namespace
}  // namespace sockscope::testing
