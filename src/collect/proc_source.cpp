#include "collect/proc_source.h"

#include <cstring>
#include <string>
#include <unordered_set>

#include "procfs/net_inet_parser.h"
#include "procfs/net_netlink_parser.h"
#include "procfs/net_packet_parser.h"
#include "procfs/net_unix_parser.h"
#include "procfs/netns_data.h"

namespace sockscope::collect {
namespace {

using model::Family;
using model::Note;
using model::NoteLevel;

// Key for rows without an inode: TIME-WAIT and half-open requests have no
// socket inode, but (proto, local, peer) names one connection.
struct TupleKey {
  model::Proto proto;
  model::Endpoint local, peer;
  bool operator==(const TupleKey&) const = default;
};

struct TupleHash {
  size_t operator()(const TupleKey& k) const {
    uint64_t h = 1469598103934665603ull;  // FNV-1a over the fields
    auto mix = [&h](const void* p, size_t n) {
      const auto* b = static_cast<const unsigned char*>(p);
      for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
    };
    mix(&k.proto, sizeof k.proto);
    mix(k.local.addr.bytes.data(), k.local.addr.bytes.size());
    mix(&k.local.port, sizeof k.local.port);
    mix(k.peer.addr.bytes.data(), k.peer.addr.bytes.size());
    mix(&k.peer.port, sizeof k.peer.port);
    return static_cast<size_t>(h);
  }
};

struct FileToRead {
  const char* name;
  model::Proto proto;
  Family family;
};

}  // namespace

base::Result<ProcSourceResult> CollectFromProc(procfs::ProcFs& proc,
                                               const ProcSourceOptions& options) {
  ProcSourceResult out;
  std::vector<FileToRead> files;
  if (options.tcp && options.inet4) files.push_back({"tcp", model::Proto::kTcp, Family::kInet});
  if (options.tcp && options.inet6) files.push_back({"tcp6", model::Proto::kTcp, Family::kInet6});
  if (options.udp && options.inet4) files.push_back({"udp", model::Proto::kUdp, Family::kInet});
  if (options.udp && options.inet6) files.push_back({"udp6", model::Proto::kUdp, Family::kInet6});
  if (options.raw && options.inet4) files.push_back({"raw", model::Proto::kRaw, Family::kInet});
  if (options.raw && options.inet6) files.push_back({"raw6", model::Proto::kRaw, Family::kInet6});
  if (options.unix_sockets) files.push_back({"unix", model::Proto::kUnix, Family::kUnix});
  if (options.netlink) files.push_back({"netlink", model::Proto::kNetlink, Family::kNetlink});
  if (options.packet) files.push_back({"packet", model::Proto::kPacket, Family::kPacket});
  if (files.empty()) return out;

  if (auto ns = procfs::ReadNetnsInode(proc, options.pid)) {
    out.netns = *ns;
  } else {
    out.notes.push_back(Note{NoteLevel::kWarning, "proc", ns.error().message});
  }

  std::unordered_set<uint64_t> seen_inodes;
  std::unordered_set<TupleKey, TupleHash> seen_tuples;
  size_t read_ok = 0;
  std::optional<base::Error> first_error;
  for (const auto& file : files) {
    auto text = proc.ReadNetFile(file.name, options.pid);
    std::string path = "/proc/net/" + std::string(file.name);
    if (!text) {
      if (!first_error) first_error = text.error();
      // A missing file is a kernel without that protocol or family (no IPv6,
      // unix as a module): worth a note, not a failure.
      auto level =
          text.error().kind == base::ErrorKind::kNotFound ? NoteLevel::kInfo : NoteLevel::kWarning;
      out.notes.push_back(Note{level, "proc", path + ": " + text.error().message});
      continue;
    }
    ++read_ok;
    procfs::ParsedSockets parsed;
    switch (file.proto) {
      case model::Proto::kTcp:
        parsed = procfs::ParseProcNetTcp(*text, file.family);
        break;
      case model::Proto::kUdp:
        parsed = procfs::ParseProcNetUdp(*text, file.family);
        break;
      case model::Proto::kUnix:
        parsed = procfs::ParseProcNetUnix(*text);
        break;
      case model::Proto::kRaw:
        parsed = procfs::ParseProcNetRaw(*text, file.family);
        break;
      case model::Proto::kNetlink:
        parsed = procfs::ParseProcNetNetlink(*text);
        break;
      case model::Proto::kPacket:
        parsed = procfs::ParseProcNetPacket(*text);
        break;
      case model::Proto::kMptcp:
        break;  // never asked for: no such file
    }
    if (!parsed.issues.empty()) {
      out.notes.push_back(Note{NoteLevel::kWarning, "proc",
                               path + ": skipped " + std::to_string(parsed.issues.skipped) +
                                   " unparseable lines, first: " + parsed.issues.first});
    }
    size_t duplicates = 0;
    out.sockets.reserve(out.sockets.size() + parsed.sockets.size());
    seen_inodes.reserve(seen_inodes.size() + parsed.sockets.size());
    for (auto& s : parsed.sockets) {
      bool fresh;
      if (s.inode != 0) {
        fresh = seen_inodes.insert(s.inode).second;
      } else if (s.proto == model::Proto::kUnix || s.proto == model::Proto::kNetlink ||
                 s.proto == model::Proto::kPacket) {
        fresh = true;  // no tuple to tell them apart; the kernel never prints inode 0 here
      } else {
        fresh = seen_tuples.insert(TupleKey{s.proto, s.local, s.peer}).second;
      }
      if (!fresh) {
        ++duplicates;
        continue;
      }
      s.netns = out.netns;
      out.sockets.push_back(std::move(s));
    }
    if (duplicates > 0) {
      out.notes.push_back(Note{NoteLevel::kInfo, "proc",
                               path + ": dropped " + std::to_string(duplicates) +
                                   " rows printed twice while sockets changed"});
    }
  }
  if (read_ok == 0) return first_error->Wrap("proc source: no socket file readable");
  return out;
}

}  // namespace sockscope::collect
