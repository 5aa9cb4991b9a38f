// What the test binary was built with, for assertions that only mean
// something in some builds. AddressSanitizer keeps freed memory in a
// quarantine (256 MiB by default), so RSS grows by design there: memory
// growth is asserted in the plain build, and leaks in the sanitized one by
// LeakSanitizer.
#pragma once

namespace sockscope::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace sockscope::testing
