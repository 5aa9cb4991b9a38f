// Issue 13, the client side with real programs: a proxy (haproxy) whose
// backend stopped answering, and PostgreSQL, healthy under pgbench and then
// with a client that leaks sessions until the server refuses new ones. Each
// world is in the test's private network namespace (plus a veth peer for the
// backend); every load is bounded in time or count.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "check_support.h"
#include "netns_support.h"
#include "server_support.h"

namespace sockscope::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr uint16_t kProxyPort = 8083;
constexpr uint16_t kPostgresPort = 5433;
const std::string kPgBin = "/usr/lib/postgresql/15/bin/";

class ProxyAndDatabase : public NetnsTest {
 protected:
  void SetUp() override {
    NetnsTest::SetUp();
    if (IsSkipped()) return;
    // PostgreSQL runs as its own user: let it reach its directory here.
    ::chmod(dir_.path().c_str(), 0755);
  }
  TempDir dir_;
};

// ---- haproxy whose backend does not answer ----

TEST_F(ProxyAndDatabase, Issue13HaproxyWhoseBackendDoesNotAnswerIsNamedWithTheBackend) {
  for (const char* p : {"haproxy", "wrk"})
    if (!HaveProgram(p)) GTEST_SKIP() << p << " is not installed (scripts/install-deps.sh)";
  VethPeer peer("10.77.0.1", "10.77.0.2");
  peer.DropServerToClient();  // our SYNs to 10.77.0.2 are lost on the way
  WriteFile(dir_.File("haproxy.cfg"),
            "global\n  maxconn 4096\ndefaults\n  mode http\n  timeout connect 20s\n"
            "  timeout client 30s\n  timeout server 30s\nfrontend web\n"
            "  bind 127.0.0.1:" +
                std::to_string(kProxyPort) +
                "\n  default_backend db\nbackend db\n  server app 10.77.0.2:8000\n");
  ServerProcess haproxy({"haproxy", "-db", "-f", dir_.File("haproxy.cfg")},
                        dir_.File("haproxy.log"));
  ASSERT_TRUE(WaitForSs({"-ltn", "sport = :8083"}, [](size_t n) { return n == 1; }))
      << "haproxy did not listen";
  // 16 clients for at most 10s: each request makes haproxy connect to the
  // backend, and each connect waits in SYN-SENT.
  ServerProcess wrk({"wrk", "-t1", "-c16", "-d10s", "http://127.0.0.1:8083/"},
                    dir_.File("wrk.log"));
  // The first SYN retransmission comes after 1s; wait for ss to show it.
  ASSERT_TRUE(WaitUntil(
      [] {
        size_t n = 0;
        for (const auto& l : SsLines({"-tni", "state", "syn-sent", "dst", "10.77.0.2"}))
          n += l.find("retrans:") != std::string::npos;
        return n >= 8;
      },
      Millis(5000)))
      << "haproxy's connects were not retransmitted";
  JsonRun run = CheckOnce("500ms");
  EXPECT_TRUE(wrk.Running()) << "the load ended before check finished";
  EXPECT_EQ(run.result.exit_code, 1) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), ElementsAre("connect-not-completing:warning"))
      << run.doc.dump(1);
  auto found = FindingsWithId(run.doc, "connect-not-completing");
  ASSERT_EQ(found.size(), 1u);
  const nlohmann::json& f = found[0];
  EXPECT_EQ(f["evidence"].value("destination", ""), "10.77.0.2:8000") << f.dump(1);
  EXPECT_GE(f["evidence"].value("syn_sent", 0u), 8u) << f.dump(1);
  EXPECT_GT(f["evidence"].value("retransmitting", 0u), 0u) << f.dump(1);
  EXPECT_THAT(Pids(f["processes"]), ElementsAre(haproxy.pid())) << f.dump(1);
  EXPECT_EQ(f["processes"][0].value("comm", ""), "haproxy") << f.dump(1);
}

// ---- PostgreSQL ----

// A PostgreSQL cluster of its own in `dir`/pg on 127.0.0.1:5433 (trust
// authentication, no fsync), run as the `postgres` user the package made.
class Postgres {
 public:
  Postgres(const TempDir& dir, int max_connections) {
    const passwd* pw = ::getpwnam("postgres");
    if (!pw) return;
    const std::string data = dir.File("pg");
    std::filesystem::create_directory(data);
    if (::chown(data.c_str(), pw->pw_uid, pw->pw_gid) != 0) return;
    CommandResult init = RunCommand({"runuser", "-u", "postgres", "--", kPgBin + "initdb", "-D",
                                     data, "-A", "trust", "-U", "postgres", "--no-sync"},
                                    Millis(60000));
    if (init.exit_code != 0) {
      error_ = init.Describe();
      return;
    }
    process_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"runuser", "-u", "postgres", "--", kPgBin + "postgres", "-D", data,
                                 "-k", data, "-c", "listen_addresses=127.0.0.1", "-p",
                                 std::to_string(kPostgresPort), "-c",
                                 "max_connections=" + std::to_string(max_connections), "-c",
                                 "fsync=off", "-c", "shared_buffers=16MB"},
        dir.File("postgres.log"));
    // Listening is not ready: until recovery ends, sessions are refused with
    // "the database system is starting up". pg_isready says when it is.
    started_ = WaitForSs(
                   {"-ltn", "sport = :5433"}, [](size_t n) { return n == 1; }, Millis(30000)) &&
               WaitUntil(
                   [] {
                     return RunCommand({kPgBin + "pg_isready", "-q", "-h", "127.0.0.1", "-p",
                                        std::to_string(kPostgresPort)},
                                       Millis(5000))
                                .exit_code == 0;
                   },
                   Millis(30000));
  }
  bool started() const { return started_; }
  const std::string& error() const { return error_; }

 private:
  std::unique_ptr<ServerProcess> process_;
  bool started_ = false;
  std::string error_;
};

std::vector<std::string> PgArgs(std::vector<std::string> args) {
  std::vector<std::string> out{
      kPgBin + "pgbench", "-h", "127.0.0.1", "-p", std::to_string(kPostgresPort), "-U", "postgres"};
  out.insert(out.end(), args.begin(), args.end());
  out.push_back("postgres");
  return out;
}

TEST_F(ProxyAndDatabase, Issue13PostgresUnderPgbenchIsQuiet) {
  if (!std::filesystem::exists(kPgBin + "postgres"))
    GTEST_SKIP() << "postgresql is not installed (scripts/install-deps.sh)";
  Postgres pg(dir_, 100);
  ASSERT_TRUE(pg.started()) << "postgres did not start " << pg.error();
  CommandResult init = RunCommand(PgArgs({"-i", "-q", "-s", "1"}), Millis(60000));
  ASSERT_EQ(init.exit_code, 0) << init.Describe();
  // 20 clients (a fixed pool), select-only, for at most 8s.
  ServerProcess bench(PgArgs({"-c", "20", "-j", "2", "-S", "-T", "8"}), dir_.File("bench.log"));
  ASSERT_TRUE(WaitForSs({"-tn", "state", "established", "dport = :5433"}, [](size_t n) {
    return n >= 20;
  })) << "pgbench did not connect";
  JsonRun run = CheckOnce();
  EXPECT_TRUE(bench.Running()) << "the load ended before check finished";
  EXPECT_EQ(run.result.exit_code, 0) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), IsEmpty()) << run.doc.dump(1);
}

TEST_F(ProxyAndDatabase, Issue13ClientLeakingPostgresSessionsIsNamed) {
  if (!std::filesystem::exists(kPgBin + "postgres"))
    GTEST_SKIP() << "postgresql is not installed (scripts/install-deps.sh)";
  // 60 sessions at most: later ones are refused.
  Postgres pg(dir_, 60);
  ASSERT_TRUE(pg.started()) << "postgres did not start " << pg.error();
  // A client speaking the PostgreSQL protocol (startup, trust) that opens 40
  // sessions, leaves them idle, then opens one more every 150 ms and never
  // closes any: a pool that leaks. At most 80 attempts; refused ones closed.
  ServerProcess client(
      {"python3", "-c",
       "import socket,struct,time\n"
       "def session():\n"
       "  s=socket.create_connection(('127.0.0.1',5433))\n"
       "  body=struct.pack('!I',196608)+b'user\\0postgres\\0database\\0postgres\\0\\0'\n"
       "  s.sendall(struct.pack('!I',len(body)+4)+body)\n"
       "  buf=b''\n"
       "  while True:\n"
       "    d=s.recv(4096)\n"
       "    if not d: s.close(); return None\n"
       "    buf+=d\n"
       "    if b'Z\\0\\0\\0\\x05' in buf: return s\n"
       "    if buf[:1]==b'E': s.close(); return None\n"
       "held=[session() for i in range(40)]\n"
       "time.sleep(1.5)\n"
       "for i in range(40):\n"
       "  held.append(session()); time.sleep(0.15)\n"
       "time.sleep(60)\n"},
      dir_.File("client.log"));
  // Growing: more than the first 40, which have been idle for 1.5s by then.
  ASSERT_TRUE(WaitForSs(
      {"-tn", "state", "established", "dport = :5433"}, [](size_t n) { return n >= 42; },
      Millis(20000)))
      << "the client did not connect";
  JsonRun run = CheckOnce("1s");
  EXPECT_EQ(run.result.exit_code, 1) << run.doc.dump(1);
  EXPECT_THAT(Keys(LocalFindings(run.doc)), ElementsAre("connections-piling-up:warning"))
      << run.doc.dump(1);
  auto found = FindingsWithId(run.doc, "connections-piling-up");
  ASSERT_EQ(found.size(), 1u);
  const nlohmann::json& f = found[0];
  const nlohmann::json& e = f["evidence"];
  EXPECT_EQ(e.value("destination", ""), "127.0.0.1:5433") << f.dump(1);
  EXPECT_GE(e.value("idle", 0u), 40u) << f.dump(1);
  EXPECT_GT(e.value("opened_between_samples", 0u), 0u) << f.dump(1);
  EXPECT_THAT(Pids(f["processes"]), ElementsAre(client.pid())) << f.dump(1);
  // The server's side: it refuses once its slots are used up.
  EXPECT_TRUE(WaitUntil(
      [&] {
        std::ifstream log(dir_.File("postgres.log"));
        std::stringstream text;
        text << log.rdbuf();
        return text.str().find("too many clients") != std::string::npos;
      },
      Millis(15000)))
      << "postgres did not refuse sessions";
}

}  // namespace
}  // namespace sockscope::testing
