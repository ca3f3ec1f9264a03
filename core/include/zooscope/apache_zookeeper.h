// zooscope/apache_zookeeper.h — what running Debian's Apache ZooKeeper 3.8
// beside the engine takes: a Java executable, the classpath of the
// `zookeeper` package, and JVM options for a fast start. Used by the ensemble
// launcher (QuorumPeerMain nodes) and the test harness (ZooKeeperServerMain).
//
// Thread-safe (reads the environment and the file system only); nothing
// throws: failures return "" and fill *error (which may be null) with a
// sentence that names the Debian package to install.
#pragma once

#include <string>
#include <vector>

namespace zooscope {

// Debian's ZooKeeper classpath: zookeeper.jar (its manifest names its
// dependencies), slf4j-simple.jar as the logging backend (one file, no
// configuration) and servlet-api.jar (without which the AdminServer does not
// start), all in /usr/share/java.
std::string apacheClassPath(std::string* error);

// `preferred` when it is not empty, else $JAVA_HOME/bin/java when that is
// executable, else /usr/bin/java; "" when the choice is not executable.
std::string findJava(const std::string& preferred, std::string* error);

// JVM options for a server that starts fast and logs with timestamps:
// class-data sharing, C1 only, a small serial heap, headless, no JMX log4j.
std::vector<std::string> apacheJvmOptions();

}  // namespace zooscope
