// The knutepunkt command line: subcommands only; each hands over to app/ or a capability.
#pragma once

namespace kp::app {
// Runs the command line and returns the process exit code (0 ok, 1 failure, 2 usage).
int run_cli(int argc, char** argv);
}  // namespace kp::app
