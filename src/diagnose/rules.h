// The table of diagnosis rules: one pure function per finding id, each in its
// own file rule_<id>.cpp. Ids are a stable contract (docs/cli.md,
// docs/findings.md). Thread-safe: the table is immutable.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "diagnose/finding.h"
#include "diagnose/rule_context.h"

namespace sockscope::diagnose {

// Appends the rule's findings (if any) to `out`. Never fails: data a rule
// needs but the snapshot lacks (unknown limit, unreadable counters) means no
// finding from that rule.
using RuleFn = void (*)(const RuleContext& ctx, std::vector<Finding>& out);

struct Rule {
  std::string_view id;
  RuleFn run;
};

// Every rule, in a fixed order.
std::span<const Rule> Rules();

void RuleUnacceptedConnections(const RuleContext&, std::vector<Finding>&);
void RuleAcceptQueueFull(const RuleContext&, std::vector<Finding>&);
void RuleAcceptQueueHigh(const RuleContext&, std::vector<Finding>&);
void RuleListenOverflows(const RuleContext&, std::vector<Finding>&);
void RuleAbortOnOverflowOff(const RuleContext&, std::vector<Finding>&);
void RuleBacklogCappedBySomaxconn(const RuleContext&, std::vector<Finding>&);
void RuleSmallBacklog(const RuleContext&, std::vector<Finding>&);
void RuleSynQueuePressure(const RuleContext&, std::vector<Finding>&);
void RuleSyncookiesSent(const RuleContext&, std::vector<Finding>&);
void RuleCloseWaitBuildup(const RuleContext&, std::vector<Finding>&);
void RuleRecvQueueBuildup(const RuleContext&, std::vector<Finding>&);
void RuleSendQueueBuildup(const RuleContext&, std::vector<Finding>&);
void RuleConnectNotCompleting(const RuleContext&, std::vector<Finding>&);
void RuleConnectionsPilingUp(const RuleContext&, std::vector<Finding>&);
void RuleUdpReceiveDrops(const RuleContext&, std::vector<Finding>&);
void RuleUdpSendErrors(const RuleContext&, std::vector<Finding>&);
void RuleTimeWaitPressure(const RuleContext&, std::vector<Finding>&);
void RuleEphemeralPortsLow(const RuleContext&, std::vector<Finding>&);
void RuleOrphanSockets(const RuleContext&, std::vector<Finding>&);
void RuleTcpMemoryPressure(const RuleContext&, std::vector<Finding>&);
void RuleNetlinkUnavailable(const RuleContext&, std::vector<Finding>&);

}  // namespace sockscope::diagnose
