#include "settings/secret_store.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>
#include <spdlog/spdlog.h>

#include "redaction/log_redaction.h"

namespace zooscope::ui {

namespace {


SecretResult classify(QKeychain::Job* job) {
    SecretResult r;
    switch (job->error()) {
        case QKeychain::NoError:
            r.status = SecretResult::Status::Ok;
            return r;
        case QKeychain::EntryNotFound:
            r.status = SecretResult::Status::NotFound;
            r.message = QCoreApplication::translate("zooscope::ui::SecretStore", "No password is stored in the keychain for this profile.");
            return r;
        case QKeychain::NoBackendAvailable:
        case QKeychain::NotImplemented:
        case QKeychain::OtherError:
            // OtherError (7) is what qtkeychain reports when D-Bus or the
            // Secret Service is missing.
            r.status = SecretResult::Status::Unavailable;
            r.message = QCoreApplication::translate("zooscope::ui::SecretStore", "No OS keychain is available (%1). ZooScope never stores passwords in plain text, "
                           "so the password is kept for this session only.")
                            .arg(job->errorString());
            return r;
        default:
            r.status = SecretResult::Status::Failed;
            r.message = QCoreApplication::translate("zooscope::ui::SecretStore", "The keychain refused the request: %1").arg(job->errorString());
            return r;
    }
}

}  // namespace

SecretStore::SecretStore(QString service, QObject* parent) : QObject(parent), service_(std::move(service)) {}

QString SecretStore::key(const QString& profileId) const { return QStringLiteral("profile/") + profileId; }

void SecretStore::store(const QString& profileId, const QString& secret, Done done) {
    registerSecretForRedaction(secret.toStdString());
    auto* job = new QKeychain::WritePasswordJob(service_);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key(profileId));
    job->setTextData(secret);
    QPointer<SecretStore> self(this);
    connect(job, &QKeychain::Job::finished, this, [self, profileId, done](QKeychain::Job* j) {
        SecretResult r = classify(j);
        if (self) {
            if (r.status == SecretResult::Status::Unavailable) self->keychainAvailable_ = false;
            if (r.ok()) {
                self->keychainAvailable_ = true;
                self->session_.remove(profileId);  // the keychain is the home now
            }
        }
        spdlog::info("keychain: store for profile {}: {}", profileId.toStdString(),
                     r.ok() ? "ok" : r.message.toStdString());
        if (done) done(r);
    });
    job->start();
}

void SecretStore::fetch(const QString& profileId, Done done) {
    if (auto s = sessionSecret(profileId)) {
        SecretResult r;
        r.secret = *s;
        // Keep "never inside the call" for every path.
        QTimer::singleShot(0, this, [done, r] {
            if (done) done(r);
        });
        return;
    }
    auto* job = new QKeychain::ReadPasswordJob(service_);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key(profileId));
    QPointer<SecretStore> self(this);
    connect(job, &QKeychain::Job::finished, this, [self, done](QKeychain::Job* j) {
        SecretResult r = classify(j);
        if (r.ok()) {
            r.secret = static_cast<QKeychain::ReadPasswordJob*>(j)->textData();
            registerSecretForRedaction(r.secret.toStdString());
        }
        if (self) {
            if (r.status == SecretResult::Status::Unavailable) self->keychainAvailable_ = false;
            if (r.ok() || r.status == SecretResult::Status::NotFound) self->keychainAvailable_ = true;
        }
        if (done) done(r);
    });
    job->start();
}

void SecretStore::erase(const QString& profileId, Done done) {
    session_.remove(profileId);
    auto* job = new QKeychain::DeletePasswordJob(service_);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key(profileId));
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job* j) {
        SecretResult r = classify(j);
        if (r.status == SecretResult::Status::NotFound) r = SecretResult{};
        if (done) done(r);
    });
    job->start();
}

void SecretStore::setSessionSecret(const QString& profileId, const QString& secret) {
    registerSecretForRedaction(secret.toStdString());
    session_.insert(profileId, secret);
}

std::optional<QString> SecretStore::sessionSecret(const QString& profileId) const {
    auto it = session_.constFind(profileId);
    if (it == session_.constEnd()) return std::nullopt;
    return *it;
}

void SecretStore::forgetSessionSecret(const QString& profileId) { session_.remove(profileId); }

}  // namespace zooscope::ui
