// tcp-memory-pressure: memory of all TCP sockets (sockstat "mem", pages)
// against net.ipv4.tcp_mem (min, pressure, max pages).
#include <fmt/format.h>

#include "diagnose/global_stat.h"
#include "diagnose/rules.h"

namespace sockscope::diagnose {

void RuleTcpMemoryPressure(const RuleContext& ctx, std::vector<Finding>& out) {
  const auto* ns = FirstNetnsWith(ctx.current, [](const model::NetnsData& n) {
    return n.sockstat.tcp_mem_pages && n.limits.tcp_mem_pressure && n.limits.tcp_mem_max &&
           *n.limits.tcp_mem_pressure > 0;
  });
  if (!ns) return;
  auto pages = static_cast<int64_t>(*ns->sockstat.tcp_mem_pages);
  int64_t pressure = *ns->limits.tcp_mem_pressure;
  int64_t max = *ns->limits.tcp_mem_max;
  if (pages < pressure) return;
  bool at_max = pages >= max;
  Finding f;
  f.id = "tcp-memory-pressure";
  f.severity = at_max ? Severity::kCritical : Severity::kWarning;
  f.netns = ns->inode;
  f.summary = fmt::format("TCP sockets use {} pages, {} net.ipv4.tcp_mem {} ({} pages)", pages,
                          at_max ? "at or above the max of" : "above the pressure threshold of",
                          at_max ? "max" : "pressure", at_max ? max : pressure);
  f.Add("tcp_mem_pages", pages);
  f.Add("tcp_mem_pressure", pressure);
  f.Add("tcp_mem_max", max);
  f.Add("host_wide", true);
  f.why =
      "Above the pressure threshold the kernel shrinks socket buffers and throughput drops; "
      "at the max it refuses new socket memory: packets are dropped and the kernel logs "
      "\"TCP: out of memory\".";
  f.advice =
      "Find sockets with large queues (recv-queue-buildup, send-queue-buildup, sockscope ls "
      "-m) and their applications; raise net.ipv4.tcp_mem only if the machine has the memory.";
  f.magnitude = static_cast<double>(pages) / static_cast<double>(pressure);
  out.push_back(std::move(f));
}

}  // namespace sockscope::diagnose
