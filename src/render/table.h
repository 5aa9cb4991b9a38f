// Table: aligned text columns for people. Cells are stored in one arena so a
// 100k-row table costs two allocations per growth, not one per cell. Cell
// text must already be escaped (base::EscapeForTerminal) by the caller.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sockscope::render {

enum class Align { kLeft, kRight };

class Table {
 public:
  struct Column {
    std::string title;
    Align align = Align::kLeft;
  };
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

  // Rows are filled cell by cell: AddCell() appends to the current row,
  // EndRow() closes it. A trailer is free text printed after the row
  // (e.g. the -i detail line); it does not count for column widths.
  void AddCell(std::string_view text);
  std::string& CellBuffer() { return arena_; }  // append, then CommitCell()
  void CommitCell();
  void SetTrailer(std::string_view text);
  void EndRow();
  size_t rows() const { return rows_.size(); }
  // Room for `rows` rows of about `bytes_per_row` bytes of cell text, so a
  // 100k-row table is filled without regrowing (and copying) its buffers.
  void Reserve(size_t rows, size_t bytes_per_row);

  // Renders everything; the last column is not padded.
  void Render(std::string& out, bool header) const;

 private:
  struct Row {
    size_t first_cell;
    size_t trailer_begin = 0, trailer_end = 0;
  };
  std::vector<Column> columns_;
  std::string arena_;
  std::vector<size_t> cell_starts_;  // offsets of each cell in arena_
  std::vector<size_t> cell_ends_;
  std::vector<Row> rows_;
  size_t cell_begin_ = 0;
  size_t row_first_cell_ = 0;
  size_t trailer_begin_ = 0, trailer_end_ = 0;
};

// Display width of already-escaped text (UTF-8 code points, not bytes).
size_t DisplayWidth(std::string_view text);

}  // namespace sockscope::render
