#include "generator.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <string>
#include <vector>

#include "child.h"
#include "loopback.h"
#include "roles.h"

namespace sockscope::bench {
namespace {

// Ephemeral ports stay above every listener port the roles use.
constexpr char kPortRange[] = "10000 65535";
// Room per process for stdio, the report pipe and libc.
constexpr long kFdSlack = 16;

long CeilDiv(long a, long b) { return (a + b - 1) / b; }

// Lifts the soft fd limit to the hard one and checks every child fits in it.
Status RaiseFdLimit(const PopulationOptions& o) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return Status::Errno("getrlimit NOFILE");
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) return Status::Errno("setrlimit NOFILE");
  const long per_worker = 2 * CeilDiv(o.sockets / 2, o.processes) + kFdSlack;
  const long per_bystander = CeilDiv(o.bystander_fds, o.bystanders) + kFdSlack;
  const long have = limit.rlim_cur == RLIM_INFINITY ? LONG_MAX : static_cast<long>(limit.rlim_cur);
  if (per_worker > have) {
    return Status::Fail("each of " + std::to_string(o.processes) + " processes would need " +
                        std::to_string(per_worker) + " fds but RLIMIT_NOFILE allows " +
                        std::to_string(have) + "; raise --processes");
  }
  if (per_bystander > have) {
    return Status::Fail("each bystander would need " + std::to_string(per_bystander) +
                        " fds but RLIMIT_NOFILE allows " + std::to_string(have) +
                        "; raise --bystanders");
  }
  return Status::Ok();
}

// True when the namespace has no network interface but `lo`, as one made by
// `unshare -n`. (Comparing with /proc/1/ns/net is not possible without ptrace
// rights over pid 1, which containers often deny.)
bool OnlyLoopback() {
  UniqueFd fd(::open("/proc/self/net/dev", O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return false;
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd.get(), buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  if (n < 0) return false;
  // Two header lines, then "  name: counters..." per interface.
  size_t interfaces = 0;
  for (size_t pos = 0; (pos = text.find(':', pos)) != std::string::npos; ++pos) {
    const size_t line = text.rfind('\n', pos) + 1;
    const size_t name = text.find_first_not_of(' ', line);
    if (text.compare(name, pos - name, "lo") != 0) ++interfaces;
    pos = text.find('\n', pos);
    if (pos == std::string::npos) break;
  }
  return interfaces == 0;
}

// Widens the ephemeral port range, but only in a namespace with nothing but
// loopback: anywhere else the setting would outlive us and affect real traffic.
void WidenPortRange() {
  if (!OnlyLoopback()) {
    std::fprintf(stderr,
                 "population: this network namespace has interfaces besides lo; "
                 "leaving ip_local_port_range as it is\n");
    return;
  }
  UniqueFd fd(::open("/proc/sys/net/ipv4/ip_local_port_range", O_WRONLY | O_CLOEXEC));
  if (!fd.valid() || ::write(fd.get(), kPortRange, sizeof kPortRange - 1) < 0) {
    std::perror("population: warning: cannot widen ip_local_port_range");
  }
}

std::vector<std::pair<std::string, Role>> PlanRoles(const PopulationOptions& o) {
  std::vector<std::pair<std::string, Role>> roles;
  const long connections = o.sockets / 2;
  for (int w = 0; w < o.processes; ++w) {
    WorkerPlan plan;
    plan.addr = LoopbackAddress(static_cast<uint8_t>(1 + w % o.addresses));
    plan.port = static_cast<uint16_t>(kWorkerPortBase + w);
    plan.connections = connections / o.processes + (w < connections % o.processes ? 1 : 0);
    roles.emplace_back("worker", [plan](std::vector<UniqueFd>* held, std::string* detail) {
      return RunWorker(plan, held, detail);
    });
  }
  for (int b = 0; b < o.bystanders; ++b) {
    const long fds = o.bystander_fds / o.bystanders + (b < o.bystander_fds % o.bystanders ? 1 : 0);
    roles.emplace_back("bystander", [fds](std::vector<UniqueFd>* held, std::string* detail) {
      return RunBystander(fds, held, detail);
    });
  }
  if (o.full_listeners > 0) {
    const int count = o.full_listeners;
    roles.emplace_back("full-listeners", [count](std::vector<UniqueFd>* held, std::string* detail) {
      return RunFullListeners(count, held, detail);
    });
  }
  return roles;
}

// Reads what is available from one child's report pipe. Returns a failure
// when the child reported an error or died.
Status ReadReport(Child* child) {
  char buf[512];
  const ssize_t n = ::read(child->report.get(), buf, sizeof buf);
  if (n < 0) return errno == EINTR ? Status::Ok() : Status::Errno("read report of " + child->kind);
  if (n == 0) {
    return Status::Fail(child->kind + " " + std::to_string(child->pid) + " exited" +
                        (child->reported ? "" : " before reporting"));
  }
  child->line.append(buf, static_cast<size_t>(n));
  if (child->line.back() != '\n') return Status::Ok();
  child->line.pop_back();
  child->reported = true;
  if (child->line.rfind("ok ", 0) != 0) {
    return Status::Fail(child->kind + " " + std::to_string(child->pid) + ": " +
                        child->line.substr(child->line.find(' ') + 1));
  }
  return Status::Ok();
}

// Waits until every child reported, a signal arrives or the deadline passes.
Status AwaitReports(std::vector<Child>* children, int signal_fd, int timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  for (;;) {
    std::vector<pollfd> fds{{signal_fd, POLLIN, 0}};
    std::vector<Child*> waiting;
    for (Child& child : *children) {
      if (child.reported) continue;
      fds.push_back({child.report.get(), POLLIN, 0});
      waiting.push_back(&child);
    }
    if (waiting.empty()) return Status::Ok();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return Status::Fail("setup did not finish within " + std::to_string(timeout_s) + " s (" +
                          std::to_string(waiting.size()) + " children still working)");
    }
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return Status::Errno("poll children");
    if (fds[0].revents != 0) return Status::Fail("interrupted by a signal during setup");
    for (size_t i = 1; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      if (Status s = ReadReport(waiting[i - 1]); !s.ok()) return s;
    }
  }
}

// Holds until stdin reaches EOF, a signal arrives or a child dies.
Status AwaitStop(std::vector<Child>* children, int signal_fd) {
  bool stdin_open = true;
  for (;;) {
    std::vector<pollfd> fds{{signal_fd, POLLIN, 0}};
    if (stdin_open) fds.push_back({STDIN_FILENO, POLLIN, 0});
    const size_t first_child = fds.size();
    for (Child& child : *children) fds.push_back({child.report.get(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return Status::Errno("poll while holding");
    }
    if (fds[0].revents != 0) return Status::Ok();
    if (stdin_open && fds[1].revents != 0) {
      char buf[256];
      const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
      if (n == 0) return Status::Ok();
      // A closed or unreadable stdin: fall back to waiting for a signal.
      if (n < 0 && errno != EINTR) stdin_open = false;
    }
    for (size_t i = first_child; i < fds.size(); ++i) {
      if (fds[i].revents != 0) return ReadReport(&(*children)[i - first_child]);
    }
  }
}

std::string Summary(const PopulationOptions& o, const std::vector<Child>& children,
                    double setup_s) {
  long established = 0, other_fds = 0, queued = 0;
  for (const Child& child : children) {
    const long n = std::stol(child.line.substr(3));
    if (child.kind == "worker") established += 2 * n;
    if (child.kind == "bystander") other_fds += n;
    if (child.kind == "full-listeners") queued = n;
  }
  char setup[32];
  std::snprintf(setup, sizeof setup, "%.1f", setup_s);
  return "population: " + std::to_string(established) + " established sockets in " +
         std::to_string(o.processes) + " processes (" + std::to_string(o.processes) +
         " listeners on " + std::to_string(o.addresses) + " addresses), " +
         std::to_string(o.full_listeners) + " full listeners with " + std::to_string(queued) +
         " connections (" + std::to_string(2 * queued) + " sockets, half unowned), " +
         std::to_string(other_fds) + " other fds in " + std::to_string(o.bystanders) +
         " bystanders; setup " + setup + " s\n";
}

}  // namespace

int RunPopulation(const PopulationOptions& options) {
  if (Status s = RaiseFdLimit(options); !s.ok()) {
    std::fprintf(stderr, "population: %s\n", s.message().c_str());
    return 1;
  }
  WidenPortRange();
  // Writing "ready" to a reader that went away must not kill us before teardown.
  ::signal(SIGPIPE, SIG_IGN);
  // Termination signals arrive through a signalfd so teardown always runs;
  // children get the original mask back.
  sigset_t stop_signals, old_mask;
  sigemptyset(&stop_signals);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&stop_signals, sig);
  if (::sigprocmask(SIG_BLOCK, &stop_signals, &old_mask) != 0) {
    std::perror("population: sigprocmask");
    return 1;
  }
  UniqueFd signal_fd(::signalfd(-1, &stop_signals, SFD_CLOEXEC));
  if (!signal_fd.valid()) {
    std::perror("population: signalfd");
    return 1;
  }

  const auto start = std::chrono::steady_clock::now();
  std::vector<Child> children;
  Status status = Status::Ok();
  for (auto& [kind, role] : PlanRoles(options)) {
    children.emplace_back();
    status = SpawnChild(kind, role, old_mask, &children.back());
    if (!status.ok()) {
      children.pop_back();
      break;
    }
  }
  if (status.ok()) status = AwaitReports(&children, signal_fd.get(), options.setup_timeout_s);
  if (status.ok()) {
    const std::chrono::duration<double> setup = std::chrono::steady_clock::now() - start;
    std::fputs(Summary(options, children, setup.count()).c_str(), stderr);
    std::fputs("ready\n", stdout);
    std::fflush(stdout);
    status = AwaitStop(&children, signal_fd.get());
  }
  KillAndReap(&children);
  if (!status.ok()) {
    std::fprintf(stderr, "population: %s\n", status.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace sockscope::bench
