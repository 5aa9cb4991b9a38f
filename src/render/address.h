// Addresses and endpoints printed the way `ss -n` prints them, so the two
// tools' tables can be compared line by line: 127.0.0.1:80, [::1]:80,
// 0.0.0.0:* / [::]:* for unset peers, "*" for port 0, path and inode for UNIX.
#pragma once

#include <string>

#include "model/socket.h"

namespace sockscope::render {

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:*". Appends to out.
void AppendEndpoint(std::string& out, const model::Endpoint& e);

// The Local and Peer columns of one socket (UNIX: "path inode" and "* peer").
// Untrusted UNIX paths are escaped for the terminal.
void AppendLocalColumn(std::string& out, const model::Socket& s);
void AppendPeerColumn(std::string& out, const model::Socket& s);

// The State column: UDP and UNIX sockets in CLOSE are "UNCONN", as in ss.
std::string_view TableStateName(const model::Socket& s);

}  // namespace sockscope::render
