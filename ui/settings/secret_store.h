// Secrets (digest passwords) for connection profiles: in the OS keychain via
// qtkeychain, never anywhere else on disk.
//
// Contract:
// - The keychain is the only persistent home of a secret. insecureFallback is
//   off: when no keychain answers (no D-Bus, no Secret Service: qtkeychain
//   NoBackendAvailable/OtherError...) the result is Status::Unavailable with a
//   sentence saying why, and nothing is written anywhere.
// - A session secret (setSessionSecret) lives in this object's memory only, for
//   this run of the app: the fallback the UI offers when the keychain is
//   unavailable. fetch() returns it before asking the keychain.
// - Every secret this object sees is registered with the log redactor
//   (redaction/log_redaction.h), so it never reaches a log line.
// Threads: GUI thread only. Callbacks run later on the same thread, never
// inside the call.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace zooscope::ui {

struct SecretResult {
    enum class Status { Ok, NotFound, Unavailable, Failed };
    Status status = Status::Ok;
    QString secret;   // Status::Ok from fetch()
    QString message;  // translated sentence when not Ok
    bool ok() const { return status == Status::Ok; }
};

class SecretStore : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(const SecretResult&)>;

    // `service` names the keychain collection entries ("ZooScope"; tests use
    // their own so they never touch a user's entries).
    explicit SecretStore(QString service = QStringLiteral("ZooScope"), QObject* parent = nullptr);

    // Keychain write. On Unavailable the secret is NOT kept: call
    // setSessionSecret() once the user agrees.
    void store(const QString& profileId, const QString& secret, Done done);
    // Session secret if any, else the keychain.
    void fetch(const QString& profileId, Done done);
    // Deletes the keychain entry and the session secret. NotFound counts as Ok.
    void erase(const QString& profileId, Done done);

    void setSessionSecret(const QString& profileId, const QString& secret);
    std::optional<QString> sessionSecret(const QString& profileId) const;
    void forgetSessionSecret(const QString& profileId);

    // False after a keychain call came back Unavailable, true after one succeeded.
    bool keychainAvailable() const { return keychainAvailable_; }

private:
    QString key(const QString& profileId) const;
    QString service_;
    QHash<QString, QString> session_;
    bool keychainAvailable_ = true;
};

}  // namespace zooscope::ui
