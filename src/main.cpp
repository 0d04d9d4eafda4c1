#include "app/cli.hpp"

int main(int argc, char** argv) { return kp::app::run_cli(argc, argv); }
