// sockscope-docgen: writes the man pages and shell completions of sockscope
// from the same CLI11 definition its --help comes from (cli/app.h), so they
// cannot drift apart. Run by the build (CMake) into the build directory;
// `make install` installs what it wrote.
//
//   sockscope-docgen OUTPUT_DIR
// writes OUTPUT_DIR/man/sockscope.1, OUTPUT_DIR/man/sockscope-CMD.1,
// OUTPUT_DIR/bash/sockscope and OUTPUT_DIR/zsh/_sockscope.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/app.h"
#include "cli/cli_model.h"
#include "cli/completion.h"
#include "cli/manpage.h"

namespace {

bool Write(const std::filesystem::path& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "sockscope-docgen: cannot write " << path.string() << "\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: sockscope-docgen OUTPUT_DIR\n";
    return 64;
  }
  const std::filesystem::path dir = argv[1];
  auto cli = sockscope::cli::DefineCli();
  const sockscope::cli::CliModel model = sockscope::cli::ReadCliModel(cli->app);
  bool ok =
      Write(dir / "man" / "sockscope.1", sockscope::cli::ProgramManPage(model, SOCKSCOPE_VERSION));
  for (const auto& c : model.commands)
    ok = Write(dir / "man" / ("sockscope-" + c.name + ".1"),
               sockscope::cli::CommandManPage(model, c, SOCKSCOPE_VERSION)) &&
         ok;
  ok = Write(dir / "bash" / "sockscope", sockscope::cli::BashCompletion(model)) && ok;
  ok = Write(dir / "zsh" / "_sockscope", sockscope::cli::ZshCompletion(model)) && ok;
  return ok ? 0 : 74;
}
