// Filter expressions of `sockscope ls` give the same rows as `ss` given the
// same expression, over the same sockets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netns_support.h"
#include "scenario_support.h"

namespace sockscope::testing {
namespace {

struct FilterCase {
  const char* name;
  std::vector<std::string> expression;  // "{P4}"/"{P6}": the scenario's listener ports
};

class LsFilter : public NetnsTest, public ::testing::WithParamInterface<FilterCase> {};

std::vector<std::string> WithPorts(std::vector<std::string> words, const TcpScenario& scenario) {
  for (std::string& word : words) {
    for (auto [placeholder, port] : {std::pair{"{P4}", scenario.port4}, {"{P6}", scenario.port6}}) {
      if (size_t at = word.find(placeholder); at != std::string::npos) {
        word.replace(at, 4, std::to_string(port));
      }
    }
  }
  return words;
}

TEST_P(LsFilter, MatchesSs) {
  TcpScenario scenario;
  std::vector<std::string> expression = WithPorts(GetParam().expression, scenario);
  std::vector<std::string> ss_args{"-tan", "-H"};
  std::vector<std::string> ls_args{"ls", "-tan", "-H"};
  ss_args.insert(ss_args.end(), expression.begin(), expression.end());
  ls_args.insert(ls_args.end(), expression.begin(), expression.end());
  CommandResult theirs = RunSs(ss_args);
  CommandResult ours = RunSockscope(ls_args);
  std::vector<SsRow> their_rows = RowsOf(theirs, "ss");
  std::vector<SsRow> our_rows = RowsOf(ours, "sockscope");
  ASSERT_FALSE(their_rows.empty()) << "expression selects nothing; ss said:\n" << theirs.Describe();
  // ss drops the State column when the expression fixes a single state.
  bool ss_has_state = !their_rows[0].state.empty();
  EXPECT_THAT(ss_has_state ? RowKeys(our_rows) : RowKeysWithoutState(our_rows),
              ::testing::UnorderedElementsAreArray(ss_has_state ? RowKeys(their_rows)
                                                                : RowKeysWithoutState(their_rows)))
      << "sockscope:\n"
      << ours.Describe() << "\nss:\n"
      << theirs.out;
}

const FilterCase kCases[] = {
    {"StateEstablished", {"state", "established"}},
    {"StateListening", {"state", "listening"}},
    {"StateCloseWait", {"state", "close-wait"}},
    {"SportEquals", {"sport", "=", ":{P4}"}},
    {"DportGreater", {"dport", ">", ":1024"}},
    {"SrcV4", {"src", "127.0.0.1"}},
    {"DstV6", {"dst", "[::1]"}},
    {"OrAndNot",
     {"(", "sport", "=", ":{P4}", "or", "sport", "=", ":{P6}", ")", "and", "not", "dst",
      "127.0.0.1"}},
    {"Not", {"not", "src", "[::1]"}},
    {"DportOrSport", {"dport", "=", ":{P6}", "or", "sport", "=", ":{P4}"}},
};

INSTANTIATE_TEST_SUITE_P(Expressions, LsFilter, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<FilterCase>& case_info) {
                           return std::string(case_info.param.name);
                         });

using LsFilterErrors = NetnsTest;

TEST_F(LsFilterErrors, UnknownWordExits64AndNamesIt) {
  CommandResult result = RunSockscope({"ls", "-tan", "sport", "=", ":80", "and", "frobnicate"});
  EXPECT_EQ(result.exit_code, 64) << result.Describe();
  EXPECT_THAT(result.err, ::testing::HasSubstr("frobnicate")) << result.Describe();
}

TEST_F(LsFilterErrors, BadPortExits64AndNamesIt) {
  CommandResult result = RunSockscope({"ls", "-tan", "sport", "=", ":notaport"});
  EXPECT_EQ(result.exit_code, 64) << result.Describe();
  EXPECT_THAT(result.err, ::testing::HasSubstr("notaport")) << result.Describe();
}

TEST_F(LsFilterErrors, UnbalancedParenthesisExits64) {
  CommandResult result = RunSockscope({"ls", "-tan", "(", "sport", "=", ":80"});
  EXPECT_EQ(result.exit_code, 64) << result.Describe();
  EXPECT_FALSE(result.err.empty());
}

}  // namespace
}  // namespace sockscope::testing
