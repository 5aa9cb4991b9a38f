#include "diagnose/rules.h"

#include <array>

namespace sockscope::diagnose {

std::span<const Rule> Rules() {
  static constexpr std::array kRules = {
      Rule{"unaccepted-connections", RuleUnacceptedConnections},
      Rule{"accept-queue-full", RuleAcceptQueueFull},
      Rule{"accept-queue-high", RuleAcceptQueueHigh},
      Rule{"listen-overflows", RuleListenOverflows},
      Rule{"abort-on-overflow-off", RuleAbortOnOverflowOff},
      Rule{"backlog-capped-by-somaxconn", RuleBacklogCappedBySomaxconn},
      Rule{"small-backlog", RuleSmallBacklog},
      Rule{"syn-queue-pressure", RuleSynQueuePressure},
      Rule{"syncookies-sent", RuleSyncookiesSent},
      Rule{"close-wait-buildup", RuleCloseWaitBuildup},
      Rule{"recv-queue-buildup", RuleRecvQueueBuildup},
      Rule{"send-queue-buildup", RuleSendQueueBuildup},
      Rule{"connect-not-completing", RuleConnectNotCompleting},
      Rule{"connections-piling-up", RuleConnectionsPilingUp},
      Rule{"udp-receive-drops", RuleUdpReceiveDrops},
      Rule{"udp-send-errors", RuleUdpSendErrors},
      Rule{"time-wait-pressure", RuleTimeWaitPressure},
      Rule{"ephemeral-ports-low", RuleEphemeralPortsLow},
      Rule{"orphan-sockets", RuleOrphanSockets},
      Rule{"tcp-memory-pressure", RuleTcpMemoryPressure},
      Rule{"netlink-unavailable", RuleNetlinkUnavailable},
  };
  return kRules;
}

}  // namespace sockscope::diagnose
