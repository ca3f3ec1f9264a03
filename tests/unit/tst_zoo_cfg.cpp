// zoo.cfg -> ServerConfig: Java properties syntax, every key family, malformed
// values (the message must name the key and line), and loadZooCfg's file work
// (myid, relative dataDir, missing file).
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include "zooscope/config.h"

using zooscope::loadZooCfg;
using zooscope::parseZooCfg;
using zooscope::PeerSpec;
using zooscope::ServerConfig;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QStringList qsl(const std::vector<std::string>& v) {
    QStringList out;
    for (const auto& s : v) out << qs(s);
    return out;
}

// Debian's /etc/zookeeper/conf_example/zoo.cfg (zookeeper 3.8.0 package), verbatim.
const char kDebianSample[] = R"(# The number of milliseconds of each tick
tickTime=2000
# The number of ticks that the initial 
# synchronization phase can take
initLimit=10
# The number of ticks that can pass between 
# sending a request and getting an acknowledgement
syncLimit=5
# the directory where the snapshot is stored.
# do not use /tmp for storage, /tmp here is just 
# example sakes.
dataDir=/tmp/zookeeper
# the port at which the clients will connect
clientPort=2181
# the maximum number of client connections.
# increase this if you need to handle more clients
#maxClientCnxns=60
#
# Be sure to read the maintenance section of the 
# administrator guide before turning on autopurge.
#
# https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_maintenance
#
# The number of snapshots to retain in dataDir
#autopurge.snapRetainCount=3
# Purge task interval in hours
# Set to "0" to disable auto purge feature
#autopurge.purgeInterval=1

## Metrics Providers
#
# https://prometheus.io Metrics Exporter
#metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider
#metricsProvider.httpHost=0.0.0.0
#metricsProvider.httpPort=7000
#metricsProvider.exportJvmInfo=true
)";

// A production-style ensemble: three voters, two observers, client ports in
// the dynamic form, IPv6 in brackets, and the usual operational keys.
const char kEnsemble[] = R"(tickTime=2000
initLimit=10
syncLimit=5
dataDir=/var/lib/zookeeper
dataLogDir=/var/lib/zookeeper-txlog
clientPort=2181
maxClientCnxns=100
minSessionTimeout=4000
maxSessionTimeout=60000
4lw.commands.whitelist=stat, ruok, conf, isro
admin.enableServer=false
admin.serverPort=8080
autopurge.snapRetainCount=5
autopurge.purgeInterval=24
standaloneEnabled=false
reconfigEnabled=true
quorumListenOnAllIPs=true
metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider
metricsProvider.httpPort=7000
server.1=zk1.example.com:2888:3888;2181
server.2=zk2.example.com:2888:3888:participant;0.0.0.0:2181
server.3=10.0.0.3:2888:3888
server.4=zk4.example.com:2888:3888:observer;[::1]:2182
server.5=[2001:db8::5]:2889:3889:observer
)";

ServerConfig mustParse(const std::string& text) {
    std::string error;
    auto cfg = parseZooCfg(text, &error);
    if (!cfg) qWarning("unexpected parse error: %s", error.c_str());
    return cfg ? *cfg : ServerConfig{};
}

bool writeFile(const QString& path, const QByteArray& content) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return f.write(content) == content.size();
}

}  // namespace

class TstZooCfg : public QObject {
    Q_OBJECT

private slots:
    void defaultsFromEmptyText();
    void debianSample();
    void installedDebianSample();
    void ensembleServers_data();
    void ensembleServers();
    void ensembleSettings();
    void propertySyntax_data();
    void propertySyntax();
    void escapedKeyIsOneKey();
    void malformed_data();
    void malformed();
    void keyCategories_data();
    void keyCategories();
    void unknownKeysCollectedOnceInOrder();
    void whitelist_data();
    void whitelist();
    void juteMaxBuffer_data();
    void juteMaxBuffer();
    void prefixedSystemPropertyKeys();
    void adminServerSettings();
    void multiAddressUsesFirstWhenEnabled();
    void nullErrorPointerIsSafe();
    void garbageNeverCrashes();
    void loadReadsMyid_data();
    void loadReadsMyid();
    void loadServerLineSuppliesClientPort();
    void loadClientPortConflict();
    void loadExtendedTypesLimitsMyid();
    void loadRelativeDataDir();
    void loadMissingFile();
    void loadDirectoryAndPrefixedErrors();
};

void TstZooCfg::defaultsFromEmptyText() {
    const ServerConfig cfg = mustParse("");
    const ServerConfig def;
    QCOMPARE(cfg.tickTime, def.tickTime);
    QCOMPARE(cfg.clientPort, def.clientPort);
    QCOMPARE(qsl(cfg.fourLetterWhitelist), QStringList{"srvr"});
    QCOMPARE(cfg.juteMaxBuffer, 0xfffff);
    QVERIFY(cfg.servers.empty());
    QVERIFY(cfg.unknownKeys.empty());
    QVERIFY(cfg.unsupportedKeys.empty());
}

void TstZooCfg::debianSample() {
    const ServerConfig cfg = mustParse(kDebianSample);
    QCOMPARE(cfg.tickTime, 2000);
    QCOMPARE(cfg.initLimit, 10);
    QCOMPARE(cfg.syncLimit, 5);
    QCOMPARE(qs(cfg.dataDir), QString("/tmp/zookeeper"));
    QCOMPARE(qs(cfg.dataLogDir), QString());
    QCOMPARE(cfg.clientPort, uint16_t(2181));
    QCOMPARE(cfg.maxClientCnxns, 60);  // commented out in the sample
    QCOMPARE(cfg.effectiveMinSessionTimeout(), 4000);
    QCOMPARE(cfg.effectiveMaxSessionTimeout(), 40000);
    QVERIFY(cfg.servers.empty());
    QCOMPARE(qsl(cfg.unknownKeys), QStringList());
    QCOMPARE(qsl(cfg.unsupportedKeys), QStringList());
}

void TstZooCfg::installedDebianSample() {
    // The file on this machine may have been edited, so only require that it
    // loads and that every key in it is recognised.
    const QString path = "/etc/zookeeper/conf_example/zoo.cfg";
    if (!QFile::exists(path)) QFAIL("Debian's zookeeper package is not installed (scripts/test installs it)");
    std::string error;
    const auto cfg = loadZooCfg(path.toStdString(), &error);
    QVERIFY2(cfg, error.c_str());
    QCOMPARE(qsl(cfg->unknownKeys), QStringList());
    QVERIFY(cfg->tickTime > 0);
}

void TstZooCfg::ensembleServers_data() {
    QTest::addColumn<int>("index");
    QTest::addColumn<qint64>("id");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("quorumPort");
    QTest::addColumn<int>("electionPort");
    QTest::addColumn<bool>("observer");
    QTest::addColumn<QString>("clientAddress");  // "-" = none
    QTest::addColumn<int>("clientPort");         // -1 = none
    QTest::newRow("port only") << 0 << qint64(1) << "zk1.example.com" << 2888 << 3888 << false << "-" << 2181;
    QTest::newRow("participant, addr:port") << 1 << qint64(2) << "zk2.example.com" << 2888 << 3888 << false << "0.0.0.0" << 2181;
    QTest::newRow("legacy, no client part") << 2 << qint64(3) << "10.0.0.3" << 2888 << 3888 << false << "-" << -1;
    QTest::newRow("observer, v6 client") << 3 << qint64(4) << "zk4.example.com" << 2888 << 3888 << true << "::1" << 2182;
    QTest::newRow("v6 host, observer") << 4 << qint64(5) << "2001:db8::5" << 2889 << 3889 << true << "-" << -1;
}

void TstZooCfg::ensembleServers() {
    QFETCH(int, index);
    QFETCH(qint64, id);
    QFETCH(QString, host);
    QFETCH(int, quorumPort);
    QFETCH(int, electionPort);
    QFETCH(bool, observer);
    QFETCH(QString, clientAddress);
    QFETCH(int, clientPort);
    const ServerConfig cfg = mustParse(kEnsemble);
    QCOMPARE(int(cfg.servers.size()), 5);
    const PeerSpec& p = cfg.servers[size_t(index)];
    QCOMPARE(qint64(p.id), id);
    QCOMPARE(qs(p.host), host);
    QCOMPARE(int(p.quorumPort), quorumPort);
    QCOMPARE(int(p.electionPort), electionPort);
    QCOMPARE(p.observer, observer);
    QCOMPARE(p.clientAddress ? qs(*p.clientAddress) : QString("-"), clientAddress);
    QCOMPARE(p.clientPort ? int(*p.clientPort) : -1, clientPort);
}

void TstZooCfg::ensembleSettings() {
    const ServerConfig cfg = mustParse(kEnsemble);
    QCOMPARE(qs(cfg.dataDir), QString("/var/lib/zookeeper"));
    QCOMPARE(qs(cfg.dataLogDir), QString("/var/lib/zookeeper-txlog"));
    QCOMPARE(cfg.maxClientCnxns, 100);
    QCOMPARE(cfg.effectiveMinSessionTimeout(), 4000);
    QCOMPARE(cfg.effectiveMaxSessionTimeout(), 60000);
    QCOMPARE(qsl(cfg.fourLetterWhitelist), (QStringList{"stat", "ruok", "conf", "isro", "srvr"}));
    QCOMPARE(qsl(cfg.unknownKeys), QStringList());
    QCOMPARE(qsl(cfg.unsupportedKeys), QStringList());
    QCOMPARE(cfg.myid, int64_t(0));  // parse alone never reads myid
}

void TstZooCfg::propertySyntax_data() {
    // Each row sets dataDir some way; tickTime=7 is there to prove the line
    // after a tricky one is still read (or -1 when the row has no such line).
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("dataDir");
    QTest::addColumn<int>("tickTime");
    QTest::newRow("key=value") << QByteArray("dataDir=/a\ntickTime=7\n") << "/a" << 7;
    QTest::newRow("key: value") << QByteArray("dataDir: /a\ntickTime: 7\n") << "/a" << 7;
    QTest::newRow("key value") << QByteArray("dataDir /a\ntickTime 7\n") << "/a" << 7;
    QTest::newRow("key<tab>value") << QByteArray("dataDir\t/a\ntickTime\t7\n") << "/a" << 7;
    QTest::newRow("key:value no spaces") << QByteArray("dataDir:/a\n") << "/a" << -1;
    QTest::newRow("spaces around =") << QByteArray("   dataDir   =   /a\n") << "/a" << -1;
    QTest::newRow("space then colon") << QByteArray("dataDir : /a\n") << "/a" << -1;
    QTest::newRow("trailing whitespace") << QByteArray("dataDir=/a \t \ntickTime=7   \n") << "/a" << 7;
    QTest::newRow("CRLF") << QByteArray("dataDir=/a\r\ntickTime=7\r\n") << "/a" << 7;
    QTest::newRow("CR only") << QByteArray("dataDir=/a\rtickTime=7\r") << "/a" << 7;
    QTest::newRow("no final newline") << QByteArray("tickTime=7\ndataDir=/a") << "/a" << 7;
    QTest::newRow("# comment") << QByteArray("# dataDir=/x\ndataDir=/a\n") << "/a" << -1;
    QTest::newRow("! comment") << QByteArray("! dataDir=/x\ndataDir=/a\n") << "/a" << -1;
    QTest::newRow("indented comment") << QByteArray("   \t# dataDir=/x\ndataDir=/a\n") << "/a" << -1;
    QTest::newRow("comment never continues") << QByteArray("# note \\\ndataDir=/a\n") << "/a" << -1;
    QTest::newRow("# inside value") << QByteArray("dataDir=/a#b\n") << "/a#b" << -1;
    QTest::newRow("blank lines") << QByteArray("\n\n   \n\t\ndataDir=/a\n\n") << "/a" << -1;
    QTest::newRow("continuation") << QByteArray("dataDir=/very/\\\n      long/path\ntickTime=7\n") << "/very/long/path" << 7;
    QTest::newRow("two continuations") << QByteArray("dataDir=/a\\\n  /b\\\n  /c\ntickTime=7\n") << "/a/b/c" << 7;
    QTest::newRow("continued line starting with #") << QByteArray("dataDir=/a\\\n  #b\n") << "/a#b" << -1;
    QTest::newRow("continuation at EOF") << QByteArray("dataDir=/a\\") << "/a" << -1;
    QTest::newRow("blank line ends continuation") << QByteArray("dataDir=/a\\\n\ntickTime=7\n") << "/a" << 7;
    QTest::newRow("even backslashes: no continuation") << QByteArray("dataDir=C:\\\\\ntickTime=7\n") << "C:\\" << 7;
    QTest::newRow("escaped colon") << QByteArray("dataDir=/a\\:b\n") << "/a:b" << -1;
    QTest::newRow("= inside value") << QByteArray("dataDir=/a=b:c\n") << "/a=b:c" << -1;
    QTest::newRow("escaped space still trimmed") << QByteArray("dataDir=\\ /a\n") << "/a" << -1;  // as ZooKeeper trims values
    QTest::newRow("\\t escape") << QByteArray("dataDir=/a\\tb\n") << "/a\tb" << -1;
    QTest::newRow("\\u escape") << QByteArray("dataDir=/caf\\u00e9\n") << QString::fromUtf8("/caf\xC3\xA9") << -1;
    QTest::newRow("\\u surrogate pair") << QByteArray("dataDir=/\\uD83D\\uDE00\n") << QString::fromUtf8("/\xF0\x9F\x98\x80") << -1;
    QTest::newRow("raw UTF-8 kept") << QByteArray("dataDir=/donn\xC3\xA9" "es\n") << QString::fromUtf8("/donn\xC3\xA9" "es") << -1;
    QTest::newRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBF" "dataDir=/a\n") << "/a" << -1;
    QTest::newRow("last duplicate wins") << QByteArray("dataDir=/x\ntickTime=5\ndataDir=/a\ntickTime=7\n") << "/a" << 7;
    QTest::newRow("empty value") << QByteArray("dataDir=\ntickTime=7\n") << "" << 7;
    QTest::newRow("key alone") << QByteArray("dataDir\ntickTime=7\n") << "" << 7;
}

void TstZooCfg::propertySyntax() {
    QFETCH(QByteArray, text);
    QFETCH(QString, dataDir);
    QFETCH(int, tickTime);
    std::string error;
    const auto cfg = parseZooCfg(text.toStdString(), &error);
    QVERIFY2(cfg, error.c_str());
    QCOMPARE(qs(cfg->dataDir), dataDir);
    QCOMPARE(cfg->tickTime, tickTime == -1 ? ServerConfig{}.tickTime : tickTime);
    QCOMPARE(qsl(cfg->unknownKeys), QStringList());
}

void TstZooCfg::escapedKeyIsOneKey() {
    // "data\ Dir" is one key with a space in it (unknown), not "data" = "Dir=/a".
    const ServerConfig cfg = mustParse("data\\ Dir=/a\nclient\\=Port=1\n");
    QCOMPARE(qsl(cfg.unknownKeys), (QStringList{"data Dir", "client=Port"}));
    QCOMPARE(qs(cfg.dataDir), QString());
    QCOMPARE(cfg.clientPort, ServerConfig{}.clientPort);
}

void TstZooCfg::malformed_data() {
    // The error must name the key (every listed word) and the line.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("mustMention");
    QTest::newRow("tickTime=abc") << QByteArray("tickTime=abc") << QStringList{"tickTime", "line 1", "abc"};
    QTest::newRow("line number after comments") << QByteArray("# c\n\n! c\ninitLimit=10\ntickTime=abc\n") << QStringList{"tickTime", "line 5"};
    QTest::newRow("line number after continuation") << QByteArray("dataDir=/a\\\n /b\ntickTime=1x\n") << QStringList{"tickTime", "line 3"};
    QTest::newRow("tickTime=0") << QByteArray("tickTime=0") << QStringList{"tickTime", "line 1"};
    QTest::newRow("tickTime empty") << QByteArray("tickTime=") << QStringList{"tickTime", "line 1"};
    QTest::newRow("tickTime int overflow") << QByteArray("tickTime=99999999999") << QStringList{"tickTime"};
    QTest::newRow("tickTime 20x overflow") << QByteArray("tickTime=2000000000") << QStringList{"tickTime"};
    QTest::newRow("tickTime float") << QByteArray("tickTime=2000.5") << QStringList{"tickTime"};
    QTest::newRow("initLimit negative") << QByteArray("initLimit=-1") << QStringList{"initLimit"};
    QTest::newRow("syncLimit text") << QByteArray("syncLimit=five") << QStringList{"syncLimit"};
    QTest::newRow("clientPort 65536") << QByteArray("clientPort=65536") << QStringList{"clientPort", "65536"};
    QTest::newRow("clientPort negative") << QByteArray("clientPort=-1") << QStringList{"clientPort"};
    QTest::newRow("clientPort inner space") << QByteArray("clientPort=21 81") << QStringList{"clientPort"};
    QTest::newRow("clientPortAddress empty") << QByteArray("clientPortAddress=") << QStringList{"clientPortAddress"};
    QTest::newRow("maxClientCnxns negative") << QByteArray("maxClientCnxns=-5") << QStringList{"maxClientCnxns"};
    QTest::newRow("minSessionTimeout negative") << QByteArray("minSessionTimeout=-5") << QStringList{"minSessionTimeout"};
    QTest::newRow("maxSessionTimeout negative") << QByteArray("maxSessionTimeout=-2") << QStringList{"maxSessionTimeout"};
    QTest::newRow("min > max") << QByteArray("minSessionTimeout=30000\nmaxSessionTimeout=10000\n")
                               << QStringList{"minSessionTimeout", "maxSessionTimeout", "line 1", "line 2"};
    QTest::newRow("min > default max") << QByteArray("tickTime=1000\nminSessionTimeout=30000\n")
                                       << QStringList{"minSessionTimeout", "line 2", "20000"};
    QTest::newRow("server.x") << QByteArray("server.x=h:2888:3888") << QStringList{"server.x", "line 1"};
    QTest::newRow("server.-1") << QByteArray("server.-1=h:2888:3888") << QStringList{"server.-1"};
    QTest::newRow("server. no id") << QByteArray("server.=h:2888:3888") << QStringList{"server."};
    QTest::newRow("server one port") << QByteArray("tickTime=1\nserver.1=h:2888") << QStringList{"server.1", "line 2"};
    QTest::newRow("server five parts") << QByteArray("server.1=h:1:2:observer:x") << QStringList{"server.1"};
    QTest::newRow("server port 99999") << QByteArray("server.1=h:2888:99999") << QStringList{"server.1", "99999"};
    QTest::newRow("server port 0") << QByteArray("server.1=h:0:3888") << QStringList{"server.1"};
    QTest::newRow("server port text") << QByteArray("server.1=h:abc:3888") << QStringList{"server.1", "abc"};
    QTest::newRow("server bad type") << QByteArray("server.1=h:2888:3888:leader") << QStringList{"server.1", "leader"};
    QTest::newRow("server same ports") << QByteArray("server.1=h:2888:2888") << QStringList{"server.1"};
    QTest::newRow("server client port") << QByteArray("server.1=h:2888:3888;70000") << QStringList{"server.1", "70000"};
    QTest::newRow("server client a:b:c") << QByteArray("server.1=h:2888:3888;a:b:c") << QStringList{"server.1"};
    QTest::newRow("server empty client") << QByteArray("server.1=h:2888:3888;") << QStringList{"server.1"};
    QTest::newRow("server two ;") << QByteArray("server.1=h:2888:3888;1;2") << QStringList{"server.1"};
    QTest::newRow("server v6 unclosed") << QByteArray("server.1=[::1:2888:3888") << QStringList{"server.1"};
    QTest::newRow("server v6 no port") << QByteArray("server.1=[::1]") << QStringList{"server.1"};
    QTest::newRow("server empty host") << QByteArray("server.1=:2888:3888") << QStringList{"server.1"};
    QTest::newRow("server empty value") << QByteArray("server.1=") << QStringList{"server.1"};
    QTest::newRow("multi-address disabled") << QByteArray("server.1=a:1:2|b:1:2") << QStringList{"server.1", "multiAddress.enabled"};
    QTest::newRow("same id twice") << QByteArray("server.1=a:1:2\nserver.01=b:1:2\n") << QStringList{"server.01", "line 2", "already defined on line 1"};
    QTest::newRow("observers only") << QByteArray("server.1=a:1:2:observer") << QStringList{"server.1", "line 1", "observer"};
    QTest::newRow("ensemble initLimit=0") << QByteArray("initLimit=0\nserver.1=a:1:2\nserver.2=b:1:2\n") << QStringList{"initLimit", "line 1"};
    QTest::newRow("jute.maxbuffer bad hex") << QByteArray("jute.maxbuffer=0xZZ") << QStringList{"jute.maxbuffer"};
    QTest::newRow("jute.maxbuffer negative") << QByteArray("jute.maxbuffer=-1") << QStringList{"jute.maxbuffer"};
    QTest::newRow("jute.maxbuffer > int") << QByteArray("jute.maxbuffer=0x100000000") << QStringList{"jute.maxbuffer"};
    QTest::newRow("extendedTypesEnabled=yes") << QByteArray("extendedTypesEnabled=yes") << QStringList{"extendedTypesEnabled"};
    QTest::newRow("superDigest no colon") << QByteArray("DigestAuthenticationProvider.superDigest=abc")
                                          << QStringList{"DigestAuthenticationProvider.superDigest"};
    QTest::newRow("electionAlg=1") << QByteArray("electionAlg=1") << QStringList{"electionAlg"};
    QTest::newRow("peerType=leader") << QByteArray("peerType=leader") << QStringList{"peerType", "leader"};
    QTest::newRow("standaloneEnabled=maybe") << QByteArray("standaloneEnabled=maybe") << QStringList{"standaloneEnabled", "maybe"};
    QTest::newRow("autopurge.purgeInterval=x") << QByteArray("autopurge.purgeInterval=x") << QStringList{"autopurge.purgeInterval"};
    QTest::newRow("observerMasterPort=70000") << QByteArray("observerMasterPort=70000") << QStringList{"observerMasterPort"};
    QTest::newRow("admin.enableServer=yes") << QByteArray("admin.enableServer=yes") << QStringList{"admin.enableServer", "yes"};
    QTest::newRow("admin.serverPort=70000") << QByteArray("admin.serverPort=70000") << QStringList{"admin.serverPort", "70000"};
    QTest::newRow("admin.serverPort text") << QByteArray("admin.serverPort=http") << QStringList{"admin.serverPort"};
    QTest::newRow("admin.serverAddress empty") << QByteArray("admin.serverAddress=") << QStringList{"admin.serverAddress"};
    QTest::newRow("admin.commandURL relative") << QByteArray("admin.commandURL=commands") << QStringList{"admin.commandURL"};
    QTest::newRow("bad \\u escape") << QByteArray("tickTime=1\ndataDir=/a\\u12g4\n") << QStringList{"line 2", "dataDir", "\\u"};
    QTest::newRow("no key") << QByteArray("tickTime=1\n=value\n") << QStringList{"line 2"};
}

void TstZooCfg::malformed() {
    QFETCH(QByteArray, text);
    QFETCH(QStringList, mustMention);
    std::string error;
    const auto cfg = parseZooCfg(text.toStdString(), &error);
    QVERIFY(!cfg);
    for (const QString& word : mustMention)
        QVERIFY2(qs(error).contains(word), qPrintable(QString("'%1' not in: %2").arg(word, qs(error))));
}

void TstZooCfg::keyCategories_data() {
    // used: has an effect; ignored: valid, no effect, no warning;
    // unsupported: valid ZooKeeper feature this build lacks; unknown: anything else.
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("category");
    const char* used[] = {"tickTime=3000", "initLimit=5", "syncLimit=2", "dataDir=/d", "dataLogDir=/l",
                          "clientPort=2182", "clientPortAddress=0.0.0.0", "maxClientCnxns=0",
                          "minSessionTimeout=6000", "maxSessionTimeout=90000", "4lw.commands.whitelist=*",
                          "jute.maxbuffer=4194304", "extendedTypesEnabled=true",
                          "DigestAuthenticationProvider.superDigest=super:D/InIHSb7yEEbrWz8b9l71RjZJU=",
                          "server.1=localhost:2888:3888", "admin.enableServer=true", "admin.serverPort=8081",
                          "admin.serverAddress=127.0.0.1", "admin.commandURL=/cmd"};
    const char* ignored[] = {"autopurge.snapRetainCount=3", "autopurge.purgeInterval=1", "admin.idleTimeout=30000",
                             "admin.somethingNew=1", "standaloneEnabled=true",
                             "reconfigEnabled=false", "quorumListenOnAllIPs=true", "preAllocSize=65536",
                             "snapCount=100000", "globalOutstandingLimit=1000", "metricsProvider.className=x.Y",
                             "metricsProvider.httpPort=7000", "electionAlg=3", "peerType=observer",
                             "syncEnabled=true", "localSessionsEnabled=false", "observerMasterPort=2191",
                             "connectToLearnerMasterLimit=10", "quorum.cnxn.threads.size=20", "forceSync=no",
                             "fsync.warningthresholdms=1000", "commitLogCount=500", "snapSizeLimitInKb=4194304",
                             "jvm.pause.monitor=true", "zookeeper.snapCount=1000", "clientPortListenBacklog=50",
                             "authProvider.1=org.apache.zookeeper.server.auth.DigestAuthenticationProvider",
                             "readonlymode.enabled=true", "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
                             "multiAddress.enabled=false", "version=100000000", "znode.container.checkIntervalMs=60000"};
    const char* unsupported[] = {"secureClientPort=2281", "secureClientPortAddress=0.0.0.0", "sslQuorum=true",
                                 "ssl.keyStore.location=/k.jks", "ssl.quorum.trustStore.location=/t.jks",
                                 "zookeeper.ssl.keyStore.password=x", "portUnification=true",
                                 "authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
                                 "authProvider.x509=org.apache.zookeeper.server.auth.X509AuthenticationProvider",
                                 "quorum.auth.enableSasl=true", "kerberos.removeHostFromPrincipal=true",
                                 "sessionRequireClientSASLAuth=true", "enforce.auth.enabled=true",
                                 "requireClientAuthScheme=sasl", "skipACL=yes", "dynamicConfigFile=/z.dynamic",
                                 "group.1=1:2:3", "weight.1=1", "sslQuorumReloadCertFiles=true",
                                 "admin.portUnification=true", "admin.forceHttps=true"};
    const char* unknown[] = {"tickTIME=1", "foo=bar", "zookeeper.tickTime=1", "serverx=1", "autopurge=1",
                             "my.custom.setting=1"};
    for (auto l : used) QTest::newRow(l) << QByteArray(l) << "used";
    for (auto l : ignored) QTest::newRow(l) << QByteArray(l) << "ignored";
    for (auto l : unsupported) QTest::newRow(l) << QByteArray(l) << "unsupported";
    for (auto l : unknown) QTest::newRow(l) << QByteArray(l) << "unknown";
}

void TstZooCfg::keyCategories() {
    QFETCH(QByteArray, line);
    QFETCH(QString, category);
    const QString key = QString::fromLatin1(line.left(line.indexOf('=')));
    std::string error;
    const auto cfg = parseZooCfg(line.toStdString(), &error);
    QVERIFY2(cfg, error.c_str());
    QCOMPARE(qsl(cfg->unknownKeys), category == "unknown" ? QStringList{key} : QStringList());
    QCOMPARE(qsl(cfg->unsupportedKeys), category == "unsupported" ? QStringList{key} : QStringList());
    if (category == "used") {
        // A used key must change the defaults (each row picks a non-default value).
        const ServerConfig def;
        const ServerConfig& c = *cfg;
        const bool changed = c.tickTime != def.tickTime || c.initLimit != def.initLimit || c.syncLimit != def.syncLimit ||
                             c.dataDir != def.dataDir || c.dataLogDir != def.dataLogDir || c.clientPort != def.clientPort ||
                             c.clientPortAddress != def.clientPortAddress || c.maxClientCnxns != def.maxClientCnxns ||
                             c.minSessionTimeout != def.minSessionTimeout || c.maxSessionTimeout != def.maxSessionTimeout ||
                             c.fourLetterWhitelist != def.fourLetterWhitelist || c.juteMaxBuffer != def.juteMaxBuffer ||
                             c.extendedTypesEnabled != def.extendedTypesEnabled || c.superDigest != def.superDigest ||
                             !c.servers.empty() || c.adminEnableServer != def.adminEnableServer ||
                             c.adminServerAddress != def.adminServerAddress || c.adminServerPort != def.adminServerPort ||
                             c.adminCommandUrl != def.adminCommandUrl;
        QVERIFY(changed);
    }
}

void TstZooCfg::unknownKeysCollectedOnceInOrder() {
    const ServerConfig cfg = mustParse("zeta=1\ntickTime=2000\nalpha=2\nzeta=3\nssl.x=1\nssl.x=2\nmiddle.key=4\n");
    QCOMPARE(qsl(cfg.unknownKeys), (QStringList{"zeta", "alpha", "middle.key"}));
    QCOMPARE(qsl(cfg.unsupportedKeys), QStringList{"ssl.x"});
}

void TstZooCfg::whitelist_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("absent") << QByteArray("tickTime=2000") << QStringList{"srvr"};
    QTest::newRow("spaces trimmed, srvr added") << QByteArray("4lw.commands.whitelist=stat, ruok ,conf")
                                                << QStringList{"stat", "ruok", "conf", "srvr"};
    QTest::newRow("srvr not doubled") << QByteArray("4lw.commands.whitelist=srvr, mntr") << QStringList{"srvr", "mntr"};
    QTest::newRow("star") << QByteArray("4lw.commands.whitelist=*") << QStringList{"*"};
    QTest::newRow("star among others") << QByteArray("4lw.commands.whitelist=stat, * ,ruok") << QStringList{"*"};
    QTest::newRow("empty items skipped") << QByteArray("4lw.commands.whitelist= , ,stat,,") << QStringList{"stat", "srvr"};
    QTest::newRow("empty value") << QByteArray("4lw.commands.whitelist=") << QStringList{"srvr"};
    QTest::newRow("duplicates once") << QByteArray("4lw.commands.whitelist=stat,stat") << QStringList{"stat", "srvr"};
    QTest::newRow("zookeeper. prefix") << QByteArray("zookeeper.4lw.commands.whitelist=mntr") << QStringList{"mntr", "srvr"};
    QTest::newRow("continued list") << QByteArray("4lw.commands.whitelist=stat, \\\n    ruok") << QStringList{"stat", "ruok", "srvr"};
}

void TstZooCfg::whitelist() {
    QFETCH(QByteArray, text);
    QFETCH(QStringList, expected);
    QCOMPARE(qsl(mustParse(text.toStdString()).fourLetterWhitelist), expected);
}

void TstZooCfg::juteMaxBuffer_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("expected");
    QTest::newRow("0xfffff") << QByteArray("jute.maxbuffer=0xfffff") << 0xfffff;
    QTest::newRow("0X upper") << QByteArray("jute.maxbuffer=0X400000") << 0x400000;
    QTest::newRow("# hex") << QByteArray("jute.maxbuffer=#10") << 16;
    QTest::newRow("decimal") << QByteArray("jute.maxbuffer=4194304") << 4194304;
    QTest::newRow("octal, as Integer.decode") << QByteArray("jute.maxbuffer=010") << 8;
    QTest::newRow("zookeeper. prefix") << QByteArray("zookeeper.jute.maxbuffer=0x100000") << 0x100000;
}

void TstZooCfg::juteMaxBuffer() {
    QFETCH(QByteArray, text);
    QFETCH(int, expected);
    QCOMPARE(mustParse(text.toStdString()).juteMaxBuffer, expected);
}

void TstZooCfg::prefixedSystemPropertyKeys() {
    const ServerConfig plain = mustParse("extendedTypesEnabled=true\nDigestAuthenticationProvider.superDigest=super:abc=\n");
    const ServerConfig prefixed =
        mustParse("zookeeper.extendedTypesEnabled=TRUE\nzookeeper.DigestAuthenticationProvider.superDigest=super:abc=\n");
    for (const ServerConfig* c : {&plain, &prefixed}) {
        QVERIFY(c->extendedTypesEnabled);
        QCOMPARE(qs(c->superDigest), QString("super:abc="));
        QCOMPARE(qsl(c->unknownKeys), QStringList());
    }
    QVERIFY(!mustParse("extendedTypesEnabled=false").extendedTypesEnabled);
}

void TstZooCfg::adminServerSettings() {
    // Off unless asked for (ZooKeeper's default is on; see zooscope/config.h).
    const ServerConfig def = mustParse("");
    QVERIFY(!def.adminEnableServer);
    QCOMPARE(qs(def.adminServerAddress), QString("0.0.0.0"));
    QCOMPARE(def.adminServerPort, uint16_t(8080));
    QCOMPARE(qs(def.adminCommandUrl), QString("/commands"));
    const ServerConfig on = mustParse("admin.enableServer=true\nadmin.serverAddress=[::1]\nadmin.serverPort=0\n"
                                      "zookeeper.admin.commandURL=/zk\n");
    QVERIFY(on.adminEnableServer);
    QCOMPARE(qs(on.adminServerAddress), QString("::1"));
    QCOMPARE(on.adminServerPort, uint16_t(0));  // a free port
    QCOMPARE(qs(on.adminCommandUrl), QString("/zk"));
    QCOMPARE(qsl(on.unknownKeys), QStringList());
}

void TstZooCfg::multiAddressUsesFirstWhenEnabled() {
    // Order in the file does not matter: server lines are read after all keys.
    const ServerConfig cfg = mustParse("server.1=a:1:2|b:3:4\nserver.2=c:1:2\nmultiAddress.enabled=true\n");
    QCOMPARE(int(cfg.servers.size()), 2);
    QCOMPARE(qs(cfg.servers[0].host), QString("a"));
    QCOMPARE(int(cfg.servers[0].quorumPort), 1);
    QCOMPARE(qsl(cfg.unsupportedKeys), QStringList{"multiAddress.enabled"});
}

void TstZooCfg::nullErrorPointerIsSafe() {
    QVERIFY(!parseZooCfg("tickTime=abc", nullptr));
    QVERIFY(parseZooCfg("tickTime=3", nullptr));
    QVERIFY(!loadZooCfg("/nonexistent/zooscope/zoo.cfg", nullptr));
}

void TstZooCfg::garbageNeverCrashes() {
    // Random bytes biased toward the syntax characters: any outcome but a
    // crash is fine, and a failure must explain itself.
    QRandomGenerator rng(20240611);
    const char alphabet[] = "=:\\ \t\r\n#!u0123456789abcdefx.[];|server.1tickTime\xC3\xA9";
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const int len = int(rng.bounded(80));
        for (int i = 0; i < len; ++i) text.push_back(alphabet[rng.bounded(int(sizeof(alphabet) - 1))]);
        std::string error;
        const auto cfg = parseZooCfg(text, &error);
        if (!cfg) QVERIFY2(!error.empty(), text.c_str());
    }
}

void TstZooCfg::loadReadsMyid_data() {
    QTest::addColumn<QByteArray>("myid");  // "<none>" = no file
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("plain") << QByteArray("2\n") << true << qint64(2);
    QTest::newRow("no newline") << QByteArray("7") << true << qint64(7);
    QTest::newRow("padded") << QByteArray("  3 \t\r\n") << true << qint64(3);
    QTest::newRow("large") << QByteArray("123456789012\n") << true << qint64(123456789012);
    QTest::newRow("second line ignored") << QByteArray("4\nnotes\n") << true << qint64(4);
    QTest::newRow("absent") << QByteArray("<none>") << true << qint64(0);
    QTest::newRow("text") << QByteArray("abc\n") << false << qint64(0);
    QTest::newRow("empty") << QByteArray("") << false << qint64(0);
    QTest::newRow("negative") << QByteArray("-1\n") << false << qint64(0);
    QTest::newRow("Debian placeholder") << QByteArray("replace this text with the cluster-unique zookeeper's instance id (1-255)\n")
                                        << false << qint64(0);
}

void TstZooCfg::loadReadsMyid() {
    QFETCH(QByteArray, myid);
    QFETCH(bool, ok);
    QFETCH(qint64, expected);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dataDir = tmp.filePath("data");
    QVERIFY(QDir().mkpath(dataDir));
    if (myid != "<none>") QVERIFY(writeFile(dataDir + "/myid", myid));
    const QString cfgPath = tmp.filePath("zoo.cfg");
    QVERIFY(writeFile(cfgPath, "tickTime=2000\ndataDir=" + dataDir.toUtf8() + "\n"));
    std::string error;
    const auto cfg = loadZooCfg(cfgPath.toStdString(), &error);
    QCOMPARE(bool(cfg), ok);
    if (ok) {
        QCOMPARE(qint64(cfg->myid), expected);
        QCOMPARE(qs(cfg->dataDir), dataDir);
    } else {
        QVERIFY2(qs(error).contains("myid"), error.c_str());
    }
}

void TstZooCfg::loadServerLineSuppliesClientPort() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeFile(tmp.filePath("myid"), "2\n"));
    const QString cfgPath = tmp.filePath("zoo.cfg");
    QVERIFY(writeFile(cfgPath, "dataDir=" + tmp.path().toUtf8() +
                                   "\nserver.1=a:2888:3888;2181\nserver.2=b:2888:3888;[::1]:2191\nserver.3=c:2888:3888\n"));
    std::string error;
    const auto cfg = loadZooCfg(cfgPath.toStdString(), &error);
    QVERIFY2(cfg, error.c_str());
    QCOMPARE(cfg->myid, int64_t(2));
    QCOMPARE(cfg->clientPort, uint16_t(2191));
    QCOMPARE(qs(cfg->clientPortAddress), QString("::1"));
}

void TstZooCfg::loadClientPortConflict() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeFile(tmp.filePath("myid"), "1\n"));
    const QString cfgPath = tmp.filePath("zoo.cfg");
    // Same port: fine. Different port: ZooKeeper refuses, so do we.
    QVERIFY(writeFile(cfgPath, "clientPort=2181\ndataDir=" + tmp.path().toUtf8() + "\nserver.1=a:2888:3888;2181\n"));
    std::string error;
    QVERIFY2(loadZooCfg(cfgPath.toStdString(), &error), error.c_str());
    QVERIFY(writeFile(cfgPath, "clientPort=2182\ndataDir=" + tmp.path().toUtf8() + "\nserver.1=a:2888:3888;2181\n"));
    QVERIFY(!loadZooCfg(cfgPath.toStdString(), &error));
    QVERIFY2(qs(error).contains("clientPort") && qs(error).contains("server.1"), error.c_str());
}

void TstZooCfg::loadExtendedTypesLimitsMyid() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString cfgPath = tmp.filePath("zoo.cfg");
    QVERIFY(writeFile(cfgPath, "extendedTypesEnabled=true\ndataDir=" + tmp.path().toUtf8() + "\n"));
    std::string error;
    QVERIFY(writeFile(tmp.filePath("myid"), "254\n"));
    QVERIFY2(loadZooCfg(cfgPath.toStdString(), &error), error.c_str());
    QVERIFY(writeFile(tmp.filePath("myid"), "255\n"));
    QVERIFY(!loadZooCfg(cfgPath.toStdString(), &error));
    QVERIFY2(qs(error).contains("extendedTypesEnabled"), error.c_str());
}

void TstZooCfg::loadRelativeDataDir() {
    // ZooKeeper resolves dataDir against the working directory, not the file's.
    QTemporaryDir work;
    QTemporaryDir confDir;
    QVERIFY(work.isValid() && confDir.isValid());
    QVERIFY(QDir(work.path()).mkpath("data/zk"));
    QVERIFY(writeFile(work.filePath("data/zk/myid"), "5\n"));
    const QString cfgPath = confDir.filePath("zoo.cfg");
    QVERIFY(writeFile(cfgPath, "dataDir=data/zk\ndataLogDir=./logs/../txlog\n"));
    const QString saved = QDir::currentPath();
    QVERIFY(QDir::setCurrent(work.path()));
    std::string error;
    const auto cfg = loadZooCfg(cfgPath.toStdString(), &error);
    QVERIFY(QDir::setCurrent(saved));
    QVERIFY2(cfg, error.c_str());
    const QString root = QDir(work.path()).canonicalPath();
    QCOMPARE(QDir(qs(cfg->dataDir)).canonicalPath(), root + "/data/zk");
    QVERIFY(QDir::isAbsolutePath(qs(cfg->dataDir)));
    QCOMPARE(qs(cfg->dataLogDir), QDir::cleanPath(QDir(work.path()).absoluteFilePath("txlog")));
    QCOMPARE(cfg->myid, int64_t(5));
    // parseZooCfg alone keeps the path as written.
    QCOMPARE(qs(mustParse("dataDir=data/zk").dataDir), QString("data/zk"));
}

void TstZooCfg::loadMissingFile() {
    QTemporaryDir tmp;
    const std::string path = tmp.filePath("absent.cfg").toStdString();
    std::string error;
    QVERIFY(!loadZooCfg(path, &error));
    QVERIFY2(qs(error).contains(qs(path)) && qs(error).contains("does not exist"), error.c_str());
}

void TstZooCfg::loadDirectoryAndPrefixedErrors() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    std::string error;
    QVERIFY(!loadZooCfg(tmp.path().toStdString(), &error));
    QVERIFY2(qs(error).contains("directory"), error.c_str());

    const QString cfgPath = tmp.filePath("bad.cfg");
    QVERIFY(writeFile(cfgPath, "tickTime=2000\nclientPort=http\n"));
    QVERIFY(!loadZooCfg(cfgPath.toStdString(), &error));
    QVERIFY2(qs(error).startsWith(cfgPath + ": ") && qs(error).contains("line 2") && qs(error).contains("clientPort"),
             error.c_str());
}

QTEST_GUILESS_MAIN(TstZooCfg)
#include "tst_zoo_cfg.moc"
