// Parsers of per-process files the owner walk reads besides fd links:
// /proc/PID/stat (the state letter) and /proc/PID/fdinfo/N of an epoll fd
// (the inodes it watches). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sockscope::procfs {

// The state letter of a stat line "pid (comm) S ...". comm may hold spaces
// and parentheses, so the state is the first field after the LAST ')'.
// nullopt when the line has no ')' or nothing after it.
std::optional<char> ParseStatState(std::string_view stat);

// The inodes an epoll fd watches: each "tfd: N events: ... ino:HEX ..."
// line's ino field (hex), sorted and unique. Lines without a valid ino are
// skipped; an fd that is not an epoll instance gives an empty list.
std::vector<uint64_t> ParseEpollWatches(std::string_view fdinfo);

}  // namespace sockscope::procfs
