// A socket's pending TCP timer as ss prints it with -o:
// "timer:(keepalive,1min59sec,0)" (name, time left, retransmissions).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/socket.h"

namespace sockscope::render {

// "off", "on" (retransmit), "keepalive", "timewait", "persist", "delack",
// "unknown" for a value the kernel may add later.
std::string_view TimerName(uint8_t timer);

// Time left in ss's format: "1min59sec", "12sec", "1.500sec", "200ms";
// empty for 0.
void AppendTimerTime(std::string& out, uint32_t ms);

// Microseconds as milliseconds the way ss prints them, printf's "%g" of
// us / 1000.0 ("204", "0.05", "1.5", "1e+06"), without printf's cost for
// the values that need no rounding (all under a second, every whole one):
// ss -i prints five of these per socket.
void AppendMillisecondsG(std::string& out, uint64_t us);

// " timer:(...)" is not written for a socket without a pending timer.
void AppendTimer(std::string& out, const model::Socket& s);

}  // namespace sockscope::render
