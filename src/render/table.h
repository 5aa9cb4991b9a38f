// Table: aligned text columns for people. The rows are kept as their text
// alone, each cell ended by a NUL, in blocks of about 1 MiB (ss keeps its
// formatted text the same way): a 100k-row `ls -tan` holds about 45 bytes
// a row, never copied to grow. Column widths grow as cells are added. Cell text must already be
// escaped (base::EscapeForTerminal) by the caller: control bytes in it are replaced.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::render {

enum class Align { kLeft, kRight };

// Called by Render whenever its output holds at least kRenderChunk bytes:
// it writes them out and empties the string; false stops the rendering
// (the reader is gone, or output failed).
using FlushOutput = std::function<bool(std::string& out)>;
inline constexpr size_t kRenderChunk = 256 * 1024;

class Table {
 public:
  struct Column {
    std::string title;
    Align align = Align::kLeft;
  };
  explicit Table(std::vector<Column> columns);

  // Rows are filled cell by cell: AddCell() appends to the current row,
  // EndRow() closes it. A trailer is free text printed after the row
  // (e.g. the -i detail line); it does not count for column widths.
  void AddCell(std::string_view text);
  std::string& CellBuffer() { return blocks_.back(); }  // append, then CommitCell()
  void CommitCell();
  void SetTrailer(std::string_view text);
  void EndRow();
  size_t rows() const { return rows_; }
  // Room for `rows` rows of about `bytes_per_row` bytes of cell text, so a
  // 100k-row table is filled without regrowing (and copying) its buffers.
  void Reserve(size_t rows, size_t bytes_per_row);

  // Renders the rows held into `out` and lets them go; the last column is
  // not padded. With `flush`, the output goes out in chunks rather than as
  // one string. Rendering again later prints the rows added since, padded
  // to at least the same widths (columns never narrow), the header only the
  // first time.
  void Render(std::string& out, bool header, const FlushOutput& flush = {});
  // Bytes of row text held.
  size_t held_bytes() const { return held_bytes_; }

 private:
  std::vector<Column> columns_;
  std::vector<size_t> widths_;  // display width of each column's widest cell
  // Per row: each cell's text and a NUL, then, when it has one, kTrailer,
  // the trailer's text and a NUL. A row is in one block; a new block starts
  // once the last one is full.
  std::vector<std::string> blocks_;
  std::string trailer_;                    // the current row's when set before its last cell
  size_t trailer_at_ = std::string::npos;  // where this row's trailer starts, once appended
  size_t rows_ = 0;                        // held
  size_t held_bytes_ = 0;
  bool rendered_ = false;
  size_t cell_begin_ = 0;
  size_t row_begin_ = 0;
  size_t row_cells_ = 0;
};

// Display width of already-escaped text (UTF-8 code points, not bytes).
size_t DisplayWidth(std::string_view text);

}  // namespace sockscope::render
