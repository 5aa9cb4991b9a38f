#include "render/json_keys.h"

#include <array>

namespace sockscope::render {

std::span<const std::string_view> AllJsonKeys() {
#define SOCKSCOPE_JSON_KEY_ENTRY(handle, text) json_key::handle,
  static constexpr std::array kAll = {SOCKSCOPE_JSON_KEYS(SOCKSCOPE_JSON_KEY_ENTRY)};
#undef SOCKSCOPE_JSON_KEY_ENTRY
  return kAll;
}

}  // namespace sockscope::render
