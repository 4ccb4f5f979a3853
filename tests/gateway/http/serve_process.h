// `marketgate serve` as a child process, for tests that run the real binary:
// started with its stderr on a pipe (where it announces its ports), killed
// if the test leaves it running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace mg::http::testing {

class ServeProcess {
 public:
  // Runs `binary args...`; stdout is inherited, stderr readable with ReadLine().
  ServeProcess(const std::string& binary, std::vector<std::string> args);
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  pid_t pid() const { return pid_; }

  // The next line on the child's stderr, "" at EOF.
  std::string ReadLine();

  // Reads stderr up to "listening on 127.0.0.1:PORT" (with `admin`: "admin
  // listening on ...") and returns PORT, skipping other lines (libpq notices
  // while the store opens); 0 when stderr ends first.
  unsigned short ReadPort(bool admin = false);

  void Signal(int signal);

  // The exit code (128 + signal when killed), or -1 when it has not exited
  // within `timeout`.
  int WaitExit(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  FILE* stderr_ = nullptr;
  bool exited_ = false;
};

// "listening on 127.0.0.1:8080" with prefix "listening on" -> 8080; else 0.
unsigned short PortOf(const std::string& line, const std::string& prefix);

// True once GET /readyz on `port` answers 200, polled for up to `timeout`.
bool WaitUntilReady(unsigned short port,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace mg::http::testing
