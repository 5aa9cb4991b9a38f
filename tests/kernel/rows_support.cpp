#include "rows_support.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace sockscope::testing {
namespace {

bool IsNetid(std::string_view token) {
  static const std::set<std::string_view> kNetids = {
      "tcp", "udp",   "raw",  "u_str", "u_dgr", "u_seq", "p_raw", "p_dgr",
      "nl",  "mptcp", "sctp", "tipc",  "v_str", "v_dgr", "xdp",   "icmp6"};
  return kNetids.count(token) > 0;
}

bool IsNumberOrDash(std::string_view token) {
  return !token.empty() && (token == "-" || std::all_of(token.begin(), token.end(), [](char c) {
                              return std::isdigit(static_cast<unsigned char>(c));
                            }));
}

std::vector<std::string> Split(std::string_view line) {
  std::vector<std::string> tokens;
  std::istringstream in{std::string(line)};
  for (std::string token; in >> token;) tokens.push_back(token);
  return tokens;
}

// A UNIX address is two tokens, "path inode"; an inet one has a ':'.
std::string TakeAddress(const std::vector<std::string>& tokens, size_t& i) {
  if (i >= tokens.size()) return "";
  std::string address = tokens[i++];
  if (address.find(':') == std::string::npos && i < tokens.size() && IsNumberOrDash(tokens[i])) {
    address += " " + tokens[i++];
  }
  return address;
}

// `v6only`: the socket's JSON "v6only" (false when absent, as the table
// assumes): a dual-stack "::" is "*" in ss's table.
std::string JoinEndpoint(const nlohmann::json& endpoint, bool v6, bool v6only) {
  if (!endpoint.is_object()) return "?";
  std::string addr = endpoint.value("addr", std::string("?"));
  if (v6 && !v6only && addr == "::") {
    v6 = false;
    addr = "*";
  }
  std::string port = "*";  // port 0 prints as "*" in tables
  if (endpoint.contains("port") && endpoint["port"].is_number() && endpoint["port"] != 0) {
    port = std::to_string(endpoint["port"].get<long>());
  }
  return (v6 ? "[" + addr + "]" : addr) + ":" + port;
}

std::string QueueText(const nlohmann::json& value) {
  if (value.is_number()) return std::to_string(value.get<long long>());
  return value.is_null() ? "-" : value.dump();
}

}  // namespace

std::vector<SsRow> ParseSsOutput(std::string_view text) {
  std::vector<SsRow> rows;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (std::isspace(static_cast<unsigned char>(line[0])) && !rows.empty()) {
      rows.back().details += line + "\n";
      continue;
    }
    std::vector<std::string> tokens = Split(line);
    SsRow row;
    size_t i = 0;
    if (IsNetid(tokens[i])) row.netid = tokens[i++];
    if (i < tokens.size() && !IsNumberOrDash(tokens[i])) row.state = tokens[i++];
    if (i < tokens.size()) row.recv_q = tokens[i++];
    if (i < tokens.size()) row.send_q = tokens[i++];
    row.local = TakeAddress(tokens, i);
    row.peer = TakeAddress(tokens, i);
    for (; i < tokens.size(); ++i) row.process += (row.process.empty() ? "" : " ") + tokens[i];
    rows.push_back(row);
  }
  return rows;
}

std::string NormaliseState(std::string_view state) {
  std::string s(state);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    return c == '_' ? '-' : static_cast<char>(std::toupper(c));
  });
  if (s == "ESTABLISHED") return "ESTAB";
  if (s == "CLOSE") return "UNCONN";
  return s;
}

std::string RowKey(const SsRow& row) {
  // Addresses as printed (dual-stack "*:80" against v6-only "[::]:80"
  // included); JSON rows are put in the table's form by RowFromJson.
  return NormaliseState(row.state) + " " + row.recv_q + " " + row.send_q + " " + row.local + " " +
         row.peer;
}

std::vector<std::string> RowKeys(const std::vector<SsRow>& rows) {
  std::vector<std::string> keys;
  for (const SsRow& row : rows) keys.push_back(RowKey(row));
  return keys;
}

std::vector<std::string> RowKeysWithoutState(const std::vector<SsRow>& rows) {
  std::vector<std::string> keys;
  for (SsRow row : rows) {
    row.state.clear();
    keys.push_back(RowKey(row));
  }
  return keys;
}

SsRow RowFromJson(const nlohmann::json& socket) {
  SsRow row;
  bool v6 = socket.value("family", std::string()) == "inet6";
  row.netid = socket.value("proto", std::string());
  row.state = socket.value("state", std::string());
  row.recv_q = QueueText(socket.value("recv_q", nlohmann::json()));
  row.send_q = QueueText(socket.value("send_q", nlohmann::json()));
  const bool v6only = socket.value("v6only", false);
  row.local = JoinEndpoint(socket.value("local", nlohmann::json()), v6, v6only);
  row.peer = JoinEndpoint(socket.value("peer", nlohmann::json()), v6, v6only);
  return row;
}

std::vector<SsRow> RowsFromJson(const nlohmann::json& sockets) {
  std::vector<SsRow> rows;
  if (!sockets.is_array()) return rows;
  for (const nlohmann::json& socket : sockets) rows.push_back(RowFromJson(socket));
  return rows;
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

std::vector<std::string> HeaderWords(std::string_view table) {
  std::vector<std::string> words = SplitWords(table.substr(0, table.find('\n')));
  if (!words.empty() && words.back() == "Process") words.pop_back();
  if (!words.empty() && words.back() == "Address:PortProcess") words.back() = "Address:Port";
  return words;
}

std::vector<std::string> SqueezedLines(std::string_view out) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < out.size()) {
    size_t nl = out.find('\n', start);
    if (nl == std::string_view::npos) nl = out.size();
    std::string line;
    for (const std::string& word : SplitWords(out.substr(start, nl - start)))
      line += (line.empty() ? "" : " ") + word;
    if (lines.empty()) {  // the header
      static constexpr std::string_view kGlued = "Address:PortProcess";
      if (line.size() > kGlued.size() &&
          line.compare(line.size() - kGlued.size(), kGlued.size(), kGlued) == 0)
        line.replace(line.size() - 7, 7, " Process");
    }
    if (!line.empty()) lines.push_back(line);
    start = nl + 1;
  }
  return lines;
}

nlohmann::json ParseJson(std::string_view text) {
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
}

}  // namespace sockscope::testing
