// A QTranslator for tests: every string looked up in `context` comes back as
// «source», others are left alone. A text that went through tr()/translate()
// with that context can then be told apart from an untranslated (e.g. core's
// English) one without a real catalogue.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QTranslator>

namespace zooscope::testing {

class MarkingTranslator : public QTranslator {
public:
    explicit MarkingTranslator(QByteArray context) : context_(std::move(context)) {}
    bool isEmpty() const override { return false; }
    QString translate(const char* context, const char* source, const char*, int) const override {
        if (QByteArrayView(context) != QByteArrayView(context_)) return {};
        return QStringLiteral("\u00ab") + QString::fromUtf8(source) + QStringLiteral("\u00bb");
    }

private:
    QByteArray context_;
};

}  // namespace zooscope::testing
