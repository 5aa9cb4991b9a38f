// Support for the kernel-tier tests of `check`, `listeners` and `stats`:
// sockscope's JSON documents and the parts of them these tests read, the
// namespace's sysctls and counters, connections started in the background
// while sockscope samples, and a second namespace joined by a veth pair for
// half-open connections.
//
// Everything acts on the network namespace of the calling thread (the test's
// private one) unless it says otherwise. Failures throw std::system_error with
// the call and errno, which gtest reports as a failure of the test. Not
// thread-safe unless stated: meant for the test's main thread.
#pragma once

#include <sys/types.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "command_support.h"
#include "socket_support.h"

namespace sockscope::testing {

// One run of `sockscope <args>` whose stdout is one JSON document.
struct JsonRun {
  CommandResult result;
  nlohmann::json doc;  // discarded (is_discarded()) when stdout did not parse
};
JsonRun RunSockscopeJson(const std::vector<std::string>& args);

// "id:severity" of every finding of a `check -o json` document, sorted, so a
// test can compare the whole set at once.
std::vector<std::string> FindingKeys(const nlohmann::json& doc);
// The findings with this id.
std::vector<nlohmann::json> FindingsWithId(const nlohmann::json& doc, std::string_view id);
// The listener objects (of `listeners -o json`, or a finding's "listener")
// whose local port is `port`.
std::vector<nlohmann::json> ListenersOnPort(const nlohmann::json& doc, uint16_t port);
// The "pid" values of a "processes" array.
std::vector<int> Pids(const nlohmann::json& processes);

// The comm of the calling process, as /proc shows it (sockscope names the
// test process by it when the test holds a listener).
std::string OwnComm();

// Writes a sysctl of the calling thread's network namespace:
// WriteSysctl("net/core/somaxconn", "16").
void WriteSysctl(std::string_view name, std::string_view value);

// A counter of the calling thread's namespace, "TcpExt.ListenOverflows" or
// "Tcp.ActiveOpens", from /proc/thread-self/net/netstat or snmp.
uint64_t ReadCounter(std::string_view key);

// Entries of /proc/thread-self/net/tcp and tcp6 with this local port and
// kernel state number (TCP_SYN_RECV is 3, TCP_ESTABLISHED 1).
size_t CountTcpEntries(uint16_t local_port, int state);

// A TCP listener with SO_RCVBUFFORCE = rcvbuf set before listen(), so its
// children inherit the buffer and announce a matching window from the
// handshake on. Needs CAP_NET_ADMIN.
UniqueFd TcpListenWithRcvbuf(std::string_view addr, int backlog, int rcvbuf);

// Starts a non-blocking connect to addr:port every `period` on a background
// thread until destroyed, and keeps the sockets open. Used to make listen and
// syncookie counters move while `check --interval` samples. With a namespace
// fd, the thread joins that namespace first; otherwise it stays in the
// creating thread's namespace. Thread-safe: the loop owns its sockets.
class ConnectLoop {
 public:
  ConnectLoop(std::string addr, uint16_t port, Millis period, int netns_fd = -1);
  ~ConnectLoop();
  ConnectLoop(const ConnectLoop&) = delete;
  ConnectLoop& operator=(const ConnectLoop&) = delete;

  // Connects started so far. The loop stops early (and this stops growing)
  // when a socket cannot be made.
  size_t started() const { return started_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<size_t> started_{0};
  std::thread thread_;
};

// A second network namespace (the "client") joined to the caller's (the
// "server") by a veth pair: `vethS` with server_addr/24 on the server side,
// `vethC` with client_addr/24 in the client namespace, both up. The pair goes
// away with the namespaces. Uses `ip` from iproute2.
class VethPeer {
 public:
  VethPeer(std::string server_addr, std::string client_addr);
  VethPeer(const VethPeer&) = delete;
  VethPeer& operator=(const VethPeer&) = delete;

  // An fd of the client namespace (for ConnectLoop and InClient).
  int client_netns_fd() const { return client_.get(); }
  const std::string& server_addr() const { return server_addr_; }
  const std::string& client_addr() const { return client_addr_; }

  // Runs fn on a thread that joined the client namespace, and waits for it:
  // sockets fn makes belong to the client namespace. Exceptions propagate.
  void InClient(const std::function<void()>& fn) const;

  // From now on every packet the server sends to the client is lost: a
  // permanent neighbour entry gives the client's address a MAC no interface
  // has, so vethC discards the frames (PACKET_OTHERHOST) and the client
  // never sees the SYN-ACKs. Its SYNs still reach the server, so the server
  // holds real half-open (SYN-RECV) requests.
  void DropServerToClient() const;

 private:
  std::string server_addr_;
  std::string client_addr_;
  UniqueFd client_;
};

}  // namespace sockscope::testing
