#include "render/table.h"

#include <algorithm>

namespace sockscope::render {

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (unsigned char c : text)
    if ((c & 0xc0) != 0x80) ++width;  // count lead bytes only
  return width;
}

void Table::AddCell(std::string_view text) {
  arena_.append(text);
  CommitCell();
}

void Table::CommitCell() {
  cell_starts_.push_back(cell_begin_);
  cell_ends_.push_back(arena_.size());
  cell_begin_ = arena_.size();
}

void Table::SetTrailer(std::string_view text) {
  trailer_begin_ = arena_.size();
  arena_.append(text);
  trailer_end_ = arena_.size();
  cell_begin_ = arena_.size();
}

void Table::EndRow() {
  // Pad short rows so every row has one cell per column.
  while (cell_ends_.size() - row_first_cell_ < columns_.size()) CommitCell();
  rows_.push_back({row_first_cell_, trailer_begin_, trailer_end_});
  row_first_cell_ = cell_ends_.size();
  trailer_begin_ = trailer_end_ = 0;
}

void Table::Reserve(size_t rows, size_t bytes_per_row) {
  rows_.reserve(rows);
  cell_starts_.reserve(rows * columns_.size());
  cell_ends_.reserve(rows * columns_.size());
  arena_.reserve(rows * bytes_per_row);
}

void Table::Render(std::string& out, bool header) const {
  const size_t ncols = columns_.size();
  std::vector<size_t> widths(ncols, 0);
  if (header)
    for (size_t c = 0; c < ncols; ++c) widths[c] = DisplayWidth(columns_[c].title);
  auto cell_text = [&](size_t i) {
    return std::string_view(arena_).substr(cell_starts_[i], cell_ends_[i] - cell_starts_[i]);
  };
  for (const auto& row : rows_)
    for (size_t c = 0; c < ncols; ++c)
      widths[c] = std::max(widths[c], DisplayWidth(cell_text(row.first_cell + c)));

  // Every line is its padded cells: reserve it all at once.
  size_t line = ncols;
  for (size_t w : widths) line += w;
  size_t trailers = 0;
  for (const auto& row : rows_) trailers += row.trailer_end - row.trailer_begin + 1;
  out.reserve(out.size() + (rows_.size() + 1) * line + trailers);

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
  for (const auto& row : rows_) {
    size_t line_start = out.size();
    for (size_t c = 0; c < ncols; ++c) emit(c, cell_text(row.first_cell + c));
    while (out.size() > line_start && out.back() == ' ') out.pop_back();
    out += '\n';
    if (row.trailer_end > row.trailer_begin) {
      out.append(arena_, row.trailer_begin, row.trailer_end - row.trailer_begin);
      out += '\n';
    }
  }
}

}  // namespace sockscope::render
