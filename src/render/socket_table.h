// The `ls` table: ss's columns (Netid State Recv-Q Send-Q Local Peer Process)
// so muscle memory and scripts written for ss carry over.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "model/snapshot.h"
#include "render/socket_view.h"
#include "render/table.h"

namespace sockscope::render {

// The table filled one socket at a time, as a streamed listing decodes
// them: each row is formatted when added and only its text kept, so the
// sockets need not be. Column widths come from the rows held: Render()
// prints them, at the end or, for a long listing, whenever kHeldTableBytes
// of text are held. ss does the same past 5 MiB, each batch with its own
// widths; here a later batch keeps the earlier widths (columns never
// narrow), so a long listing stays aligned. LISTEN rows show the accept
// queue length and max in Recv-Q/Send-Q, "-" when the max is unknown.
inline constexpr size_t kHeldTableBytes = 4 << 20;

class SocketTableWriter {
 public:
  // `view` is read on every Add (its pointers must outlive the writer);
  // expected_rows: a reserve hint.
  explicit SocketTableWriter(const SocketView& view, size_t expected_rows = 0);
  ~SocketTableWriter();
  SocketTableWriter(const SocketTableWriter&) = delete;
  SocketTableWriter& operator=(const SocketTableWriter&) = delete;

  // owners: who holds s (empty: none known).
  void Add(const model::Socket& s, std::span<const model::Owner> owners);
  // Add, then, once kHeldTableBytes of text are held, Render: a streamed
  // listing's memory stays bounded whatever its length.
  void AddBounded(const model::Socket& s, std::span<const model::Owner> owners, std::string& out,
                  const FlushOutput& flush);
  // Prints the rows held and lets them go.
  void Render(std::string& out, const FlushOutput& flush = {});
  size_t held_bytes() const;

 private:
  const SocketView& view_;
  std::unique_ptr<class Table> table_;
  std::string scratch_, second_;  // reused for every row
};

// Renders the sockets at `indices` of the snapshot (its owners, its
// interface names when the view has none).
void RenderSocketTable(const model::Snapshot& snapshot, const std::vector<size_t>& indices,
                       const SocketView& view, std::string& out);

// Reorders `indices` (stable, linear) into the order ss prints its tables
// (misc/ss.c main): netlink, UNIX, raw, UDP, TCP, MPTCP. The collection reads TCP
// first (what diagnosis needs soonest); a listing shows ss's order.
void OrderAsSs(const model::Snapshot& snapshot, std::vector<size_t>& indices);

// ss's users:(("comm",pid=1,fd=3),...) with comm escaped for the terminal.
void AppendProcessColumn(std::string& out, std::span<const model::Owner> owners);

}  // namespace sockscope::render
