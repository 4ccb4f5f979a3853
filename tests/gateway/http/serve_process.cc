#include "serve_process.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <thread>

#include "http_test_support.h"

namespace mg::http::testing {

ServeProcess::ServeProcess(const std::string& binary, std::vector<std::string> args) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return;
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    // A crashed test must not leave servers behind (holding its output pipe open).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    std::vector<char*> argv;
    std::string program = binary;
    argv.push_back(program.data());
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  stderr_ = ::fdopen(pipe_fds[0], "r");
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (stderr_ != nullptr) std::fclose(stderr_);
}

std::string ServeProcess::ReadLine() {
  char buffer[4096];
  if (stderr_ == nullptr || std::fgets(buffer, sizeof(buffer), stderr_) == nullptr) return "";
  return buffer;
}

unsigned short ServeProcess::ReadPort(bool admin) {
  const std::string prefix = admin ? "admin listening on" : "listening on";
  for (std::string line = ReadLine(); !line.empty(); line = ReadLine()) {
    if (unsigned short port = PortOf(line, prefix)) return port;
  }
  return 0;
}

void ServeProcess::Signal(int signal) { ::kill(pid_, signal); }

int ServeProcess::WaitExit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

unsigned short PortOf(const std::string& line, const std::string& prefix) {
  std::smatch match;
  std::regex pattern("^" + prefix + " 127\\.0\\.0\\.1:([0-9]+)\\s*$");
  if (!std::regex_match(line, match, pattern)) return 0;
  return static_cast<unsigned short>(std::stoi(match[1]));
}

bool WaitUntilReady(unsigned short port, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto readyz = Fetch(port, Verb::get, "/readyz");
    if (readyz && readyz->result() == boost::beast::http::status::ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace mg::http::testing
