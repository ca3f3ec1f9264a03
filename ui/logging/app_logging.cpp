#include "logging/app_logging.h"

#include <QCoreApplication>
#include <QDir>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>

#include "models/log_model.h"
#include "redaction/log_redaction.h"

namespace zooscope::ui {

namespace {

// Forwards every line with secrets masked to the wrapped sinks.
class RedactingSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit RedactingSink(std::vector<spdlog::sink_ptr> sinks) : sinks_(std::move(sinks)) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const std::string clean = redactSecrets(std::string_view(msg.payload.data(), msg.payload.size()));
        spdlog::details::log_msg copy(msg);
        copy.payload = spdlog::string_view_t(clean.data(), clean.size());
        for (auto& s : sinks_) {
            if (s->should_log(copy.level)) s->log(copy);
        }
    }
    void flush_() override {
        for (auto& s : sinks_) s->flush();
    }

private:
    std::vector<spdlog::sink_ptr> sinks_;
};

// Posts lines to a LogModel on its thread.
class ModelSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit ModelSink(LogModel::Appender append) : append_(std::move(append)) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        LogEntry e;
        e.time = QDateTime::fromMSecsSinceEpoch(
            std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count());
        e.level = int(msg.level);
        e.message = QString::fromUtf8(msg.payload.data(), qsizetype(msg.payload.size()));
        append_(std::move(e));
    }
    void flush_() override {}

private:
    LogModel::Appender append_;
};

}  // namespace

std::string installAppLogging(const QString& logDir, LogModel* model, QString* error) {
    std::vector<spdlog::sink_ptr> sinks;
    sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    std::string path;
    if (QDir().mkpath(logDir)) {
        path = QDir(logDir).filePath(QStringLiteral("zooscope.log")).toStdString();
        try {
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path, 5 * 1024 * 1024, 3));
        } catch (const spdlog::spdlog_ex& ex) {
            if (error) *error = QString::fromUtf8(ex.what());
            path.clear();
        }
    } else if (error) {
        *error = QCoreApplication::translate("zooscope::ui::AppLogging", "Cannot create the log directory %1.").arg(logDir);
    }
    if (model) sinks.push_back(std::make_shared<ModelSink>(model->threadSafeAppender()));
    auto logger = std::make_shared<spdlog::logger>("zooscope", std::make_shared<RedactingSink>(std::move(sinks)));
    logger->set_level(spdlog::get_level());
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
    return path;
}

}  // namespace zooscope::ui
