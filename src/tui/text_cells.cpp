#include "tui/text_cells.h"

#include <algorithm>
#include <cmath>

#include "render/table.h"

namespace sockscope::tui {
namespace {

// Length of the UTF-8 sequence that starts with `lead` (1 for stray bytes, so
// a walk always advances).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xf0 && lead < 0xf8) return 4;
  if (lead >= 0xe0) return lead < 0xf0 ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

// Byte offset after the first `columns` code points of `text`.
size_t PrefixBytes(std::string_view text, size_t columns) {
  size_t at = 0;
  for (size_t c = 0; c < columns && at < text.size(); ++c)
    at = std::min(text.size(), at + SequenceLength(static_cast<unsigned char>(text[at])));
  return at;
}

constexpr std::string_view kAsciiLevels = "_.-:=+*#";
constexpr std::string_view kUnicodeLevels[8] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

}  // namespace

std::string FitCell(std::string_view text, size_t width, CellAlign align) {
  size_t w = render::DisplayWidth(text);
  if (w > width) {
    if (width == 0) return "";
    std::string out(text.substr(0, PrefixBytes(text, width - 1)));
    out += '~';
    return out;
  }
  std::string pad(width - w, ' ');
  return align == CellAlign::kLeft ? std::string(text) + pad : pad + std::string(text);
}

std::string ClipLine(std::string_view line, size_t width) {
  return std::string(line.substr(0, PrefixBytes(line, width)));
}

std::string AsciiOnly(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    auto lead = static_cast<unsigned char>(text[at]);
    size_t n = SequenceLength(lead);
    out += lead < 0x80 ? static_cast<char>(lead) : '?';
    at += n;
  }
  return out;
}

std::string FillBar(double fill, size_t width, bool unicode) {
  if (!(fill >= 0)) fill = 0;  // also catches NaN
  auto filled = static_cast<size_t>(std::lround(std::min(fill, 1.0) * static_cast<double>(width)));
  // Any queued connection shows at least one mark: an almost empty queue of
  // 4096 still differs from an idle one.
  if (fill > 0 && filled == 0 && width > 0) filled = 1;
  std::string out;
  for (size_t i = 0; i < width; ++i) {
    if (i < filled)
      out += unicode ? "█" : "#";
    else
      out += unicode ? "░" : ".";
  }
  return out;
}

int SparkLevel(uint32_t value, uint32_t scale) {
  if (value == 0) return 0;
  scale = std::max<uint32_t>(scale, 1);
  if (value >= scale) return 7;
  // 1..6 for the values in between, so only a zero is the bottom level.
  return 1 + static_cast<int>((static_cast<uint64_t>(value) * 6) / scale);
}

std::string Sparkline(const std::vector<uint32_t>& values, size_t width, uint32_t scale,
                      bool unicode) {
  size_t shown = std::min(values.size(), width);
  std::string out(width - shown, ' ');
  for (size_t i = values.size() - shown; i < values.size(); ++i) {
    int level = SparkLevel(values[i], scale);
    if (unicode)
      out += kUnicodeLevels[level];
    else
      out += kAsciiLevels[static_cast<size_t>(level)];
  }
  return out;
}

}  // namespace sockscope::tui
