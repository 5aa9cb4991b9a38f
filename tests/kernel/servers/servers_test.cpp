// Issue 13: `sockscope check` against real servers and load generators from
// Debian's archive, each world in the test's private network namespace, its
// kernel state checked with ss before sockscope is asked. Healthy controls
// must stay quiet (exit 0); each kind of trouble must be named right: id,
// severity, program, pid, listener or destination. Every load is bounded in
// time and count.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "check_support.h"
#include "netns_support.h"
#include "server_support.h"

namespace sockscope::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr uint16_t kHttpPort = 8080;

// nginx with `workers` workers on 127.0.0.1:8080, answering every request
// with a short body; runs in the foreground (daemon off) under a master.
class Nginx {
 public:
  // reuseport: one listening socket per worker (`listen ... reuseport`); every
  // worker inherits all of them but watches only its own in its epoll set.
  Nginx(const TempDir& dir, int workers, bool reuseport = false) {
    WriteFile(dir.File("nginx.conf"),
              "daemon off;\nmaster_process on;\nworker_processes " + std::to_string(workers) +
                  ";\npid " + dir.File("nginx.pid") + ";\nerror_log " + dir.File("error.log") +
                  ";\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n"
                  "  server {\n    listen 127.0.0.1:8080 backlog=511" +
                  std::string(reuseport ? " reuseport" : "") +
                  ";\n"
                  "    location / { return 200 \"ok\\n\"; }\n  }\n}\n");
    process_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"nginx", "-p", dir.path(), "-e", dir.File("error.log"), "-c",
                                 dir.File("nginx.conf")},
        dir.File("nginx.log"));
    const size_t listeners = reuseport ? size_t(workers) : 1;
    started_ = WaitForSs({"-ltn", "sport = :8080"}, [&](size_t n) { return n == listeners; }) &&
               WaitUntil([&] { return ChildPids(process_->pid()).size() == size_t(workers); });
  }
  bool started() const { return started_; }
  pid_t master() const { return process_->pid(); }
  std::vector<pid_t> workers() const { return ChildPids(process_->pid()); }

 private:
  std::unique_ptr<ServerProcess> process_;
  bool started_ = false;
};

class Servers : public NetnsTest {
 protected:
  void SetUp() override {
    NetnsTest::SetUp();
    if (IsSkipped()) return;
    for (const char* p : {"nginx", "wrk", "python3"})
      if (!HaveProgram(p)) GTEST_SKIP() << p << " is not installed (scripts/install-deps.sh)";
  }
  TempDir dir_;
};

// ---- Healthy controls: zero false alarms. ----

TEST_F(Servers, Issue13NginxUnderWrkIsQuiet) {
  Nginx nginx(dir_, 2);
  ASSERT_TRUE(nginx.started()) << "nginx did not start";
  // 200 connections for at most 8s; check samples in the middle of it.
  ServerProcess wrk({"wrk", "-t2", "-c200", "-d8s", "http://127.0.0.1:8080/"},
                    dir_.File("wrk.log"));
  ASSERT_TRUE(WaitForSs({"-tn", "state", "established", "dport = :8080"}, [](size_t n) {
    return n >= 150;
  })) << "wrk did not connect";
  JsonRun run = CheckOnce();
  EXPECT_TRUE(wrk.Running()) << "the load ended before check finished";
  EXPECT_EQ(run.result.exit_code, 0) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), IsEmpty()) << run.doc.dump(1);
}

TEST_F(Servers, Issue13HaproxyInFrontOfNginxUnderWrkIsQuiet) {
  if (!HaveProgram("haproxy")) GTEST_SKIP() << "haproxy is not installed (scripts/install-deps.sh)";
  Nginx nginx(dir_, 2);
  ASSERT_TRUE(nginx.started()) << "nginx did not start";
  // haproxy on :8081 keeps its own pool of connections to nginx on :8080:
  // both a server (to wrk) and a client (of nginx) on the same host.
  WriteFile(dir_.File("haproxy.cfg"),
            "global\n  maxconn 4096\ndefaults\n  mode http\n  timeout connect 2s\n"
            "  timeout client 10s\n  timeout server 10s\nfrontend web\n"
            "  bind 127.0.0.1:8081\n  default_backend app\nbackend app\n"
            "  http-reuse always\n  server nginx 127.0.0.1:8080\n");
  ServerProcess haproxy({"haproxy", "-db", "-f", dir_.File("haproxy.cfg")},
                        dir_.File("haproxy.log"));
  ASSERT_TRUE(WaitForSs({"-ltn", "sport = :8081"}, [](size_t n) { return n == 1; }))
      << "haproxy did not listen";
  ServerProcess wrk({"wrk", "-t2", "-c200", "-d8s", "http://127.0.0.1:8081/"},
                    dir_.File("wrk.log"));
  ASSERT_TRUE(WaitForSs({"-tn", "state", "established", "dport = :8081"}, [](size_t n) {
    return n >= 150;
  })) << "wrk did not connect";
  ASSERT_TRUE(WaitForSs({"-tn", "state", "established", "dport = :8080"}, [](size_t n) {
    return n >= 1;
  })) << "haproxy did not connect to nginx";
  JsonRun run = CheckOnce();
  EXPECT_TRUE(wrk.Running()) << "the load ended before check finished";
  EXPECT_EQ(run.result.exit_code, 0) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), IsEmpty()) << run.doc.dump(1);
}

TEST_F(Servers, Issue13RedisUnderRedisBenchmarkIsQuiet) {
  if (!HaveProgram("redis-server") || !HaveProgram("redis-benchmark"))
    GTEST_SKIP() << "redis is not installed (scripts/install-deps.sh)";
  ServerProcess redis({"redis-server", "--port", "6390", "--bind", "127.0.0.1", "--save", "",
                       "--appendonly", "no", "--dir", dir_.path()},
                      dir_.File("redis.log"));
  ASSERT_TRUE(WaitForSs({"-ltn", "sport = :6390"}, [](size_t n) { return n == 1; }))
      << "redis did not listen";
  // 50 clients, pipelined GET/SET, bounded by a request count far beyond
  // what the check interval needs (it is killed with the test).
  ServerProcess bench({"redis-benchmark", "-h", "127.0.0.1", "-p", "6390", "-c", "50", "-n",
                       "20000000", "-P", "16", "-t", "get,set", "-q"},
                      dir_.File("bench.log"));
  ASSERT_TRUE(WaitForSs({"-tn", "state", "established", "dport = :6390"}, [](size_t n) {
    return n >= 50;
  })) << "redis-benchmark did not connect";
  JsonRun run = CheckOnce();
  EXPECT_TRUE(bench.Running()) << "the load ended before check finished";
  EXPECT_EQ(run.result.exit_code, 0) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), IsEmpty()) << run.doc.dump(1);
}

TEST_F(Servers, Issue13NginxUnderShortConnectionsIsQuiet) {
  // A new connection per request (Connection: close): accept queue, SYN-RECV,
  // CLOSE-WAIT and TIME-WAIT all turn over quickly.
  Nginx nginx(dir_, 1);
  ASSERT_TRUE(nginx.started()) << "nginx did not start";
  ServerProcess wrk(
      {"wrk", "-t2", "-c50", "-d8s", "-H", "Connection: close", "http://127.0.0.1:8080/"},
      dir_.File("wrk.log"));
  ASSERT_TRUE(WaitForSs({"-tn", "state", "time-wait"}, [](size_t n) { return n >= 100; }))
      << "no connection churn";
  JsonRun run = CheckOnce();
  EXPECT_TRUE(wrk.Running()) << "the load ended before check finished";
  EXPECT_EQ(run.result.exit_code, 0) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), IsEmpty()) << run.doc.dump(1);
}

// ---- A stuck listener: the worker stopped, clients queue. ----

TEST_F(Servers, Issue13StoppedNginxWorkerIsNamed) {
  Nginx nginx(dir_, 1);
  ASSERT_TRUE(nginx.started()) << "nginx did not start";
  std::vector<pid_t> workers = nginx.workers();
  ASSERT_EQ(workers.size(), 1u);
  ::kill(workers[0], SIGSTOP);
  std::vector<UniqueFd> clients;
  for (int i = 0; i < 20; ++i) clients.push_back(TcpConnectStart("127.0.0.1", kHttpPort));
  // ss: the listener's Recv-Q is its accept queue length.
  ASSERT_TRUE(WaitUntil([] {
    auto lines = SsLines({"-ltn", "sport = :8080"});
    return lines.size() == 1 && lines[0].find(" 20 ") != std::string::npos;
  })) << "accept queue did not reach 20";
  JsonRun run = CheckOnce("500ms");
  ::kill(workers[0], SIGCONT);
  EXPECT_EQ(run.result.exit_code, 1) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), ElementsAre("unaccepted-connections:warning"))
      << run.doc.dump(1);
  auto found = FindingsWithId(run.doc, "unaccepted-connections");
  ASSERT_EQ(found.size(), 1u);
  const nlohmann::json& f = found[0];
  EXPECT_EQ(f["evidence"].value("local", ""), "127.0.0.1:8080");
  EXPECT_EQ(f["evidence"]["unaccepted_in_both_samples"], 20) << f.dump(1);
  EXPECT_THAT(Pids(f["processes"]), Contains(workers[0])) << f.dump(1);
  EXPECT_THAT(f.value("summary", ""), HasSubstr("nginx")) << f.dump(1);
}

// ---- A UDP server that stopped reading. ----

TEST_F(Servers, Issue13UdpServerThatStoppedReadingDropsAreNamed) {
  // A receiver with a small buffer that never reads (a hung DNS server).
  ServerProcess reader({"python3", "-c",
                        "import socket,time\n"
                        "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                        "s.setsockopt(socket.SOL_SOCKET,socket.SO_RCVBUF,8192)\n"
                        "s.bind(('127.0.0.1',5353))\n"
                        "time.sleep(60)\n"},
                       dir_.File("reader.log"));
  ASSERT_TRUE(WaitForSs({"-uln", "sport = :5353"}, [](size_t n) { return n == 1; }));
  UniqueFd sender = UdpConnect("127.0.0.1", "127.0.0.1", 5353);
  std::atomic<bool> stop{false};
  std::thread load([&] {
    // At most 20000 datagrams, one every 200us: bounded in count and time.
    for (int i = 0; i < 20000 && !stop.load(); ++i) {
      (void)::send(sender.get(), "query", 5, MSG_DONTWAIT);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  uint64_t before = ReadCounter("Udp.RcvbufErrors");
  bool dropping = WaitUntil([&] { return ReadCounter("Udp.RcvbufErrors") > before + 100; });
  JsonRun run = CheckOnce("500ms");
  stop = true;
  load.join();
  ASSERT_TRUE(dropping) << "Udp RcvbufErrors did not grow";
  EXPECT_EQ(run.result.exit_code, 2) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), ElementsAre("udp-receive-drops:critical"))
      << run.doc.dump(1);
  auto found = FindingsWithId(run.doc, "udp-receive-drops");
  ASSERT_EQ(found.size(), 1u);
  const nlohmann::json& f = found[0];
  EXPECT_EQ(f["evidence"].value("local", ""), "127.0.0.1:5353");
  EXPECT_GT(f["evidence"].value("drops", 0u), 0u) << f.dump(1);
  EXPECT_GT(f["evidence"].value("udp_rcvbuf_errors", 0u), 0u) << f.dump(1);
  EXPECT_THAT(Pids(f["processes"]), ElementsAre(reader.pid())) << f.dump(1);
  EXPECT_EQ(f["processes"][0].value("comm", ""), CommOf(reader.pid()));
}

// ---- A backend that does not answer: connects stuck in SYN-SENT. ----

TEST_F(Servers, Issue13BackendNotAnsweringIsNamedWithItsDestination) {
  VethPeer peer("10.77.0.1", "10.77.0.2");
  peer.DropServerToClient();  // our SYNs to 10.77.0.2 are lost on the way
  // A client program (a proxy's connection attempts) with 8 connects pending.
  ServerProcess client({"python3", "-c",
                        "import socket,time\n"
                        "ss=[]\n"
                        "for i in range(8):\n"
                        "  s=socket.socket(); s.setblocking(False)\n"
                        "  s.connect_ex(('10.77.0.2',5432)); ss.append(s)\n"
                        "time.sleep(60)\n"},
                       dir_.File("client.log"));
  // The first SYN retransmission comes after 1s; wait for ss to show it.
  ASSERT_TRUE(WaitUntil(
      [] {
        auto lines = SsLines({"-tni", "state", "syn-sent", "dst", "10.77.0.2"});
        size_t n = 0;
        for (const auto& l : lines)
          if (l.find("retrans:") != std::string::npos) ++n;
        return n >= 8;
      },
      Millis(5000)))
      << "no SYN retransmissions";
  JsonRun run = CheckOnce("500ms");
  EXPECT_EQ(run.result.exit_code, 1) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), ElementsAre("connect-not-completing:warning"))
      << run.doc.dump(1);
  auto found = FindingsWithId(run.doc, "connect-not-completing");
  ASSERT_EQ(found.size(), 1u);
  const nlohmann::json& f = found[0];
  EXPECT_EQ(f["evidence"].value("destination", ""), "10.77.0.2:5432");
  EXPECT_EQ(f["evidence"]["syn_sent"], 8) << f.dump(1);
  EXPECT_THAT(Pids(f["processes"]), ElementsAre(client.pid())) << f.dump(1);
}

// ---- A prefork server that leaks: one CLOSE-WAIT per worker. ----

TEST_F(Servers, Issue13LeakSpreadOverWorkersIsOneProgram) {
  // 20 worker processes each accept one connection and never close it.
  ServerProcess server({"python3", "-c",
                        "import os,socket,time\n"
                        "l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                        "l.bind(('127.0.0.1',8081)); l.listen(1024)\n"
                        "for i in range(20):\n"
                        "  if os.fork()==0:\n"
                        "    c,_=l.accept(); time.sleep(60); os._exit(0)\n"
                        "time.sleep(60)\n"},
                       dir_.File("server.log"));
  ASSERT_TRUE(WaitForSs({"-ltn", "sport = :8081"}, [](size_t n) { return n == 1; }));
  ASSERT_TRUE(WaitUntil([&] { return ChildPids(server.pid()).size() == 20; }));
  {
    std::vector<UniqueFd> clients;
    for (int i = 0; i < 20; ++i) clients.push_back(TcpConnect("127.0.0.1", 8081));
  }  // the clients close: the accepted ends go to CLOSE-WAIT
  ASSERT_TRUE(
      WaitForSs({"-tn", "state", "close-wait", "sport = :8081"}, [](size_t n) { return n == 20; }));
  // Every worker accepted one (no child left in the queue).
  ASSERT_TRUE(WaitUntil([] {
    auto l = SsLines({"-ltn", "sport = :8081"});
    return l.size() == 1 && l[0].find(" 0 ") != std::string::npos;
  }));
  JsonRun run = CheckOnce("300ms");
  EXPECT_EQ(run.result.exit_code, 1) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), ElementsAre("close-wait-buildup:warning"))
      << run.doc.dump(1);
  auto found = FindingsWithId(run.doc, "close-wait-buildup");
  ASSERT_EQ(found.size(), 1u);
  const nlohmann::json& f = found[0];
  EXPECT_EQ(f["evidence"]["close_wait"], 20) << f.dump(1);
  EXPECT_EQ(f["evidence"]["processes_total"], 20) << f.dump(1);
  std::vector<pid_t> workers = ChildPids(server.pid());
  for (int pid : Pids(f["processes"])) EXPECT_THAT(workers, Contains(pid)) << f.dump(1);
}

// ---- SO_REUSEPORT: one member of the group stopped. ----

// python3 can take seconds to start on a loaded machine.
constexpr Millis kPythonStart(20000);

// A python3 worker with its own SO_REUSEPORT listener on 127.0.0.1:`port`
// that accepts and keeps every connection for at most 60s.
ServerProcess ReuseportWorker(const TempDir& dir, const std::string& name, uint16_t port) {
  return ServerProcess({"python3", "-c",
                        "import socket,time\n"
                        "l=socket.socket()\n"
                        "l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEPORT,1)\n"
                        "l.bind(('127.0.0.1'," +
                            std::to_string(port) +
                            ")); l.listen(511); l.settimeout(0.5)\n"
                            "cs=[]; end=time.time()+60\n"
                            "while time.time()<end:\n"
                            "  try: cs.append(l.accept()[0])\n"
                            "  except socket.timeout: pass\n"},
                       dir.File(name + ".log"));
}

// The Recv-Q (accept queue length) of each listener on `port`, as ss shows it.
std::vector<int> ListenerQueues(uint16_t port) {
  std::vector<int> out;
  for (const auto& line : SsLines({"-ltn", "sport = :" + std::to_string(port)})) {
    std::istringstream in(line);
    std::string state;
    int recv_q = -1;
    in >> state >> recv_q;
    out.push_back(recv_q);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(Servers, Issue13StoppedReuseportMemberIsNamedNotItsHealthySibling) {
  constexpr uint16_t kPort = 8090;
  ServerProcess healthy = ReuseportWorker(dir_, "healthy", kPort);
  ASSERT_TRUE(WaitForSs(
      {"-ltn", "sport = :8090"}, [](size_t n) { return n == 1; }, kPythonStart));
  ServerProcess stuck = ReuseportWorker(dir_, "stuck", kPort);
  ASSERT_TRUE(WaitForSs(
      {"-ltn", "sport = :8090"}, [](size_t n) { return n == 2; }, kPythonStart));
  stuck.Signal(SIGSTOP);
  // The kernel hashes each connection to one member: about half wait in the
  // stopped member's queue, the rest are accepted by the healthy one.
  std::vector<UniqueFd> clients;
  for (int i = 0; i < 40; ++i) clients.push_back(TcpConnectStart("127.0.0.1", kPort));
  int waiting = 0;
  ASSERT_TRUE(WaitUntil([&] {
    std::vector<int> q = ListenerQueues(kPort);
    waiting = q.size() == 2 ? q[1] : 0;
    return q.size() == 2 && q[0] == 0 && q[1] >= 8 &&
           SsLines({"-tn", "state", "established", "dport = :8090"}).size() == 40;
  })) << "the stopped member's queue did not fill while the other emptied";
  JsonRun run = CheckOnce("500ms");
  stuck.Signal(SIGCONT);
  EXPECT_EQ(run.result.exit_code, 1) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), ElementsAre("unaccepted-connections:warning"))
      << run.doc.dump(1);
  auto found = FindingsWithId(run.doc, "unaccepted-connections");
  ASSERT_EQ(found.size(), 1u);
  const nlohmann::json& f = found[0];
  const nlohmann::json& e = f["evidence"];
  EXPECT_EQ(e.value("local", ""), "127.0.0.1:8090") << f.dump(1);
  EXPECT_EQ(e["accept_queue_len"], waiting) << f.dump(1);
  EXPECT_EQ(e["unaccepted_in_both_samples"], waiting) << f.dump(1);
  EXPECT_EQ(e["stuck_members"], 1) << f.dump(1);
  EXPECT_EQ(e["reuseport_group"], 2) << f.dump(1);
  EXPECT_EQ(e["process_singled_out"], true) << f.dump(1);
  EXPECT_THAT(Pids(f["processes"]), ElementsAre(stuck.pid())) << f.dump(1);
  EXPECT_THAT(f.value("summary", ""), HasSubstr("one SO_REUSEPORT member (of 2)")) << f.dump(1);
}

// Inodes of the files the epoll instances of `pid` watch (the ino: field of
// the "tfd:" lines of their fdinfo, hex).
std::set<uint64_t> EpollWatches(pid_t pid) {
  namespace fs = std::filesystem;
  std::set<uint64_t> out;
  std::error_code ec;
  const std::string base = "/proc/" + std::to_string(pid);
  for (const auto& e : fs::directory_iterator(base + "/fd", ec)) {
    std::error_code link_ec;
    if (fs::read_symlink(e.path(), link_ec).string() != "anon_inode:[eventpoll]") continue;
    std::ifstream info(base + "/fdinfo/" + e.path().filename().string());
    for (std::string line; std::getline(info, line);) {
      if (line.rfind("tfd:", 0) != 0) continue;
      size_t at = line.find(" ino:");
      if (at != std::string::npos) out.insert(std::stoull(line.substr(at + 5), nullptr, 16));
    }
  }
  return out;
}

// Inodes of the listening sockets on `port`, as ss -e shows them.
std::set<uint64_t> ListenerInodes(uint16_t port) {
  std::set<uint64_t> out;
  for (const auto& line : SsLines({"-ltne", "sport = :" + std::to_string(port)})) {
    size_t at = line.find("ino:");
    if (at != std::string::npos) out.insert(std::stoull(line.substr(at + 4)));
  }
  return out;
}

// Whether `pid`'s epoll sets watch one of the listening sockets on `port`.
bool WatchesAListener(pid_t pid, uint16_t port) {
  const std::set<uint64_t> listeners = ListenerInodes(port);
  for (uint64_t ino : EpollWatches(pid))
    if (listeners.count(ino)) return true;
  return false;
}

TEST_F(Servers, Issue13StoppedNginxReuseportWorkerIsSingledOutByItsEpollSet) {
  // Both workers hold both members' fds (inherited from the master), so the
  // sockets alone cannot tell which worker serves the stuck member; each
  // worker's epoll set (/proc/PID/fdinfo) watches only its own member.
  Nginx nginx(dir_, 2, /*reuseport=*/true);
  ASSERT_TRUE(nginx.started()) << "nginx did not start";
  std::vector<pid_t> workers = nginx.workers();
  ASSERT_EQ(workers.size(), 2u);
  // A worker registers its member in its epoll set after it starts (its
  // channel to the master first): wait until each watches a listener, or the
  // stopped one may be caught before it watches its member.
  ASSERT_TRUE(WaitUntil([&] {
    return WatchesAListener(workers[0], kHttpPort) && WatchesAListener(workers[1], kHttpPort);
  })) << "the workers did not register their listeners in epoll";
  ::kill(workers[0], SIGSTOP);
  std::vector<UniqueFd> clients;
  for (int i = 0; i < 40; ++i) clients.push_back(TcpConnectStart("127.0.0.1", kHttpPort));
  int waiting = 0;
  ASSERT_TRUE(WaitUntil([&] {
    std::vector<int> q = ListenerQueues(kHttpPort);
    waiting = q.size() == 2 ? q[1] : 0;
    return q.size() == 2 && q[0] == 0 && q[1] >= 8;
  })) << "the stopped worker's member did not fill while the other emptied";
  JsonRun run = CheckOnce("500ms");
  ::kill(workers[0], SIGCONT);
  auto found = FindingsWithId(run.doc, "unaccepted-connections");
  ASSERT_EQ(found.size(), 1u) << run.doc.dump(1);
  const nlohmann::json& f = found[0];
  const nlohmann::json& e = f["evidence"];
  EXPECT_EQ(e["accept_queue_len"], waiting) << f.dump(1);
  EXPECT_EQ(e["process_singled_out"], true) << f.dump(1);
  EXPECT_THAT(e.value("singled_out_by", ""), HasSubstr("epoll")) << f.dump(1);
  EXPECT_EQ(e.value("process_state", ""), "T (stopped)") << f.dump(1);
  EXPECT_THAT(Pids(f["processes"]), ElementsAre(workers[0])) << f.dump(1);
}

// ---- A client that leaks connections to one server. ----

TEST_F(Servers, Issue13ConnectionsPilingUpToOneServerAreNamed) {
  // The server accepts and keeps every connection (a database that has not
  // reached its limit yet), for at most 60s.
  ServerProcess server({"python3", "-c",
                        "import socket,time\n"
                        "l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                        "l.bind(('127.0.0.1',6390)); l.listen(1024); l.settimeout(0.5)\n"
                        "cs=[]; end=time.time()+60\n"
                        "while time.time()<end:\n"
                        "  try: cs.append(l.accept()[0])\n"
                        "  except socket.timeout: pass\n"},
                       dir_.File("server.log"));
  ASSERT_TRUE(WaitForSs(
      {"-ltn", "sport = :6390"}, [](size_t n) { return n == 1; }, kPythonStart));
  // The client opens 40 connections, leaves them idle, then keeps opening one
  // more every 100ms and never uses or closes any: at most 100 connections.
  ServerProcess client(
      {"python3", "-c",
       "import socket,time\n"
       "cs=[socket.create_connection(('127.0.0.1',6390)) for i in range(40)]\n"
       "time.sleep(1.5)\n"
       "for i in range(60):\n"
       "  cs.append(socket.create_connection(('127.0.0.1',6390))); time.sleep(0.1)\n"
       "time.sleep(60)\n"},
      dir_.File("client.log"));
  // Growing: more than the first 40, which have been idle for 1.5s by then.
  ASSERT_TRUE(WaitForSs(
      {"-tn", "state", "established", "dport = :6390"}, [](size_t n) { return n >= 42; },
      kPythonStart))
      << "the client did not connect";
  JsonRun run = CheckOnce("1s");
  size_t after = SsLines({"-tn", "state", "established", "dport = :6390"}).size();
  EXPECT_LT(after, 100u) << "the client stopped opening connections before check finished";
  EXPECT_EQ(run.result.exit_code, 1) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), ElementsAre("connections-piling-up:warning"))
      << run.doc.dump(1);
  auto found = FindingsWithId(run.doc, "connections-piling-up");
  ASSERT_EQ(found.size(), 1u);
  const nlohmann::json& f = found[0];
  const nlohmann::json& e = f["evidence"];
  EXPECT_EQ(e.value("destination", ""), "127.0.0.1:6390") << f.dump(1);
  EXPECT_GE(e.value("idle", 0u), 40u) << f.dump(1);
  EXPECT_GT(e.value("opened_between_samples", 0u), 0u) << f.dump(1);
  EXPECT_GE(e.value("kept_from_previous_sample", 0u), 42u) << f.dump(1);
  EXPECT_EQ(e.value("connections", 0u),
            e.value("opened_between_samples", 0u) + e.value("kept_from_previous_sample", 0u))
      << f.dump(1);
  EXPECT_GE(e.value("longest_idle_ms", 0u), 1000u) << f.dump(1);
  EXPECT_THAT(Pids(f["processes"]), ElementsAre(client.pid())) << f.dump(1);
  EXPECT_EQ(f["processes"][0].value("comm", ""), CommOf(client.pid()));
}

}  // namespace
}  // namespace sockscope::testing
