// RAII sockets for kernel-tier tests: TCP/UDP over 127.0.0.1 and ::1, UNIX
// sockets by path or abstract name, and helpers that put a socket into a known
// kernel state (bytes waiting in Recv-Q, CLOSE-WAIT) and wait until it is.
//
// Every fd is opened O_CLOEXEC so that `ss` and `sockscope`, started by the
// test, never hold the test's sockets themselves. Failures throw
// std::system_error with the call and errno; gtest reports it as a failure of
// the test that asked. Addresses are numeric ("127.0.0.1", "::1").
#pragma once

#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/unique_fd.h"

namespace sockscope::testing {

using base::UniqueFd;
using Millis = std::chrono::milliseconds;

// Calls `done` until it returns true or `timeout` passes; true when it did.
bool WaitUntil(const std::function<bool()>& done, Millis timeout = Millis(1500));

// TCP listener on addr:port (port 0: the kernel picks one, see LocalPort).
UniqueFd TcpListen(std::string_view addr, uint16_t port, int backlog, bool reuse_port = false);
// Connects and waits up to `timeout` for the handshake to complete.
UniqueFd TcpConnect(std::string_view addr, uint16_t port, Millis timeout = Millis(1000));
// Starts a non-blocking connect and returns at once (the handshake may never
// finish, for example when the listener's accept queue is full).
UniqueFd TcpConnectStart(std::string_view addr, uint16_t port);
// Waits up to `timeout` for a connection in the accept queue and takes it.
UniqueFd Accept(const UniqueFd& listener, Millis timeout = Millis(1000));

struct TcpPair {
  UniqueFd client;
  UniqueFd server;  // the accepted end
};
// A connected, accepted pair through `listener` (bound to addr).
TcpPair TcpEstablished(const UniqueFd& listener, std::string_view addr);

UniqueFd UdpBind(std::string_view addr, uint16_t port = 0);
// A socket bound to [::]:port with IPV6_V6ONLY set (listening when type is
// SOCK_STREAM); TcpListen and UdpBind on "::" give dual-stack ones.
UniqueFd BindV6Only(int type, uint16_t port, int backlog = 8);
// A UDP socket bound to local_addr (port picked by the kernel) and connected.
UniqueFd UdpConnect(std::string_view local_addr, std::string_view peer_addr, uint16_t peer_port);

// UNIX socket names: a leading '@' means the abstract namespace, as ss shows it.
UniqueFd UnixListen(const std::string& name, int backlog);
UniqueFd UnixConnect(const std::string& name, int type = SOCK_STREAM);
UniqueFd UnixDgramBind(const std::string& name);
struct UnixPair {
  UniqueFd a;
  UniqueFd b;
};
UnixPair UnixStreamPair();

// A private temporary directory for UNIX socket paths; removed with its files.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

uint16_t LocalPort(const UniqueFd& fd);
ino_t SocketInode(const UniqueFd& fd);
uint64_t SocketCookie(const UniqueFd& fd);
tcp_info TcpInfo(const UniqueFd& fd);
int IntOption(const UniqueFd& fd, int level, int name);

// Writes n bytes (blocking).
void SendBytes(const UniqueFd& fd, size_t n);
// Bytes queued for reading (SIOCINQ).
size_t ReceiveQueueBytes(const UniqueFd& fd);
// Leaves `pair.server` with n unread bytes: the client writes, nobody reads.
void FillReceiveQueue(const TcpPair& pair, size_t n);
// Puts pair.server into CLOSE-WAIT and pair.client into FIN-WAIT-2: the client
// sends its FIN (shutdown), the server never closes.
void MakeCloseWait(const TcpPair& pair);
// Waits until a listener's accept queue holds exactly `len` connections.
bool WaitForAcceptQueue(const UniqueFd& listener, uint32_t len);

}  // namespace sockscope::testing
