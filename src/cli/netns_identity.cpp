#include "cli/netns_identity.h"

#include <algorithm>
#include <string_view>

#include "base/escape.h"
#include "render/json_writer.h"
#include "render/table.h"

namespace sockscope::cli {
namespace {

// Inserts `cell` padded to `width` and two spaces before every line of
// `lines` that is listed in `cells` (by line number); other lines get blanks.
void PrependColumn(std::string& table, const std::vector<std::pair<size_t, std::string>>& cells,
                   size_t lines_with_cells) {
  size_t width = 0;
  for (const auto& [line, text] : cells) width = std::max(width, render::DisplayWidth(text));
  std::string out;
  out.reserve(table.size() + (width + 2) * lines_with_cells);
  size_t line = 0, pos = 0, next_cell = 0;
  while (pos < table.size()) {
    size_t nl = table.find('\n', pos);
    size_t end = nl == std::string::npos ? table.size() : nl + 1;
    if (line < lines_with_cells) {
      std::string_view text;
      if (next_cell < cells.size() && cells[next_cell].first == line)
        text = cells[next_cell++].second;
      out += text;
      out.append(width - render::DisplayWidth(text) + 2, ' ');
    }
    out.append(table, pos, end - pos);
    pos = end;
    ++line;
  }
  table = std::move(out);
}

}  // namespace

NetnsIdentities::NetnsIdentities(const collect::NetnsTargets* targets) {
  if (!targets) return;
  active_ = true;
  for (const auto& t : targets->targets) {
    by_netns_[t.inode] = t.identity;
    any_container_ |= !t.identity.container.empty();
    any_pod_ |= !t.identity.pod.empty();
  }
}

const collect::ContainerIdentity* NetnsIdentities::Find(uint64_t netns) const {
  auto it = by_netns_.find(netns);
  return it == by_netns_.end() ? nullptr : &it->second;
}

void NetnsIdentities::AddJsonFields(std::string& json, size_t from) const {
  if (!active_) return;
  // Strings are escaped by the writer, so an unescaped `{"netns":"` is always
  // the start of an object, never text inside a value.
  constexpr std::string_view kMarker = "{\"netns\":\"";
  std::string out;
  size_t pos = from;
  out.append(json, 0, from);
  while (true) {
    size_t at = json.find(kMarker, pos);
    if (at == std::string::npos) break;
    size_t value = at + kMarker.size();
    size_t close = json.find('"', value);
    if (close == std::string::npos) break;
    out.append(json, pos, close + 1 - pos);
    uint64_t netns = 0;
    for (size_t i = value; i < close; ++i) netns = netns * 10 + (json[i] - '0');
    const collect::ContainerIdentity* id = Find(netns);
    render::JsonWriter w(out);
    out += ',';
    w.Key("container");
    if (id && !id->container.empty())
      w.String(id->container);
    else
      w.Null();
    w.Key("pod");
    if (id && !id->pod.empty())
      w.String(id->pod);
    else
      w.Null();
    pos = close + 1;
  }
  out.append(json, pos, std::string::npos);
  json = std::move(out);
}

void NetnsIdentities::AddTableColumns(std::string& table, bool header,
                                      const std::vector<uint64_t>& row_netns,
                                      const std::vector<bool>& row_trailer) const {
  if (!active_ || (!any_container_ && !any_pod_)) return;
  for (bool pod : {true, false}) {  // Pod first, so Container ends up leftmost
    if (pod ? !any_pod_ : !any_container_) continue;
    std::vector<std::pair<size_t, std::string>> cells;
    size_t line = 0;
    if (header) cells.emplace_back(line++, pod ? "Pod" : "Container");
    for (size_t i = 0; i < row_netns.size(); ++i) {
      const collect::ContainerIdentity* id = Find(row_netns[i]);
      std::string text = "-";
      if (id && pod && !id->pod.empty()) text = id->pod;
      // Twelve digits, as `docker ps` shows ids.
      if (id && !pod && !id->container.empty()) text = id->container.substr(0, 12);
      cells.emplace_back(line++, base::EscapeForTerminal(text));
      if (i < row_trailer.size() && row_trailer[i]) ++line;
    }
    PrependColumn(table, cells, line);
  }
}

}  // namespace sockscope::cli
