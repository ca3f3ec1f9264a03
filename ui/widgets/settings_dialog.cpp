#include "widgets/settings_dialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QVBoxLayout>

namespace zooscope::ui {

AppSettings AppSettings::load(QSettings& s) {
    AppSettings a;
    a.language = s.value("ui/language").toString();
    a.theme = s.value("ui/theme", "system").toString();
    a.logLevel = s.value("ui/logLevel", "info").toString();
    return a;
}

void AppSettings::save(QSettings& s) const {
    s.setValue("ui/language", language);
    s.setValue("ui/theme", theme);
    s.setValue("ui/logLevel", logLevel);
    s.sync();
}

void applyTheme(const QString& theme) {
    static const QString platformStyle = QApplication::style()->name();
    if (theme == QLatin1String("dark")) {
        QApplication::setStyle(QStyleFactory::create("Fusion"));
        QPalette p;
        const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe6, 0xe6, 0xe6);
        const QColor disabled(0x80, 0x80, 0x80), highlight(0x3d, 0x7a, 0xd6);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        p.setColor(QPalette::ToolTipBase, window);
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, disabled);
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::BrightText, Qt::red);
        p.setColor(QPalette::Link, QColor(0x6a, 0xb0, 0xff));
        p.setColor(QPalette::Highlight, highlight);
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Light, QColor(0x45, 0x45, 0x45));
        p.setColor(QPalette::Midlight, QColor(0x3a, 0x3a, 0x3a));
        p.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x30));
        p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x18));
        p.setColor(QPalette::Shadow, Qt::black);
        for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            p.setColor(QPalette::Disabled, role, disabled);
        QApplication::setPalette(p);
    } else {
        QApplication::setStyle(QStyleFactory::create(platformStyle));
        QApplication::setPalette(QApplication::style()->standardPalette());
    }
}

SettingsDialog::SettingsDialog(const AppSettings& current, QWidget* parent)
    : QDialog(parent),
      form_(new QFormLayout),
      note_(new QLabel),
      language_(new QComboBox),
      theme_(new QComboBox),
      logLevel_(new QComboBox) {
    // Items carry their values as data; their texts come from retranslateUi().
    language_->addItem(QString(), QString());
    // Each language's own name, never translated.
    language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
    language_->addItem(QStringLiteral("\u7B80\u4F53\u4E2D\u6587"), QStringLiteral("zh_CN"));
    language_->setCurrentIndex(std::max(0, language_->findData(current.language)));
    theme_->addItem(QString(), QStringLiteral("system"));
    theme_->addItem(QString(), QStringLiteral("dark"));
    theme_->setCurrentIndex(std::max(0, theme_->findData(current.theme)));
    for (const char* level : {"debug", "info", "warn", "err"}) logLevel_->addItem(QString(), QString::fromLatin1(level));
    logLevel_->setCurrentIndex(std::max(0, logLevel_->findData(current.logLevel)));
    language_->setObjectName("languageCombo");
    theme_->setObjectName("themeCombo");

    form_->addRow(new QLabel, language_);
    form_->addRow(new QLabel, theme_);
    form_->addRow(new QLabel, logLevel_);
    note_->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form_);
    layout->addWidget(note_);
    layout->addWidget(buttons);
    retranslateUi();
}

void SettingsDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QDialog::changeEvent(event);
}

void SettingsDialog::retranslateUi() {
    setWindowTitle(tr("Settings"));
    language_->setItemText(0, tr("System language"));
    theme_->setItemText(0, tr("Follow the system palette"));
    theme_->setItemText(1, tr("Dark"));
    const QStringList levels{tr("Debug"), tr("Info"), tr("Warnings"), tr("Errors")};
    for (int i = 0; i < levels.size(); ++i) logLevel_->setItemText(i, levels[i]);
    const auto label = [this](QWidget* field) { return qobject_cast<QLabel*>(form_->labelForField(field)); };
    label(language_)->setText(tr("&Language:"));
    label(theme_)->setText(tr("&Theme:"));
    label(logLevel_)->setText(tr("Log &level:"));
    for (QWidget* field : {static_cast<QWidget*>(language_), static_cast<QWidget*>(theme_),
                           static_cast<QWidget*>(logLevel_)})
        label(field)->setBuddy(field);
    note_->setText(tr("Language and theme apply at once."));
}

AppSettings SettingsDialog::settings() const {
    AppSettings a;
    a.language = language_->currentData().toString();
    a.theme = theme_->currentData().toString();
    a.logLevel = logLevel_->currentData().toString();
    return a;
}

}  // namespace zooscope::ui
