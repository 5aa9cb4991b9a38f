// sockscope: see and explain what the Linux TCP stack does with sockets.
#include "cli/app.h"

int main(int argc, char** argv) { return sockscope::cli::RunCli(argc, argv); }
