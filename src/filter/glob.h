// Shell-style glob for `src unix:PATTERN`: '*' matches any run of bytes
// (including '/'), '?' one byte, everything else itself. No character classes
// and no escapes, so any path can be matched literally or by '?'.
// Internal to src/filter/; pure, thread-safe; time O(pattern * text) at worst.
#pragma once

#include <string_view>

namespace sockscope::filter {

bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace sockscope::filter
