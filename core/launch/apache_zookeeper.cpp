// Implementation of zooscope/apache_zookeeper.h.
#include "zooscope/apache_zookeeper.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace zooscope {

namespace {

// servlet-api.jar: Debian's ZooKeeper starts its AdminServer (Jetty) only when
// the servlet API is on the class path; without it the node logs that Jetty
// cannot load and runs without one.
constexpr const char* kApacheJars[] = {"/usr/share/java/zookeeper.jar", "/usr/share/java/slf4j-simple.jar",
                                       "/usr/share/java/servlet-api.jar"};

bool executable(const std::string& path) { return !path.empty() && ::access(path.c_str(), X_OK) == 0; }

void setError(std::string* error, std::string message) {
    if (error) *error = std::move(message);
}

}  // namespace

std::string apacheClassPath(std::string* error) {
    std::string cp;
    for (const char* jar : kApacheJars) {
        if (!std::filesystem::exists(jar)) {
            setError(error, std::string("Apache ZooKeeper is not installed: missing ") + jar +
                                " (Debian packages zookeeper, libslf4j-java, libservlet-api-java)");
            return {};
        }
        cp += (cp.empty() ? "" : ":") + std::string(jar);
    }
    return cp;
}

std::string findJava(const std::string& preferred, std::string* error) {
    std::string java = preferred;
    if (java.empty()) {
        if (const char* home = std::getenv("JAVA_HOME"); home && *home && executable(std::string(home) + "/bin/java"))
            java = std::string(home) + "/bin/java";
        else
            java = "/usr/bin/java";
    }
    if (executable(java)) return java;
    setError(error, "no java executable at " + java + " (Debian package default-jre-headless)");
    return {};
}

std::vector<std::string> apacheJvmOptions() {
    return {
        // Start fast: class-data sharing, C1 only, small serial heap.
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms32m", "-Xmx512m",
        "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-Dzookeeper.jmx.log4j.disable=true",
    };
}

}  // namespace zooscope
