// Socket rows as `ss -H -n` prints them, and the same rows built from
// sockscope's JSON, normalised so that the two can be compared as sets.
//
// Normalisation (and nothing more) that the comparison allows:
//   - wildcard hosts `0.0.0.0`, `[::]`, `[*]` and `*` are all `*`; port 0 is `*`;
//   - state names may be long or short: ESTABLISHED == ESTAB, and the CLOSE
//     state of unconnected sockets == UNCONN (ss's name for it);
//   - the Netid column is optional (ss omits it when one protocol is listed).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace sockscope::testing {

struct SsRow {
  std::string netid;  // empty when the output had no Netid column
  std::string state;  // empty when the output had no State column
  std::string recv_q;
  std::string send_q;
  std::string local;  // inet: "addr:port"; unix: "path inode"
  std::string peer;
  std::string process;  // the Process column, if any
  std::string details;  // continuation lines (-i, -m, -e), tab-indented in ss
};

// Parses `ss -H -n`-style lines (also sockscope's table with -H). Lines that
// start with whitespace continue the previous row.
std::vector<SsRow> ParseSsOutput(std::string_view text);

std::string NormaliseState(std::string_view state);

// "STATE RECV-Q SEND-Q LOCAL PEER", the state normalised; the comparison key.
std::string RowKey(const SsRow& row);
std::vector<std::string> RowKeys(const std::vector<SsRow>& rows);
// Like RowKey without the state, for outputs that omit it (ss with `state X`).
std::vector<std::string> RowKeysWithoutState(const std::vector<SsRow>& rows);

// One socket object of `sockscope ls -o json` as an ss row. Inet sockets only.
SsRow RowFromJson(const nlohmann::json& socket);
std::vector<SsRow> RowsFromJson(const nlohmann::json& sockets);

// Whitespace-separated words of text.
std::vector<std::string> SplitWords(std::string_view text);

// Words of the header line of an ss-style table, ss's trailing "Process"
// heading (printed even without -p, glued to "Address:Port" when the column is
// full) left out: it is not a column of its own.
std::vector<std::string> HeaderWords(std::string_view table);

// A table's lines with blanks (tabs included) squeezed to one space,
// trailing ones dropped, and ss's trailing "Process" heading dropped from the
// header (ss prints it glued to "Address:Port" when the column is full); what
// "after whitespace normalisation" means for comparing with ss line by line.
std::vector<std::string> SqueezedLines(std::string_view out);

// Parses text as JSON, or returns a discarded value (see is_discarded()).
nlohmann::json ParseJson(std::string_view text);

}  // namespace sockscope::testing
