// Untrusted text end to end: processes named with terminal escape sequences,
// a newline, quotes, a backslash and invalid UTF-8 hold a stuck listener and
// UNIX sockets whose path and abstract name carry a newline and ESC. Every
// output (tables, JSON, `listeners`, `check`, `serve`'s /metrics) must show the
// escaped form of base/escape.h: no ESC byte and no raw control character
// reaches a table, JSON stays valid UTF-8 and decodes to the documented text,
// and Prometheus label values stay on one line with \ and " escaped.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check_support.h"
#include "command_support.h"
#include "netns_support.h"
#include "serve_support.h"
#include "socket_support.h"
#include "support/http_get.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using UntrustedText = NetnsTest;

// Two names: a comm holds at most 15 bytes.
const std::string kColourComm = "\x1b[31mred\x1b[0m";
const std::string kHostileComm = "\x1b]0;t\x07\n\"\\)\xff\xfe";
constexpr uint16_t kServePort = 9978;

// The text a table must show for these names (base::EscapeForTerminal).
const std::string kColourInTable = "\\x1b[31mred\\x1b[0m";
const std::string kHostileInTable = "\\x1b]0;t\\x07\\x0a\"\\\\)\\xff\\xfe";
// Inside users:(("...",pid=N,fd=M)) the field's delimiters are escaped too.
const std::string kHostileInUsers = "\\x1b]0;t\\x07\\x0a\\x22\\\\\\x29\\xff\\xfe";
// What a JSON string decodes to: controls come back as they are (JSON's own
// \u00NN escapes), invalid UTF-8 bytes as the text \xNN.
const std::string kHostileDecodedJson = "\x1b]0;t\x07\n\"\\)\\xff\\xfe";
// A Prometheus label value as written between the quotes.
const std::string kHostileInPrometheus = "\\\\x1b]0;t\\\\x07\\n\\\"\\\\)\\\\xff\\\\xfe";

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80                   ? 1
                 : (c >= 0xc2 && c <= 0xdf) ? 2
                 : (c >= 0xe0 && c <= 0xef) ? 3
                 : (c >= 0xf0 && c <= 0xf4) ? 4
                                            : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// The first control byte other than newline (rows end with it), or nullopt.
std::optional<unsigned char> FirstControlByte(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\n') || c == 0x7f) return c;
  }
  return std::nullopt;
}

// Every string value anywhere in a JSON document.
void CollectStrings(const nlohmann::json& j, std::vector<std::string>& out) {
  if (j.is_string()) {
    out.push_back(j.get<std::string>());
  } else if (j.is_structured()) {
    for (const auto& item : j) CollectStrings(item, out);
  }
}

bool HasString(const nlohmann::json& doc, const std::string& want) {
  std::vector<std::string> all;
  CollectStrings(doc, all);
  for (const std::string& s : all) {
    if (s == want) return true;
  }
  return false;
}

void ExpectCleanText(const CommandResult& r, const std::string& what) {
  EXPECT_EQ(r.exit_code, 0) << what << ": " << r.Describe();
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << what << " shows a raw ESC:\n" << r.out;
  std::optional<unsigned char> control = FirstControlByte(r.out);
  EXPECT_FALSE(control.has_value()) << what << " shows control byte " << int{control.value_or(0)};
  EXPECT_TRUE(IsValidUtf8(r.out)) << what << " is not valid UTF-8";
  EXPECT_TRUE(IsValidUtf8(r.err)) << what << " stderr is not valid UTF-8";
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << what << " stderr shows a raw ESC";
}

JsonRun ExpectCleanJson(const std::vector<std::string>& args, const std::string& what) {
  JsonRun run = RunSockscopeJson(args);
  EXPECT_EQ(run.result.exit_code, 0) << what << ": " << run.result.Describe();
  EXPECT_FALSE(run.doc.is_discarded()) << what << " is not JSON:\n" << run.result.out;
  EXPECT_TRUE(IsValidUtf8(run.result.out)) << what;
  EXPECT_EQ(run.result.out.find('\x1b'), std::string::npos) << what << " carries a raw ESC";
  EXPECT_FALSE(FirstControlByte(run.result.out).has_value()) << what;
  return run;
}

struct HostileScene {
  TempDir dir;
  std::string path;
  std::string abstract_name;
  uint16_t port = 0;
  std::vector<UniqueFd> clients;
  std::optional<ChildHolder> colour;
  std::optional<ChildHolder> hostile;

  HostileScene() {
    path = dir.File("s\n\x1b[1mx");
    abstract_name = "@ab\n\x1b[2Jc";
    UniqueFd listener = TcpListen("127.0.0.1", 0, /*backlog=*/2);
    port = LocalPort(listener);
    for (int i = 0; i < 6; ++i) clients.push_back(TcpConnectStart("127.0.0.1", port));
    if (!WaitForAcceptQueue(listener, 3)) ADD_FAILURE() << "accept queue did not fill";
    std::vector<UniqueFd> hostile_fds;
    hostile_fds.push_back(std::move(listener));
    hostile_fds.push_back(UnixListen(path, 4));
    hostile.emplace(std::move(hostile_fds), kHostileComm);
    std::vector<UniqueFd> colour_fds;
    colour_fds.push_back(UnixListen(abstract_name, 4));
    colour.emplace(std::move(colour_fds), kColourComm);
  }
};

TEST_F(UntrustedText, TablesShowEscapedNamesAndNoControlBytes) {
  HostileScene scene;
  CommandResult tcp = RunSockscope({"ls", "-tanp"});
  ExpectCleanText(tcp, "ls -tanp");
  EXPECT_NE(tcp.out.find(kHostileInUsers), std::string::npos) << tcp.out;

  CommandResult unix_table = RunSockscope({"ls", "-xap"});
  ExpectCleanText(unix_table, "ls -xap");
  EXPECT_NE(unix_table.out.find(kColourInTable), std::string::npos) << unix_table.out;
  EXPECT_NE(unix_table.out.find(kHostileInUsers), std::string::npos) << unix_table.out;
  EXPECT_NE(unix_table.out.find("s\\x0a\\x1b[1mx"), std::string::npos) << unix_table.out;
  EXPECT_NE(unix_table.out.find("@ab\\x0a\\x1b[2Jc"), std::string::npos) << unix_table.out;

  CommandResult listeners = RunSockscope({"listeners"});
  ExpectCleanText(listeners, "listeners");
  EXPECT_NE(listeners.out.find(kHostileInTable), std::string::npos) << listeners.out;

  CommandResult check = RunSockscope({"check"});
  // check exits non-zero when it finds a problem; the stuck listener is one.
  EXPECT_EQ(check.out.find('\x1b'), std::string::npos) << check.out;
  EXPECT_FALSE(FirstControlByte(check.out).has_value()) << check.out;
  EXPECT_TRUE(IsValidUtf8(check.out));
  EXPECT_NE(check.out.find(kHostileInTable), std::string::npos) << check.out;
}

TEST_F(UntrustedText, JsonIsValidUtf8AndDecodesToTheDocumentedText) {
  HostileScene scene;
  JsonRun tcp = ExpectCleanJson({"ls", "-tanp", "-o", "json"}, "ls -tanp -o json");
  EXPECT_TRUE(HasString(tcp.doc, kHostileDecodedJson)) << tcp.doc.dump(1);

  JsonRun unix_json = ExpectCleanJson({"ls", "-xap", "-o", "json"}, "ls -xap -o json");
  EXPECT_TRUE(HasString(unix_json.doc, kColourComm)) << unix_json.doc.dump(1);
  EXPECT_TRUE(HasString(unix_json.doc, kHostileDecodedJson)) << unix_json.doc.dump(1);
  EXPECT_TRUE(HasString(unix_json.doc, scene.path)) << unix_json.doc.dump(1);
  EXPECT_TRUE(HasString(unix_json.doc, scene.abstract_name)) << unix_json.doc.dump(1);

  JsonRun listeners = ExpectCleanJson({"listeners", "-o", "json"}, "listeners -o json");
  EXPECT_TRUE(HasString(listeners.doc, kHostileDecodedJson)) << listeners.doc.dump(1);

  JsonRun check = RunSockscopeJson({"check", "-o", "json"});
  ASSERT_FALSE(check.doc.is_discarded()) << check.result.Describe();
  EXPECT_TRUE(IsValidUtf8(check.result.out));
  EXPECT_EQ(check.result.out.find('\x1b'), std::string::npos);
  EXPECT_TRUE(HasString(check.doc, kHostileDecodedJson)) << check.doc.dump(1);
}

TEST_F(UntrustedText, MetricsLabelValuesAreEscapedAndPassPromtool) {
  HostileScene scene;
  TempDir logs;
  BackgroundProcess serve(
      {SOCKSCOPE_BINARY, "serve", "--listen", "127.0.0.1:" + std::to_string(kServePort)},
      logs.File("serve.log"));
  std::string body;
  bool ok = WaitUntil(
      [&] {
        auto r = HttpGet("127.0.0.1", kServePort, "/metrics", 3s);
        if (!r || r->status != 200) return false;
        body = r->body;
        return body.find(kHostileInPrometheus) != std::string::npos;
      },
      Millis(15000));
  ASSERT_TRUE(ok) << "no sample labelled with the escaped name; log:\n"
                  << ReadWholeFile(logs.File("serve.log")) << "\nbody:\n"
                  << body;
  EXPECT_TRUE(IsValidUtf8(body));
  EXPECT_EQ(body.find('\x1b'), std::string::npos);
  EXPECT_FALSE(FirstControlByte(body).has_value());
  // Every sample line has balanced, escaped quotes: walk the label set and
  // check that only \\, \" and \n follow a backslash inside a value.
  size_t start = 0;
  while (start < body.size()) {
    size_t eol = body.find('\n', start);
    if (eol == std::string::npos) eol = body.size();
    std::string_view line(body.data() + start, eol - start);
    start = eol + 1;
    if (line.empty() || line[0] == '#') continue;
    bool in_value = false;
    for (size_t i = 0; i < line.size(); ++i) {
      if (!in_value) {
        if (line[i] == '"') in_value = true;
        continue;
      }
      if (line[i] == '\\') {
        ASSERT_LT(i + 1, line.size()) << line;
        char next = line[i + 1];
        EXPECT_TRUE(next == '\\' || next == '"' || next == 'n') << line;
        ++i;
      } else if (line[i] == '"') {
        in_value = false;
      }
    }
    EXPECT_FALSE(in_value) << "unterminated label value: " << line;
  }
  if (!OnPath("promtool")) GTEST_SKIP() << "promtool not on PATH; label syntax checked above";
  std::ofstream(logs.File("metrics.txt")) << body;
  CommandResult promtool =
      RunCommand({"/bin/sh", "-c", "promtool check metrics < \"$0\"", logs.File("metrics.txt")},
                 Millis(20000));
  EXPECT_EQ(promtool.exit_code, 0) << promtool.Describe() << "\n" << promtool.out;
}

// Issue 12: a bidi override (U+202E) passed raw, and a process named
// `",pid=1,fd=3))` forged an owner in users:((...)).
const std::string kBidiComm =
    "a\xe2\x80\xae"
    "evil";  // 8 bytes
const std::string kRlo = "\xe2\x80\xae";
const std::string kForgeComm = "\",pid=1,fd=3))";  // 14 bytes: fits a comm
constexpr uint16_t kServePortIssue12 = 9979;

struct ForgeScene {
  std::optional<ChildHolder> bidi;
  std::optional<ChildHolder> forge;
  uint16_t bidi_port = 0, forge_port = 0;
  ForgeScene() {
    std::vector<UniqueFd> a;
    a.push_back(TcpListen("127.0.0.1", 0, 4));
    bidi_port = LocalPort(a.back());
    bidi.emplace(std::move(a), kBidiComm);
    std::vector<UniqueFd> b;
    b.push_back(TcpListen("127.0.0.1", 0, 4));
    forge_port = LocalPort(b.back());
    forge.emplace(std::move(b), kForgeComm);
  }
};

void ExpectNoBidi(const std::string& text, const std::string& what) {
  EXPECT_EQ(text.find(kRlo), std::string::npos) << what << " carries a raw U+202E:\n" << text;
}

TEST_F(UntrustedText, BidiAndForgedOwnerNamesAreEscapedInEveryOutputIssue12) {
  ForgeScene scene;
  const std::string pid = std::to_string(scene.forge->pid());

  CommandResult table = RunSockscope({"ls", "-tlnp"});
  ExpectCleanText(table, "ls -tlnp");
  ExpectNoBidi(table.out, "ls -tlnp");
  EXPECT_NE(table.out.find("a\\u202eevil"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("users:((\"\\x22\\x2cpid=1\\x2cfd=3\\x29\\x29\",pid=" + pid + ","),
            std::string::npos)
      << table.out;
  EXPECT_EQ(table.out.find("pid=1,fd=3"), std::string::npos) << "forged owner:\n" << table.out;

  for (const char* format : {"json", "ndjson"}) {
    CommandResult r = RunSockscope({"ls", "-tlnp", "-o", format});
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    ExpectNoBidi(r.out, format);
    EXPECT_NE(r.out.find("a\\u202eevil"), std::string::npos) << r.out;
    EXPECT_FALSE(FirstControlByte(r.out).has_value()) << format;
    bool seen_forge = false, seen_bidi = false;
    std::vector<std::string> docs;
    if (std::string(format) == "json") {
      docs.push_back(r.out);
    } else {
      size_t start = 0;
      while (start < r.out.size()) {
        size_t eol = r.out.find('\n', start);
        if (eol == std::string::npos) eol = r.out.size();
        docs.push_back(r.out.substr(start, eol - start));
        start = eol + 1;
      }
    }
    for (const auto& text : docs) {
      auto doc = nlohmann::json::parse(text, nullptr, false);
      ASSERT_FALSE(doc.is_discarded()) << format << ": " << text;
      seen_forge = seen_forge || HasString(doc, kForgeComm);
      seen_bidi = seen_bidi || HasString(doc, kBidiComm);
    }
    EXPECT_TRUE(seen_forge) << format << " does not decode to the real name:\n" << r.out;
    EXPECT_TRUE(seen_bidi) << format << ":\n" << r.out;
  }

  CommandResult listeners = RunSockscope({"listeners"});
  ExpectCleanText(listeners, "listeners");
  ExpectNoBidi(listeners.out, "listeners");
  EXPECT_NE(listeners.out.find("a\\u202eevil"), std::string::npos) << listeners.out;

  CommandResult check = RunSockscope({"check", "--interval", "0"});
  ExpectNoBidi(check.out, "check");
  EXPECT_FALSE(FirstControlByte(check.out).has_value()) << check.out;

  TempDir logs;
  BackgroundProcess serve(
      {SOCKSCOPE_BINARY, "serve", "--listen", "127.0.0.1:" + std::to_string(kServePortIssue12)},
      logs.File("serve.log"));
  std::string body;
  bool ok = WaitUntil(
      [&] {
        auto r = HttpGet("127.0.0.1", kServePortIssue12, "/metrics", 3s);
        if (!r || r->status != 200) return false;
        body = r->body;
        return body.find("a\\\\u202eevil") != std::string::npos;
      },
      Millis(15000));
  EXPECT_TRUE(ok) << "no label with the escaped bidi name:\n" << body;
  ExpectNoBidi(body, "serve");
  EXPECT_NE(body.find("\\\",pid=1,fd=3))"), std::string::npos) << body;
}

TEST_F(UntrustedText, NamespaceValuesEchoedInErrorsAreEscapedIssue12) {
  const std::string hostile = "x\x1b[31m\n" + kRlo + "y";
  for (const char* option : {"-N", "--container", "--pod"}) {
    CommandResult r = RunSockscope({"ls", option, hostile});
    EXPECT_NE(r.exit_code, 0) << option << ": " << r.Describe();
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << option << ": raw ESC in\n" << r.err;
    ExpectNoBidi(r.err, option);
    // One message, one line: the newline of the value does not start a new one.
    size_t lines = static_cast<size_t>(std::count(r.err.begin(), r.err.end(), '\n'));
    EXPECT_LE(lines, 2u) << option << ":\n" << r.err;
    EXPECT_TRUE(IsValidUtf8(r.err)) << option;
  }
}

}  // namespace
}  // namespace sockscope::testing
