// Writing to stdout/stderr: buffered, checked, and quiet on a closed pipe
// (`sockscope ls | head` is not an error).
#pragma once

#include <string>
#include <string_view>

namespace sockscope::cli {

// Writes all of text to stdout. Returns false when the reader went away.
bool WriteStdout(std::string_view text);
// Writes a one-line message to stderr prefixed with "sockscope: ".
void PrintError(std::string_view message);

}  // namespace sockscope::cli
