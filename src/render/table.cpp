#include "render/table.h"

#include <algorithm>
#include <cstring>

namespace sockscope::render {
namespace {

// The arena's markers: the end of a cell or trailer, and the start of a
// trailer. Neither can be in escaped text; a caller's stray one is shown
// as '?' rather than cutting its row short.
constexpr char kEnd = '\0';
constexpr char kTrailer = '\1';
constexpr size_t kBlockBytes = 1 << 20;
constexpr size_t kBlockSlack = 64 << 10;  // a row that does not fit regrows its block

std::string NewBlock() {
  std::string block;
  block.reserve(kBlockBytes + kBlockSlack);
  return block;
}

void ReplaceMarkers(std::string& arena, size_t from) {
  // Two vectorised scans (memchr); the byte loop only when one is there.
  const std::string_view text = std::string_view(arena).substr(from);
  if (text.find(kEnd) == std::string_view::npos && text.find(kTrailer) == std::string_view::npos)
    return;
  for (size_t i = from; i < arena.size(); ++i)
    if (arena[i] == kEnd || arena[i] == kTrailer) arena[i] = '?';
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (unsigned char c : text)
    if ((c & 0xc0) != 0x80) ++width;  // count lead bytes only
  return width;
}

Table::Table(std::vector<Column> columns)
    : columns_(std::move(columns)), widths_(columns_.size(), 0) {
  blocks_.emplace_back();  // small tables (stats, listeners) stay small
}

void Table::AddCell(std::string_view text) {
  blocks_.back().append(text);
  CommitCell();
}

void Table::CommitCell() {
  std::string& arena = blocks_.back();
  if (row_cells_ >= columns_.size()) {  // more cells than columns: not shown
    arena.resize(cell_begin_);
    return;
  }
  ReplaceMarkers(arena, cell_begin_);
  widths_[row_cells_] =
      std::max(widths_[row_cells_], DisplayWidth(std::string_view(arena).substr(cell_begin_)));
  arena += kEnd;
  ++row_cells_;
  cell_begin_ = arena.size();
}

void Table::SetTrailer(std::string_view text) {
  if (row_cells_ < columns_.size()) {  // cells still to come: EndRow appends it
    trailer_.assign(text);
    return;
  }
  // Every cell is there: straight into the arena (set again: replaced).
  std::string& arena = blocks_.back();
  trailer_.clear();
  if (trailer_at_ != std::string::npos) arena.resize(trailer_at_);
  trailer_at_ = std::string::npos;
  cell_begin_ = arena.size();
  if (text.empty()) return;  // no trailer, as before any was set
  trailer_at_ = arena.size();
  arena += kTrailer;
  const size_t from = arena.size();
  arena.append(text);
  ReplaceMarkers(arena, from);
  arena += kEnd;
  cell_begin_ = arena.size();
}

void Table::EndRow() {
  // Pad short rows so every row has one cell per column.
  while (row_cells_ < columns_.size()) CommitCell();
  std::string& arena = blocks_.back();
  if (!trailer_.empty()) {
    arena += kTrailer;
    const size_t from = arena.size();
    arena += trailer_;
    ReplaceMarkers(arena, from);
    arena += kEnd;
    trailer_.clear();
  }
  trailer_at_ = std::string::npos;
  ++rows_;
  held_bytes_ += arena.size() - row_begin_;
  row_cells_ = 0;
  if (arena.size() >= kBlockBytes ||
      (arena.capacity() >= kBlockBytes && arena.size() + kBlockSlack > arena.capacity()))
    blocks_.push_back(NewBlock());
  cell_begin_ = row_begin_ = blocks_.back().size();
}

void Table::Reserve(size_t rows, size_t bytes_per_row) {
  // The first block only: later ones are whole blocks anyway.
  blocks_.back().reserve(
      std::min(kBlockBytes + kBlockSlack, rows * (bytes_per_row + columns_.size())));
}

void Table::Render(std::string& out, bool header, const FlushOutput& flush) {
  const size_t ncols = columns_.size();
  if (header)
    for (size_t c = 0; c < ncols; ++c)
      widths_[c] = std::max(widths_[c], DisplayWidth(columns_[c].title));
  header = header && !rendered_;
  rendered_ = true;
  const std::vector<size_t>& widths = widths_;

  size_t line = ncols;
  for (size_t w : widths) line += w;
  // Without flushing, every line is its padded cells: reserve it all at once.
  out.reserve(out.size() + (flush ? kRenderChunk + line : (rows_ + 1) * line));

  auto emit = [&](size_t c, std::string_view text) {
    size_t w = DisplayWidth(text);
    size_t pad = widths[c] > w ? widths[c] - w : 0;
    bool last = c + 1 == ncols;
    if (columns_[c].align == Align::kRight) out.append(pad, ' ');
    out.append(text);
    if (columns_[c].align == Align::kLeft && !last) out.append(pad, ' ');
    if (!last) out += ' ';
  };
  if (header) {
    for (size_t c = 0; c < ncols; ++c) emit(c, columns_[c].title);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
  // Each cell and trailer ends with kEnd (EndRow and CommitCell wrote it).
  size_t block = 0;
  const char* at = blocks_[0].data();
  const char* end = at + blocks_[0].size();
  auto next = [&]() {
    const char* stop =
        static_cast<const char*>(std::memchr(at, kEnd, static_cast<size_t>(end - at)));
    std::string_view text(at, static_cast<size_t>(stop - at));
    at = stop + 1;
    return text;
  };
  for (size_t row = 0; row < rows_; ++row) {
    while (at == end && block + 1 < blocks_.size()) {  // rows never span blocks
      ++block;
      at = blocks_[block].data();
      end = at + blocks_[block].size();
    }
    size_t line_start = out.size();
    for (size_t c = 0; c < ncols; ++c) emit(c, next());
    while (out.size() > line_start && out.back() == ' ') out.pop_back();
    out += '\n';
    if (at < end && *at == kTrailer) {
      ++at;
      out.append(next());
      out += '\n';
    }
    if (flush && out.size() >= kRenderChunk && !flush(out)) break;
  }
  blocks_.clear();
  blocks_.emplace_back();
  rows_ = held_bytes_ = cell_begin_ = row_begin_ = row_cells_ = 0;
}

}  // namespace sockscope::render
