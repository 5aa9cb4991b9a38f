// Builds the usage errors of the filter layer: a one-line reason naming the
// token and its word, then the expression with a caret line under the token.
// Internal to src/filter/; pure, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/error.h"
#include "filter/lexer.h"

namespace sockscope::filter {

// "filter: HEADLINE at word N: DETAIL" plus the caret lines under the token.
base::Error ErrorAt(const Lexed& lexed, const Token& token, std::string_view headline,
                    std::string_view detail);

// "filter: unexpected 'TOKEN' at word N: EXPECTATION" plus the caret lines.
base::Error UnexpectedToken(const Lexed& lexed, const Token& token, std::string_view expectation);

// "filter: bad WHAT 'TOKEN' at word N: REASON" plus the caret lines.
base::Error BadToken(const Lexed& lexed, const Token& token, std::string_view what,
                     std::string_view reason);

// "filter: unexpected end of expression after 'LAST': EXPECTATION", caret
// just past the end. `last` is the final token (the input was not empty).
base::Error UnexpectedEnd(const Lexed& lexed, const Token& last, std::string_view expectation);

// The two caret lines alone ("  EXPR\n  ^^^"), for tests and other messages.
// Control bytes are shown escaped (\xNN) and long expressions are cut to a
// window around the token, so the caret stays under it.
std::string CaretLines(std::string_view joined, size_t offset, size_t length);

}  // namespace sockscope::filter
