// `marketgate serve` (or any marketgate binary) as a child process for tests:
// its stderr is read line by line to learn the ports it announces, and it is
// killed if a test leaves it running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace mg::http::testing {

class ServeProcess {
 public:
  // Runs `binary` (default: the marketgate built with the tests) with `args`.
  explicit ServeProcess(std::vector<std::string> args, std::string binary = MG_MARKETGATE_BINARY);
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // The next line on the child's stderr, "" at EOF.
  std::string ReadLine();
  // Reads stderr until a line "<prefix> 127.0.0.1:PORT" and returns PORT; 0
  // when the child's stderr ends first. Lines read on the way are kept in
  // output().
  unsigned short WaitForPort(const std::string& prefix);
  const std::string& output() const { return output_; }

  void Signal(int signal);
  // The exit code (128 + signal when killed), or -1 when it has not exited
  // within `timeout`.
  int WaitExit(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  FILE* stderr_ = nullptr;
  bool exited_ = false;
  std::string output_;
};

// PORT of a line "<prefix> 127.0.0.1:PORT", 0 when the line is something else.
unsigned short PortOf(const std::string& line, const std::string& prefix);

}  // namespace mg::http::testing
