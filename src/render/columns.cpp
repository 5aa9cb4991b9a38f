#include "render/columns.h"

#include <array>

namespace sockscope::render {

std::span<const ColumnSpec> AllColumns() {
#define SOCKSCOPE_COLUMN_ENTRY(handle, text, alignment) column::handle,
  static constexpr std::array kAll = {SOCKSCOPE_COLUMNS(SOCKSCOPE_COLUMN_ENTRY)};
#undef SOCKSCOPE_COLUMN_ENTRY
  return kAll;
}

}  // namespace sockscope::render
