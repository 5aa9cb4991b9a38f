#include "check_support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <fstream>
#include <sstream>
#include <system_error>

#include "rows_support.h"

namespace sockscope::testing {
namespace {

[[noreturn]] void Fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) Fail("open " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// /proc/net/netstat and /proc/net/snmp: pairs of lines "Prefix: names..." and
// "Prefix: values...".
std::optional<uint64_t> FindCounter(const std::string& text, std::string_view prefix,
                                    std::string_view name) {
  std::istringstream in(text);
  std::string names;
  std::string values;
  while (std::getline(in, names) && std::getline(in, values)) {
    std::vector<std::string> n = SplitWords(names);
    std::vector<std::string> v = SplitWords(values);
    if (n.empty() || n[0] != std::string(prefix) + ":" || n.size() != v.size()) continue;
    for (size_t i = 1; i < n.size(); ++i) {
      if (n[i] == name) return std::stoull(v[i]);
    }
  }
  return std::nullopt;
}

// Runs `ip args...`; throws with its output when it fails.
void RunIp(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ip"};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandResult result = RunCommand(argv, Millis(3000));
  if (result.exit_code != 0) {
    errno = EIO;
    std::string command;
    for (const std::string& a : argv) command += a + " ";
    Fail(command + "failed: " + result.Describe());
  }
}

}  // namespace

JsonRun RunSockscopeJson(const std::vector<std::string>& args) {
  JsonRun run;
  run.result = RunSockscope(args);
  run.doc = nlohmann::json::parse(run.result.out, nullptr, /*allow_exceptions=*/false);
  return run;
}

std::vector<std::string> FindingKeys(const nlohmann::json& doc) {
  std::vector<std::string> keys;
  if (!doc.contains("findings")) return keys;
  for (const nlohmann::json& f : doc["findings"]) {
    keys.push_back(f.value("id", "?") + ":" + f.value("severity", "?"));
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<nlohmann::json> FindingsWithId(const nlohmann::json& doc, std::string_view id) {
  std::vector<nlohmann::json> out;
  if (!doc.contains("findings")) return out;
  for (const nlohmann::json& f : doc["findings"]) {
    if (f.value("id", "") == id) out.push_back(f);
  }
  return out;
}

std::vector<nlohmann::json> ListenersOnPort(const nlohmann::json& doc, uint16_t port) {
  std::vector<nlohmann::json> out;
  if (!doc.contains("listeners")) return out;
  for (const nlohmann::json& l : doc["listeners"]) {
    if (l.contains("local") && l["local"].value("port", -1) == port) out.push_back(l);
  }
  return out;
}

std::vector<int> Pids(const nlohmann::json& processes) {
  std::vector<int> pids;
  if (!processes.is_array()) return pids;
  for (const nlohmann::json& p : processes) pids.push_back(p.value("pid", -1));
  return pids;
}

std::string OwnComm() {
  std::string comm = ReadFile("/proc/self/comm");
  while (!comm.empty() && comm.back() == '\n') comm.pop_back();
  return comm;
}

void WriteSysctl(std::string_view name, std::string_view value) {
  // Sysctls under net/ answer for the namespace of the thread that opens them.
  std::string path = "/proc/sys/" + std::string(name);
  std::ofstream out(path);
  out << value << '\n';
  out.flush();
  if (!out) Fail("write " + path);
}

uint64_t ReadCounter(std::string_view key) {
  size_t dot = key.find('.');
  if (dot == std::string_view::npos) {
    errno = EINVAL;
    Fail("counter name " + std::string(key));
  }
  std::string_view prefix = key.substr(0, dot);
  std::string_view name = key.substr(dot + 1);
  const char* file = prefix == "TcpExt" ? "netstat" : "snmp";
  auto value = FindCounter(ReadFile(std::string("/proc/thread-self/net/") + file), prefix, name);
  if (!value) {
    errno = ENOENT;
    Fail("counter " + std::string(key));
  }
  return *value;
}

size_t CountTcpEntries(uint16_t local_port, int state) {
  size_t count = 0;
  for (const char* file : {"/proc/thread-self/net/tcp", "/proc/thread-self/net/tcp6"}) {
    std::istringstream in(ReadFile(file));
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      // "  0: 0100007F:1F90 00000000:0000 0A ..."
      std::vector<std::string> w = SplitWords(line);
      if (w.size() < 4) continue;
      size_t colon = w[1].rfind(':');
      if (colon == std::string::npos) continue;
      if (std::stoul(w[1].substr(colon + 1), nullptr, 16) == local_port &&
          std::stoi(w[3], nullptr, 16) == state) {
        ++count;
      }
    }
  }
  return count;
}

UniqueFd TcpListenWithRcvbuf(std::string_view addr, int backlog, int rcvbuf) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  std::string text(addr);
  if (::inet_pton(AF_INET, text.c_str(), &sa.sin_addr) != 1) {
    errno = EINVAL;
    Fail("not an IPv4 address: " + text);
  }
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) Fail("socket");
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) != 0) {
    Fail("SO_RCVBUFFORCE");
  }
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&sa), sizeof(sa)) != 0) Fail("bind");
  if (::listen(fd.get(), backlog) != 0) Fail("listen");
  return fd;
}

ConnectLoop::ConnectLoop(std::string addr, uint16_t port, Millis period, int netns_fd) {
  thread_ = std::thread([this, addr = std::move(addr), port, period, netns_fd] {
    // A thread has its own network namespace: joining the client's here
    // leaves the test's thread where it is.
    if (netns_fd >= 0 && ::setns(netns_fd, CLONE_NEWNET) != 0) return;
    std::vector<UniqueFd> sockets;
    while (!stop_.load()) {
      try {
        sockets.push_back(TcpConnectStart(addr, port));
      } catch (const std::system_error&) {
        return;
      }
      started_.fetch_add(1);
      std::this_thread::sleep_for(period);
    }
  });
}

ConnectLoop::~ConnectLoop() {
  stop_.store(true);
  thread_.join();
}

VethPeer::VethPeer(std::string server_addr, std::string client_addr)
    : server_addr_(std::move(server_addr)), client_addr_(std::move(client_addr)) {
  // A namespace made by a short-lived thread lives on through this fd.
  std::exception_ptr failure;
  std::thread maker([&] {
    try {
      if (::unshare(CLONE_NEWNET) != 0) Fail("unshare(CLONE_NEWNET) for the client namespace");
      client_.Reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
      if (!client_.valid()) Fail("open the client namespace");
    } catch (...) {
      failure = std::current_exception();
    }
  });
  maker.join();
  if (failure) std::rethrow_exception(failure);
  // `ip link ... netns PATH` opens the namespace by path: this process's fd
  // names the client's. `ip -n` only takes names under /run/netns, so the
  // client side is configured by an `ip` started from the client namespace.
  std::string client_ns =
      "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(client_.get());
  RunIp({"link", "add", "vethS", "type", "veth", "peer", "name", "vethC", "netns", client_ns});
  RunIp({"addr", "add", server_addr_ + "/24", "dev", "vethS"});
  RunIp({"link", "set", "vethS", "up"});
  InClient([&] {
    RunIp({"addr", "add", client_addr_ + "/24", "dev", "vethC"});
    RunIp({"link", "set", "vethC", "up"});
    RunIp({"link", "set", "lo", "up"});
  });
}

void VethPeer::InClient(const std::function<void()>& fn) const {
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      if (::setns(client_.get(), CLONE_NEWNET) != 0) Fail("setns to the client namespace");
      fn();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  worker.join();
  if (failure) std::rethrow_exception(failure);
}

void VethPeer::DropServerToClient() const {
  // 02:...: a locally administered address that no interface here has.
  RunIp({"neigh", "replace", client_addr_, "lladdr", "02:00:00:00:5e:01", "dev", "vethS", "nud",
         "permanent"});
}

}  // namespace sockscope::testing
