// The kernel counters sockscope reads, by the key of /proc/net/netstat and
// /proc/net/snmp ("Group.Name"), each defined once: rules, renderers, the
// exporter's registry and the live view refer to these, never to literals.
#pragma once

#include <string_view>

namespace sockscope::model::counter {

inline constexpr std::string_view kTcpActiveOpens = "Tcp.ActiveOpens";
inline constexpr std::string_view kTcpAttemptFails = "Tcp.AttemptFails";
inline constexpr std::string_view kTcpCurrEstab = "Tcp.CurrEstab";
inline constexpr std::string_view kTcpEstabResets = "Tcp.EstabResets";
inline constexpr std::string_view kTcpInErrs = "Tcp.InErrs";
inline constexpr std::string_view kTcpOutRsts = "Tcp.OutRsts";
inline constexpr std::string_view kTcpPassiveOpens = "Tcp.PassiveOpens";
inline constexpr std::string_view kTcpRetransSegs = "Tcp.RetransSegs";
inline constexpr std::string_view kTcpExtListenDrops = "TcpExt.ListenDrops";
inline constexpr std::string_view kTcpExtListenOverflows = "TcpExt.ListenOverflows";
inline constexpr std::string_view kTcpExtSyncookiesFailed = "TcpExt.SyncookiesFailed";
inline constexpr std::string_view kTcpExtSyncookiesRecv = "TcpExt.SyncookiesRecv";
inline constexpr std::string_view kTcpExtSyncookiesSent = "TcpExt.SyncookiesSent";
inline constexpr std::string_view kTcpExtTCPAbortOnOverflow = "TcpExt.TCPAbortOnOverflow";
inline constexpr std::string_view kTcpExtTCPBacklogDrop = "TcpExt.TCPBacklogDrop";
inline constexpr std::string_view kTcpExtTCPMemoryPressures = "TcpExt.TCPMemoryPressures";
inline constexpr std::string_view kTcpExtTCPOrphanDrop = "TcpExt.TCPOrphanDrop";
inline constexpr std::string_view kTcpExtTCPReqQFullDoCookies = "TcpExt.TCPReqQFullDoCookies";
inline constexpr std::string_view kTcpExtTCPReqQFullDrop = "TcpExt.TCPReqQFullDrop";
inline constexpr std::string_view kTcpExtTCPTimeWaitOverflow = "TcpExt.TCPTimeWaitOverflow";
inline constexpr std::string_view kUdpInErrors = "Udp.InErrors";
inline constexpr std::string_view kUdpRcvbufErrors = "Udp.RcvbufErrors";
inline constexpr std::string_view kUdpSndbufErrors = "Udp.SndbufErrors";
inline constexpr std::string_view kUdp6InErrors = "Udp6.InErrors";
inline constexpr std::string_view kUdp6RcvbufErrors = "Udp6.RcvbufErrors";
inline constexpr std::string_view kUdp6SndbufErrors = "Udp6.SndbufErrors";

// Every key above: what a collection keeps when asked for the named
// counters only (collect::CollectOptions::every_counter false).
inline constexpr std::string_view kNamed[] = {kTcpActiveOpens,
                                              kTcpAttemptFails,
                                              kTcpCurrEstab,
                                              kTcpEstabResets,
                                              kTcpInErrs,
                                              kTcpOutRsts,
                                              kTcpPassiveOpens,
                                              kTcpRetransSegs,
                                              kTcpExtListenDrops,
                                              kTcpExtListenOverflows,
                                              kTcpExtSyncookiesFailed,
                                              kTcpExtSyncookiesRecv,
                                              kTcpExtSyncookiesSent,
                                              kTcpExtTCPAbortOnOverflow,
                                              kTcpExtTCPBacklogDrop,
                                              kTcpExtTCPMemoryPressures,
                                              kTcpExtTCPOrphanDrop,
                                              kTcpExtTCPReqQFullDoCookies,
                                              kTcpExtTCPReqQFullDrop,
                                              kTcpExtTCPTimeWaitOverflow,
                                              kUdpInErrors,
                                              kUdpRcvbufErrors,
                                              kUdpSndbufErrors,
                                              kUdp6InErrors,
                                              kUdp6RcvbufErrors,
                                              kUdp6SndbufErrors};

}  // namespace sockscope::model::counter
