#include "widgets/language.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <spdlog/spdlog.h>

namespace zooscope::ui {

QString ZooScopeTranslator::translate(const char* context, const char* source, const char* disambiguation,
                                      int n) const {
    QString t = QTranslator::translate(context, source, disambiguation, n);
    if (!t.isEmpty() || !context) return t;
    const QByteArray ctx(context);
    const int colon = ctx.lastIndexOf("::");
    if (colon >= 0) {
        t = QTranslator::translate(ctx.mid(colon + 2).constData(), source, disambiguation, n);
        if (!t.isEmpty()) return t;
    }
    return QTranslator::translate("zooscope::ui", source, disambiguation, n);
}

bool switchLanguage(const QString& language, const QString& directory) {
    QCoreApplication* app = QCoreApplication::instance();
    if (!app) return false;
    // Every translator owned by the application object is one of ours (this
    // function and app/main.cpp parent them there); nothing else installs any.
    for (QTranslator* old : app->findChildren<QTranslator*>(Qt::FindDirectChildrenOnly)) {
        QCoreApplication::removeTranslator(old);
        old->deleteLater();
    }
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto* ours = new ZooScopeTranslator(app);
    if (!ours->load(locale, QStringLiteral("zooscope"), QStringLiteral("_"), directory)) {
        delete ours;
        QLocale::setDefault(locale);
        // removeTranslator() already sent LanguageChange when one was installed.
        spdlog::info("ui: language {}: no catalogue, English texts", locale.name().toStdString());
        return false;
    }
    auto* qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    QLocale::setDefault(locale);
    QCoreApplication::installTranslator(ours);  // last: ours is asked first
    spdlog::info("ui: language {}", locale.name().toStdString());
    return true;
}

}  // namespace zooscope::ui
