// Apache ZooKeeper 3.8 and the in-process engine for one GUI test binary:
// started once (initTestCase), the same cases data-driven by a "server"
// column with the rows "zookeeper" and "engine". Header-only.
#pragma once

#include <QtTest>

#include <memory>
#include <string>

#include "test_support.h"

namespace zooscope::testing {

class BothServers {
public:
    // Starts both; false + *error (with the server's log tail) on failure.
    bool start(std::string* error) {
        zk_ = startApacheZooKeeper({}, error);
        if (!zk_) return false;
        engine_ = startEngine({}, error);
        return engine_ != nullptr;
    }
    void stop() {
        zk_.reset();
        engine_.reset();
    }
    // For a case's _data(): the "server" column and one row per server.
    static void addRows() {
        QTest::addColumn<QString>("server");
        QTest::newRow("zookeeper") << "zookeeper";
        QTest::newRow("engine") << "engine";
    }
    // The server of the current data row.
    TestServer* current() const {
        QFETCH(QString, server);
        return server == QLatin1String("zookeeper") ? zk_.get() : engine_.get();
    }
    TestServer* engine() const { return engine_.get(); }

private:
    std::unique_ptr<TestServer> zk_, engine_;
};

}  // namespace zooscope::testing
