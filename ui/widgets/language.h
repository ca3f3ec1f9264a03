// Switching the app's language while it runs.
//
// switchLanguage() removes the catalogues installed before (by an earlier
// call, or the ones app/main.cpp installs at start as children of the
// application object) and installs ZooScope's catalogue and Qt's own for the
// new language. Installing/removing translators makes Qt send
// QEvent::LanguageChange to every widget; widgets that set texts in their
// constructors re-set them in changeEvent() (a retranslateUi() each).
// Threads: GUI thread only.
#pragma once

#include <QString>
#include <QTranslator>

namespace zooscope::ui {

// Our catalogue, forgiving about contexts: lupdate files some strings under a
// context other than the one used at run time (tr() helpers in a namespace
// land in "zooscope::ui"; members of a class lupdate cannot qualify land in
// the bare class name). When the exact context has no translation, the bare
// class name and then the namespace are tried.
class ZooScopeTranslator : public QTranslator {
    Q_OBJECT
public:
    using QTranslator::QTranslator;
    QString translate(const char* context, const char* source, const char* disambiguation = nullptr,
                      int n = -1) const override;
};

// `language`: "" = the system locale, else a locale name ("en", "zh_CN").
// `directory` holds zooscope_<locale>.qm (the app embeds them under :/i18n).
// English, or a locale without a catalogue, leaves the source (English)
// texts. Returns true when a catalogue for the language was loaded; false
// otherwise (English is then in effect, which is the right outcome for "en").
bool switchLanguage(const QString& language, const QString& directory = QStringLiteral(":/i18n"));

}  // namespace zooscope::ui
