// sockscope ls: list sockets like ss, from sock_diag (or /proc), with owners,
// ss-style filters, and table / JSON / NDJSON output.
#include <fmt/format.h>

#include <fcntl.h>

#include <algorithm>
#include <bit>
#include <functional>
#include <memory>

#include "base/escape.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/exit_policy.h"
#include "cli/ls_events.h"
#include "cli/ls_tables.h"
#include "cli/output.h"
#include "collect/collector.h"
#include "collect/socket_sink.h"
#include "filter/filter.h"
#include "filter/kernel_program.h"
#include "netlink/sock_destroy.h"
#include "procfs/mountinfo_parser.h"
#include "render/host_names.h"
#include "render/json_keys.h"
#include "render/json_writer.h"
#include "render/netns_identity.h"
#include "render/netstat_table.h"
#include "render/service_names.h"
#include "render/socket_json.h"
#include "render/socket_table.h"
#include "render/ss_summary.h"
#include "sys/cgroup_paths.h"
#include "sys/files.h"

namespace sockscope::cli {
namespace {

struct LsFlags {
  bool tcp = false, udp = false, unix_sockets = false, raw = false, mptcp = false;
  bool packet = false;
  bool inet4 = false, inet6 = false;
  bool listening = false, all = false, numeric = false;
  bool processes = false, info = false, memory = false, extended = false, timers = false;
  bool cgroup = false;
  bool no_header = false;
  bool oneline = false;
  bool tos = false, inet_sockopt = false;
  bool summary = false;
  bool kill = false;
  bool events = false;
  bool resolve = false;
  std::vector<std::string> queries;   // -A
  std::vector<std::string> families;  // -f
  std::vector<std::string> filter_words;
  std::string filter_file;  // -F: the expression from a file ("-": stdin)
  std::string refused;      // an ss option sockscope refuses: why (docs/ls.md)
};

// Everything an ls run writes, by format. Streams in chunks so output starts
// before the last row is formatted and memory stays flat for NDJSON.
class LsPrinter {
 public:
  static constexpr size_t kFlushBytes = 256 * 1024;
  explicit LsPrinter(std::string& buffer) : buffer_(buffer) {}
  // False once the reader is gone or output was lost: stop writing.
  bool FlushIfFull() {
    if (buffer_.size() < kFlushBytes) return true;
    return Flush();
  }
  bool Flush() {
    WriteStatus status = WriteStdout(buffer_);
    buffer_.clear();
    if (status == WriteStatus::kFailed) failed_ = true;
    return status == WriteStatus::kOk;
  }
  bool failed() const { return failed_; }
  std::string& buffer() { return buffer_; }

 private:
  std::string& buffer_;
  bool failed_ = false;
};

// cgroup2's mount: /sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid hosts.
std::optional<std::string> Cgroup2Mount() {
  auto mountinfo = sys::RealFiles().ReadFileAt(AT_FDCWD, "/proc/self/mountinfo", 4 << 20);
  if (!mountinfo) return std::nullopt;
  return procfs::FirstMountOf(*mountinfo, "cgroup2");
}

// ss options sockscope does not take, each refused by name with its reason
// rather than as an unknown argument (docs/ls.md, "Every ss option").
struct RefusedSsOption {
  const char* names;
  const char* why;
};
constexpr RefusedSsOption kRefusedSsOptions[] = {
    {"-T,--threads",
     "-T (threads): not supported; sockscope names the process holding each socket, as ss -p"},
    {"-Z,--context", "-Z (SELinux contexts): not supported"},
    {"-z,--contexts", "-z (SELinux contexts): not supported"},
    {"-b,--bpf", "-b (sockets' classic BPF filters): not supported"},
    {"--bpf-maps", "--bpf-maps (socket-local storage maps): not supported"},
    {"-B,--bound-inactive", "-B (bound-inactive sockets): not supported (not in ss 6.1)"},
    {"-S,--sctp", "-S: sockscope does not list SCTP sockets (no sctp_diag to test against)"},
    {"-d,--dccp", "-d: sockscope does not list DCCP sockets (DCCP is gone from Linux 6.16)"},
    {"--vsock", "--vsock: sockscope does not list vsock sockets (no vsock_diag to test against)"},
    {"--tipc", "--tipc: sockscope does not list TIPC sockets (no tipc_diag to test against)"},
    {"--xdp", "--xdp: sockscope does not list XDP sockets (no xsk_diag to test against)"},
};

// Notes worth a person's attention go to stderr after a table.
void PrintNotes(const model::Snapshot& snap) {
  for (const auto& note : snap.notes)
    if (note.level != model::NoteLevel::kInfo) PrintError(render::NoteText(note));
}

// What an ls run prints and which sockets it shows: the same for a held
// snapshot and a streamed one.
struct LsOutput {
  render::SocketView* view = nullptr;
  OutputFormat format = OutputFormat::kTable;
  std::function<bool(const model::Socket&)> socket_type_shown;
  const filter::Filter* filter = nullptr;
  bool summary = false, summary_only = false;  // -s

  bool Shows(const model::Socket& s) const {
    return socket_type_shown(s) && filter::Matches(*filter, s);
  }
};

// Writes the listing one socket at a time in the run's format: a JSON
// document or NDJSON lines go out as they are written (in chunks); the
// table keeps each row's text until Finish(), which needs every row for the
// column widths (as ss).
class LsWriter {
 public:
  LsWriter(const LsOutput& output, LsPrinter& printer, size_t expected)
      : output_(output),
        printer_(printer),
        out_(printer.buffer()),
        json_(out_),
        table_(output.format == OutputFormat::kTable && !output.summary_only
                   ? std::make_unique<render::SocketTableWriter>(*output.view, expected)
                   : nullptr) {
    if (output.format == OutputFormat::kJson) {
      json_.BeginObject();
      json_.Key(render::json_key::kSockets);
      json_.BeginArray();
    }
  }

  void Add(const model::Socket& s, std::span<const model::Owner> owners) {
    if (!writing_) return;  // the reader is gone, or output failed
    switch (output_.format) {
      case OutputFormat::kTable:
        if (!table_) return;
        // Bounded: a long listing prints its rows in batches (widths kept).
        table_->AddBounded(s, owners, out_,
                           [this](std::string&) { return writing_ = printer_.Flush(); });
        return;
      case OutputFormat::kJson:
        render::WriteSocketJson(json_, s, owners, *output_.view);
        break;
      case OutputFormat::kNdjson: {
        render::JsonWriter line(out_);
        render::WriteSocketJson(line, s, owners, *output_.view);
        out_ += '\n';
        break;
      }
      case OutputFormat::kNetstat:
        return;  // not streamed (held: render/netstat_table.h)
    }
    writing_ = printer_.FlushIfFull();
  }

  // After the collection: the table, or the JSON document's and the NDJSON
  // stream's end (completeness, sources, notes).
  void Finish(const model::Snapshot& snap) {
    switch (output_.format) {
      case OutputFormat::kTable:
        if (output_.summary) {
          for (const auto& ns : snap.namespaces) {
            if (output_.view->netns) out_ += fmt::format("Netns: {}\n", ns.inode);
            render::AppendSsSummary(out_, ns);
          }
        }
        if (table_ && writing_)
          table_->Render(out_, [this](std::string&) { return writing_ = printer_.Flush(); });
        break;
      case OutputFormat::kJson:
        json_.EndArray();
        render::WriteRunStatusJson(json_, snap);
        json_.EndObject();
        out_ += '\n';
        break;
      case OutputFormat::kNdjson:
        for (const auto& note : snap.notes) {
          render::JsonWriter w(out_);
          w.BeginObject();
          w.StringField(render::json_key::kNote, render::NoteText(note));
          w.EndObject();
          out_ += '\n';
        }
        {
          // Last line: whether the stream is complete, so a reader that only
          // sees lines can tell a missing table from an empty one.
          render::JsonWriter w(out_);
          w.BeginObject();
          render::WriteCompletenessJson(w, snap);
          w.EndObject();
          out_ += '\n';
        }
        break;
      case OutputFormat::kNetstat:
        break;
    }
    (void)printer_.Flush();  // a closed pipe is the reader's choice, not our failure
    if (output_.format == OutputFormat::kTable) PrintNotes(snap);
  }

 private:
  const LsOutput& output_;
  LsPrinter& printer_;
  std::string& out_;
  render::JsonWriter json_;
  std::unique_ptr<render::SocketTableWriter> table_;
  bool writing_ = true;
};

// The streamed listing: Collect hands each socket to this sink as the
// kernel's dump is decoded; shown ones go straight to the writer.
class LsSink final : public collect::SocketSink {
 public:
  LsSink(const LsOutput& output, LsWriter& writer) : output_(output), writer_(writer) {}
  void Take(const model::Socket& s, const collect::SocketContext& context) override {
    if (!output_.Shows(s)) return;
    render::SocketView& view = *output_.view;
    view.interface_names = context.interface_names;
    // Owners were read before the dump: whether their walk was complete
    // is known for the first socket already.
    view.owners_complete = !context.owners || context.owners->Complete();
    writer_.Add(s, view.processes && context.owners && s.inode ? context.owners->Find(s.inode)
                                                               : std::span<const model::Owner>{});
  }

 private:
  const LsOutput& output_;
  LsWriter& writer_;
};

int PrintStreamed(EnvironmentHolder& holder, const collect::CollectOptions& options,
                  const LsOutput& output) {
  std::string out;
  LsPrinter printer(out);
  LsWriter writer(output, printer, 0);
  LsSink sink(output, writer);
  collect::CollectPolicy policy;
  policy.sink = &sink;
  model::Snapshot snap = holder.Collect(options, policy);
  writer.Finish(snap);
  if (printer.failed()) return kExitOutputFailed;
  return ExitCodeForListing(snap);
}

int RunLs(const GlobalOptions& global, const LsFlags& flags) {
  if (!flags.refused.empty()) {
    PrintError(flags.refused + " (docs/ls.md lists every ss option)");
    return kExitUsage;
  }
  // The local /etc/services, as ss reads it: port names in the filter
  // (`sport = :mdns`) and, without -n, in the table. Never the network.
  render::ServiceNames services;
  if (auto text = sys::RealFiles().ReadFileAt(AT_FDCWD, "/etc/services", 1 << 20))
    services = render::ServiceNames::Parse(*text);
  std::vector<std::string> filter_words = flags.filter_words;
  if (!flags.filter_file.empty()) {
    // -F FILE, as ss: the whole expression from a file (newlines are blanks).
    if (!filter_words.empty()) {
      PrintError("-F: the filter comes from the file; give no filter words as well");
      return kExitUsage;
    }
    const std::string path = flags.filter_file == "-" ? "/dev/stdin" : flags.filter_file;
    auto text = sys::RealFiles().ReadFileAt(AT_FDCWD, path.c_str(), 1 << 20);
    if (!text) {
      std::string shown;
      base::AppendEscapedForTerminal(shown, flags.filter_file);
      PrintError("-F " + shown + ": " + text.error().message);
      return kExitUsage;
    }
    std::replace_if(
        text->begin(), text->end(), [](char c) { return c == '\n' || c == '\t' || c == '\r'; },
        ' ');
    if (text->find_first_not_of(' ') != std::string::npos) filter_words.push_back(*text);
  }
  // Names in the filter: ports from /etc/services, devices of this network
  // namespace, cgroup v2 paths under the cgroup2 mount.
  filter::FilterLookups lookups;
  lookups.services = [&services](std::string_view name) { return services.PortOf(name); };
  lookups.interfaces = [](std::string_view name) { return sys::InterfaceIndex(name); };
  // Read only when a cgroup is named or shown.
  std::optional<std::optional<std::string>> cgroup2_read;
  auto cgroup2 = [&cgroup2_read]() -> const std::optional<std::string>& {
    if (!cgroup2_read) cgroup2_read = Cgroup2Mount();
    return *cgroup2_read;
  };
  lookups.cgroups = [&cgroup2](std::string_view path) -> std::optional<uint64_t> {
    if (!cgroup2()) return std::nullopt;
    return sys::CgroupIdOf(cgroup2()->c_str(), path);
  };
  auto parsed = filter::ParseFilter(filter_words, lookups);
  if (!parsed) {
    PrintErrorLines(parsed.error().message);  // the caret line below the expression
    return kExitUsage;
  }
  const filter::Filter& filter = *parsed;
  if (flags.summary && global.output != OutputFormat::kTable) {
    PrintError(
        "-s prints ss's text summary and has no JSON form (`sockscope stats -j` has the TCP "
        "socket counts and the counters in JSON)");
    return kExitUsage;
  }
  if (flags.events) {
    if (UsesNetns(global) || !global.replay_dir.empty() || !global.record_dir.empty() ||
        !global.proc_root.empty()) {
      PrintError(
          "-E watches the live kernel of sockscope's own network namespace only (not "
          "with -N, --container, --pod, --record, --replay or --proc-root)");
      return kExitUsage;
    }
    if (flags.kill || flags.summary || flags.processes || flags.unix_sockets ||
        (global.output != OutputFormat::kTable && global.output != OutputFormat::kNdjson)) {
      PrintError(
          "-E prints TCP and UDP destroy events as a table or NDJSON; it does not combine "
          "with -K, -s, -p (a destroyed socket has no process left), -x or this format");
      return kExitUsage;
    }
  }
  if (flags.kill) {
    // Destroying is not reading: it must name what it destroys, here.
    if (filter_words.empty()) {
      PrintError(
          "-K destroys every socket the filter matches and refuses to run without one "
          "(e.g. `ls -K -t dport = :5432`)");
      return kExitUsage;
    }
    if (UsesNetns(global) || !global.replay_dir.empty() || !global.record_dir.empty() ||
        !global.proc_root.empty()) {
      PrintError(
          "-K works on the live kernel of sockscope's own network namespace only (not "
          "with -N, --container, --pod, --record, --replay or --proc-root): run it "
          "inside the namespace, e.g. `ip netns exec NAME sockscope ls -K ...`");
      return kExitUsage;
    }
  }
  LsTables tables;
  tables.tcp = flags.tcp;
  tables.udp = flags.udp;
  tables.raw = flags.raw;
  tables.mptcp = flags.mptcp;
  tables.unix_stream = tables.unix_dgram = tables.unix_seqpacket = flags.unix_sockets;
  tables.packet_raw = tables.packet_dgram = flags.packet;
  tables.inet4 = flags.inet4;
  tables.inet6 = flags.inet6;
  for (const auto& q : flags.queries) {
    if (auto added = AddQuery(q, tables); !added) {
      PrintError(added.error().message);
      return kExitUsage;
    }
  }
  for (const auto& f : flags.families) {
    if (auto added = AddFamily(f, tables); !added) {
      PrintError(added.error().message);
      return kExitUsage;
    }
  }
  const bool unix_asked = tables.AnyUnix() || tables.unix_family;
  // As ss: -s alone (no socket type, no filter) prints only the summary.
  const bool summary_only =
      flags.summary && !tables.AnyTable() && flags.families.empty() && filter_words.empty();
  const bool any_family = tables.inet4 || tables.inet6 || tables.unix_family ||
                          tables.netlink_family || tables.link_family;
  const bool netstat = global.output == OutputFormat::kNetstat;
  if (!tables.AnyTable()) {
    // No table named: ss's default, every table (of the families named);
    // netstat's internet part is TCP, UDP and raw.
    if (netstat) {
      tables.tcp = tables.udp = tables.raw = true;
    } else {
      AddDefaultTables(tables);
    }
  }

  collect::CollectOptions options;
  ApplyGlobal(global, options);
  collect::SocketSelection& sel = options.selection;
  sel.tcp = tables.tcp;
  sel.udp = tables.udp;
  sel.raw = tables.raw;
  sel.mptcp = tables.mptcp;
  sel.netlink = tables.netlink && (!any_family || tables.netlink_family);
  sel.packet = tables.AnyPacket() && (!any_family || tables.link_family || flags.packet);
  sel.unix_sockets = tables.AnyUnix() && (!any_family || unix_asked);
  sel.inet4 = tables.inet4 || !any_family;
  sel.inet6 = tables.inet6 || !any_family;
  if (any_family && !tables.inet4 && !tables.inet6)
    sel.tcp = sel.udp = sel.raw = sel.mptcp = false;  // -f unix, -f netlink, -f link
  if (netstat && (sel.unix_sockets || sel.netlink || sel.packet)) {
    PrintError(
        "--format netstat lists TCP, UDP and raw sockets (netstat's internet part); list UNIX, "
        "netlink and packet sockets in the table format");
    return kExitUsage;
  }
  // netstat without -a/-l: every state but listening ones ("w/o servers"),
  // where ss also leaves out TIME-WAIT, SYN-RECV and CLOSE.
  const model::StateMask netstat_defaults =
      filter::kSsAllStates &
      ~(model::StateBit(model::State::kListen) | model::StateBit(model::State::kClose));
  // ss without -a/-l: SS_CONN, or with a table or family named, the union of
  // their own defaults (misc/ss.c filter_db_set, filter_af_set): UDP and raw
  // sockets ESTABLISHED, netlink CLOSE (`ss -u`, `ss -f netlink`); -A QUERY
  // resets it to SS_CONN.
  auto named_defaults = [&]() -> model::StateMask {
    const model::StateMask established = model::StateBit(model::State::kEstablished);
    const model::StateMask closed = model::StateBit(model::State::kClose);
    if (!flags.queries.empty()) return filter::kSsDefaultStates;
    model::StateMask m = 0;
    if (flags.tcp || flags.mptcp || flags.unix_sockets || flags.inet4 || flags.inet6 ||
        tables.unix_family || (tables.inet4 && !flags.inet4) || (tables.inet6 && !flags.inet6))
      m |= filter::kSsDefaultStates;
    if (flags.udp || flags.raw) m |= established;
    if (tables.netlink_family || tables.link_family || flags.packet) m |= closed;
    return m == 0 ? filter::kSsDefaultStates : m;
  };
  model::StateMask defaults = flags.all         ? filter::kSsAllStates
                              : flags.listening ? filter::kSsListeningStates
                              : netstat         ? netstat_defaults
                                                : named_defaults();
  model::StateMask states = filter::KernelStateMask(filter, defaults);
  sel.tcp_states = sel.udp_states = sel.unix_states = sel.mptcp_states = states;
  // The expression runs in the kernel too, so a narrow filter costs the
  // sockets it matches rather than the whole table; Matches() below still
  // decides (the program admits a superset).
  if (filter.expr) {
    if (auto program = filter::CompileKernelProgram(*filter.expr))
      sel.inet_program = std::make_shared<const std::vector<uint8_t>>(std::move(program->code));
  }
  options.tcp_info = flags.info;
  options.congestion = flags.info;
  options.tos = flags.tos;
  options.memory = flags.memory;
  options.owners = flags.processes;
  options.owner_details = false;  // no diagnosis here
  options.counters = flags.summary;
  // -K: the listing and the destroy requests share the run's one budget.
  if (flags.kill && !options.deadline) options.deadline = options.EffectiveDeadline();
  if (summary_only)
    sel.tcp = sel.udp = sel.unix_sockets = sel.raw = sel.mptcp = sel.netlink = sel.packet = false;
  // As ss without -n: "tcpdiag:ss/1234", the port id named by its process.
  options.netlink_port_names = !flags.numeric && global.output == OutputFormat::kTable;
  options.unix_files = flags.extended && global.output == OutputFormat::kTable;

  auto holder = EnvironmentHolder::Create(global);
  if (!holder) {
    PrintError(holder.error().message);
    return ExitCodeFor(holder.error());
  }
  if (flags.events) {
    EventsRun run;
    run.selection = sel;
    run.filter = &filter;
    run.ndjson = global.output == OutputFormat::kNdjson;
    run.view.header = !flags.no_header;
    run.view.extended = flags.extended;
    run.view.netid_column = sel.tcp && sel.udp;
    run.view.state_column = true;
    if (!(*holder)->env().netlink) {
      PrintError("-E: netlink is not available");
      return kExitCannotInspect;
    }
    return RunLsEvents(run, *(*holder)->env().netlink);
  }
  render::SocketView view;
  view.processes = flags.processes;
  view.extended = flags.extended;
  view.tcp_info = flags.info;
  view.memory = flags.memory;
  view.timers = flags.timers || flags.extended;  // ss -e implies -o
  view.numeric = flags.numeric;
  view.header = !flags.no_header;
  view.oneline = flags.oneline;
  view.tos = flags.tos;
  view.inet_sockopt = flags.inet_sockopt;
  // ss's Netid column is there when more than one of its tables is listed
  // (LsTables::SocketTypes: UNIX counts three, packet two): the tables named,
  // less those the families left out.
  LsTables listed = tables;
  listed.tcp = sel.tcp;
  listed.udp = sel.udp;
  listed.raw = sel.raw;
  listed.mptcp = sel.mptcp;
  listed.netlink = sel.netlink;
  if (!sel.unix_sockets) listed.unix_stream = listed.unix_dgram = listed.unix_seqpacket = false;
  if (!sel.packet) listed.packet_raw = listed.packet_dgram = false;
  view.netid_column = listed.SocketTypes() > 1;
  // As ss: no State column when one state is shown (`state established`,
  // `-u`, `-f netlink`).
  const model::StateMask shown_states = (filter.has_state_clause ? filter.states : defaults) &
                                        ~model::StateBit(model::State::kNewSynRecv);
  view.state_column = std::popcount(shown_states) != 1;
  view.netns = UsesNetns(global);
  if (!flags.numeric && global.output == OutputFormat::kTable) {
    // Like ss without -n: ports named from /etc/services (read above).
    if (auto range = (*holder)->env().proc->ReadSysctl("net/ipv4/ip_local_port_range"))
      services.SetEphemeralRange(*range);
    // A raw socket's "port" is its IP protocol: ss names it from /etc/protocols.
    if (sel.raw) {
      if (auto text = sys::RealFiles().ReadFileAt(AT_FDCWD, "/etc/protocols", 1 << 20))
        services.AddProtocols(*text);
    }
    view.services = &services;
  }
  render::HostNames hosts;
  if (flags.resolve && global.output == OutputFormat::kTable) {
    // -r: names from the local /etc/hosts only; never DNS (docs/ls.md).
    if (auto text = sys::RealFiles().ReadFileAt(AT_FDCWD, "/etc/hosts", 1 << 20))
      hosts = render::HostNames::Parse(*text);
    view.hosts = &hosts;
  }
  // -e, --cgroup: the cgroup of each socket by path, as ss (never from a recording
  // or a --proc-root copy: those are not this machine's cgroups).
  view.cgroup = flags.cgroup;
  const bool cgroup_paths_wanted = (flags.extended || flags.cgroup) &&
                                   global.output == OutputFormat::kTable &&
                                   global.replay_dir.empty() && global.proc_root.empty();

  LsOutput output;
  output.view = &view;
  output.format = global.output;
  output.socket_type_shown = [&](const model::Socket& s) {
    // UNIX and packet types: the kernel dumps them together; -A unix_stream
    // or -A p_raw keeps one.
    if (s.proto == model::Proto::kPacket)
      return s.socket_type == model::SocketType::kDgram ? tables.packet_dgram : tables.packet_raw;
    return s.proto != model::Proto::kUnix ||
           (s.socket_type == model::SocketType::kStream      ? tables.unix_stream
            : s.socket_type == model::SocketType::kDgram     ? tables.unix_dgram
            : s.socket_type == model::SocketType::kSeqpacket ? tables.unix_seqpacket
                                                             : true);
  };
  output.filter = &filter;
  output.summary = flags.summary;
  output.summary_only = summary_only;
  // Streamed (each socket printed or formatted as it is decoded, none held)
  // unless something needs every socket first: -K destroys what it lists,
  // -N's columns name namespaces known after the visit, cgroup paths are
  // looked up for all ids at once, netstat's table keeps its read order, -s
  // prints counters read after the sockets before them.
  const bool streamed =
      !flags.kill && !view.netns && !netstat && !cgroup_paths_wanted && !flags.summary;
  if (streamed) {
    options.ss_table_order = true;
    return PrintStreamed(**holder, options, output);
  }
  if (!netstat) options.ss_table_order = true;

  model::Snapshot snap = (*holder)->Collect(options);
  std::vector<size_t> shown;
  shown.reserve(snap.sockets.size());
  for (size_t i = 0; i < snap.sockets.size(); ++i)
    if (output.Shows(snap.sockets[i])) shown.push_back(i);
  if (!netstat) render::OrderAsSs(snap, shown);  // netstat: tcp, udp, raw as read
  bool kill_failed = false;
  if (flags.kill) {
    // Shown: the sockets destroyed, as ss -K prints them. The run's one
    // deadline (set before collecting) bounds every request.
    const base::Deadline deadline = *options.deadline;
    std::vector<size_t> killed;
    size_t failures = 0;
    std::string first_failure;
    for (size_t i : shown) {
      const model::Socket& s = snap.sockets[i];
      // sockscope destroys TCP and UDP sockets only (as ss -K in practice).
      if (s.proto != model::Proto::kTcp && s.proto != model::Proto::kUdp) continue;
      auto done = (*holder)->env().netlink
                      ? netlink::DestroySocket(*(*holder)->env().netlink, s, deadline)
                      : base::Result<void>(base::MakeError(base::ErrorKind::kUnsupported,
                                                           "netlink is not available"));
      if (done) {
        killed.push_back(i);
      } else if (done.error().kind != base::ErrorKind::kNotFound) {  // gone: nothing to do
        if (failures++ == 0) first_failure = done.error().message;
      }
    }
    if (failures > 0) {
      kill_failed = true;
      snap.notes.push_back(
          {model::NoteLevel::kError, "kill",
           fmt::format("{} socket(s) could not be destroyed: {}", failures, first_failure)});
    }
    shown = std::move(killed);
  }

  view.owners_complete = snap.owners.Complete();
  view.interface_names = &snap.interface_names;
  const render::NetnsIdentity identity(view.netns ? &snap.namespaces : nullptr);
  view.identity = &identity;
  std::unordered_map<uint64_t, std::string> cgroup_paths;
  if (cgroup_paths_wanted) {
    std::vector<uint64_t> ids;
    for (size_t i : shown)
      if (snap.sockets[i].cgroup_id != 0) ids.push_back(snap.sockets[i].cgroup_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (cgroup2())
      cgroup_paths = sys::FindCgroupPaths(ids, cgroup2()->c_str(), options.EffectiveDeadline());
    view.cgroup_paths = &cgroup_paths;
  }

  std::string out;
  LsPrinter printer(out);
  if (netstat) {
    render::NetstatView netstat_view;
    netstat_view.processes = flags.processes;
    netstat_view.header = !flags.no_header;
    netstat_view.scope = flags.all         ? "servers and established"
                         : flags.listening ? "only servers"
                                           : "w/o servers";
    render::RenderNetstatTable(snap, shown, netstat_view, out);
    (void)printer.Flush();  // a closed pipe is the reader's choice, not our failure
    PrintNotes(snap);
  } else {
    LsWriter writer(output, printer, shown.size());
    for (size_t i : shown) {
      const auto& s = snap.sockets[i];
      writer.Add(s, view.processes && s.inode ? snap.owners.Find(s.inode)
                                              : std::span<const model::Owner>{});
    }
    writer.Finish(snap);
  }
  if (printer.failed()) return kExitOutputFailed;
  if (kill_failed) return kExitCannotInspect;
  return ExitCodeForListing(snap);
}

}  // namespace

CLI::App* AddLsCommand(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<LsFlags>();
  CLI::App* ls = app.add_subcommand("ls", "List sockets (like ss), with owners and filters");
  ls->fallthrough();
  ls->add_flag("-t,--tcp", flags->tcp, "TCP sockets");
  ls->add_flag("-u,--udp", flags->udp, "UDP sockets");
  ls->add_flag("-x,--unix", flags->unix_sockets, "UNIX sockets");
  ls->add_flag("-w,--raw", flags->raw, "raw IP sockets (the port is the IP protocol)");
  ls->add_flag("-M,--mptcp", flags->mptcp, "MPTCP sockets");
  ls->add_flag("-0,--packet", flags->packet,
               "packet sockets (p_raw, p_dgr: what they capture, on which device)");
  ls->add_flag("-4,--ipv4", flags->inet4, "IPv4 only");
  ls->add_flag("-6,--ipv6", flags->inet6, "IPv6 only");
  ls->add_flag("-l,--listening", flags->listening, "listening sockets only");
  ls->add_flag("-a,--all", flags->all, "sockets in every state");
  ls->add_flag("-r,--resolve", flags->resolve,
               "host names from the local /etc/hosts (never DNS: nothing is sent anywhere)");
  ls->add_flag("-n,--numeric", flags->numeric,
               "numeric ports (without it, ports are named from the local /etc/services; hosts are "
               "never resolved)");
  ls->add_flag("-p,--processes", flags->processes, "owning processes (walks /proc/PID/fd)");
  ls->add_flag("-i,--info", flags->info, "TCP internals (tcp_info: rtt, cwnd, retransmits...)");
  ls->add_flag("-m,--memory", flags->memory, "socket memory (skmem)");
  ls->add_flag("-e,--extended", flags->extended,
               "as ss -e: timer, uid, inode, cookie, fwmark, cgroup, v6only, shutdown marks");
  ls->add_flag("-o,--options", flags->timers,
               "TCP timers, as ss -o: timer:(name,time left,retransmissions)");
  ls->add_flag("-H,--no-header", flags->no_header, "no header line");
  ls->add_flag("--tos", flags->tos,
               "the IPv4 TOS, IPv6 traffic class and class id (priority) of inet sockets, as ss");
  ls->add_flag("--inet-sockopt", flags->inet_sockopt,
               "the inet socket options (freebind, transparent, ...), as ss --inet-sockopt");
  ls->add_flag("-O,--oneline", flags->oneline,
               "each socket on one line: -i's, -m's and -e's second lines on the row, as ss -O");
  ls->add_flag("--cgroup", flags->cgroup,
               "the cgroup v2 path of each TCP, UDP, raw and MPTCP socket");
  ls->add_option("-A,--query", flags->queries,
                 "socket tables, comma-separated, as ss -A: tcp, udp, raw, mptcp, netlink, "
                 "packet, packet_raw, packet_dgram, unix, unix_stream, unix_dgram, "
                 "unix_seqpacket, inet, all")
      ->type_name("QUERY");
  ls->add_option("-f,--family", flags->families,
                 "address family, as ss -f: inet, inet6, unix, netlink, link")
      ->type_name("FAMILY");
  ls->add_flag("-E,--events", flags->events,
               "watch TCP and UDP sockets being destroyed, until interrupted (sock_diag "
               "multicast; no capability needed)");
  ls->add_flag("-K,--kill", flags->kill,
               "destroy the sockets the filter matches (SOCK_DESTROY; needs CAP_NET_ADMIN and a "
               "filter) and list them");
  ls->add_flag("-s,--summary", flags->summary,
               "ss's socket summary (from /proc/net/sockstat); alone, only the summary");
  ls->add_option("-F,--filter-file", flags->filter_file,
                 "read the filter expression from FILE ('-': standard input), as ss -F")
      ->type_name("FILE");
  for (const auto& option : kRefusedSsOptions) {
    ls->add_flag_callback(
          option.names, [flags, why = option.why] { flags->refused = why; }, option.why)
        ->group("");  // not in --help: refused, see docs/ls.md
  }
  ls->add_option("filter", flags->filter_words,
                 "ss-style filter: state established, sport = :443, dst [::1], and/or/not");
  action = nullptr;
  ls->callback(
      [&global, flags, &action] { action = [&global, flags] { return RunLs(global, *flags); }; });
  return ls;
}

}  // namespace sockscope::cli
