#include "postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

namespace mg::store::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

Status Unavailable(std::string message) {
  return Status(ErrorCode::kUnavailable, std::move(message));
}

// Who runs initdb and postgres: this process's user, or `postgres` when
// this process is root.
struct ServerUser {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

Result<int> WaitForExit(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return Unavailable("waitpid failed");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// fork + exec with argv (no shell), output appended to `log`. Everything the
// child needs is prepared before fork.
Result<pid_t> Spawn(const std::vector<std::string>& args, const ServerUser& user,
                    const std::string& log, bool die_with_parent) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) return Unavailable("fork failed");
  if (pid > 0) return pid;
  const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  const int in = open("/dev/null", O_RDONLY);
  if (out < 0 || in < 0) _exit(126);
  dup2(in, 0);
  dup2(out, 1);
  dup2(out, 2);
  if (user.switch_user &&
      (setgroups(1, &user.gid) != 0 || setgid(user.gid) != 0 || setuid(user.uid) != 0)) {
    _exit(126);
  }
  // After the user switch, which would clear it.
  if (die_with_parent && (prctl(PR_SET_PDEATHSIG, SIGQUIT) != 0 || getppid() != parent)) {
    _exit(126);
  }
  execv(argv[0], argv.data());
  _exit(127);
}

Result<int> Run(const std::vector<std::string>& args, const ServerUser& user,
                const std::string& log) {
  MG_ASSIGN_OR_RETURN(pid_t pid, Spawn(args, user, log, /*die_with_parent=*/false));
  return WaitForExit(pid);
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() > 1500 ? all.substr(all.size() - 1500) : all;
}

Result<std::string> BinDir() {
  std::string dir;
  if (FILE* pipe = popen("pg_config --bindir 2>/dev/null", "r")) {
    char buffer[512];
    while (fgets(buffer, sizeof(buffer), pipe) != nullptr) dir += buffer;
    pclose(pipe);
  }
  while (!dir.empty() && (dir.back() == '\n' || dir.back() == ' ')) dir.pop_back();
  if (!dir.empty() && fs::exists(fs::path(dir) / "initdb")) return dir;
  // pg_config from libpq-dev may name a folder without the server
  // binaries; Debian's server lives under /usr/lib/postgresql/<major>/bin.
  std::string best;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    const fs::path bin = entry.path() / "bin";
    if (fs::exists(bin / "initdb") && fs::exists(bin / "postgres") && bin.string() > best) {
      best = bin.string();
    }
  }
  if (best.empty()) {
    return Unavailable("no PostgreSQL server binaries: install the postgresql package");
  }
  return best;
}

Result<ServerUser> FindServerUser() {
  ServerUser user;
  if (geteuid() != 0) return user;
  passwd* entry = getpwnam("postgres");
  if (entry == nullptr) {
    const ServerUser self;
    MG_ASSIGN_OR_RETURN(int code,
                        Run({"/usr/sbin/useradd", "--system", "--user-group", "--no-create-home",
                             "--shell", "/usr/sbin/nologin", "postgres"},
                            self, "/dev/null"));
    entry = getpwnam("postgres");
    if (code != 0 || entry == nullptr) {
      return Unavailable("running as root and cannot create the postgres user");
    }
  }
  user.switch_user = true;
  user.uid = entry->pw_uid;
  user.gid = entry->pw_gid;
  return user;
}

Result<int> FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Unavailable("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0;
  close(fd);
  if (!ok) return Unavailable("no free loopback port");
  return static_cast<int>(ntohs(address.sin_port));
}

Status InitDb(const std::string& bin, const ServerUser& user, const std::string& data,
              const std::string& log) {
  MG_ASSIGN_OR_RETURN(int code,
                      Run({bin + "/initdb", "--pgdata=" + data, "--auth=trust", "--username=mg",
                           "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"},
                          user, log));
  if (code != 0) return Unavailable("initdb failed:\n" + Tail(log));
  return Status::Ok();
}

// A fresh cluster in `data`. initdb is the slow part of starting a server
// (seconds on a busy machine) and ctest runs every test in its own process,
// so one initdb'd cluster per build folder and PostgreSQL installation is
// kept as a template and copied. Without a build folder, initdb directly.
Status MakeCluster(const std::string& bin, const ServerUser& user, const std::string& data,
                   const std::string& log) {
#ifdef MG_BINARY_DIR
  const fs::path root = fs::path(MG_BINARY_DIR) / "postgres-templates";
  std::string key = "v1" + bin;
  for (char& c : key) c = c == '/' ? '_' : c;
  const fs::path cluster = root / key;
  std::error_code error;
  fs::create_directories(root, error);
  if (user.switch_user) chown(root.c_str(), user.uid, user.gid);
  const int lock = open((root / (key + ".lock")).c_str(), O_CREAT | O_RDWR, 0644);
  if (lock < 0 || flock(lock, LOCK_EX) != 0) return Unavailable("cannot lock " + root.string());
  Status made;
  if (!fs::exists(cluster)) {
    // Built aside and renamed: a cluster that exists is complete.
    const fs::path staging = root / (key + ".staging");
    fs::remove_all(staging, error);
    made = InitDb(bin, user, staging.string(), log);
    if (made.ok()) fs::rename(staging, cluster, error);
    if (made.ok() && error) made = Unavailable("cannot rename " + staging.string());
  }
  close(lock);  // releases the flock
  MG_RETURN_IF_ERROR(made);
  MG_ASSIGN_OR_RETURN(int copied, Run({"/bin/cp", "-a", cluster.string(), data}, user, log));
  if (copied != 0) return Unavailable("cannot copy the template cluster:\n" + Tail(log));
  return Status::Ok();
#else
  return InitDb(bin, user, data, log);
#endif
}

}  // namespace

Result<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  MG_ASSIGN_OR_RETURN(const std::string bin, BinDir());
  MG_ASSIGN_OR_RETURN(const ServerUser user, FindServerUser());
  std::string dir_template = (fs::temp_directory_path() / "mg-postgres-XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) return Unavailable("mkdtemp failed");
  std::unique_ptr<PostgresServer> server(new PostgresServer());
  server->dir_ = dir_template;
  if (user.switch_user && chown(server->dir_.c_str(), user.uid, user.gid) != 0) {
    return Unavailable("cannot hand " + server->dir_ + " to the postgres user");
  }
  const std::string data = server->dir_ + "/data";
  const std::string log = server->dir_ + "/server.log";
  MG_RETURN_IF_ERROR(MakeCluster(bin, user, data, log));

  // The port may be taken between choosing and binding it: try a few.
  for (int round = 0; round < 3; ++round) {
    MG_ASSIGN_OR_RETURN(server->port_, FreeLoopbackPort());
    MG_ASSIGN_OR_RETURN(
        server->pid_, Spawn({bin + "/postgres", "-D", data, "-c", "listen_addresses=127.0.0.1",
                             "-c", "port=" + std::to_string(server->port_), "-c",
                             "unix_socket_directories=" + server->dir_, "-c", "shared_buffers=16MB",
                             "-c", "max_connections=100", "-c", "fsync=on"},
                            user, log, /*die_with_parent=*/true));
    const std::string dsn = server->Dsn("postgres");
    for (int wait = 0; wait < 300; ++wait) {
      if (PQping(dsn.c_str()) == PQPING_OK) return server;
      int status = 0;
      if (waitpid(server->pid_, &status, WNOHANG) == server->pid_) {
        server->pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(milliseconds(100));
    }
    if (server->pid_ > 0) break;  // running but never ready
  }
  return Unavailable("postgres did not start:\n" + Tail(log));
}

PostgresServer::~PostgresServer() {
  if (pid_ > 0) {
    // Immediate shutdown: no checkpoint, as the data is deleted next.
    kill(pid_, SIGQUIT);
    int status = 0;
    bool exited = false;
    for (int wait = 0; wait < 200 && !exited; ++wait) {
      exited = waitpid(pid_, &status, WNOHANG) == pid_;
      if (!exited) std::this_thread::sleep_for(milliseconds(50));
    }
    if (!exited) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  std::error_code ignored;
  if (!dir_.empty()) fs::remove_all(dir_, ignored);
}

std::string PostgresServer::Dsn(std::string_view database) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) +
         " user=mg dbname=" + std::string(database) + " connect_timeout=10";
}

Result<std::string> PostgresServer::CreateDatabase(std::string_view name) {
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return InvalidArgument("bad database name " + std::string(name));
    }
  }
  PGconn* conn = PQconnectdb(Dsn("postgres").c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, ("CREATE DATABASE " + std::string(name)).c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(conn);
  if (!error.empty()) return Unavailable("CREATE DATABASE " + std::string(name) + ": " + error);
  return Dsn(name);
}

Result<PostgresServer*> SharedPostgresServer() {
  static std::once_flag once;
  static std::unique_ptr<PostgresServer>* server = new std::unique_ptr<PostgresServer>();
  static Status* failure = new Status();
  std::call_once(once, [] {
    Result<std::unique_ptr<PostgresServer>> started = PostgresServer::Start();
    if (started.ok()) {
      *server = std::move(started).value();
      // Stopped at exit, after every test of the process has run.
      std::atexit([] { server->reset(); });
    } else {
      *failure = started.status();
    }
  });
  if (!failure->ok()) return *failure;
  return server->get();
}

bool PostgresSkipRequested() {
  const char* skip = std::getenv("MG_SKIP_POSTGRES");
  return skip != nullptr && std::string_view(skip) == "1";
}

}  // namespace mg::store::testing
