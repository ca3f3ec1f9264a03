// zooscope: the desktop app. Composition only: command line, settings,
// logging, translation, theme, the embedded engine, the main window.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

#include "adapter/retired_threads.h"
#include "embedded_engine.h"
#include "logging/app_logging.h"
#include "models/log_model.h"
#include "models/znode_tree_model.h"
#include "settings/secret_store.h"
#include "widgets/cluster_tab.h"
#include "widgets/language.h"
#include "widgets/main_window.h"
#include "widgets/settings_dialog.h"

namespace {

// --version must work without a display (the packaging check runs it in a bare
// chroot), so it is looked for before the QApplication exists. Every other
// option waits for the full, translated parser in main().
bool versionRequested(int argc, char** argv) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);  // Qt's -reverse is not -r -e -v ...
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")}, QString());
    parser.addOption(version);
    parser.parse(arguments);  // errors (the other options) are the full parser's to report
    return parser.isSet(version);
}

}  // namespace

int main(int argc, char** argv) {
    if (versionRequested(argc, argv)) {
        std::printf("zooscope %s\n", ZOOSCOPE_VERSION);
        return 0;
    }

    QApplication app(argc, argv);
    // Threads still saying goodbye to servers post to the application object
    // until they end: they are waited for before it goes, on every way out.
    struct JoinRetiredThreads {
        ~JoinRetiredThreads() { zooscope::ui::RetiredThreads::instance().joinAll(); }
    } joinRetiredThreads;
    QApplication::setApplicationName(QStringLiteral("ZooScope"));
    QApplication::setOrganizationName(QStringLiteral("ZooScope"));
    QApplication::setApplicationVersion(QStringLiteral(ZOOSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.zooscope.ZooScope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/app/zooscope.svg")));

    QSettings settings;
    const auto appSettings = zooscope::ui::AppSettings::load(settings);
    zooscope::ui::switchLanguage(appSettings.language);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "ZooScope: a desktop client for ZooKeeper."));
    parser.addHelpOption();
    QCommandLineOption connectOption(QStringLiteral("connect"),
                                     QApplication::translate("main", "Open this cluster directly."),
                                     QStringLiteral("host:port[,host:port...][/chroot]"));
    QCommandLineOption embeddedOption(QStringLiteral("embedded"),
                                      QApplication::translate("main", "Start the embedded engine with sample data and open it."));
    QCommandLineOption demoOption(QStringLiteral("demo"),
                                  QApplication::translate("main", "Start a local 3-node demo ensemble of the engine with the stream workload and open its dashboard."));
    QCommandLineOption smokeOption(QStringLiteral("smoke-test"),
                                   QApplication::translate("main", "Exit 0 once the first cluster's root is listed, 1 on an error or after 30 s."));
    QCommandLineOption versionOption({QStringLiteral("v"), QStringLiteral("version")},
                                     QApplication::translate("main", "Print the version and exit."));
    parser.addOption(connectOption);
    parser.addOption(embeddedOption);
    parser.addOption(demoOption);
    parser.addOption(smokeOption);
    parser.addOption(versionOption);
    // A bad command line exits 2 like every ZooScope program (process() alone
    // would exit 1); process() then answers --help and --help-all.
    if (!parser.parse(QApplication::arguments())) {
        std::fprintf(stderr, "zooscope: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    parser.process(app);

    auto logModel = std::make_unique<zooscope::ui::LogModel>();
    const QString logDir =
        QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/logs");
    QString logError;
    spdlog::set_level(spdlog::level::from_str(appSettings.logLevel.toStdString()));
    const std::string logFile = zooscope::ui::installAppLogging(logDir, logModel.get(), &logError);
    if (logFile.empty()) spdlog::warn("no log file: {}", logError.toStdString());
    spdlog::info("zooscope {} starting; log file {}", ZOOSCOPE_VERSION, logFile);

    zooscope::ui::applyTheme(appSettings.theme);

    std::unique_ptr<zooscope::app::EmbeddedEngine> engine;
    zooscope::ui::SecretStore secrets;
    auto window = std::make_unique<zooscope::ui::MainWindow>(&settings, &secrets, logModel.get(),
                                                             QString::fromStdString(logFile));
    window->setEmbeddedStarter([&engine](QString* error) -> std::optional<QString> {
        std::string err;
        engine = zooscope::app::EmbeddedEngine::start(&err);
        if (!engine) {
            if (error) *error = QApplication::translate("main", "The embedded engine could not start: %1")
                                    .arg(QString::fromStdString(err));
            return std::nullopt;
        }
        return QString::fromStdString(engine->connectString());
    });

    int exitCode = -1;
    if (parser.isSet(smokeOption)) {
        QObject::connect(window.get(), &zooscope::ui::MainWindow::tabOpened, &app, [&app](zooscope::ui::ClusterTab* tab) {
            QObject::connect(tab, &zooscope::ui::ClusterTab::rootListed, &app, [&app, tab] {
                // The names under "/", for scripts and tests to check what was opened.
                QStringList names;
                const auto* model = tab->treeModel();
                const QModelIndex root = model->index(0, 0);
                for (int r = 0; r < model->rowCount(root); ++r) names << model->index(r, 0, root).data().toString();
                std::printf("zooscope: root listed: %s\n", qPrintable(names.join(QLatin1Char(' '))));
                std::fflush(stdout);
                app.exit(0);
            });
            QObject::connect(tab->treeModel(), &zooscope::ui::ZnodeTreeModel::operationFailed, &app,
                             [&app](const QString& path, const QString& error) {
                                 std::fprintf(stderr, "zooscope: %s: %s\n", qPrintable(path), qPrintable(error));
                                 app.exit(1);
                             });
        });
        QTimer::singleShot(30000, &app, [&app] {
            std::fprintf(stderr, "zooscope: smoke test timed out\n");
            app.exit(1);
        });
    }

    // One line on stdout once a demo's nodes serve, for scripts and tests.
    QObject::connect(window.get(), &zooscope::ui::MainWindow::demoOpened, &app, [](zooscope::ui::ClusterTab* tab) {
        std::printf("zooscope: demo serving on %s\n", qPrintable(tab->profile().hosts));
        std::fflush(stdout);
    });

    QString error;
    if (parser.isSet(demoOption)) {
        window->startDemo(zooscope::ui::DemoSpec{}, zooscope::ui::WorkloadSpec{});
    } else if (parser.isSet(connectOption)) {
        if (!window->openConnectString(parser.value(connectOption), &error)) exitCode = 2;
    } else if (parser.isSet(embeddedOption) || window->profiles().profiles().isEmpty()) {
        // First start (nothing saved yet) or asked for: the embedded engine.
        if (!window->openEmbedded(&error)) exitCode = 1;
    }
    if (exitCode >= 0) {
        std::fprintf(stderr, "zooscope: %s\n", qPrintable(error));
        spdlog::error("{}", error.toStdString());
        if (parser.isSet(smokeOption)) return exitCode;
    }

    window->show();
    const int rc = app.exec();
    window.reset();  // tabs close their sessions before the engine stops...
    zooscope::ui::RetiredThreads::instance().joinAll();  // ...and say goodbye
    engine.reset();
    spdlog::info("zooscope exiting");
    return rc;
}
